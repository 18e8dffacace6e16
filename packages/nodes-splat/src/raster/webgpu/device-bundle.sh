#!/usr/bin/env bash
# Packs the raster bench for a machine that has a GPU but no Node and no network (the `run` tool's
# device machine): one bundled .mjs, the `webgpu` package with its Dawn addon, a Node binary, and
# Debian's Vulkan/EGL loader libraries (the NVIDIA container lacks them). Writes <repo>/.h100/
# (git-ignored by the repository's .gitignore), about 31 MB with xz.
#
#   packages/nodes-splat/src/raster/webgpu/device-bundle.sh      # after `tsc -b` in nodes-splat
#
# Then, through the run tool with carry [".h100"]:
#   R=/tmp/r; mkdir -p $R; xz -dc .h100/node.xz > $R/node && chmod +x $R/node;
#   cp -r .h100/node_modules .h100/raster-bench.mjs $R/;
#   xz -dc .h100/dawn.node.xz > $R/node_modules/webgpu/dist/linux-x64/dawn.node;
#   export LD_LIBRARY_PATH=$PWD/.h100/lib VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json;
#   cd $R && FFAVATAR_BENCH_DIR=$OUT ./node raster-bench.mjs --blend shared,direct --gpu-runs 30 --runs 3
set -euo pipefail
pkg="$(cd "$(dirname "$0")/../../.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
out="$root/.h100"
mkdir -p "$out/node_modules/webgpu/dist/linux-x64" "$out/lib"
webgpu="$(cd "$root/packages/core/node_modules/webgpu" && pwd -P)"
cp "$webgpu/index.js" "$webgpu/package.json" "$out/node_modules/webgpu/"
[ -f "$out/dawn.node.xz" ] || xz -T0 -6 -c "$webgpu/dist/linux-x64/dawn.node" > "$out/dawn.node.xz"
[ -f "$out/node.xz" ] || xz -T0 -6 -c "$(command -v node)" > "$out/node.xz"
for l in libvulkan.so.1 libEGL.so.1 libGLdispatch.so.0 libGLESv2.so.2; do cp -L "/usr/lib/x86_64-linux-gnu/$l" "$out/lib/"; done
# --main-fields module first: jsonc-parser's UMD entry requires files at run time.
(cd "$pkg" && npx esbuild src/bench/raster-bench.ts --bundle --platform=node --format=esm --main-fields=module,main \
  --external:webgpu --outfile="$out/raster-bench.mjs" --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);")
du -sh "$out"
