#!/usr/bin/env bash
# Sets up a fresh machine for FFAvatar Studio: system packages (when root), pnpm, dependencies,
# and a build. Safe to run again: every step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9

# Debian's chromium drives the browser tests and ships SwiftShader (Vulkan on the CPU) for WebGPU.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libvulkan.so.1 ] || need_apt+=(libvulkan1)
# ffmpeg decodes video input (io.loadVideo) and makes the test clips.
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need_apt+=(ffmpeg)
# A real Redis for the batch tests (BullMQ); the local batch mode needs none.
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install ${need_apt[*]} (Debian: sudo apt-get install ${need_apt[*]}); the browser tests need them" >&2
  fi
fi

# pnpm, pinned (corepack does not work on this toolchain; see shared TOOLCHAIN.md).
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm install -g --silent "pnpm@$PNPM_VERSION"
  hash -r
fi

pnpm install --frozen-lockfile
pnpm run build
