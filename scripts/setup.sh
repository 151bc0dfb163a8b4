#!/usr/bin/env bash
# Installs the system packages Nabla's tests and jobs use, if missing (Debian/Ubuntu, as root):
#   pocl-opencl-icd + ocl-icd-libopencl1 + clinfo  an OpenCL device on the CPU (the OpenCL suite runs on it)
#   dataset-fashion-mnist                           Fashion-MNIST IDX files under /usr/share/datasets/fashion-mnist
# Idempotent: does nothing when everything is there. Usage: scripts/setup.sh [package ...]
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(ocl-icd-libopencl1 pocl-opencl-icd clinfo dataset-fashion-mnist)

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "nabla setup: missing packages: ${missing[*]}; install them with apt-get as root" >&2
  exit 1
fi
echo "nabla setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
