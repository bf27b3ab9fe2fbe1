"""Keras fixtures for @rnn/interop's Keras import tests (packages/interop/src/keras/*.test.ts).

    /usr/bin/python3 tooling/interop-fixtures/make_keras.py packages/interop/test-fixtures/keras

Neither TensorFlow nor Keras is installed where this runs, so the files are not written by
Keras: numpy + h5py (the library Keras itself writes HDF5 with) lay them out exactly as the
Keras source below writes them, and the expected outputs come from a numpy transcription of
Keras's own layer equations (not of @rnn's code). For every case in CASES it seeds numpy, draws
small float32 weights and a fixed input, and writes into the output folder:

  <case>.keras              Keras 3 `model.save("x.keras")`: a ZIP_STORED zip (fixed entry
                            timestamps, so re-runs are byte-identical) holding
                            metadata.json, config.json and model.weights.h5, as
                            keras/src/saving/saving_lib.py (`_save_model_to_fileobj`, `H5IOStore`)
                            writes it at keras-team/keras 3422977a (version 3.16.0): weights
                            under `layers/<snake_case class name>[_<n>]/…/vars/<i>` (the n-th
                            layer of a class gets suffix _n, `_save_container_state`), RNN
                            cells under `…/cell/vars`, Bidirectional's under
                            `…/forward_layer/cell/vars` and `…/backward_layer/cell/vars`,
                            TimeDistributed's under `…/layer/vars`; every vars group carries a
                            `name` attribute (the layer's name), as `make(path, metadata)` adds.
  (Keras 3 `model.save_weights("x.weights.h5")` writes the same HDF5 file as the zip's
  model.weights.h5: the tests take it from there rather than commit it twice.)
  <case>.h5                 Keras 2 (tf.keras 2.15) `model.save("x.h5")`, as
                            keras/saving/legacy/hdf5_format.py `save_model_to_hdf5` writes it:
                            root attrs keras_version / backend (str), model_config (JSON,
                            utf-8 bytes); group model_weights with attrs layer_names (bytes
                            array), backend, keras_version; one group per layer (sorted by
                            name) with attr weight_names (`<layer>/<cell>/kernel:0`, …) and the
                            datasets at those names below it. Keras 3's
                            keras/src/legacy/saving/legacy_h5_format.py writes the same shape.
  <case>.legacy-weights.h5  Keras 2 `model.save_weights("x.h5")`: the model_weights content
                            at the root (`save_weights_to_hdf5_group(f, model)`).
  hostile-*.{h5,keras}      small structurally hostile or unsupported files (see write_hostile).
  cases.json                per case: files, input, expected output; per hostile file: the
                            error class and a message fragment the importer must give.

Equations (numpy, float64, on the float32 weights), transcribed from keras-team/keras 3422977a:
  SimpleRNN  keras/src/layers/rnn/simple_rnn.py SimpleRNNCell.call:
             h = act(x·kernel + bias + h_prev·recurrent_kernel)
  LSTM       keras/src/layers/rnn/lstm.py LSTMCell.call (implementation 2), gates i, f, c, o:
             z = x·kernel + h·recurrent_kernel + bias; i = σ(z0); f = σ(z1);
             c = f·c + i·tanh(z2); o = σ(z3); h = o·tanh(c)
  GRU        keras/src/layers/rnn/gru.py GRUCell.call, gates z, r, h:
             reset_after: bias [2, 3H] (input row, recurrent row); inner = h·R + b_rec;
             z = σ(x_z + inner_z); r = σ(x_r + inner_r); hh = tanh(x_h + r·inner_h)
             else: bias [3H] input only; hh = tanh(x_h + (r·h)·R_h);  h = z·h + (1 − z)·hh
  RNN        keras/src/layers/rnn/rnn.py + keras/src/backend/tensorflow/rnn.py: steps over
             time (reversed under go_backwards; outputs stay in processing order); returns
             every step's output or the last one
  Bidirectional keras/src/layers/rnn/bidirectional.py call: y = forward(x),
             y_rev = backward(x) (go_backwards=True), flipped back in time when
             return_sequences; merged by concat / sum / ave / mul
  Dense      act(x·kernel + bias) over the last axis; softmax over the last axis
  Embedding  embeddings[ids];  Dropout: identity at inference
"""

