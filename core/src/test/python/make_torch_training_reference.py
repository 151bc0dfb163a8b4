#!/usr/bin/python3
"""Generates the PyTorch reference values for Nabla's losses and optimizers (issue 3):

    core/src/test/resources/torch/losses.json      (TorchLossesTest)
    core/src/test/resources/torch/optimizers.json  (TorchOptimizersTest)

Run with Debian's python3-torch (1.13) and numpy, from any directory:

    /usr/bin/python3 core/src/test/python/make_torch_training_reference.py

Conventions are those of make_torch_reference.py: a tensor is {"shape", "dtype", "data"} with the data
flattened in row-major order, floats written with repr() so they round-trip exactly, and every case
draws from its own generator seeded with crc32(name).

Inputs are stored once, in float64 (labels in int64). Every case is computed by torch twice: in float64,
and in float32 on the inputs rounded to float32 (x.to(torch.float32), which is what Java's (float) cast
does); the results are under "expected": {"float64": ..., "float32": ...}.

losses.json: a list of cases {"name", "loss", "params", "inputs", "upstream", "expected"}. "upstream" is
the gradient fed to backward() (a tensor for reduction "none", null for a scalar loss: backward() with 1).
expected[dtype] = {"output", "grads"}: grads[i] is the gradient of inputs[i], or null where the input
has no gradient (labels) or torch's gradient is not a meaningful reference (see the comments below).

optimizers.json: {"problem": {"x", "y", "w0", "b0"}, "optimizers": [...], "schedules": [...],
"clipping": [...]}. The problem is loss(w, b) = ((x @ w + b - y)^2).mean(); each optimizer case records,
per dtype, the loss before each of 3 steps, the parameters after each step and the state after the
last step (torch's state names are Nabla's).
"""

import json
import math
import os
import sys
import warnings
import zlib

import torch
import torch.nn.functional as F

# kl_div's reduction="mean" and SequentialLR's scheduler.step(0) warn; both are intended here
warnings.filterwarnings("ignore", category=UserWarning)

F64 = torch.float64
F32 = torch.float32
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources", "torch")


def gen(name):
    g = torch.Generator()
    g.manual_seed(zlib.crc32(name.encode()))
    return g


def randn(g, *shape, scale=1.0):
    return torch.randn(*shape, generator=g, dtype=F64) * scale


def rand(g, *shape):
    return torch.rand(*shape, generator=g, dtype=F64)


def enc(t):
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


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"{os.path.getsize(path)} bytes -> {os.path.normpath(path)} (torch {torch.__version__})", file=sys.stderr)


# ==================================================================================================== losses
loss_cases = []

# Loss functions as torch computes them; args are the (cast) inputs in order.
LOSSES = {
    "mse": lambda a, p: F.mse_loss(a[0], a[1], reduction=p["reduction"]),
    "l1": lambda a, p: F.l1_loss(a[0], a[1], reduction=p["reduction"]),
    "huber": lambda a, p: F.huber_loss(a[0], a[1], reduction=p["reduction"], delta=p["delta"]),
    "bce": lambda a, p: F.binary_cross_entropy(a[0], a[1], reduction=p["reduction"]),
    "bce_with_logits": lambda a, p: F.binary_cross_entropy_with_logits(a[0], a[1], reduction=p["reduction"]),
    "cross_entropy": lambda a, p: F.cross_entropy(a[0], a[1], reduction=p["reduction"]),
    "cross_entropy_soft": lambda a, p: F.cross_entropy(a[0], a[1], reduction=p["reduction"]),
    "nll": lambda a, p: F.nll_loss(a[0], a[1], reduction=p["reduction"]),
    "kl_div": lambda a, p: F.kl_div(a[0], a[1], reduction=p["reduction"]),
    "l1_penalty": lambda a, p: sum(w.abs().sum() for w in a),
    "l2_penalty": lambda a, p: sum((w * w).sum() for w in a),
}


