"""ONNX files written by PyTorch's own exporter, for @rnn/interop's importOnnx.

Run from the repository root with the Python that has torch (Debian's python3-torch 1.13.1 is
/usr/bin/python3; torch.onnx.export needs no onnx package):

    /usr/bin/python3 tooling/interop-fixtures/make_torch_onnx.py packages/interop/test-fixtures/torch-onnx

Each case is a small float32 model in eval mode, seeded, exported by torch.onnx.export at opset 14
with dynamic `time` and `batch` axes (so the zero initial states come out as torch's
Shape -> Gather -> ConstantOfShape subgraph, not as constants). The script writes `<case>.onnx`,
`<case>.io.json` (the input and torch's outputs on it, flat in row-major order with their
shapes) and `cases.json` (case name -> the file names and graph output names).
"""
import json
import sys
from pathlib import Path

import torch
from torch import nn


class WithStates(nn.Module):
    """A recurrent layer whose ONNX outputs are its output and its final states (h_n, c_n)."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        out, state = self.rnn(x)
        return (out, *state) if isinstance(state, tuple) else (out, state)


class CharRnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(12, 5)
        self.lstm = nn.LSTM(5, 7)
        self.head = nn.Linear(7, 12)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.head(out)


# (case name, model factory, input factory, output names). Sizes are small: the files are committed.
CASES = [
    ("rnn_tanh_l2", lambda: WithStates(nn.RNN(3, 4, num_layers=2)), lambda: torch.randn(5, 2, 3), ["output", "h_n"]),
    ("rnn_relu_bi", lambda: WithStates(nn.RNN(3, 4, nonlinearity="relu", bidirectional=True)), lambda: torch.randn(5, 2, 3), ["output", "h_n"]),
    ("lstm_l2_bi", lambda: WithStates(nn.LSTM(3, 4, num_layers=2, bidirectional=True)), lambda: torch.randn(5, 2, 3), ["output", "h_n", "c_n"]),
    ("gru_bi", lambda: WithStates(nn.GRU(3, 4, bidirectional=True)), lambda: torch.randn(5, 2, 3), ["output", "h_n"]),
    ("gru_batch_first", lambda: WithStates(nn.GRU(3, 4, batch_first=True)), lambda: torch.randn(2, 5, 3), ["output", "h_n"]),
    ("char_rnn", CharRnn, lambda: torch.randint(0, 12, (6, 2)), ["logits"]),
]


def flat(t):
    return {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cases = {}
    for seed, (name, make_model, make_input, output_names) in enumerate(CASES):
        torch.manual_seed(seed)
        model = make_model().float().eval()
        x = make_input()
        batch_first = getattr(getattr(model, "rnn", None), "batch_first", False)
        data_axes = {0: "batch", 1: "time"} if batch_first else {0: "time", 1: "batch"}
        # The states are [layers·directions, batch, hidden] whatever the layout.
        dynamic_axes = {"input": data_axes, output_names[0]: data_axes, **{n: {1: "batch"} for n in output_names[1:]}}
        torch.onnx.export(model, (x,), str(out / f"{name}.onnx"), input_names=["input"], output_names=output_names, dynamic_axes=dynamic_axes, opset_version=14)
        with torch.no_grad():
            results = model(x)
        results = results if isinstance(results, tuple) else (results,)
        io = {"input": {**flat(x), "dtype": "int32" if x.dtype == torch.int64 else "float32"}, "outputs": {n: flat(r) for n, r in zip(output_names, results)}}
        (out / f"{name}.io.json").write_text(json.dumps(io))
        cases[name] = {"onnx": f"{name}.onnx", "io": f"{name}.io.json", "outputs": output_names}
    (out / "cases.json").write_text(json.dumps(cases, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "packages/interop/test-fixtures/torch-onnx")
