#!/usr/bin/env bash
# Puts OpenBLAS 0.3.26 (the JavaCPP build on Maven Central) into $1 (default /tmp/nabla-openblas) with
# libblas.so.3/libcblas.so.3 links, for compare_cpu.py --openblas-dir: Debian's numpy and torch link
# libblas.so.3, which is netlib's reference BLAS (about 5 GFLOP/s) unless an optimised one is installed.
set -euo pipefail
dir=${1:-/tmp/nabla-openblas}
mkdir -p "$dir/jar"
mvn -B -q dependency:copy -Dartifact=org.bytedeco:openblas:0.3.26-1.5.10:jar:linux-x86_64 -DoutputDirectory="$dir/jar"
(cd "$dir/jar" && unzip -o -q ./*.jar 'org/bytedeco/openblas/linux-x86_64/*')
for lib in libopenblas.so.0 libgfortran.so.5 libquadmath.so.0; do
  cp "$dir/jar/org/bytedeco/openblas/linux-x86_64/$lib" "$dir/"
done
ln -sf libopenblas.so.0 "$dir/libblas.so.3"
ln -sf libopenblas.so.0 "$dir/libcblas.so.3"
echo "$dir"