def add_loss(name, loss, params, inputs, grad_of, upstream_gen=None):
    """grad_of[i]: whether the gradient of inputs[i] is recorded."""
    assert not any(c["name"] == name for c in loss_cases), name
    expected = {}
    upstream = None
    for dtype_name, dtype in [("float64", F64), ("float32", F32)]:
        cast = [t.detach().clone().to(dtype) if t.is_floating_point() else t.clone() for t in inputs]
        for t, want in zip(cast, grad_of):
            if want:
                t.requires_grad_(True)
        out = LOSSES[loss](cast, params)
        if out.dim() > 0 and upstream is None:
            upstream = randn(upstream_gen, *out.shape)
        if any(grad_of):
            out.backward() if out.dim() == 0 else out.backward(upstream.to(dtype))
        grads = [enc(t.grad) if want else None for t, want in zip(cast, grad_of)]
        expected[dtype_name] = {"output": enc(out), "grads": grads}
    loss_cases.append({"name": name, "loss": loss, "params": params, "inputs": [enc(t) for t in inputs],
                       "upstream": enc(upstream), "expected": expected})


REDUCTIONS = ["mean", "sum", "none"]

# ---------------------------------------------------------------- elementwise regression losses
for loss, extra in [("mse", {}), ("l1", {}), ("huber", {"delta": 1.0}), ("huber", {"delta": 0.35}),
                    ("huber", {"delta": 2.5})]:
    tag = loss + ("_delta" + str(extra["delta"]).replace(".", "p") if extra else "")
    for reduction in REDUCTIONS:
        for shape in ([3, 5], [2, 1, 3]) if reduction == "mean" else ([3, 5],):
            name = f"{tag}_{reduction}_{'x'.join(map(str, shape))}"
            g = gen(name)
            x = randn(g, *shape, scale=1.5)
            y = randn(g, *shape, scale=1.5)
            # gradients for input and target: all of these are differentiable in both
            add_loss(name, loss, dict(extra, reduction=reduction), [x, y], [True, True], g)

# ---------------------------------------------------------------- binary cross-entropy on probabilities
for reduction in REDUCTIONS:
    for kind in ["soft", "hard"]:
        name = f"bce_{kind}_{reduction}_4x5"
        g = gen(name)
        p = torch.sigmoid(randn(g, 4, 5, scale=2.0))
        t = rand(g, 4, 5) if kind == "soft" else (rand(g, 4, 5) < 0.5).to(F64)
        add_loss(name, "bce", {"reduction": reduction}, [p, t], [True, True], g)
# probabilities near 0 and 1 (log terms of -11.5 and less), still inside torch's clamp at -100
name = "bce_near_0_and_1_sum_2x4"
g = gen(name)
p = torch.tensor([[1e-5, 1 - 1e-5, 3e-7, 1 - 3e-7], [0.5, 1e-3, 0.999, 0.25]], dtype=F64)
t = torch.tensor([[1.0, 0.0, 0.3, 0.9], [0.5, 1.0, 0.0, 0.0]], dtype=F64)
add_loss(name, "bce", {"reduction": "sum"}, [p, t], [True, True], g)
# exactly 0 and 1: the value is finite thanks to the clamp of the log terms at -100 (the gradient there is
# an arbitrary convention, torch's (p - t) / max(p (1 - p), 1e-12), and is not compared)
name = "bce_exact_0_and_1_clamped_none_2x3"
g = gen(name)
p = torch.tensor([[0.0, 1.0, 0.0], [1.0, 0.5, 1e-60]], dtype=F64)
t = torch.tensor([[1.0, 0.0, 0.0], [1.0, 0.25, 1.0]], dtype=F64)
add_loss(name, "bce", {"reduction": "none"}, [p, t], [False, False], g)
# saturated and right (p = t = 0 or 1, as float32 sigmoid(-104) = 0 gives): torch's gradient for p is 0 there
# (the target's, log(1 - p) - log(p), is infinite and not recorded)
name = "bce_saturated_p_equals_target_mean_1x4"
g = gen(name)
p = torch.tensor([[0.0, 1.0, 0.0, 0.75]], dtype=F64)
t = torch.tensor([[0.0, 1.0, 0.0, 0.5]], dtype=F64)
add_loss(name, "bce", {"reduction": "mean"}, [p, t], [True, False], g)