import io
import json
import re
import sys
import zipfile
from pathlib import Path

import h5py
import numpy as np

KERAS3_VERSION = "3.16.0"
KERAS2_VERSION = "2.15.0"
RNG_SEED = 20261123

# ---------------------------------------------------------------------------------------------
# Numpy reference: Keras's equations.


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


ACTIVATIONS = {
    "linear": lambda x: x,
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": sigmoid,
    "softmax": lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True),
}


def simple_rnn_step(w, cfg, x, state):
    (h,) = state
    k, rk = w[0], w[1]
    z = x @ k + h @ rk + (w[2] if cfg.get("use_bias", True) else 0.0)
    h = ACTIVATIONS[cfg["activation"]](z)
    return h, [h]


def lstm_step(w, cfg, x, state):
    h, c = state
    z = x @ w[0] + h @ w[1] + w[2]
    z0, z1, z2, z3 = np.split(z, 4, axis=-1)
    i, f, o = sigmoid(z0), sigmoid(z1), sigmoid(z3)
    c = f * c + i * np.tanh(z2)
    h = o * np.tanh(c)
    return h, [h, c]


def gru_step(w, cfg, x, state):
    (h,) = state
    units = cfg["units"]
    kernel, rk, bias = w
    if cfg["reset_after"]:
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        input_bias, recurrent_bias = bias, None
    mx = x @ kernel + input_bias
    x_z, x_r, x_h = np.split(mx, 3, axis=-1)
    if cfg["reset_after"]:
        inner = h @ rk + recurrent_bias
    else:
        inner = h @ rk[:, : 2 * units]
    z = sigmoid(x_z + inner[:, :units])
    r = sigmoid(x_r + inner[:, units : 2 * units])
    if cfg["reset_after"]:
        rh = r * inner[:, 2 * units :]
    else:
        rh = (r * h) @ rk[:, 2 * units :]
    hh = np.tanh(x_h + rh)
    h = z * h + (1 - z) * hh
    return h, [h]


STEPS = {"SimpleRNN": (simple_rnn_step, 1), "LSTM": (lstm_step, 2), "GRU": (gru_step, 1)}


def run_rnn(class_name, cfg, w, x):
    """keras RNN layer on batch-first x [B, T, F]."""
    step, n_states = STEPS[class_name]
    batch, steps = x.shape[0], x.shape[1]
    state = [np.zeros((batch, cfg["units"])) for _ in range(n_states)]
    order = range(steps - 1, -1, -1) if cfg.get("go_backwards", False) else range(steps)
    outputs = []
    for t in order:
        out, state = step(w, cfg, x[:, t, :], state)
        outputs.append(out)
    seq = np.stack(outputs, axis=1)  # processing order, as Keras returns it
    return seq if cfg.get("return_sequences", False) else seq[:, -1, :]


def run_layer(layer, x):
    cls, cfg, w = layer["class_name"], layer["config"], layer["weights"]
    if cls in STEPS:
        return run_rnn(cls, cfg, w, x)
    if cls == "Bidirectional":
        inner = cfg["layer"]
        y = run_rnn(inner["class_name"], inner["config"], w[:3], x)
        back = dict(cfg["backward_layer"]["config"])
        y_rev = run_rnn(inner["class_name"], back, w[3:], x)
        if inner["config"].get("return_sequences", False):
            y_rev = np.flip(y_rev, axis=1)
        mode = cfg["merge_mode"]
        return {"concat": lambda: np.concatenate([y, y_rev], -1), "sum": lambda: y + y_rev, "ave": lambda: (y + y_rev) / 2, "mul": lambda: y * y_rev}[mode]()
    if cls == "Dense":
        return ACTIVATIONS[cfg["activation"]](x @ w[0] + w[1])
    if cls == "TimeDistributed":
        inner = cfg["layer"]["config"]
        return ACTIVATIONS[inner["activation"]](x @ w[0] + w[1])
    if cls == "Embedding":
        return w[0][x]
    if cls in ("Dropout", "InputLayer"):
        return x
    raise ValueError(cls)


