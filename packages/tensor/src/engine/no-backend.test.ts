import { expect, it } from 'vitest';
import { createCpuBackend, getBackend, NoBackendError, setBackend, zeros } from '../index.js';

// Its own file, so no other test has chosen a backend in this module instance.
it('registers no backend on import: creation ops say how to choose one', () => {
  expect(() => zeros([2])).toThrow(NoBackendError);
  expect(() => zeros([2])).toThrow(/no backend is set; call setBackend\(createCpuBackend\(\)\) or pass { backend }/);
  expect(() => getBackend()).toThrow(NoBackendError);
  const cpu = createCpuBackend();
  expect(zeros([2], { backend: cpu }).backend).toBe(cpu);
  setBackend(cpu);
  expect(getBackend()).toBe(cpu);
});
