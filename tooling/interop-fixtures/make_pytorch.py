"""PyTorch fixtures for @rnn/layers' safetensors interop tests (src/interop/pytorch.test.ts).

    python3 tooling/interop-fixtures/make_pytorch.py packages/layers/test-fixtures/pytorch

For every case below it seeds torch, builds a small float32 module, runs it on a fixed small
input, and writes into the output folder:

  <case>.safetensors     the module's state_dict(), exactly what
                         safetensors.torch.save_file(model.state_dict(), path) writes
  <case>.io.safetensors  input, initial states (h0, c0) if any, output, final states
                         (h_n, c_n for RNN/LSTM/GRU; h1, c1 for the cells)
  cases.json             each case's module class and constructor arguments (PyTorch's names)

The `safetensors` Python package is not used (it may not be installable): `save_safetensors`
below is a hand-written writer of the same format save_file writes — an 8-byte little-endian
header length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {"format":
"pt"}} padded with spaces to a multiple of 8 bytes, then each tensor's raw little-endian bytes
back to back. Tensors are written sorted by name (save_file orders by dtype, then name; every
state_dict tensor here is F32, so the order is the same).

Embedding indices are stored as I32 in the io file (@rnn/tensor's index dtype); they are
int64 when fed to PyTorch.
"""

import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32", torch.int64: "I64", torch.bool: "BOOL"}


def save_safetensors(tensors, path, metadata=None):
    """Writes `tensors` (name -> tensor) as a safetensors file, as safetensors.torch.save_file does."""
    header = {"__metadata__": metadata} if metadata is not None else {}
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        # numpy has no bfloat16: its bytes are those of the int16 view.
        array = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy()
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


# (case name, module class, constructor arguments). Sizes are small on purpose: the files are committed.
CASES = [
    ("rnn_tanh_l2", "RNN", {"input_size": 3, "hidden_size": 4, "num_layers": 2}),
    ("rnn_relu_bi", "RNN", {"input_size": 3, "hidden_size": 4, "nonlinearity": "relu", "bidirectional": True}),
    ("lstm_l2_bi", "LSTM", {"input_size": 3, "hidden_size": 4, "num_layers": 2, "bidirectional": True}),
    ("lstm_proj", "LSTM", {"input_size": 3, "hidden_size": 5, "proj_size": 2}),
    ("gru_bi", "GRU", {"input_size": 3, "hidden_size": 4, "bidirectional": True}),
    ("rnn_cell", "RNNCell", {"input_size": 3, "hidden_size": 4}),
    ("lstm_cell", "LSTMCell", {"input_size": 3, "hidden_size": 4}),
    ("gru_cell", "GRUCell", {"input_size": 3, "hidden_size": 4}),
    ("linear", "Linear", {"in_features": 3, "out_features": 4}),
    ("embedding", "Embedding", {"num_embeddings": 10, "embedding_dim": 4}),
]

STEPS, BATCH = 5, 2


def run_case(kind, args, module):
    """The io tensors of one case: its input, initial states, outputs and final states."""
    if kind in ("RNN", "LSTM", "GRU"):
        directions = 2 if args.get("bidirectional") else 1
        layers = args.get("num_layers", 1)
        h_size = args.get("proj_size") or args["hidden_size"]
        x = torch.randn(STEPS, BATCH, args["input_size"])
        h0 = torch.randn(layers * directions, BATCH, h_size)
        if kind == "LSTM":
            c0 = torch.randn(layers * directions, BATCH, args["hidden_size"])
            output, (h_n, c_n) = module(x, (h0, c0))
            return {"input": x, "h0": h0, "c0": c0, "output": output, "h_n": h_n, "c_n": c_n}
        output, h_n = module(x, h0)
        return {"input": x, "h0": h0, "output": output, "h_n": h_n}
    if kind in ("RNNCell", "LSTMCell", "GRUCell"):
        x = torch.randn(BATCH, args["input_size"])
        h0 = torch.randn(BATCH, args["hidden_size"])
        if kind == "LSTMCell":
            c0 = torch.randn(BATCH, args["hidden_size"])
            h1, c1 = module(x, (h0, c0))
            return {"input": x, "h0": h0, "c0": c0, "h1": h1, "c1": c1}
        return {"input": x, "h0": h0, "h1": module(x, h0)}
    if kind == "Linear":
        x = torch.randn(BATCH, args["in_features"])
        return {"input": x, "output": module(x)}
    if kind == "Embedding":
        indices = torch.randint(0, args["num_embeddings"], (BATCH, STEPS))
        return {"input": indices.to(torch.int32), "output": module(indices)}
    raise ValueError(f"unknown module class {kind}")


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    listed = []
    for seed, (name, kind, args) in enumerate(CASES):
        torch.manual_seed(seed)
        module = getattr(nn, kind)(**args).float().eval()
        with torch.no_grad():
            io = run_case(kind, args, module)
        save_safetensors(module.state_dict(), out / f"{name}.safetensors", {"format": "pt"})
        save_safetensors(io, out / f"{name}.io.safetensors", {"format": "pt"})
        listed.append({"name": name, "module": kind, "args": args, "seed": seed})
    cases = {"torch": torch.__version__, "cases": listed}
    (out / "cases.json").write_text(json.dumps(cases, indent=2) + "\n")
    print(f"wrote {len(listed)} cases to {out} with torch {torch.__version__}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_pytorch.py OUT_DIR")
    main(sys.argv[1])