# ---------------------------------------------------------------------------------------------
# Layer configs, as Keras 3 `get_config` / Keras 2 `get_config` spell them.

POLICY = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}


def initializer(name, **config):
    return {"module": "keras.initializers", "class_name": name, "config": {"seed": None, **config}, "registered_name": None}


def rnn_config(class_name, name, units, **options):
    cfg = {
        "name": name,
        "trainable": True,
        "dtype": POLICY,
        "return_sequences": False,
        "return_state": False,
        "go_backwards": False,
        "stateful": False,
        "unroll": False,
        "zero_output_for_mask": False,
        "units": units,
        "activation": "tanh",
        "use_bias": True,
        "kernel_initializer": initializer("GlorotUniform"),
        "recurrent_initializer": initializer("Orthogonal", gain=1.0),
        "bias_initializer": initializer("Zeros"),
        "kernel_regularizer": None,
        "recurrent_regularizer": None,
        "bias_regularizer": None,
        "activity_regularizer": None,
        "kernel_constraint": None,
        "recurrent_constraint": None,
        "bias_constraint": None,
        "dropout": 0.0,
        "recurrent_dropout": 0.0,
        "seed": None,
    }
    if class_name in ("LSTM", "GRU"):
        cfg["recurrent_activation"] = "sigmoid"
    if class_name == "LSTM":
        cfg["unit_forget_bias"] = True
    if class_name == "GRU":
        cfg["reset_after"] = True
    cfg.update(options)
    return cfg


def layer(class_name, config, **extra):
    return {"class_name": class_name, "config": config, **extra}


def rnn(class_name, name, units, **options):
    return layer(class_name, rnn_config(class_name, name, units, **options))


def bidirectional(name, inner, merge_mode):
    forward = json.loads(json.dumps(inner))
    forward["config"]["name"] = f"forward_{inner['config']['name']}"
    backward = json.loads(json.dumps(inner))
    backward["config"]["name"] = f"backward_{inner['config']['name']}"
    backward["config"]["go_backwards"] = True
    return layer("Bidirectional", {"name": name, "trainable": True, "dtype": POLICY, "merge_mode": merge_mode, "layer": forward, "backward_layer": backward})


