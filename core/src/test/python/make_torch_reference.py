#!/usr/bin/python3
"""Generates core/src/test/resources/torch/forward_values.json: forward results of PyTorch on
seeded random float64 inputs, which TorchReferenceValuesTest compares Nabla's ops against.

Run with Debian's python3-torch (1.13) and numpy, from any directory:

    /usr/bin/python3 core/src/test/python/make_torch_reference.py

Each case is {"name", "op", "params", "inputs": [{"shape", "dtype", "data"}], "output": {"shape", "data"}}.
Data are flattened in row-major order; floats are written with repr(), so they round-trip exactly.
Every case draws from its own generator seeded with crc32(name), so adding or removing a case does
not change the others. Sizes are small, odd or prime, and include 1, to keep the file small.
"""

import json
import os
import sys
import zlib

import torch
import torch.nn.functional as F

F64 = torch.float64
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch", "forward_values.json")

cases = []


def gen(name):
    g = torch.Generator()
    g.manual_seed(zlib.crc32(name.encode()))
    return g


def randn(g, *shape, scale=1.0):
    return torch.randn(*shape, generator=g, dtype=F64) * scale


def enc(t):
    t = t.detach().contiguous()
    if t.dtype == F64:
        data = [float(v) for v in t.reshape(-1).tolist()]
        dtype = "float64"
    elif t.dtype == torch.int64:
        data = [int(v) for v in t.reshape(-1).tolist()]
        dtype = "int64"
    else:
        raise TypeError(t.dtype)
    return {"shape": list(t.shape), "dtype": dtype, "data": data}


def add(name, op, params, inputs, output):
    assert not any(c["name"] == name for c in cases), name
    cases.append({"name": name, "op": op, "params": params, "inputs": [enc(t) for t in inputs], "output": enc(output)})


# ---------------------------------------------------------------- matmul (torch.matmul semantics)
for name, sa, sb in [
    ("matmul_7x13_13x5", [7, 13], [13, 5]),
    ("matmul_1x1_1x1", [1, 1], [1, 1]),
    ("matmul_3x31_31x1", [3, 31], [31, 1]),
    ("matmul_1x7_7x1", [1, 7], [7, 1]),
    ("matmul_11x1_1x3", [11, 1], [1, 3]),
    ("matmul_vec13_13x5", [13], [13, 5]),
    ("matmul_7x13_vec13", [7, 13], [13]),
    ("matmul_dot_11", [11], [11]),
    ("matmul_dot_1", [1], [1]),
    ("matmul_batched_broadcast_3x1x4x5_2x5x6", [3, 1, 4, 5], [2, 5, 6]),
    ("matmul_batched_2x3x4_vec4", [2, 3, 4], [4]),
    ("matmul_vec5_batched_2x5x3", [5], [2, 5, 3]),
    ("matmul_batched_1x3x7_5x7x2", [1, 3, 7], [5, 7, 2]),
]:
    g = gen(name)
    a = randn(g, *sa)
    b = randn(g, *sb)
    add(name, "matmul", {}, [a, b], torch.matmul(a, b))

# ---------------------------------------------------------------- conv2d / conv1d
conv2d_cases = [
    # name, x shape, w shape, bias, stride, padding, dilation, groups
    ("conv2d_2x3x9x7_k3_s2_p1_bias", [2, 3, 9, 7], [4, 3, 3, 3], True, [2, 2], [1, 1], [1, 1], 1),
    ("conv2d_groups2_dil2x1_nobias", [1, 4, 11, 8], [6, 2, 3, 3], False, [1, 1], [2, 1], [2, 1], 2),
    ("conv2d_lenet_1ch_k5_bias", [2, 1, 11, 11], [5, 1, 5, 5], True, [1, 1], [0, 0], [1, 1], 1),
    ("conv2d_lenet_1ch_k5_p2_nobias", [3, 1, 7, 7], [2, 1, 5, 5], False, [1, 1], [2, 2], [1, 1], 1),
    ("conv2d_1x1_sizes_1", [1, 3, 1, 1], [1, 3, 1, 1], True, [1, 1], [0, 0], [1, 1], 1),
    ("conv2d_k2x5_s1x3_p0x2_bias", [2, 2, 5, 13], [3, 2, 2, 5], True, [1, 3], [0, 2], [1, 1], 1),
    ("conv2d_depthwise_dil2_p2", [1, 3, 9, 9], [3, 1, 3, 3], True, [1, 1], [2, 2], [2, 2], 3),
    ("conv2d_groups3_s2x1_p1x0_dil1x2_nobias", [2, 6, 7, 9], [9, 2, 2, 3], False, [2, 1], [1, 0], [1, 2], 3),
]
for name, sx, sw, has_bias, stride, padding, dilation, groups in conv2d_cases:
    g = gen(name)
    x = randn(g, *sx)
    w = randn(g, *sw)
    b = randn(g, sw[0]) if has_bias else None
    out = F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    params = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups, "bias": has_bias}
    add(name, "conv2d", params, [x, w] + ([b] if has_bias else []), out)

