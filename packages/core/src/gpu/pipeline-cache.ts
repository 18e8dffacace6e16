/// <reference types="webgpu" preserve="true" />
// Compute pipelines cached per device by (WGSL source, entry point). Compiling is the slow part
// (seconds per shader on SwiftShader), so each source is compiled once per device and shared by
// every kernel object and caller on that device.

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();
const modules = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();

function shaderModule(device: GPUDevice, code: string, label: string): GPUShaderModule {
  let byCode = modules.get(device);
  if (!byCode) modules.set(device, (byCode = new Map()));
  let module = byCode.get(code);
  if (!module) byCode.set(code, (module = device.createShaderModule({ code, label })));
  return module;
}

/** Compiler messages as text, so a broken kernel fails with the WGSL error rather than a bare "invalid". */
async function compileErrors(module: GPUShaderModule): Promise<string> {
  try {
    const info = await module.getCompilationInfo();
    return info.messages
      .filter((m) => m.type === 'error')
      .map((m) => `${m.lineNum}:${m.linePos} ${m.message}`)
      .join('\n');
  } catch {
    return '';
  }
}

/**
 * The pipeline for `entryPoint` of `code`, with `layout: 'auto'` (bind group 0 from
 * `pipeline.getBindGroupLayout(0)`). Compiled asynchronously so several kernels compile in parallel;
 * a failed compile is not cached.
 */
export function computePipeline(
  device: GPUDevice,
  code: string,
  entryPoint: string,
  label = entryPoint,
): Promise<GPUComputePipeline> {
  let byKey = pipelines.get(device);
  if (!byKey) pipelines.set(device, (byKey = new Map()));
  const key = `${entryPoint}\u0000${code}`;
  const cached = byKey.get(key);
  if (cached) return cached;
  const module = shaderModule(device, code, label);
  const pending = device
    .createComputePipelineAsync({ layout: 'auto', label, compute: { module, entryPoint } })
    .catch(async (err: unknown) => {
      byKey.delete(key);
      modules.get(device)?.delete(code);
      const details = await compileErrors(module);
      throw new Error(
        `compiling compute pipeline '${label}' failed: ${(err as Error).message}${details ? `\n${details}` : ''}`,
      );
    });
  byKey.set(key, pending);
  return pending;
}
