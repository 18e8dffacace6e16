// WebGPU plumbing shared by node packages (device per worker, buffers, scan, radix sort).
export {};