def dense(name, units, activation="linear"):
    return layer("Dense", {"name": name, "trainable": True, "dtype": POLICY, "units": units, "activation": activation, "use_bias": True, "kernel_initializer": initializer("GlorotUniform"), "bias_initializer": initializer("Zeros"), "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None})


def time_distributed(name, inner):
    return layer("TimeDistributed", {"name": name, "trainable": True, "dtype": POLICY, "layer": inner})


def embedding(name, input_dim, output_dim, mask_zero=False):
    return layer("Embedding", {"name": name, "trainable": True, "dtype": POLICY, "input_dim": input_dim, "output_dim": output_dim, "embeddings_initializer": initializer("RandomUniform", minval=-0.05, maxval=0.05), "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None, "mask_zero": mask_zero})


def dropout(name, rate):
    return layer("Dropout", {"name": name, "trainable": True, "dtype": POLICY, "rate": rate, "seed": None, "noise_shape": None})


# ---------------------------------------------------------------------------------------------
# Weights: the variables each layer owns, in Keras's order (kernel, recurrent_kernel, bias).

CELL_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}
CELL_NAMES = {"SimpleRNN": "simple_rnn_cell", "LSTM": "lstm_cell", "GRU": "gru_cell"}


def rnn_weights(rng, class_name, cfg, features):
    units, gates = cfg["units"], CELL_GATES[class_name]
    weights = [rng.normal(0, 0.5, (features, gates * units)), rng.normal(0, 0.5, (units, gates * units))]
    if cfg.get("use_bias", True):
        shape = (2, 3 * units) if class_name == "GRU" and cfg["reset_after"] else (gates * units,)
        weights.append(rng.normal(0, 0.3, shape))
    return [w.astype(np.float32) for w in weights]


def make_weights(rng, spec, features):
    """Adds `weights` (float32 arrays) to each layer; returns the output feature size."""
    for entry in spec:
        cls, cfg = entry["class_name"], entry["config"]
        if cls in STEPS:
            entry["weights"] = rnn_weights(rng, cls, cfg, features)
            features = cfg["units"]
        elif cls == "Bidirectional":
            inner = cfg["layer"]
            entry["weights"] = rnn_weights(rng, inner["class_name"], inner["config"], features) + rnn_weights(rng, inner["class_name"], inner["config"], features)
            units = inner["config"]["units"]
            features = 2 * units if cfg["merge_mode"] == "concat" else units
        elif cls in ("Dense", "TimeDistributed"):
            units = cfg["units"] if cls == "Dense" else cfg["layer"]["config"]["units"]
            entry["weights"] = [rng.normal(0, 0.5, (features, units)).astype(np.float32), rng.normal(0, 0.3, (units,)).astype(np.float32)]
            features = units
        elif cls == "Embedding":
            entry["weights"] = [rng.normal(0, 0.5, (cfg["input_dim"], cfg["output_dim"])).astype(np.float32)]
            features = cfg["output_dim"]
        else:
            entry["weights"] = []
    return features


def keras2_weight_names(entry):
    """Variable names as tf.keras 2 gives them (`<layer>/<cell>/kernel:0`)."""
    cls, name = entry["class_name"], entry["config"]["name"]
    rnn_vars = ["kernel", "recurrent_kernel", "bias"]
    if cls in STEPS:
        return [f"{name}/{CELL_NAMES[cls]}/{v}:0" for v in rnn_vars][: len(entry["weights"])]
    if cls == "Bidirectional":
        inner = entry["config"]["layer"]
        half = len(entry["weights"]) // 2
        cell = CELL_NAMES[inner["class_name"]]
        return [f"{name}/forward_{inner['config']['name']}/{cell}/{v}:0" for v in rnn_vars][:half] + [f"{name}/backward_{inner['config']['name']}/{cell}/{v}:0" for v in rnn_vars][:half]
    if cls in ("Dense", "TimeDistributed"):
        return [f"{name}/kernel:0", f"{name}/bias:0"]
    if cls == "Embedding":
        return [f"{name}/embeddings:0"]
    return []


# ---------------------------------------------------------------------------------------------
# Writers.


def to_snake_case(name):
    """keras/src/utils/naming.py to_snake_case, verbatim."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def write_keras3_weights(spec, model_name, functional):
    """model.weights.h5 bytes, as saving_lib._save_state with H5IOStore writes them."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars").attrs["name"] = model_name
        used = {}
        # Sequential.layers omits its InputLayer; Functional.layers keeps it.
        layers = [e for e in spec if functional or e["class_name"] != "InputLayer"]
        for entry in layers:
            base = to_snake_case(entry["class_name"])
            if base in used:
                used[base] += 1
                path = f"layers/{base}_{used[base]}"
            else:
                used[base] = 0
                path = f"layers/{base}"
            cls, cfg, weights = entry["class_name"], entry["config"], entry["weights"]
            f.create_group(f"{path}/vars").attrs["name"] = cfg["name"]

            def write_vars(group_path, owner_name, values):
                group = f.require_group(f"{group_path}/vars")
                group.attrs["name"] = owner_name
                for i, value in enumerate(values):
                    group[str(i)] = value

            if cls in STEPS:
                write_vars(f"{path}/cell", CELL_NAMES[cls], weights)
            elif cls == "Bidirectional":
                half = len(weights) // 2
                inner = cfg["layer"]
                for side, values in (("backward_layer", weights[half:]), ("forward_layer", weights[:half])):
                    write_vars(f"{path}/{side}", cfg["backward_layer" if side == "backward_layer" else "layer"]["config"]["name"], [])
                    write_vars(f"{path}/{side}/cell", CELL_NAMES[inner["class_name"]], values)
            elif cls == "TimeDistributed":
                write_vars(f"{path}/layer", cfg["layer"]["config"]["name"], weights)
            else:
                write_vars(path, cfg["name"], weights)
    return buffer.getvalue()


def keras3_layer_entry(entry, functional, inbound, input_shape):
    out = {"module": "keras.layers", "class_name": entry["class_name"], "config": keras3_config(entry), "registered_name": None}
    if entry["class_name"] != "InputLayer":
        out["build_config"] = {"input_shape": input_shape}
    if functional:
        out["name"] = entry["config"]["name"]
        out["inbound_nodes"] = [] if inbound is None else [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": input_shape, "dtype": "float32", "keras_history": [inbound, 0, 0]}}], "kwargs": {}}]
    return out


def keras3_config(entry):
    """Keras 3 nests wrapped layers as full serialized objects."""
    cfg = json.loads(json.dumps(entry["config"]))
    for key in ("layer", "backward_layer"):
        if key in cfg:
            cfg[key] = {"module": "keras.layers", "class_name": cfg[key]["class_name"], "config": cfg[key]["config"], "registered_name": None}
    return cfg


def keras3_model_config(spec, model_name, functional, input_shape):
    if functional:
        layers = []
        previous = None
        for entry in spec:
            layers.append(keras3_layer_entry(entry, True, previous, input_shape))
            previous = entry["config"]["name"]
        config = {"name": model_name, "trainable": True, "layers": layers, "input_layers": [[spec[0]["config"]["name"], 0, 0]], "output_layers": [[spec[-1]["config"]["name"], 0, 0]]}
        return {"module": "keras", "class_name": "Functional", "config": config, "registered_name": "Functional", "build_config": {"input_shape": None}, "compile_config": None}
    layers = [keras3_layer_entry(e, False, None, input_shape) for e in spec]
    config = {"name": model_name, "trainable": True, "dtype": POLICY, "layers": layers, "build_input_shape": input_shape}
    return {"module": "keras", "class_name": "Sequential", "config": config, "registered_name": None, "build_config": {"input_shape": input_shape}, "compile_config": None}


def write_entry(zf, name, data):
    """A stored zip entry with a fixed timestamp, so that re-running the script changes nothing."""
    zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 23, 0, 0, 0)), data)


