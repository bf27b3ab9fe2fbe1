/**
 * WebGPU's flag values, fixed by the specification. Spelled out here because Node's `webgpu`
 * package exposes `GPUBufferUsage` and friends only when its globals are installed, and this
 * package installs nothing global.
 */
export const BufferUsage = {
  MAP_READ: 0x1,
  MAP_WRITE: 0x2,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
} as const;

export const MapMode = { READ: 0x1, WRITE: 0x2 } as const;
