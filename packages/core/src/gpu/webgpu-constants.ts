// The WebGPU flag values, fixed by the spec. Spelled out here so gpu/ code runs whether or not the
// host installed the `GPUBufferUsage` / `GPUMapMode` globals (Dawn in Node only has them after
// `Object.assign(globalThis, globals)`, and a caller may hand us a device from its own setup).

export const GpuBufferUsage = {
  MAP_READ: 0x0001,
  MAP_WRITE: 0x0002,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  INDEX: 0x0010,
  VERTEX: 0x0020,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
  INDIRECT: 0x0100,
  QUERY_RESOLVE: 0x0200,
} as const;

export const GpuMapMode = { READ: 0x0001, WRITE: 0x0002 } as const;