def write_keras3(path, spec, model_name, functional, input_shape, config_override=None):
    weights = write_keras3_weights(spec, model_name, functional)
    config = config_override if config_override is not None else keras3_model_config(spec, model_name, functional, input_shape)
    with zipfile.ZipFile(path, "w") as zf:
        write_entry(zf, "metadata.json", json.dumps({"keras_version": KERAS3_VERSION, "date_saved": "2026-11-23@00:00:00"}))
        write_entry(zf, "config.json", json.dumps(config))
        write_entry(zf, "model.weights.h5", weights)
    return weights


def keras2_config(entry, functional, inbound):
    cfg = json.loads(json.dumps(entry["config"]))
    cfg["dtype"] = "float32"
    for key in ("layer", "backward_layer"):
        if key in cfg:
            cfg[key]["config"]["dtype"] = "float32"
            cfg[key]["config"]["time_major"] = False
            cfg[key]["config"]["implementation"] = 2
    if entry["class_name"] in STEPS:
        cfg["time_major"] = False
        cfg["implementation"] = 2
    if entry["class_name"] == "InputLayer":
        cfg = {"batch_input_shape": cfg["batch_shape"], "dtype": "float32", "sparse": False, "ragged": False, "name": cfg["name"]}
    out = {"class_name": entry["class_name"], "config": cfg}
    if functional:
        out["name"] = entry["config"]["name"]
        out["inbound_nodes"] = [] if inbound is None else [[[inbound, 0, 0, {}]]]
    return out


def keras2_model_config(spec, model_name, functional):
    if functional:
        layers, previous = [], None
        for entry in spec:
            layers.append(keras2_config(entry, True, previous))
            previous = entry["config"]["name"]
        return {"class_name": "Functional", "config": {"name": model_name, "layers": layers, "input_layers": [[spec[0]["config"]["name"], 0, 0]], "output_layers": [[spec[-1]["config"]["name"], 0, 0]]}}
    return {"class_name": "Sequential", "config": {"name": model_name, "layers": [keras2_config(e, False, None) for e in spec]}}