# ---------------------------------------------------------------- binary cross-entropy with logits
for reduction in REDUCTIONS:
    name = f"bce_with_logits_{reduction}_4x5"
    g = gen(name)
    x = randn(g, 4, 5, scale=3.0)
    x[0, 0], x[1, 1], x[2, 2], x[3, 3] = 45.0, -45.0, 120.0, -800.0   # exp(-x) or exp(x) would overflow
    t = rand(g, 4, 5)
    add_loss(name, "bce_with_logits", {"reduction": reduction}, [x, t], [True, True], g)

# ---------------------------------------------------------------- cross-entropy with class indices
for reduction in REDUCTIONS:
    for n, c, scale in [(6, 4, 2.0), (1, 3, 1.0), (3, 7, 60.0)]:
        name = f"cross_entropy_{reduction}_{n}x{c}" + ("_large" if scale > 10 else "")
        g = gen(name)
        logits = randn(g, n, c, scale=scale)
        labels = torch.randint(0, c, (n,), generator=g, dtype=torch.int64)
        add_loss(name, "cross_entropy", {"reduction": reduction}, [logits, labels], [True, False], g)

# ---------------------------------------------------------------- cross-entropy with probability targets
for reduction in REDUCTIONS:
    for kind in ["soft", "onehot"]:
        name = f"cross_entropy_soft_{kind}_{reduction}_5x4"
        g = gen(name)
        logits = randn(g, 5, 4, scale=2.0)
        if kind == "soft":
            target = torch.softmax(randn(g, 5, 4), dim=1)
        else:
            target = F.one_hot(torch.randint(0, 4, (5,), generator=g), 4).to(F64)
        add_loss(name, "cross_entropy_soft", {"reduction": reduction}, [logits, target], [True, True], g)

# ---------------------------------------------------------------- negative log-likelihood
for reduction in REDUCTIONS:
    name = f"nll_{reduction}_5x4"
    g = gen(name)
    logp = torch.log_softmax(randn(g, 5, 4, scale=2.0), dim=1)
    labels = torch.randint(0, 4, (5,), generator=g, dtype=torch.int64)
    add_loss(name, "nll", {"reduction": reduction}, [logp, labels], [True, False], g)

# ---------------------------------------------------------------- KL divergence (log-input, probability target)
for reduction in ["mean", "sum", "batchmean", "none"]:
    for zeros in [False, True]:
        name = f"kl_div_{reduction}_4x5" + ("_target_zeros" if zeros else "")
        g = gen(name)
        log_input = torch.log_softmax(randn(g, 4, 5, scale=1.5), dim=1)
        target = torch.softmax(randn(g, 4, 5, scale=1.5), dim=1)
        if zeros:
            target[0, 1] = 0.0
            target[2, 0] = 0.0
            target[2, 4] = 0.0
            target = target / target.sum(dim=1, keepdim=True)
        # torch's target gradient is log(t) + 1 - input, NaN where t = 0 (xlogy's 0/0): recorded without zeros only
        add_loss(name, "kl_div", {"reduction": reduction}, [log_input, target], [True, not zeros], g)

# ---------------------------------------------------------------- weight penalties
for penalty in ["l1_penalty", "l2_penalty"]:
    name = f"{penalty}_3_tensors"
    g = gen(name)
    ws = [randn(g, 3, 4), randn(g, 5, scale=0.1), randn(g, 2, 1, 3, scale=3.0)]
    if penalty == "l1_penalty":
        ws[1][2] = 0.0   # |w| at 0: torch's subgradient sign(0) = 0
    add_loss(name, penalty, {}, ws, [True, True, True], g)

write(os.path.join(RESOURCES, "losses.json"),
      "[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in loss_cases) + "\n]\n")
print(f"{len(loss_cases)} loss cases", file=sys.stderr)

# ==================================================================================================== optimizers
g = gen("optimizer_problem")
X = randn(g, 8, 5)
Y = randn(g, 8, 3)
W0 = randn(g, 5, 3, scale=0.5)
B0 = randn(g, 3, scale=0.5)

