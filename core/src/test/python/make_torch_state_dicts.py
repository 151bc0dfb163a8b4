#!/usr/bin/python3
"""Generates the PyTorch interop fixtures of TorchInteropTest (issue 3): state_dicts of small torch
models written as safetensors, and torch's outputs on fixed inputs.

    core/src/test/resources/torch/interop_mlp.safetensors + interop_mlp.json
        nn.Sequential(Linear(20, 16), ReLU(), Linear(16, 5)), float32
    core/src/test/resources/torch/interop_cnn.safetensors + interop_cnn.json
        nn.Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Linear(64, 3)),
        float32, trained for a few SGD steps so the batch-norm running statistics (and num_batches_tracked,
        an int64 scalar) are not their initial values

Run with Debian's python3-torch (1.13), from any directory:

    /usr/bin/python3 core/src/test/python/make_torch_state_dicts.py

The safetensors files are written by hand (the `safetensors` package is not installed): an 8-byte
little-endian header length N, N bytes of JSON header {name: {"dtype", "shape", "data_offsets": [begin,
end]}, "__metadata__": {...}} padded with spaces to a multiple of 8, then the raw little-endian tensor
data, in state_dict order, with no gaps. The script reads each file back with its own parser and checks
that torch gets the same model from it.

Each interop_*.json: {"file", "model", "eval": {"input", "output"}, "train"?: {"input", "labels",
"output", "loss", "grads": {name: tensor}, "buffers_after": {name: tensor}}} with tensors as in
make_torch_reference.py ({"shape", "dtype", "data"}, floats written exactly). "eval" is the model in
eval mode; "train" is one training-mode forward and cross-entropy backward of a fresh copy of the loaded
model, and the buffers it leaves (batch statistics update the running ones).
"""

import copy
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources", "torch")

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int32: ("I32", "<i4"),
          torch.int64: ("I64", "<i8")}
CODES = {code: (dt, np_dt) for dt, (code, np_dt) in DTYPES.items()}


def enc(t):
    t = t.detach().contiguous()
    if t.is_floating_point():
        return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
                "data": [float(v) for v in t.reshape(-1).tolist()]}
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": [int(v) for v in t.reshape(-1).tolist()]}


def save_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    blobs = []
    offset = 0
    for name, t in tensors.items():
        code, np_dtype = DTYPES[t.dtype]
        blob = t.detach().contiguous().numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    out = {}
    end_max = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, np_dtype = CODES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        end_max = max(end_max, end)
        array = np.frombuffer(data[begin:end], dtype=np_dtype).reshape(entry["shape"])
        out[name] = torch.from_numpy(array.copy()).to(dtype)
    assert end_max == len(data), (end_max, len(data))
    return out


def write_case(stem, model, doc, metadata=None):
    path = os.path.join(RESOURCES, stem + ".safetensors")
    state = model.state_dict()
    save_safetensors(path, state, metadata)
    # round trip through our own reader: torch must get the same model from the file
    loaded = load_safetensors(path)
    assert list(loaded) == list(state), (list(loaded), list(state))
    for k in state:
        assert loaded[k].dtype == state[k].dtype and torch.equal(loaded[k], state[k]), k
    doc = dict({"file": stem + ".safetensors", "keys": list(state)}, **doc)
    json_path = os.path.join(RESOURCES, stem + ".json")
    with open(json_path, "w") as f:
        f.write(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"{stem}: {os.path.getsize(path)} + {os.path.getsize(json_path)} bytes, keys {list(state)}", file=sys.stderr)


def eval_and_train(model, x_eval, x_train, labels):
    model.eval()
    with torch.no_grad():
        eval_out = model(x_eval)
    doc = {"eval": {"input": enc(x_eval), "output": enc(eval_out)}}
    fresh = copy.deepcopy(model)
    fresh.train()
    out = fresh(x_train)
    loss = F.cross_entropy(out, labels)
    loss.backward()
    doc["train"] = {
        "input": enc(x_train), "labels": enc(labels), "output": enc(out), "loss": float(loss),
        "grads": {k: enc(p.grad) for k, p in fresh.named_parameters()},
        "buffers_after": {k: enc(b) for k, b in fresh.named_buffers()},
    }
    return doc


# ---------------------------------------------------------------- (a) MLP
torch.manual_seed(20240601)
mlp = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 5))
x_eval = torch.randn(4, 20)
x_train = torch.randn(6, 20)
labels = torch.randint(0, 5, (6,))
write_case("interop_mlp", mlp, dict({"model": "Linear(20,16)-ReLU-Linear(16,5)"},
                                    **eval_and_train(mlp, x_eval, x_train, labels)), metadata={"format": "pt"})

# ---------------------------------------------------------------- (b) CNN with batch norm, trained a little
torch.manual_seed(20240602)
cnn = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(4 * 4 * 4, 3))
opt = torch.optim.SGD(cnn.parameters(), lr=0.1, momentum=0.9)
cnn.train()
for step in range(5):
    xb = torch.randn(8, 1, 8, 8) * 2 + 0.5
    yb = torch.randint(0, 3, (8,))
    opt.zero_grad()
    F.cross_entropy(cnn(xb), yb).backward()
    opt.step()
bn = cnn[1]
assert int(bn.num_batches_tracked) == 5
assert not torch.allclose(bn.running_mean, torch.zeros(4)) and not torch.allclose(bn.running_var, torch.ones(4))
assert not torch.allclose(bn.weight, torch.ones(4))
x_eval = torch.randn(3, 1, 8, 8) * 2 + 0.5
x_train = torch.randn(5, 1, 8, 8)
labels = torch.randint(0, 3, (5,))
write_case("interop_cnn", cnn, dict({"model": "Conv2d(1,4,3,p=1)-BatchNorm2d(4)-ReLU-MaxPool2d(2)-Flatten-Linear(64,3)"},
                                    **eval_and_train(cnn, x_eval, x_train, labels)))