def write_keras2_weights_group(group, spec, functional):
    """hdf5_format.save_weights_to_hdf5_group."""
    layers = [e for e in spec if functional or e["class_name"] != "InputLayer"]
    group.attrs["layer_names"] = [e["config"]["name"].encode("utf8") for e in layers]
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = KERAS2_VERSION.encode("utf8")
    for entry in sorted(layers, key=lambda e: e["config"]["name"]):
        layer_group = group.create_group(entry["config"]["name"])
        names = keras2_weight_names(entry)
        # An empty list becomes an empty float64 array, as np.asarray([]) does in Keras.
        layer_group.attrs["weight_names"] = [n.encode("utf8") for n in names] if names else np.asarray([])
        for name, value in zip(names, entry["weights"]):
            dataset = layer_group.create_dataset(name, value.shape, dtype=value.dtype)
            dataset[()] = value


def write_keras2(path, spec, model_name, functional, config_override=None):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = KERAS2_VERSION
        f.attrs["backend"] = "tensorflow"
        config = config_override if config_override is not None else keras2_model_config(spec, model_name, functional)
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        write_keras2_weights_group(f.create_group("model_weights"), spec, functional)


def write_keras2_weights_only(path, spec, functional):
    with h5py.File(path, "w") as f:
        write_keras2_weights_group(f, spec, functional)


# ---------------------------------------------------------------------------------------------
# Cases.

B, T, F = 2, 5, 3


def input_layer(name, shape):
    return layer("InputLayer", {"batch_shape": [None, *shape], "dtype": "float32", "sparse": False, "ragged": False, "name": name})


CASES = [
    ("simple_rnn", "SimpleRNN(4) returning sequences", False, [input_layer("input_layer", [T, F]), rnn("SimpleRNN", "simple_rnn", 4, return_sequences=True)]),
    ("simple_rnn_relu_backwards", "SimpleRNN(4, relu, go_backwards) last output", False, [input_layer("input_layer", [T, F]), rnn("SimpleRNN", "simple_rnn", 4, activation="relu", go_backwards=True)]),
    ("lstm", "LSTM(4) last output", False, [input_layer("input_layer", [T, F]), rnn("LSTM", "lstm", 4)]),
    ("gru_reset_after", "GRU(4, reset_after=True) returning sequences", False, [input_layer("input_layer", [T, F]), rnn("GRU", "gru", 4, return_sequences=True)]),
    ("gru_reset_before", "GRU(4, reset_after=False) returning sequences", False, [input_layer("input_layer", [T, F]), rnn("GRU", "gru", 4, return_sequences=True, reset_after=False)]),
    ("bidirectional_lstm_concat", "Bidirectional(LSTM(3, return_sequences)) concat", False, [input_layer("input_layer", [T, F]), bidirectional("bidirectional", rnn("LSTM", "lstm", 3, return_sequences=True), "concat")]),
    ("bidirectional_gru_sum", "Bidirectional(GRU(3)) sum, last output", False, [input_layer("input_layer", [T, F]), bidirectional("bidirectional", rnn("GRU", "gru", 3), "sum")]),
    ("stacked_lstm_functional", "Functional: LSTM(4, return_sequences) -> LSTM(3)", True, [input_layer("input_layer", [T, F]), rnn("LSTM", "lstm", 4, return_sequences=True), rnn("LSTM", "lstm_1", 3)]),
    ("embedding_lstm_dense", "Embedding(10, 4) -> LSTM(5) -> Dense(3, softmax)", False, [input_layer("input_layer", [T]), embedding("embedding", 10, 4), rnn("LSTM", "lstm", 5), dense("dense", 3, "softmax")]),
    ("dense", "Dense(2, tanh)", False, [input_layer("input_layer", [4]), dense("dense", 2, "tanh")]),
    ("lstm_dropout_time_distributed", "LSTM(4, return_sequences) -> Dropout(0.5) -> TimeDistributed(Dense(2, sigmoid))", False, [input_layer("input_layer", [T, F]), rnn("LSTM", "lstm", 4, return_sequences=True), dropout("dropout", 0.5), time_distributed("time_distributed", dense("dense", 2, "sigmoid"))]),
]