conv1d_cases = [
    ("conv1d_2x3x17_k4_s2_p1_dil2_bias", [2, 3, 17], [5, 3, 4], True, 2, 1, 2, 1),
    ("conv1d_groups3_k3_p1_nobias", [1, 3, 13], [6, 1, 3], False, 1, 1, 1, 3),
]
for name, sx, sw, has_bias, stride, padding, dilation, groups in conv1d_cases:
    g = gen(name)
    x = randn(g, *sx)
    w = randn(g, *sw)
    b = randn(g, sw[0]) if has_bias else None
    out = F.conv1d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    params = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups, "bias": has_bias}
    add(name, "conv1d", params, [x, w] + ([b] if has_bias else []), out)

# ---------------------------------------------------------------- pooling
max_pool_cases = [
    # name, x shape, kernel, stride, padding, dilation
    ("max_pool2d_k2_2x3x9x7", [2, 3, 9, 7], [2, 2], [2, 2], [0, 0], [1, 1]),
    ("max_pool2d_k3_s2_p1_2x3x9x7", [2, 3, 9, 7], [3, 3], [2, 2], [1, 1], [1, 1]),
    ("max_pool2d_k3x2_s1x2_p1x1_dil1x2", [1, 2, 7, 11], [3, 2], [1, 2], [1, 1], [1, 2]),
    ("max_pool2d_k1_1x1x1x1", [1, 1, 1, 1], [1, 1], [1, 1], [0, 0], [1, 1]),
]
for name, sx, kernel, stride, padding, dilation in max_pool_cases:
    g = gen(name)
    x = randn(g, *sx)
    if name.startswith("max_pool2d_k3_s2_p1"):
        x = x - 10.0  # all negative: a zero-padded window would be caught
    out = F.max_pool2d(x, kernel, stride=stride, padding=padding, dilation=dilation)
    add(name, "max_pool2d", {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation}, [x], out)

avg_pool_cases = [
    # name, x shape, kernel, stride, padding, count_include_pad
    ("avg_pool2d_k2_2x3x9x7", [2, 3, 9, 7], [2, 2], [2, 2], [0, 0], True),
    ("avg_pool2d_k3_s2_p1_include_pad", [2, 3, 9, 7], [3, 3], [2, 2], [1, 1], True),
    ("avg_pool2d_k3_s2_p1_exclude_pad", [2, 3, 9, 7], [3, 3], [2, 2], [1, 1], False),
    ("avg_pool2d_k3x5_s1x2_p1x2_exclude_pad", [1, 2, 5, 11], [3, 5], [1, 2], [1, 2], False),
]
for name, sx, kernel, stride, padding, include in avg_pool_cases:
    g = gen(name)
    x = randn(g, *sx)
    out = F.avg_pool2d(x, kernel, stride=stride, padding=padding, count_include_pad=include)
    add(name, "avg_pool2d",
        {"kernel": kernel, "stride": stride, "padding": padding, "count_include_pad": include}, [x], out)

