#!/usr/bin/env bash
# Makes WebGPU available to Node on a machine without a GPU, for the WebGPU backend's tests and
# benchmarks: Dawn (the `webgpu` npm package) needs a Vulkan driver. `pnpm test` runs this first,
# so a clean machine (CI) gets one from the project's own script.
#
# Prefers Mesa's lavapipe from bookworm-backports (Mesa 25; bookworm's own Mesa 22 is too old
# for Dawn and yields no adapter), which is about 5× faster than the SwiftShader driver that
# Debian's chromium package ships; the tests fall back to SwiftShader when lavapipe cannot be
# installed. Where nothing can be installed (no apt-get, not root, no sudo) it says so and the
# WebGPU tests skip with that reason.
set -uo pipefail
LAVAPIPE=/usr/share/vulkan/icd.d/lvp_icd.json
has_new_lavapipe() {
  [ -f "$LAVAPIPE" ] && dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -qv '^2[0-4]\.'
}
if has_new_lavapipe && ldconfig -p 2>/dev/null | grep -q libvulkan.so.1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-webgpu: no apt-get here; install a Vulkan driver (Mesa lavapipe >= 24) to run the WebGPU tests" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "ensure-webgpu: not root and no sudo; install libvulkan1 and mesa-vulkan-drivers (>= 24) to run the WebGPU tests" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "ensure-webgpu: installing libvulkan1 and Mesa's lavapipe Vulkan driver for the WebGPU tests" >&2
$SUDO apt-get install -y -qq libvulkan1 >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libvulkan1 >/dev/null; }
CODENAME=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
if [ "$CODENAME" = "bookworm" ]; then
  LIST=/etc/apt/sources.list.d/rnn-bookworm-backports.list
  if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee "$LIST" >/dev/null
  fi
  $SUDO apt-get update -qq >/dev/null 2>&1
  $SUDO apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null 2>&1 ||
    echo "ensure-webgpu: could not install lavapipe from bookworm-backports; the tests use Chromium's SwiftShader driver" >&2
else
  $SUDO apt-get install -y -qq mesa-vulkan-drivers >/dev/null 2>&1 || echo "ensure-webgpu: could not install mesa-vulkan-drivers" >&2
fi
if has_new_lavapipe; then echo "ensure-webgpu: lavapipe $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)" >&2; fi
exit 0
