#!/usr/bin/env bash
# Builds the PTX the CUDA backend loads: every kernel file of nabla-kernels for every element-type
# program the backend uses, compiled by nvcc to PTX for a virtual architecture (it JITs on that
# compute capability and every newer one), then assembled by ptxas for each checked real
# architecture, so a kernel that does not compile or assemble fails the build. The PTX that ships is
# exactly what nvcc wrote. Without nvcc it writes a manifest saying so and exits 0: the jar then
# works everywhere except that the CUDA backend reports "PTX not built".
#
# Usage: build-ptx.sh KERNELS_DIR OUT_DIR
# Environment: NVCC (none: build without PTX; default: nvcc on the PATH, else $CUDA_HOME/bin/nvcc, else /usr/local/cuda/bin/nvcc),
#   NABLA_PTX_ARCH (default compute_75), NABLA_PTXAS_ARCHS (default "sm_75 sm_80 sm_90"), NABLA_PTX_JOBS (default 2).
set -euo pipefail

kernels=${1:?usage: build-ptx.sh KERNELS_DIR OUT_DIR}
out=${2:?usage: build-ptx.sh KERNELS_DIR OUT_DIR}
arch=${NABLA_PTX_ARCH:-compute_75}
checks=${NABLA_PTXAS_ARCHS:-sm_75 sm_80 sm_90}
jobs=${NABLA_PTX_JOBS:-2}
manifest="$out/manifest.properties"
mkdir -p "$out"

# The programs: file, element type T, second type U (- for none). CudaModules names the same ones.
all="f32 f64 i32 i64"
floats="f32 f64"
programs=()
for t in $all; do
  programs+=("elementwise $t -" "reduce $t -")
  for u in $all; do programs+=("copy $t $u" "select $t $u"); done
done
for t in $floats; do
  programs+=("conv $t -" "gemm $t -" "random $t -" "update $t -" "rows $t -" "rows $t i32" "rows $t i64")
done

# NVCC set to anything not executable (e.g. NVCC=none) means: build without nvcc.
nvcc=${NVCC:-}
if [ -z "$nvcc" ]; then
  for candidate in "$(command -v nvcc || true)" "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" /usr/local/cuda/bin/nvcc; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then nvcc=$candidate; break; fi
  done
fi
if [ -z "$nvcc" ] || [ ! -x "$nvcc" ]; then
  echo "[WARNING] nabla-cuda: nvcc not found (NVCC, PATH, \$CUDA_HOME/bin, /usr/local/cuda/bin): PTX not built;" \
       "the CUDA backend in this jar will report itself unavailable." >&2
  rm -f "$out"/*.ptx
  printf 'built=false\nreason=nvcc was not found at build time\n' > "$manifest"
  exit 0
fi
ptxas="$(dirname "$nvcc")/ptxas"
[ -x "$ptxas" ] || ptxas=$(command -v ptxas)

# Up to date: nothing in kernels/, this script or the settings changed since the last build.
stamp="arch=$arch checks=$checks nvcc=$(readlink -f "$nvcc")"
if [ -f "$manifest" ] && grep -qxF "stamp=$stamp" "$manifest" \
   && [ -z "$(find "$kernels" "$0" -newer "$manifest" -print -quit)" ]; then
  echo "nabla-cuda: PTX up to date (${#programs[@]} programs)"
  exit 0
fi
rm -f "$out"/*.ptx "$manifest"

build_one() {  # file t u: compile to PTX, then assemble it for every checked architecture
  local file=$1 t=$2 u=$3 name defines
  name="$file.$t"
  defines="-DT_${t^^}"
  if [ "$u" != - ]; then name="$name.$u"; defines="$defines -DU_${u^^}"; fi
  if ! "$nvcc" -x cu -ptx -arch="$arch" -I"$kernels" $defines "$kernels/$file.cl" -o "$out/$name.ptx"; then
    echo "nabla-cuda: nvcc failed on $file.cl ($defines)" >&2
    return 1
  fi
  for sm in $checks; do
    if ! "$ptxas" -arch="$sm" "$out/$name.ptx" -o /dev/null; then
      echo "nabla-cuda: ptxas -arch=$sm failed on $name.ptx" >&2
      return 1
    fi
  done
}
export -f build_one
export nvcc ptxas arch checks kernels out

start=$SECONDS
printf '%s\n' "${programs[@]}" | xargs -P "$jobs" -L 1 bash -c 'build_one "$@"' _ \
  || { echo "nabla-cuda: PTX build FAILED" >&2; exit 1; }

release=$("$nvcc" --version | sed -n 's/.*release \([0-9]*\)\.\([0-9]*\).*/\1.\2/p')
isa=$(sed -n 's/^\.version \([0-9.]*\)$/\1/p' "$out/copy.f32.f32.ptx" | head -n 1)
{
  echo "built=true"
  echo "stamp=$stamp"
  echo "nvcc.release=$release"
  echo "ptx.isa=$isa"
  echo "ptx.arch=$arch"
  echo "ptxas.checked=$checks"
  # cuDriverGetVersion() encoding (1000 * major + 10 * minor) of the CUDA version whose driver loads this PTX.
  echo "driver.cuda.version=$(( ${release%.*} * 1000 + ${release#*.} * 10 ))"
  echo "programs=$(printf '%s\n' "${programs[@]}" | awk '{print $1 "." $2 ($3 == "-" ? "" : "." $3)}' | paste -sd, -)"
} > "$manifest"
echo "nabla-cuda: ${#programs[@]} programs compiled to PTX ISA $isa ($arch) with nvcc $release and assembled" \
     "for $checks in $((SECONDS - start)) s"