def case_input(rng, spec):
    shape = spec[0]["config"]["batch_shape"][1:]
    if spec[1]["class_name"] == "Embedding":
        return rng.integers(0, spec[1]["config"]["input_dim"], (B, *shape)), "int32"
    return rng.normal(0, 1, (B, *shape)), "float"


def write_case(out, rng, name, description, functional, spec):
    features = spec[0]["config"]["batch_shape"][-1]
    make_weights(rng, spec, features)
    x, x_dtype = case_input(rng, spec)
    y = x
    for entry in spec:
        y = run_layer(entry, y)
    model_name = "functional" if functional else "sequential"
    input_shape = spec[0]["config"]["batch_shape"]
    write_keras3(out / f"{name}.keras", spec, model_name, functional, input_shape)
    write_keras2(out / f"{name}.h5", spec, model_name, functional)
    write_keras2_weights_only(out / f"{name}.legacy-weights.h5", spec, functional)
    return {
        "name": name,
        "description": description,
        "functional": functional,
        "files": {"keras": f"{name}.keras", "legacy_h5": f"{name}.h5", "legacy_weights_h5": f"{name}.legacy-weights.h5"},
        "layer_names": [e["config"]["name"] for e in spec if e["class_name"] != "InputLayer"],
        "input_dtype": x_dtype,
        "input": x.tolist(),
        "output": np.asarray(y, dtype=np.float64).tolist(),
    }


