#!/usr/bin/python3
"""PyTorch reference runs for the Fashion-MNIST examples: the same models, initial hyper-parameters
and data (inputs scaled to [0, 1], no normalisation) as `./nabla example <name>`, so that
benchmarks/RESULTS.md can put Nabla's accuracy next to torch's from the same machine.

Usage: /usr/bin/python3 benchmarks/scripts/torch_fashion.py mlp|lenet5|vgg-small|autoencoder [--epochs N] [--seed S]
Runs with 2 threads (torch.set_num_threads(2)) and prints per-epoch loss and the test result.
"""
import argparse
import gzip
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(split):
    x = torch.tensor(idx(f"{DATA}/{split}-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255.0
    y = torch.tensor(idx(f"{DATA}/{split}-labels-idx1-ubyte.gz"), dtype=torch.int64)
    return x, y


def model(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "lenet5":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                             nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                             nn.Linear(84, 10))
    if name == "vgg-small":
        layers, c = [], 1
        for width in (32, 64):
            for _ in range(2):
                layers += [nn.Conv2d(c, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
                c = width
            layers.append(nn.MaxPool2d(2))
        layers += [nn.Flatten(), nn.Linear(64 * 7 * 7, 256, bias=False), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.5),
                   nn.Linear(256, 10)]
        return nn.Sequential(*layers)
    if name == "autoencoder":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 32), nn.ReLU(), nn.Linear(32, 128),
                             nn.ReLU(), nn.Linear(128, 784), nn.Sigmoid(), nn.Unflatten(1, (1, 28, 28)))
    raise SystemExit("unknown model " + name)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("name")
    p.add_argument("--epochs", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--noise", type=float, default=0.0, help="Gaussian input noise (denoising autoencoder)")
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(a.seed)
    adam = a.name in ("vgg-small", "autoencoder")
    batch = 128 if adam else 64
    epochs = a.epochs or (10 if adam else 5)
    reconstruct = a.name == "autoencoder"
    net = model(a.name)
    opt = torch.optim.Adam(net.parameters(), 1e-3) if adam else torch.optim.SGD(net.parameters(), 0.05, momentum=0.9)
    loss_fn = nn.MSELoss() if reconstruct else nn.CrossEntropyLoss()
    (x, y), (tx, ty) = load("train"), load("t10k")
    print(f"torch {torch.__version__} {a.name}: {len(x)} images, {epochs} epochs, batch {batch}, "
          f"{'Adam 1e-3' if adam else 'SGD 0.05 momentum 0.9'}, {sum(p.numel() for p in net.parameters()):,} parameters")
    start = time.time()
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(x))
        total, seen, t0 = 0.0, 0, time.time()
        for i in range(0, len(x), batch):
            idx_ = order[i:i + batch]
            xb = x[idx_]
            inp = (xb + a.noise * torch.randn_like(xb)).clamp(0, 1) if a.noise > 0 else xb
            out = net(inp)
            loss = loss_fn(out, xb if reconstruct else y[idx_])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx_)
            seen += len(idx_)
        print(f"epoch {epoch + 1}/{epochs} train loss {total / seen:.4f} | {time.time() - t0:.1f}s, "
              f"{seen / (time.time() - t0):.0f} samples/s", flush=True)
    net.eval()
    with torch.no_grad():
        # The denoising autoencoder is tested as it is trained: noisy input, clean target.
        tin = (tx + a.noise * torch.randn_like(tx)).clamp(0, 1) if a.noise > 0 else tx
        out = torch.cat([net(tin[i:i + 500]) for i in range(0, len(tx), 500)])
        if reconstruct:
            print(f"test: reconstruction MSE {loss_fn(out, tx).item():.5f} (training {time.time() - start:.1f} s)")
        else:
            acc = (out.argmax(1) == ty).float().mean().item()
            print(f"test: loss {loss_fn(out, ty).item():.4f}, accuracy {100 * acc:.2f}% (training {time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
