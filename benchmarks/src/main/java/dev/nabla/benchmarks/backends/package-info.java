/**
 * JMH benchmarks that run on any backend, picked by name with {@code -p backend=cuda,opencl,cpu,reference}
 * (all four by default; one that cannot run here is reported as skipped with the reason). Each first checks
 * its result against the reference backend, then times until the result is readable on the host. From the
 * repository root, with {@code CP} as in benchmarks/RESULTS.md:
 *
 * <pre>
 * java -cp $CP org.openjdk.jmh.Main 'backends\.(Gemm|Conv|TrainingStep)Benchmark' -p backend=opencl,reference
 * </pre>
 */
package dev.nabla.benchmarks.backends;
