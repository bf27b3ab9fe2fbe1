import { describe, expect, it } from 'vitest';
import { probeWebGpu } from './webgpu-probe.js';

describe('probeWebGpu', () => {
  it('says when the browser has no WebGPU at all', async () => {
    expect(await probeWebGpu(undefined)).toEqual({ available: false, reason: 'WebGPU: not available in this browser' });
  });

  it('says when WebGPU is there but gives no adapter', async () => {
    expect(await probeWebGpu({ requestAdapter: () => Promise.resolve(null) })).toEqual({ available: false, reason: 'WebGPU: no adapter' });
  });

  it('passes on why requesting an adapter failed', async () => {
    const refusing = { requestAdapter: () => Promise.reject(new Error('blocklisted driver')) };
    expect(await probeWebGpu(refusing)).toEqual({ available: false, reason: 'WebGPU: no adapter (blocklisted driver)' });
  });

  it('offers WebGPU when an adapter comes back', async () => {
    expect(await probeWebGpu({ requestAdapter: () => Promise.resolve({}) })).toEqual({ available: true });
  });
});