OPTIMIZERS = [
    # name, torch class, kwargs (torch's names; the Java test maps them onto Nabla's constructors)
    ("sgd_plain", "SGD", {"lr": 0.1}),
    ("sgd_momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_momentum_dampening_weight_decay", "SGD", {"lr": 0.1, "momentum": 0.8, "dampening": 0.3,
                                                    "weight_decay": 0.05}),
    ("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd_nesterov_weight_decay", "SGD", {"lr": 0.05, "momentum": 0.7, "weight_decay": 0.1, "nesterov": True}),
    ("sgd_weight_decay", "SGD", {"lr": 0.1, "weight_decay": 0.2}),
    ("rmsprop_plain", "RMSprop", {"lr": 0.01}),
    ("rmsprop_centered_momentum_weight_decay", "RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6,
                                                           "weight_decay": 0.1, "momentum": 0.5, "centered": True}),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.02, "alpha": 0.95, "momentum": 0.9}),
    ("adagrad_plain", "Adagrad", {"lr": 0.1}),
    ("adagrad_lr_decay_weight_decay_initial_accumulator", "Adagrad", {"lr": 0.1, "lr_decay": 0.05,
                                                                      "weight_decay": 0.1,
                                                                      "initial_accumulator_value": 0.2,
                                                                      "eps": 1e-10}),
    ("adam_plain", "Adam", {"lr": 0.01}),
    ("adam_betas_eps_weight_decay", "Adam", {"lr": 0.01, "betas": [0.8, 0.95], "eps": 1e-6, "weight_decay": 0.1}),
    ("adamw_default_decay", "AdamW", {"lr": 0.01}),
    # eps large enough to matter (with the usual tiny eps, eps in the wrong place changes w by < 1e-5)
    ("adam_large_eps", "Adam", {"lr": 0.05, "eps": 0.5}),
    ("adamw_large_eps", "AdamW", {"lr": 0.05, "eps": 0.3, "weight_decay": 0.1}),
    ("rmsprop_centered_large_eps", "RMSprop", {"lr": 0.02, "eps": 0.4, "centered": True}),
    ("adagrad_large_eps", "Adagrad", {"lr": 0.1, "eps": 0.5}),
    ("adamw_weight_decay", "AdamW", {"lr": 0.02, "betas": [0.85, 0.99], "eps": 1e-7, "weight_decay": 0.3}),
]

STEPS = 3


def problem_loss(w, b, x, y):
    return ((x @ w + b - y) ** 2).mean()


optimizer_cases = []
for name, cls, kwargs in OPTIMIZERS:
    expected = {}
    for dtype_name, dtype in [("float64", F64), ("float32", F32)]:
        x, y = X.to(dtype), Y.to(dtype)
        w = W0.to(dtype).clone().requires_grad_(True)
        b = B0.to(dtype).clone().requires_grad_(True)
        torch_kwargs = dict(kwargs)
        if "betas" in torch_kwargs:
            torch_kwargs["betas"] = tuple(torch_kwargs["betas"])
        opt = getattr(torch.optim, cls)([w, b], **torch_kwargs)
        losses, params = [], []
        for _ in range(STEPS):
            opt.zero_grad()
            loss = problem_loss(w, b, x, y)
            loss.backward()
            opt.step()
            losses.append(float(loss))
            params.append([enc(w), enc(b)])
        state = []
        for p in (w, b):
            s = {k: enc(v) for k, v in opt.state[p].items() if k != "step" and torch.is_tensor(v)}
            steps = opt.state[p].get("step")
            s_step = int(steps.item()) if torch.is_tensor(steps) else steps
            assert s_step in (None, STEPS), s_step
            state.append(s)
        expected[dtype_name] = {"losses": losses, "params": params, "state": state}
    optimizer_cases.append({"name": name, "optimizer": cls, "kwargs": kwargs, "expected": expected})

# ---------------------------------------------------------------- learning-rate schedules
BASE_LR = 0.1
EPOCHS = 10


def schedule_values(make):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = make(opt)
    rates = []
    for _ in range(EPOCHS + 1):
        rates.append(opt.param_groups[0]["lr"])   # the rate used during this epoch
        opt.step()
        sched.step()
    return rates


