"""Whole PyTorch models (several modules in one state dict) for @rnn/interop's importPyTorch.

Run from the repository root with the Python that has torch (Debian's python3-torch 1.13.1 is
/usr/bin/python3):

    /usr/bin/python3 tooling/interop-fixtures/make_pytorch_models.py packages/interop/test-fixtures/pytorch

Each case is a small nn.Module as people write them: a char-rnn (nn.Embedding -> nn.LSTM -> nn.Linear),
a bidirectional GRU tagger with batch_first=True and a bias-free classifier head, and a relu RNN
regressor with two Linear layers; and the char-rnn saved in float16 and bfloat16. The script seeds torch, runs each model in eval mode on a fixed
input and writes `<case>.safetensors` (its state_dict(), through make_pytorch.py's writer of
safetensors.torch.save_file's format), `<case>.io.safetensors` (input, output) and `cases.json`
(the options importPyTorch needs that weights cannot tell: nonlinearity, batch_first).
"""
import json
import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).parent))
from make_pytorch import save_safetensors  # noqa: E402


class CharRnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(12, 5)
        self.lstm = nn.LSTM(5, 7, num_layers=2)
        self.head = nn.Linear(7, 12)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.head(out)


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(4, 6, bidirectional=True, batch_first=True)
        self.classify = nn.Linear(12, 3, bias=False)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.classify(out)


class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 5, nonlinearity="relu")
        self.hidden = nn.Linear(5, 4)
        self.out = nn.Linear(4, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.out(self.hidden(out))


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for seed, (name, model, make_input, options) in enumerate([
        ("char_rnn", CharRnn, lambda: torch.randint(0, 12, (6, 3), dtype=torch.int32), {}),
        ("gru_tagger", Tagger, lambda: torch.randn(2, 5, 4), {"batchFirst": True}),
        ("relu_regressor", Regressor, lambda: torch.randn(4, 2, 3), {"nonlinearity": "relu"}),
    ]):
        torch.manual_seed(100 + seed)
        module = model().eval()
        x = make_input()
        with torch.no_grad():
            y = module(x.long() if x.dtype == torch.int32 else x)
        save_safetensors({k: v.contiguous() for k, v in module.state_dict().items()}, out / f"{name}.safetensors", {"format": "pt"})
        save_safetensors({"input": x, "output": y.contiguous()}, out / f"{name}.io.safetensors")
        cases.append({"name": name, "model": model.__name__, "options": options})
    # The char-rnn saved after model.half() and model.bfloat16(), as people share weights to halve
    # the download: the expected output is the float32 model's with the rounded weights.
    for precision in (torch.float16, torch.bfloat16):
        name = f"char_rnn_{str(precision).removeprefix('torch.')}"
        torch.manual_seed(100)
        module = CharRnn().eval()
        rounded = {k: v.to(precision) for k, v in module.state_dict().items()}
        module.load_state_dict({k: v.float() for k, v in rounded.items()})
        x = torch.randint(0, 12, (6, 3), dtype=torch.int32)
        with torch.no_grad():
            y = module(x.long())
        save_safetensors(rounded, out / f"{name}.safetensors", {"format": "pt"})
        save_safetensors({"input": x, "output": y.contiguous()}, out / f"{name}.io.safetensors")
        cases.append({"name": name, "model": "CharRnn", "options": {}})
    (out / "cases.json").write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_pytorch_models.py <out_dir>")
    main(sys.argv[1])
