#!/usr/bin/python3
"""Runs the CPU backend's JMH suites and the same workloads in numpy and torch on this machine, in
one run, and prints ratios (nabla / best reference) as a markdown table.

Usage (from the repository root, after `mvn -pl benchmarks -am package -DskipTests
dependency:build-classpath -Dmdep.outputFile=/tmp/cpu-bench-cp.txt`):

    flock /tmp/nabla-build.lock /usr/bin/python3 benchmarks/scripts/compare_cpu.py \
        --classpath-file /tmp/cpu-bench-cp.txt [--openblas-dir DIR] [--quick]

--openblas-dir names a folder holding libopenblas.so.0 plus symlinks libblas.so.3/libcblas.so.3 to it;
numpy and torch are then also measured with it on LD_LIBRARY_PATH (Debian's numpy and torch link
libblas.so.3, which is netlib's reference BLAS unless an optimised one is installed). Each reference
figure is the median of 7 repetitions; each nabla figure is the median of JMH's 5 measurement
iterations. Thread counts of the references are set with OMP_NUM_THREADS/OPENBLAS_NUM_THREADS.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

GEMM = ["128", "256", "512", "1024", "2048", "64x256x784:NT", "64x784x256:NN", "256x784x64:TN", "64x128x256:NT"]
CONV = {"lenet1": ((64, 1, 28, 28), (6, 1, 5, 5), 2), "lenet2": ((64, 6, 14, 14), (16, 6, 5, 5), 0),
        "conv3x3": ((32, 64, 32, 32), (64, 64, 3, 3), 1)}


def gemm_dims(shape):
    parts = shape.split(":")
    dims = [int(d) for d in parts[0].split("x")]
    m, n, k = (dims * 3)[:3] if len(dims) == 1 else dims
    flags = parts[1] if len(parts) > 1 else "NN"
    return m, n, k, flags[0] == "T", flags[1] == "T"


def median_time(fn, reps=7, min_time=0.15):
    fn()
    count = 1
    while True:
        t = time.perf_counter()
        for _ in range(count):
            fn()
        if time.perf_counter() - t >= min_time / 4 or count > 1 << 16:
            break
        count *= 2
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(count):
            fn()
        times.append((time.perf_counter() - t) / count)
    return statistics.median(times)


def worker(threads):
    """Measures the reference workloads in this process (thread counts already set by the parent)."""
    import numpy as np
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    rng = np.random.default_rng(1)
    out = {}
    skip_big = os.environ.get("NABLA_SKIP_BIG") == "1"
    for shape in GEMM:
        m, n, k, ta, tb = gemm_dims(shape)
        if skip_big and m * n * k >= 1 << 30:
            continue   # netlib BLAS needs seconds here and is never the best reference
        a = rng.random((k, m) if ta else (m, k), dtype=np.float32)
        b = rng.random((n, k) if tb else (k, n), dtype=np.float32)
        opa = a.T if ta else a
        opb = b.T if tb else b
        out["numpy sgemm " + shape] = median_time(lambda: opa @ opb)
        ta_, tb_ = torch.from_numpy(a), torch.from_numpy(b)
        opa_t = ta_.t() if ta else ta_
        opb_t = tb_.t() if tb else tb_
        out["torch sgemm " + shape] = median_time(lambda: torch.mm(opa_t, opb_t))
    if os.environ.get("NABLA_GEMM_ONLY") == "1":
        print(json.dumps(out))
        return
    for name, (xs, ws, pad) in CONV.items():
        x = torch.randn(*xs, requires_grad=name != "lenet1")
        w = (torch.randn(*ws) * 0.1).requires_grad_()
        bias = torch.randn(ws[0], requires_grad=True)
        with torch.no_grad():
            out["torch conv fwd " + name] = median_time(lambda: F.conv2d(x, w, bias, 1, pad))
        up = torch.ones_like(F.conv2d(x, w, bias, 1, pad))

        def fwd_bwd():
            x.grad = w.grad = bias.grad = None
            F.conv2d(x, w, bias, 1, pad).backward(up)
        out["torch conv fwdbwd " + name] = median_time(fwd_bwd)
    big = torch.randn(8 << 20)
    maps = torch.randn(32, 64, 64, 64)
    out["torch relu"] = median_time(lambda: torch.relu(big))
    out["torch maxpool"] = median_time(lambda: F.max_pool2d(maps, 2))
    for model in ("mlp", "lenet"):
        out["torch train " + model] = train_step_time(torch, model)
    print(json.dumps(out))


def train_step_time(torch, model):
    nn = torch.nn
    torch.manual_seed(0)
    if model == "mlp":
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                            nn.Linear(128, 10))
    else:
        net = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                            nn.Linear(84, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    images = [torch.rand(64, 1, 28, 28) for _ in range(16)]
    labels = [torch.arange(64) % 10 for _ in range(16)]
    state = {"i": 0}

    def step():
        i = state["i"] = (state["i"] + 1) % 16
        opt.zero_grad()
        loss_fn(net(images[i]), labels[i]).backward()
        opt.step()
    for _ in range(50):
        step()
    return median_time(step)


def references(threads, openblas_dir, wait_policy):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),
               NABLA_GEMM_ONLY="1" if threads == 1 else "0", NABLA_SKIP_BIG="0" if openblas_dir else "1")
    if wait_policy:
        env["OMP_WAIT_POLICY"] = wait_policy
    if openblas_dir:
        env["LD_LIBRARY_PATH"] = openblas_dir + ":" + env.get("LD_LIBRARY_PATH", "")
    result = subprocess.run([sys.executable, __file__, "--worker", str(threads)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def java_binary():
    """The JDK >= 21 that scripts/jdk.sh picks (a plain `java` on the PATH may be 17, which cannot load the jar)."""
    home = subprocess.run(["bash", "-c", "source scripts/jdk.sh && echo $JAVA_HOME"], capture_output=True, text=True,
                          check=True).stdout.strip()
    if not home:
        raise SystemExit("compare_cpu: scripts/jdk.sh found no JDK >= 21")
    return os.path.join(home, "bin", "java")


def nabla(classpath_file, quick):
    cp = "benchmarks/target/nabla-benchmarks-0.1.0-SNAPSHOT.jar:" + open(classpath_file).read().strip()
    out_file = "/tmp/nabla-cpu-jmh.json"
    cmd = [java_binary(), "-cp", cp, "org.openjdk.jmh.Main", "dev.nabla.benchmarks.cpu.Cpu", "-rf", "json",
           "-rff", out_file]
    if quick:
        cmd += ["-wi", "2", "-i", "5", "-w", "1", "-r", "1"]
    log_file = "/tmp/nabla-cpu-jmh.log"
    with open(log_file, "w") as log:
        subprocess.run(cmd, check=True, stdout=log, stderr=subprocess.STDOUT)
    runs = json.load(open(out_file))
    if not runs:
        # JMH reports a failing benchmark in its log and goes on; with none left there is nothing to compare
        raise SystemExit(f"compare_cpu: JMH gave no results, see {log_file}")
    results = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 2)
        p = r.get("params", {})
        raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
        key = (name[-2], name[-1], p.get("shape") or p.get("layer") or p.get("model") or "", p.get("threads"))
        results[key] = statistics.median(raw) * 1e-6   # us/op -> s
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", type=int)
    ap.add_argument("--classpath-file", default="/tmp/cpu-bench-cp.txt")
    ap.add_argument("--openblas-dir")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return
    refs = {}
    for threads in (1, 2):
        refs[(threads, "system-blas", "PASSIVE")] = references(threads, None, "PASSIVE")
        if args.openblas_dir:
            for policy in ("PASSIVE", None):
                refs[(threads, "openblas", policy)] = references(threads, args.openblas_dir, policy)
    ours = nabla(args.classpath_file, args.quick)

    def best(key, threads):
        cands = [(v[key], f"{k[1]}{'/' + k[2] if k[2] else ''}") for k, v in refs.items() if k[0] == threads and key in v]
        return min(cands)

    print("| workload | threads | nabla | numpy (best) | torch (best) | nabla / numpy | nabla / torch |")
    print("|---|---|---|---|---|---|---|")
    for shape in GEMM:
        m, n, k, _, _ = gemm_dims(shape)
        flops = 2.0 * m * n * k
        for threads in (1, 2):
            t = ours.get(("CpuGemmBenchmark", "run", shape, str(threads)))
            if t is None:
                continue
            tn, wn = best("numpy sgemm " + shape, threads)
            tt, wt = best("torch sgemm " + shape, threads)
            print(f"| sgemm {shape} | {threads} | {flops / t / 1e9:.1f} GFLOP/s | {flops / tn / 1e9:.1f} ({wn}) | "
                  f"{flops / tt / 1e9:.1f} ({wt}) | {tn / t:.2f}x | {tt / t:.2f}x |")
    rows = [("conv fwd " + n, ("CpuConvBenchmark", "forward", n, "2"), "torch conv fwd " + n) for n in CONV]
    rows += [("conv fwd+bwd " + n, ("CpuConvBenchmark", "forwardBackward", n, "2"), "torch conv fwdbwd " + n) for n in CONV]
    rows += [("relu 8M floats", ("CpuBandwidthBenchmark", "relu", "", "2"), "torch relu"),
             ("max_pool2d 2x2 (32,64,64,64)", ("CpuBandwidthBenchmark", "maxPool", "", "2"), "torch maxpool"),
             ("train step MLP", ("CpuTrainingBenchmark", "step", "mlp", "2"), "torch train mlp"),
             ("train step LeNet-5", ("CpuTrainingBenchmark", "step", "lenet", "2"), "torch train lenet")]
    for label, key, ref in rows:
        t = ours.get(key)
        if t is None:
            continue
        tt, wt = best(ref, 2)
        extra = ""
        if label.startswith("train"):
            extra = f" = {64 / t:.0f} img/s vs {64 / tt:.0f} img/s"
        elif label.startswith("relu"):
            extra = f" = {2 * 4 * (8 << 20) / t / 1e9:.1f} GB/s vs {2 * 4 * (8 << 20) / tt / 1e9:.1f} GB/s"
        elif label.startswith("max_pool"):
            b = 4 * 32 * 64 * 64 * 64 * 1.25
            extra = f" = {b / t / 1e9:.1f} GB/s vs {b / tt / 1e9:.1f} GB/s"
        print(f"| {label} | 2 | {t * 1e3:.3f} ms | | {tt * 1e3:.3f} ms ({wt}) | | {tt / t:.2f}x{extra} |")


if __name__ == "__main__":
    main()
