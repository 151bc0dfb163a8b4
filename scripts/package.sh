#!/usr/bin/env bash
# Builds a self-contained Nabla for servers in dist/nabla/:
#   bin/nabla   the launcher (the flags Nabla needs, headless)
#   lib/        nabla-cli.jar and its dependencies (every backend: ServiceLoader picks what can run)
#   runtime/    a jlink'ed Java runtime with only the modules Nabla uses, jdk.incubator.vector included
# The target machine needs no JDK: copy dist/nabla (same OS and CPU architecture) and run bin/nabla.
# Ends with `dist/nabla/bin/nabla info` as a smoke test. Usage: scripts/package.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh

if [ "${1:-}" != "--skip-build" ]; then
  mvn -B -q -ntp -DskipTests package -pl cli -am
fi
jars=(cli/target/nabla-cli.jar cli/target/lib/*.jar)
dist=dist/nabla
rm -rf "$dist"
mkdir -p "$dist/bin" "$dist/lib"
cp "${jars[@]}" "$dist/lib/"

# The modules the jars use (jdeps), plus what is loaded reflectively or by flag.
modules=$(jdeps --multi-release 21 --ignore-missing-deps --print-module-deps -cp "cli/target/lib/*" "${jars[@]}" 2>/dev/null | tail -n 1)
modules=$(echo "$modules,jdk.incubator.vector,jdk.unsupported,java.logging" | tr ',' '\n' | sort -u | paste -sd, -)
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$dist/runtime"

cat > "$dist/bin/nabla" <<'LAUNCHER'
#!/usr/bin/env bash
# Nabla's server launcher: the bundled Java runtime with the flags Nabla needs. Usage: nabla --help
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
exec "$here/runtime/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
  -Djava.awt.headless=true ${NABLA_JAVA_OPTS:-} -cp "$here/lib/*" dev.nabla.cli.NablaCommand "$@"
LAUNCHER
chmod +x "$dist/bin/nabla"

echo "nabla package: $dist ($(du -sh "$dist" | cut -f1), runtime modules: $modules)" >&2
"$dist/bin/nabla" info
