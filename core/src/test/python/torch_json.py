"""What the generators of the PyTorch reference values share (make_torch_reference.py,
make_torch_training_reference.py, make_torch_state_dicts.py); the Java side is
dev.nabla.testing.TorchParity.

A tensor is written as {"shape", "dtype", "data"}: dtype "float64", "float32" or "int64", the data
flattened in row-major order, floats written with repr() so they round-trip exactly. Every case draws
from its own generator seeded with crc32(name), so adding or removing a case does not change the others.
"""

import json
import math
import os
import sys
import zlib

import torch

F64 = torch.float64
F32 = torch.float32
RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch")


def gen(name):
    g = torch.Generator()
    g.manual_seed(zlib.crc32(name.encode()))
    return g


def randn(g, *shape, scale=1.0):
    return torch.randn(*shape, generator=g, dtype=F64) * scale


def rand(g, *shape):
    return torch.rand(*shape, generator=g, dtype=F64)


def enc(t):
    """The JSON form of tensor t (None for None); its values must be finite."""
    if t is None:
        return None
    t = t.detach().contiguous()
    if t.dtype in (F64, F32):
        data = [float(v) for v in t.reshape(-1).tolist()]
        assert all(math.isfinite(v) for v in data), data
        dtype = "float64" if t.dtype == F64 else "float32"
    elif t.dtype == torch.int64:
        data = [int(v) for v in t.reshape(-1).tolist()]
        dtype = "int64"
    else:
        raise TypeError(t.dtype)
    return {"shape": list(t.shape), "dtype": dtype, "data": data}


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def case_lines(cases):
    """A JSON array with one case per line, so that a diff of a regenerated file shows which cases changed."""
    return "[\n" + ",\n".join(compact(c) for c in cases) + "\n]"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"{os.path.getsize(path)} bytes -> {os.path.normpath(path)} (torch {torch.__version__})", file=sys.stderr)
