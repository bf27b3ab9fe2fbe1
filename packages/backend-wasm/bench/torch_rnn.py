"""PyTorch on one native thread, the peer column of bench/run.ts (which spawns this script).

Reads a JSON request on stdin and writes one JSON object on stdout. Run by run.ts with
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1, and torch.set_num_threads(1) here.

For every case (an nn.LSTM, or an nn.GRU, which is PyTorch's reset-after GRU) it loads the
same weights and input as the other libraries from raw float32 files written by run.ts, checks
its forward output against ours (max |y - ours|), then times

- forward: y, _ = layer(x) under torch.inference_mode() (inference, like the other forwards);
- train step: y, _ = layer(x); y.mean().backward(), with every .grad cleared first; no optimizer;

and C = A @ B for n x n float32. Timing plan (same as run.ts's fast plan): warm-up calls until
at least `warmup` calls and `min_warmup_ms`, then samples until at least `min_runs` samples and
`min_time_ms`, at most `max_runs`. Wall time from time.perf_counter, CPU time from
time.process_time (all threads), so the report can show how many cores were busy, and the
machine's busy CPU time from /proc/stat (where there is one), so it can tell when other
processes competed for the CPU.
"""
import json
import os
import sys
import time

import torch


def machine_cpu_ms():
    """Busy CPU time of all cores since boot (user, nice, system, irq, softirq), or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[1:8])
    return (user + nice + system + irq + softirq) * 1e3 / os.sysconf("SC_CLK_TCK")


def measure(fn, plan):
    calls, start = 0, time.perf_counter()
    while calls < plan["warmup"] or (time.perf_counter() - start) * 1e3 < plan["min_warmup_ms"]:
        fn()
        calls += 1
    samples, elapsed, cpu = [], 0.0, 0.0
    window = (time.perf_counter(), time.process_time(), machine_cpu_ms())
    while len(samples) < plan["max_runs"] and (len(samples) < plan["min_runs"] or elapsed < plan["min_time_ms"]):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        took = (time.perf_counter() - t0) * 1e3
        cpu += (time.process_time() - c0) * 1e3
        elapsed += took
        samples.append(took)
    result = {"samples": samples, "total_ms": elapsed, "cpu_ms": cpu}
    wall = (time.perf_counter() - window[0]) * 1e3
    machine = machine_cpu_ms()
    if window[2] is not None and machine is not None and wall >= 250:
        own = (time.process_time() - window[1]) * 1e3
        result["other_cores"] = max(0.0, (machine - window[2] - own) / wall)
    return result


def load(path, shape):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.float32).reshape(shape).clone()


def run_case(case, plan):
    size, files = case["size"], case["files"]
    B, T, I, H = size["batch"], size["steps"], size["input"], size["hidden"]
    gates = 4 if case["cell"] == "lstm" else 3
    layer = torch.nn.LSTM(I, H) if case["cell"] == "lstm" else torch.nn.GRU(I, H)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(load(files["weight_ih"], (gates * H, I)))
        layer.weight_hh_l0.copy_(load(files["weight_hh"], (gates * H, H)))
        layer.bias_ih_l0.copy_(load(files["bias_ih"], (gates * H,)))
        layer.bias_hh_l0.copy_(load(files["bias_hh"], (gates * H,)))
    x = load(files["x"], (T, B, I))
    result = {"name": case["name"]}
    with torch.inference_mode():
        y, _ = layer(x)
    if files.get("reference"):
        result["max_abs_diff"] = float((y - load(files["reference"], (T, B, H))).abs().max())

    def forward():
        with torch.inference_mode():
            layer(x)

    params = list(layer.parameters())

    def train():
        for p in params:
            p.grad = None
        y, _ = layer(x)
        y.mean().backward()
        if any(p.grad is None for p in params):
            raise RuntimeError("a parameter got no gradient")

    for pass_ in case["passes"]:
        result[pass_] = measure(forward if pass_ == "forward" else train, plan)
    return result


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    plan = request["plan"]
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "capability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else None,
        "cases": [],
    }
    for case in request["cases"]:
        try:
            out["cases"].append(run_case(case, plan))
        except Exception as e:  # report it in the table, keep going
            out["cases"].append({"name": case["name"], "error": f"{type(e).__name__}: {e}"[:160]})
    n = request.get("matmul")
    if n:
        g = torch.Generator().manual_seed(1)
        a = torch.rand((n, n), generator=g) * 2 - 1
        b = torch.rand((n, n), generator=g) * 2 - 1
        out["matmul"] = {"n": n, **measure(lambda: torch.mm(a, b), plan)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
