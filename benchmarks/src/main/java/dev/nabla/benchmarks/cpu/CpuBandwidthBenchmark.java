package dev.nabla.benchmarks.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.reference.ReferenceBackend;
import dev.nabla.cpu.CpuBackend;
import dev.nabla.nn.Functional;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Memory-bound ops forward, through the tensor API: ReLU on 8M floats and 2x2 max pooling of
 * (32, 64, 64, 64). GB/s = (bytes read + bytes written of the float tensors) / time.
 */
@State(Scope.Benchmark)
public class CpuBandwidthBenchmark extends CpuBenchmarkSettings {
    @Param({"2"})
    public int threads;

    private Tensor big;
    private Tensor maps;

    @Setup
    public void setUp() {
        Backend backend = new CpuBackend(threads);
        big = Tensor.on(backend).randn(new Generator(1), 8 << 20);
        maps = Tensor.on(backend).randn(new Generator(2), 32, 64, 64, 64);
        Tensor small = maps.narrow(0, 0, 1).contiguous();
        ReferenceBackend ref = new ReferenceBackend();
        Oracle.assertClose("max_pool2d", Functional.maxPool2d(small.to(ref), 2).toFloatArray(),
                Functional.maxPool2d(small, 2).toFloatArray(), 0);
        Tensor head = big.narrow(0, 0, 4099).contiguous();
        Oracle.assertClose("relu", head.to(ref).relu().toFloatArray(), head.relu().toFloatArray(), 0);
    }

    @Benchmark
    public void relu() {
        try (MemoryScope scope = MemoryScope.open()) {
            big.relu();
        }
    }

    @Benchmark
    public void maxPool() {
        try (MemoryScope scope = MemoryScope.open()) {
            Functional.maxPool2d(maps, 2);
        }
    }
}