S = torch.optim.lr_scheduler
SCHEDULES = [
    # name, Nabla schedule description (read by the Java test), torch scheduler
    ("step_3_0p5", {"kind": "step", "step_size": 3, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
    ("step_1_0p9", {"kind": "step", "step_size": 1, "gamma": 0.9}, lambda o: S.StepLR(o, step_size=1, gamma=0.9)),
    ("exponential_0p8", {"kind": "exponential", "gamma": 0.8}, lambda o: S.ExponentialLR(o, gamma=0.8)),
    # CosineAnnealingLR's recursive form is only a cosine up to T_max (then it rises again): epochs 0..T_max
    ("cosine_10_0", {"kind": "cosine", "t_max": 10, "eta_min": 0.0},
     lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.0)),
    ("cosine_10_0p01", {"kind": "cosine", "t_max": 10, "eta_min": 0.01},
     lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.01)),
    ("linear_warmup_4_0p1", {"kind": "warmup", "epochs": 4, "start_factor": 0.1, "after": {"kind": "constant"}},
     lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=4)),
    ("linear_warmup_3_0p25_then_cosine_7", {"kind": "warmup", "epochs": 3, "start_factor": 0.25,
                                            "after": {"kind": "cosine", "t_max": 7, "eta_min": 0.0}},
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=3),
                                  S.CosineAnnealingLR(o, T_max=7, eta_min=0.0)], milestones=[3])),
    ("linear_warmup_5_0p5_then_exponential", {"kind": "warmup", "epochs": 5, "start_factor": 0.5,
                                              "after": {"kind": "exponential", "gamma": 0.7}},
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.5, end_factor=1.0, total_iters=5),
                                  S.ExponentialLR(o, gamma=0.7)], milestones=[5])),
]
schedule_cases = []
for name, spec, make in SCHEDULES:
    schedule_cases.append({"name": name, "schedule": spec, "base": BASE_LR, "rates": schedule_values(make)})

# ---------------------------------------------------------------- gradient clipping
clip_cases = []
for name, kind, limit, scale in [
    ("norm_clipped", "norm", 1.0, 1.0),
    ("norm_clipped_hard", "norm", 0.05, 3.0),
    ("norm_not_clipped", "norm", 100.0, 1.0),
    ("value_0p5", "value", 0.5, 1.0),
    ("value_not_clipped", "value", 50.0, 1.0),
]:
    g = gen("clip_" + name)
    grads64 = [randn(g, 3, 4, scale=scale), randn(g, 5, scale=scale), randn(g, 2, 1, 3, scale=scale)]
    expected = {}
    for dtype_name, dtype in [("float64", F64), ("float32", F32)]:
        params = [torch.zeros(gr.shape, dtype=dtype, requires_grad=True) for gr in grads64]
        for p, gr in zip(params, grads64):
            p.grad = gr.to(dtype).clone()
        if kind == "norm":
            total = float(torch.nn.utils.clip_grad_norm_(params, limit))
        else:
            torch.nn.utils.clip_grad_value_(params, limit)
            total = None
        expected[dtype_name] = {"total_norm": total, "grads": [enc(p.grad) for p in params]}
    clip_cases.append({"name": name, "kind": kind, "limit": limit, "grads": [enc(gr) for gr in grads64],
                       "expected": expected})

doc = {
    "problem": {"x": enc(X), "y": enc(Y), "w0": enc(W0), "b0": enc(B0), "steps": STEPS},
    "optimizers": optimizer_cases,
    "schedules": schedule_cases,
    "clipping": clip_cases,
}
write(os.path.join(RESOURCES, "optimizers.json"),
      "{\n" + ",\n".join(f"{json.dumps(k)}:" + (
          "[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in v) + "\n]" if isinstance(v, list)
          else json.dumps(v, separators=(",", ":"))) for k, v in doc.items()) + "\n}\n")
print(f"{len(optimizer_cases)} optimizer, {len(schedule_cases)} schedule, {len(clip_cases)} clipping cases",
      file=sys.stderr)