# ---------------------------------------------------------------- softmax / log_softmax
for fn_name, fn in [("softmax", F.softmax), ("log_softmax", F.log_softmax)]:
    for suffix, shape, dim, scale in [
        ("5x7_dim1", [5, 7], 1, 3.0),
        ("5x7_dim0", [5, 7], 0, 3.0),
        ("3x1_dim1", [3, 1], 1, 1.0),
        ("1x13_dim0", [1, 13], 0, 1.0),
        ("3x4x5_dim1", [3, 4, 5], 1, 2.0),
        ("2x11_dim1_large", [2, 11], 1, 300.0),  # exp overflows unless the max is subtracted
    ]:
        name = f"{fn_name}_{suffix}"
        g = gen(name)
        x = randn(g, *shape, scale=scale)
        add(name, fn_name, {"dim": dim}, [x], fn(x, dim=dim))

# ---------------------------------------------------------------- activations and unary ops
SPECIALS = [0.0, -0.0, 1e-8, -1e-8, 3.0, -3.0, 12.5, -12.5, 35.0, -35.0, 0.5, -0.5]
POSITIVE_SPECIALS = [1e-8, 1e-3, 0.5, 1.0, 2.0, 1e3, 123456.75, 7e-300]


def act_input(name):
    g = gen(name)
    x = torch.cat([randn(g, 65, scale=3.0), torch.tensor(SPECIALS, dtype=F64)])  # 77 = 7 x 11
    return x.reshape(7, 11)


def positive_input(name):
    g = gen(name)
    x = torch.cat([randn(g, 47, scale=3.0).abs() + 1e-6, torch.tensor(POSITIVE_SPECIALS, dtype=F64)])  # 55 = 5 x 11
    return x.reshape(5, 11)


activations = [
    ("relu", {}, F.relu, act_input),
    ("sigmoid", {}, torch.sigmoid, act_input),
    ("tanh", {}, torch.tanh, act_input),
    ("leaky_relu", {"alpha": 0.1}, lambda x: F.leaky_relu(x, 0.1), act_input),
    ("elu", {"alpha": 1.0}, lambda x: F.elu(x, 1.0), act_input),
    ("softplus", {}, F.softplus, act_input),
    ("gelu", {}, lambda x: F.gelu(x, approximate="none"), act_input),
    ("hardsigmoid", {}, F.hardsigmoid, act_input),
    ("step", {}, lambda x: torch.heaviside(x, torch.tensor(0.0, dtype=F64)), act_input),
    ("sign", {}, torch.sign, act_input),
    ("exp", {}, torch.exp, act_input),
    ("log", {}, torch.log, positive_input),
    ("sqrt", {}, torch.sqrt, positive_input),
    ("erf", {}, torch.erf, act_input),
    ("abs", {}, torch.abs, act_input),
]
for op, params, fn, make in activations:
    name = f"{op}_7x11" if make is act_input else f"{op}_positive_5x11"
    x = make(name)
    add(name, op, params, [x], fn(x))
    # a size-1 and an odd 1-D input too
    name1 = f"{op}_1"
    x1 = make(name1).reshape(-1)[:1].clone()
    add(name1, op, params, [x1], fn(x1))
    name2 = f"{op}_3x1x5"
    g = gen(name2)
    x2 = randn(g, 3, 1, 5, scale=2.0)
    if make is positive_input:
        x2 = x2.abs() + 1e-3
    add(name2, op, params, [x2], fn(x2))

# ---------------------------------------------------------------- cross-entropy (mean) from logits
for name, n, c, scale in [
    ("cross_entropy_7x5", 7, 5, 2.0),
    ("cross_entropy_1x3", 1, 3, 1.0),
    ("cross_entropy_13x1", 13, 1, 1.0),
    ("cross_entropy_3x11_large", 3, 11, 200.0),
]:
    g = gen(name)
    logits = randn(g, n, c, scale=scale)
    labels = torch.randint(0, c, (n,), generator=g, dtype=torch.int64)
    add(name, "cross_entropy", {"reduction": "mean"}, [logits, labels], F.cross_entropy(logits, labels))

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    # one case per line, so a diff of a regenerated file shows which cases changed
    f.write("[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]\n")
print(f"{len(cases)} cases, {os.path.getsize(OUT)} bytes -> {os.path.normpath(OUT)} (torch {torch.__version__})",
      file=sys.stderr)