def write_hostile(out, rng):
    """Files the importer must refuse, each with the error class and a message fragment."""
    cases = []

    def add(file, error, fragment, why):
        cases.append({"file": file, "error": error, "message_includes": fragment, "why": why})

    def lstm_spec(**options):
        spec = [input_layer("input_layer", [T, F]), rnn("LSTM", "lstm", 4, **options)]
        make_weights(rng, spec, F)
        return spec

    def lstm_with_declared_shapes(file, spec, shapes):
        """A legacy .h5 of one LSTM whose datasets are declared with `shapes` and never written:
        no storage, so the file stays small whatever the shapes claim."""
        with h5py.File(out / file, "w") as f:
            f.attrs["keras_version"] = KERAS2_VERSION
            f.attrs["backend"] = "tensorflow"
            f.attrs["model_config"] = json.dumps(keras2_model_config(spec, "sequential", False)).encode("utf8")
            group = f.create_group("model_weights")
            group.attrs["layer_names"] = [b"lstm"]
            lstm = group.create_group("lstm")
            names = keras2_weight_names(spec[1])
            lstm.attrs["weight_names"] = [n.encode() for n in names]
            for name, shape, data in zip(names, shapes, spec[1]["weights"]):
                if shape is None:
                    lstm.create_dataset(name, data=data)
                else:
                    lstm.create_dataset(name, shape, dtype="f4")

    # A kernel declaring 10^9 rows: the shape check must refuse it before any read.
    lstm_with_declared_shapes("hostile-huge-kernel.h5", lstm_spec(), [(10**9, 16), None, None])
    add("hostile-huge-kernel.h5", "KerasFormatError", "1000000000", "kernel declared [1e9, 16] where [3, 16] is needed")

    # Config and kernel agree on 10^6 units, but the data cannot be in a file this small.
    spec = lstm_spec()
    spec[1]["config"]["units"] = 10**6
    lstm_with_declared_shapes("hostile-huge-units.h5", spec, [(3, 4 * 10**6), (10**6, 4 * 10**6), (4 * 10**6,)])
    add("hostile-huge-units.h5", "KerasFormatError", "bytes", "weights declared far larger than the file")

    # An int32 kernel.
    spec = lstm_spec()
    spec[1]["weights"][0] = spec[1]["weights"][0].astype(np.int32)
    write_keras2(out / "hostile-int-kernel.h5", spec, "sequential", False)
    add("hostile-int-kernel.h5", "KerasFormatError", "<i4", "weights must be float32 or float64")

    # Two layers with one name.
    spec = [input_layer("input_layer", [T, F]), rnn("LSTM", "lstm", 4, return_sequences=True), rnn("LSTM", "lstm", 3)]
    make_weights(rng, spec, F)
    write_keras3(out / "hostile-duplicate-names.keras", spec, "sequential", False, [None, T, F])
    add("hostile-duplicate-names.keras", "KerasFormatError", "duplicate", "layer names must be unique")

    # Unsupported options and layers.
    write_keras2(out / "hostile-relu-lstm.h5", lstm_spec(activation="relu"), "sequential", False)
    add("hostile-relu-lstm.h5", "UnsupportedModelError", "activation", "LSTM cells here use tanh")
    write_keras2(out / "hostile-hard-sigmoid-lstm.h5", lstm_spec(recurrent_activation="hard_sigmoid"), "sequential", False)
    add("hostile-hard-sigmoid-lstm.h5", "UnsupportedModelError", "hard_sigmoid", "only sigmoid gates")
    write_keras3(out / "hostile-return-state.keras", lstm_spec(return_state=True), "sequential", False, [None, T, F])
    add("hostile-return-state.keras", "UnsupportedModelError", "return_state", "a Sequential cannot return states")
    write_keras3(out / "hostile-backwards-sequences.keras", lstm_spec(go_backwards=True, return_sequences=True), "sequential", False, [None, T, F])
    add("hostile-backwards-sequences.keras", "UnsupportedModelError", "go_backwards", "Keras returns these outputs in processing order")
    spec = [input_layer("input_layer", [T]), embedding("embedding", 10, 4, mask_zero=True), rnn("LSTM", "lstm", 4)]
    make_weights(rng, spec, T)
    write_keras3(out / "hostile-mask-zero.keras", spec, "sequential", False, [None, T])
    add("hostile-mask-zero.keras", "UnsupportedModelError", "mask", "masks are not propagated")
    spec = [input_layer("input_layer", [T, F]), layer("Conv1D", {"name": "conv1d", "filters": 2, "kernel_size": 3}), rnn("LSTM", "lstm", 4)]
    spec[1]["weights"] = []
    spec[2]["weights"] = rnn_weights(rng, "LSTM", spec[2]["config"], F)
    write_keras3(out / "hostile-conv1d.keras", spec, "sequential", False, [None, T, F])
    add("hostile-conv1d.keras", "UnsupportedModelError", "Conv1D", "no @rnn counterpart")

    # A functional model whose output layer reads the input, not the LSTM: not a chain.
    spec = [input_layer("input_layer", [T, F]), rnn("LSTM", "lstm", 4, return_sequences=True), rnn("LSTM", "lstm_1", 3)]
    make_weights(rng, spec, F)
    config = keras3_model_config(spec, "functional", True, [None, T, F])
    config["config"]["layers"][2]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] = ["input_layer", 0, 0]
    write_keras3(out / "hostile-branching.keras", spec, "functional", True, [None, T, F], config_override=config)
    add("hostile-branching.keras", "UnsupportedModelError", "chain", "only single linear chains")

    # Not JSON where config.json should be.
    with zipfile.ZipFile(out / "hostile-config-garbage.keras", "w") as zf:
        write_entry(zf, "metadata.json", "{}")
        write_entry(zf, "config.json", "{not json")
        write_entry(zf, "model.weights.h5", write_keras3_weights(lstm_spec(), "sequential", False))
    add("hostile-config-garbage.keras", "KerasFormatError", "config.json", "config.json must be JSON")
    return cases


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(RNG_SEED)
    cases = [write_case(out, rng, *case) for case in CASES]
    hostile = write_hostile(out, rng)
    manifest = {
        "made_by": "tooling/interop-fixtures/make_keras.py (numpy + h5py; no Keras): see its docstring",
        "keras_sources": {"keras3": "keras-team/keras 3422977a (3.16.0): saving_lib.py, layers/rnn/*.py", "keras2": "tf.keras 2.15 keras/saving/legacy/hdf5_format.py"},
        "tolerance": 1e-5,
        "cases": cases,
        "hostile": hostile,
    }
    (out / "cases.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
