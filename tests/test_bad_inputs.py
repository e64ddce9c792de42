"""Bad input to any public function of ``helpers`` fails within seconds, with a short, clear message.

One row per (public function, input). ``BAD`` rows give the exception type and a regex of its
message; the error must be raised by the helpers themselves (not deep inside torch or matplotlib)
and carry no chained internal traceback. ``GOOD`` rows show that valid but unusual input works:
``torch.device`` objects, NumPy integers, tensors that require grad, ``meta`` tensors where they
can work. The last tests walk every module of the package and fail when a public function or class
has no row, so that a new function must be covered here.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import math
import pkgutil
import socket
import struct
import time
import traceback
from pathlib import Path
from types import SimpleNamespace

import ipywidgets as widgets
import numpy as np
import pytest
import torch
import torchvision.datasets
from matplotlib.figure import Figure

import helpers
from helpers import device as device_module
from helpers import mnist
from helpers.checks import FunctionExercise, call, describe, first_match, is_placeholder, matches, to_number, to_tensor
from helpers.classification_plots import (
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_image_grid,
    plot_learning_curves,
)
from helpers.device import DeviceUnavailableError, as_device, describe_device, get_device, to_device
from helpers.exercises import Exercise, Mistake, Verdict, hidden_note, hide_solution_outputs, show_solution_output
from helpers.explore import explorer, frame, frames, positions
from helpers.figure_text import describe_axes, describe_figure, plain_text
from helpers.metrics import accuracy, confusion_matrix
from helpers.mnist import (
    MNISTChecksumError,
    MNISTUnavailableError,
    ensure_mnist,
    load_mnist_dataset,
    load_mnist_tensors,
    mirrors,
    raw_dir,
    verify_files,
)
from helpers.paths import as_folder, checkout_root, data_dir, is_checkout_root
from helpers.plots import plot_broadcasting, plot_function_and_derivative, plot_tangent
from helpers.progress import progress_bar
from helpers.regression_plots import (
    LossSurface,
    mse_surface,
    plot_descent_on_surface,
    plot_fit,
    plot_learning_rate_study,
    plot_loss_curves,
)
from helpers.seeding import seed_everything
from helpers.style import all_axes, figure_png_with_alt, new_figure, use_course_style
from helpers.synthetic import make_clusters, make_line
from helpers.validation import (
    as_array,
    as_bool,
    as_cpu_tensor,
    as_float,
    as_int,
    as_mapping,
    as_range,
    as_strings,
    received,
)

HELPERS_DIR = Path(helpers.__file__).resolve().parent
NAN, INF = math.nan, math.inf
#: Public callables that accept any input, so they have GOOD rows only.
TAKES_ANY_INPUT = {
    "style.use_course_style": "takes no argument",
    "mnist.mirrors": "takes no argument",
    "validation.received": "describes any object",
    "regression_plots.LossSurface": "a plain named tuple; the plots check it when they use it",
    "exercises.hide_solution_outputs": "takes no argument",
    "exercises.show_solution_output": "prints a message for any exercise number, by design",
    "exercises.hidden_note": "formats any exercise number into the note, by design",
    "exercises.Verdict": "wraps any truth value",
    "checks.describe": "describes any answer",
    "checks.is_placeholder": "answers for any object",
}


def grad(*values: float) -> list[torch.Tensor]:
    """0-dim tensors that require grad, as a training loop that appends `loss` (not `loss.item()`) makes them."""
    return [torch.tensor(float(value), requires_grad=True) for value in values]


def meta(*shape: int) -> torch.Tensor:
    return torch.zeros(shape, device="meta")


def no_cuda(ctx: SimpleNamespace) -> None:
    ctx.monkeypatch.setattr(device_module, "_is_available", lambda kind: kind == "cpu")


def offline(ctx: SimpleNamespace) -> None:
    """Point the downloader at a local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ctx.monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [f"http://127.0.0.1:{port}/mnist/"])
    ctx.monkeypatch.delenv(mnist.MIRROR_ENV_VAR, raising=False)


def fake_mnist(ctx: SimpleNamespace, corrupt: bool = False) -> Path:
    """Tiny valid IDX files in a temporary data directory, with their checksums registered."""
    images = struct.pack(">IIII", 0x803, 2, 28, 28) + bytes(2 * 28 * 28)
    labels = struct.pack(">II", 0x801, 2) + bytes([3, 7])
    contents = dict(zip(mnist.RAW_FILE_MD5, [images, labels, images, labels], strict=True))
    raw = ctx.tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        (raw / name).write_bytes(data[:-1] if corrupt else data)
    ctx.monkeypatch.setattr(mnist, "RAW_FILE_MD5", {n: hashlib.md5(d).hexdigest() for n, d in contents.items()})
    return ctx.tmp_path


def on_meta(points: torch.Tensor) -> torch.Tensor:
    """A model that lives on another device (meta stands in for a GPU): it cannot take CPU points."""
    return torch.sigmoid(torch.nn.Linear(2, 1).to("meta")(points)).squeeze(1)


def legend(fig: Figure, panel: int = 0) -> list[str]:
    return [text.get_text() for text in fig.axes[panel].get_legend().get_texts()]


X = torch.tensor([-1.0, 0.0, 1.0, 2.0])
Y = 2 * X + 1
POINTS = torch.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])
LABELS = torch.tensor([0, 0, 1, 1])
SURFACE = mse_surface(X, Y, resolution=5)
SCORES = torch.tensor([[0.9, 0.1], [0.2, 0.8]])


def line_figure(slope: float = 1.0) -> Figure:
    fig, ax = new_figure(width=2, height=2)
    ax.plot([0, 1], [0, slope])
    return fig


def slope_slider(**options) -> widgets.FloatSlider:
    return widgets.FloatSlider(**{"value": 1.0, "min": 0.0, "max": 2.0, "step": 0.5, **options})


def sigmoid_of_first(points: torch.Tensor) -> torch.Tensor:
    return torch.sigmoid(4 * (points[:, 0] - 1.5))


def bad(function: str, call, error: type[BaseException], pattern: str, case: str, marks=()):
    return pytest.param(function, call, error, pattern, id=f"{function}: {case}", marks=marks)


def good(function: str, call, check, case: str):
    return pytest.param(function, call, check, id=f"{function}: {case}")


BAD = [
    # device
    bad("device.get_device", lambda ctx: get_device(0), TypeError, r"got 0 \(int\).*'cuda'", "an int"),
    bad("device.get_device", lambda ctx: get_device("gpu"), DeviceUnavailableError, r"Unknown device 'gpu'.*'cuda'",
        "gpu"),
    bad("device.get_device", lambda ctx: get_device(torch.device("meta")), DeviceUnavailableError,
        r"Unknown device 'meta'.*cuda, mps, cpu", "a device torch knows but the course does not"),
    bad("device.get_device", lambda ctx: (no_cuda(ctx), get_device(torch.device("cuda"))), DeviceUnavailableError,
        r"'cuda' was requested \(from the argument\) but is not available.*get_device\(\)", "cuda without a GPU"),
    bad("device.get_device", lambda ctx: (ctx.monkeypatch.setenv("COURSE_DEVICE", "gpu"), get_device()),
        DeviceUnavailableError, r"Unknown device 'gpu' \(from the environment variable COURSE_DEVICE\)", "bad env"),
    bad("device.as_device", lambda ctx: as_device(1.5), TypeError, r"name such as 'cuda'.*got 1\.5 \(float\)",
        "a float"),
    bad("device.as_device", lambda ctx: as_device("tpu"), DeviceUnavailableError, r"Unknown device 'tpu'", "unknown"),
    bad("device.to_device", lambda ctx: to_device(torch.ones(1), "gpu"), DeviceUnavailableError,
        r"Unknown device 'gpu'.*use 'cuda'", "gpu"),
    bad("device.to_device", lambda ctx: to_device(torch.ones(1), 0), TypeError, r"got 0 \(int\)", "an int"),
    bad("device.to_device", lambda ctx: (no_cuda(ctx), to_device(torch.ones(1), "cuda:0")), DeviceUnavailableError,
        r"'cuda:0' was requested .* not available", "cuda without a GPU"),
    bad("device.describe_device", lambda ctx: describe_device(3), TypeError, r"got 3 \(int\)", "an int"),
    bad("device.describe_device", lambda ctx: (no_cuda(ctx), describe_device("cuda")), DeviceUnavailableError,
        r"not available", "cuda without a GPU"),
    # seeding
    bad("seeding.seed_everything", lambda ctx: seed_everything(2.5), TypeError,
        r"seed must be an integer, got 2\.5 \(float\)", "a float"),
    bad("seeding.seed_everything", lambda ctx: seed_everything(-1), ValueError, r"seed must be at least 0", "negative"),
    bad("seeding.seed_everything", lambda ctx: seed_everything(True), TypeError, r"not True or False", "a bool"),
    # synthetic
    bad("synthetic.make_line", lambda ctx: make_line(weight=NAN), ValueError,
        r"weight must be a finite number, got nan", "nan weight"),
    bad("synthetic.make_line", lambda ctx: make_line(weight=[1.0, INF]), ValueError,
        r"weight must be finite, but it holds inf at index 1", "inf in a weight list"),
    bad("synthetic.make_line", lambda ctx: make_line(weight=[]), ValueError, r"weight is empty", "no weight"),
    bad("synthetic.make_line", lambda ctx: make_line(weight="2"), TypeError, r"weight must be a number, got '2'",
        "a string weight"),
    bad("synthetic.make_line", lambda ctx: make_line(weight=[[1.0]]), ValueError, r"flat list", "nested weights"),
    bad("synthetic.make_line", lambda ctx: make_line(bias=INF), ValueError, r"bias must be a finite number, got inf",
        "inf bias"),
    bad("synthetic.make_line", lambda ctx: make_line(noise=NAN), ValueError, r"noise must be a finite number.*standard",
        "nan noise"),
    bad("synthetic.make_line", lambda ctx: make_line(noise=-1), ValueError, r"noise must be >= 0.*standard deviation",
        "negative noise"),
    bad("synthetic.make_line", lambda ctx: make_line(x_range=(0.0, INF)), ValueError,
        r"x_range\[1\] must be a finite number, got inf", "infinite range"),
    bad("synthetic.make_line", lambda ctx: make_line(x_range=(2.0, 1.0)), ValueError, r"low < high.*Swap",
        "reversed range"),
    bad("synthetic.make_line", lambda ctx: make_line(x_range=(1.0,)), TypeError, r"x_range must be a pair",
        "a range of one number"),
    bad("synthetic.make_line", lambda ctx: make_line(n_samples=2.5), TypeError,
        r"n_samples must be an integer, got 2\.5 \(float\)", "a float size"),
    bad("synthetic.make_line", lambda ctx: make_line(n_samples=100.0), TypeError, r"Write 100 instead",
        "a whole float size"),
    bad("synthetic.make_line", lambda ctx: make_line(n_samples=0), ValueError, r"n_samples must be at least 1",
        "no samples"),
    bad("synthetic.make_line", lambda ctx: make_line(seed=-3), ValueError, r"seed must be at least 0", "bad seed"),
    bad("synthetic.make_clusters", lambda ctx: make_clusters(spread=NAN), ValueError,
        r"spread must be a finite number, got nan", "nan spread"),
    bad("synthetic.make_clusters", lambda ctx: make_clusters(spread=0), ValueError, r"spread must be > 0",
        "zero spread"),
    bad("synthetic.make_clusters", lambda ctx: make_clusters(centers=((0.0, NAN), (1.0, 1.0))), ValueError,
        r"centers must be finite.*nan at index \(0, 1\)", "nan centre"),
    bad("synthetic.make_clusters", lambda ctx: make_clusters(centers=((0.0, 0.0, 0.0), (1.0, 1.0, 1.0))), ValueError,
        r"two \(x, y\) points", "3-D centres"),
    bad("synthetic.make_clusters", lambda ctx: make_clusters(n_samples=1), ValueError, r"at least 2", "one sample"),
    bad("synthetic.make_clusters", lambda ctx: make_clusters(n_samples=np.float64(10)), TypeError,
        r"n_samples must be an integer.*Write 10 instead", "a NumPy float size"),
    # metrics
    bad("metrics.accuracy", lambda ctx: accuracy(SCORES, torch.tensor([0.0, 1.0])), TypeError,
        r"targets must hold integer class labels, got dtype float32.*\.long\(\)", "float labels"),
    bad("metrics.accuracy", lambda ctx: accuracy(SCORES, torch.tensor([0, -1])), ValueError,
        r"targets contains the label -1.*count from 0", "a negative label"),
    bad("metrics.accuracy", lambda ctx: accuracy(SCORES, torch.tensor([0, 2])), ValueError,
        r"targets contains the label 2, but scores has 2 columns, for the classes 0 to 1", "a label >= classes"),
    bad("metrics.accuracy", lambda ctx: accuracy(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long)), ValueError,
        r"at least one sample", "no samples"),
    bad("metrics.accuracy", lambda ctx: accuracy(torch.tensor([1, 0]), torch.tensor([1, 0])), ValueError,
        r"shape \(samples, classes\)", "labels as scores"),
    bad("metrics.accuracy", lambda ctx: accuracy(torch.rand(4, 3), torch.tensor([1, 2])), ValueError, r"same length",
        "lengths differ"),
    bad("metrics.accuracy", lambda ctx: accuracy(meta(2, 2), torch.tensor([0, 1])), ValueError, r"'meta' device",
        "meta scores"),
    bad("metrics.accuracy", lambda ctx: accuracy(SCORES, "01"), TypeError, r"targets must hold numbers", "a string"),
    bad("metrics.confusion_matrix", lambda ctx: confusion_matrix(torch.tensor([0, -1]), torch.tensor([0, 1]), 2),
        ValueError, r"predicted contains the label -1", "a negative label"),
    bad("metrics.confusion_matrix", lambda ctx: confusion_matrix(torch.tensor([0, 1]), torch.tensor([0, 2]), 2),
        ValueError, r"targets contains the label 2, but labels must be smaller than num_classes=2\. Pass num_classes=3",
        "a label >= num_classes"),
    bad("metrics.confusion_matrix", lambda ctx: confusion_matrix(torch.tensor([0.0, 1.0]), torch.tensor([0, 1]), 2),
        TypeError, r"predicted must hold integer class labels, got dtype float32", "float labels"),
    bad("metrics.confusion_matrix", lambda ctx: confusion_matrix(torch.tensor([0, 1]), torch.tensor([0, 1]), 2.5),
        TypeError, r"num_classes must be an integer, got 2\.5", "a float num_classes"),
    bad("metrics.confusion_matrix", lambda ctx: confusion_matrix(torch.tensor([0]), torch.tensor([0]), 0),
        ValueError, r"num_classes must be at least 1", "zero classes"),
    bad("metrics.confusion_matrix", lambda ctx: confusion_matrix(meta(2).long(), torch.tensor([0, 1]), 2),
        ValueError, r"predicted is on the 'meta' device", "meta labels"),
    # plots
    bad("plots.plot_broadcasting", lambda ctx: plot_broadcasting(torch.zeros(1, 1, 1), torch.zeros(1)), ValueError,
        r"at most 2 dimensions", "3-D"),
    bad("plots.plot_broadcasting", lambda ctx: plot_broadcasting(torch.zeros(2, 3), torch.zeros(2)), ValueError,
        r"\(2, 3\) and \(2,\) do not broadcast", "incompatible shapes"),
    bad("plots.plot_broadcasting", lambda ctx: plot_broadcasting(torch.zeros(0), torch.zeros(1)), ValueError,
        r"needs an element in each tensor", "empty"),
    bad("plots.plot_broadcasting", lambda ctx: plot_broadcasting(torch.zeros(11, 1), torch.zeros(11)), ValueError,
        r"a \+ b has shape \(11, 11\).*Slice", "too many cells"),
    bad("plots.plot_broadcasting", lambda ctx: plot_broadcasting(["a"], [1.0]), TypeError, r"a must hold numbers",
        "strings"),
    bad("plots.plot_broadcasting", lambda ctx: plot_broadcasting(meta(2), torch.zeros(2)), ValueError,
        r"a is on the 'meta' device", "meta"),
    bad("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative([], [], []), ValueError,
        r"x is empty", "empty"),
    bad("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative([0, 1], [0, 1], [0]),
        ValueError, r"x and dydx must have the same length, got 2 and 1", "lengths differ"),
    bad("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative([0, 1], [0, 1], None),
        TypeError, r"dydx is None.*backward\(\)", "x.grad before backward"),
    bad("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative([0, NAN], [0, 1], [0, 1]),
        ValueError, r"x must be finite, but it holds nan at index 1", "nan in x"),
    bad("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative([0, 1], [NAN, INF], [0, 1]),
        ValueError, r"y has no finite value", "no finite y"),
    bad("plots.plot_function_and_derivative",
        lambda ctx: plot_function_and_derivative(np.zeros((2, 2)), [0, 1], [0, 1]), ValueError,
        r"x must be one-dimensional, got shape \(2, 2\)", "2-D x"),
    bad("plots.plot_function_and_derivative",
        lambda ctx: plot_function_and_derivative([0, 1], [0, 1], [0, 1], name="x_1_2"), ValueError,
        r"TeX.*'x_1_2'.*Double subscript", "bad TeX name"),
    bad("plots.plot_function_and_derivative",
        lambda ctx: plot_function_and_derivative([0, 1], [0, 1], [0, 1], ax=new_figure()[0]), TypeError,
        r"ax must be a matplotlib Axes.*got <Figure", "a Figure as ax"),
    bad("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative(meta(2), [0, 1], [0, 1]),
        ValueError, r"x is on the 'meta' device", "meta"),
    bad("plots.plot_tangent", lambda ctx: plot_tangent([0, 1], [0, 1], NAN, 0.0, 1.0), ValueError,
        r"x0 must be a finite number, got nan", "nan x0"),
    bad("plots.plot_tangent", lambda ctx: plot_tangent([0, 1], [0, 1], 0.0, 0.0, INF), ValueError,
        r"slope must be a finite number, got inf", "inf slope"),
    bad("plots.plot_tangent", lambda ctx: plot_tangent([0, 1], [0, 1], 0.0, "0", 1.0), TypeError,
        r"y0 must be a number, got '0'", "a string y0"),
    bad("plots.plot_tangent", lambda ctx: plot_tangent([], [], 0.0, 0.0, 1.0), ValueError, r"x is empty", "empty"),
    bad("plots.plot_tangent", lambda ctx: plot_tangent([0, 1, 2], [0, 1], 0.0, 0.0, 1.0), ValueError,
        r"x and y must have the same length, got 3 and 2", "lengths differ"),
    # regression plots
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(X, Y, w_range=(NAN, 1.0)), ValueError,
        r"w_range\[0\] must be a finite number, got nan", "nan range"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(X, Y, b_range=(1.0, -1.0)), ValueError,
        r"b_range must be \(low, high\) with low < high", "reversed range"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(X, Y, resolution=50.5), TypeError,
        r"resolution must be an integer, got 50\.5", "a float resolution"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(X, Y, resolution=1), ValueError,
        r"resolution must be at least 2", "resolution 1"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(X, Y, resolution=10**6), ValueError,
        r"resolution must be at most 1000", "a huge resolution"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(torch.zeros(0), torch.zeros(0)), ValueError,
        r"x is empty", "no samples"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(torch.tensor([0.0, NAN]), torch.zeros(2)), ValueError,
        r"x must be finite, but it holds nan at index 1", "nan data"),
    bad("regression_plots.mse_surface", lambda ctx: mse_surface(torch.zeros(3), torch.zeros(2)), ValueError,
        r"x \(3,\) and y \(2,\)", "lengths differ"),
    bad("regression_plots.plot_fit", lambda ctx: plot_fit(torch.zeros(0), torch.zeros(0), {}), ValueError,
        r"x is empty", "no samples"),
    bad("regression_plots.plot_fit", lambda ctx: plot_fit(X, Y, [(2.0, 1.0)]), TypeError,
        r"lines must be a dict of label -> \(w, b\)", "a list of lines"),
    bad("regression_plots.plot_fit", lambda ctx: plot_fit(X, Y, {"fit": (NAN, 1.0)}), ValueError,
        r"w of lines\['fit'\] must be a finite number, got nan", "nan w"),
    bad("regression_plots.plot_fit", lambda ctx: plot_fit(X, Y, {"fit": 2.0}), TypeError,
        r"lines\['fit'\] must be a pair \(w, b\)", "w without b"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({}), ValueError,
        r"curves is empty: it needs at least one entry", "empty mapping"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"run": []}), ValueError,
        r"curves\['run'\] is empty", "empty curve"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves([1.0, 0.5]), TypeError,
        r"curves must be a dict such as", "a bare list"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"run": [NAN, INF]}), ValueError,
        r"curves\['run'\] has no finite loss.*learning rate", "only non-finite losses"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"run": [-1.0, -2.0]}), ValueError,
        r"no positive loss.*log_scale=False", "negative values on a log scale"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"run": [1.0]}, log_scale="no"), TypeError,
        r"log_scale must be True or False", "a string flag"),
    bad("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"run": [meta()]}), ValueError,
        r"curves\['run'\] is on the 'meta' device", "meta losses"),
    bad("regression_plots.plot_descent_on_surface", lambda ctx: plot_descent_on_surface(SURFACE, []), ValueError,
        r"\(w, b\) pairs, got shape \(0,\)", "empty path"),
    bad("regression_plots.plot_descent_on_surface", lambda ctx: plot_descent_on_surface(SURFACE, [1.0, 2.0]),
        ValueError, r"\(w, b\) pairs, got shape \(2,\)", "numbers, not pairs"),
    bad("regression_plots.plot_descent_on_surface", lambda ctx: plot_descent_on_surface((X, Y), [(0, 0)]), TypeError,
        r"surface must be the LossSurface that mse_surface\(\) returns", "not a surface"),
    bad("regression_plots.plot_descent_on_surface",
        lambda ctx: plot_descent_on_surface(LossSurface(SURFACE.w, SURFACE.b, SURFACE.loss * INF), [(0, 0)]),
        ValueError, r"surface.loss holds nan or inf", "an overflowed surface"),
    bad("regression_plots.plot_learning_rate_study", lambda ctx: plot_learning_rate_study(SURFACE, {}), ValueError,
        r"paths is empty", "empty mapping"),
    bad("regression_plots.plot_learning_rate_study",
        lambda ctx: plot_learning_rate_study(SURFACE, {str(i): [(0, 0)] for i in range(13)}), ValueError,
        r"paths has 13 entries.*at most 12", "too many panels"),
    bad("regression_plots.plot_learning_rate_study", lambda ctx: plot_learning_rate_study(SURFACE, {"a": [(0, 0, 0)]}),
        ValueError, r"\(w, b\) pairs, got shape \(1, 3\)", "triples"),
    # classification plots
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(sigmoid_of_first, POINTS, torch.tensor([0, 2, 0, 2])), ValueError,
        r"y must hold the labels 0 and 1 only, got \[0, 2\]", "labels 0 and 2"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(sigmoid_of_first, POINTS, torch.tensor([0.0, 0.5, 1.0, 1.0])), ValueError,
        r"labels 0 and 1 only, got \[0, 0\.5, 1\]", "a fractional label"),
    bad("classification_plots.plot_decision_boundary", lambda ctx: plot_decision_boundary("model", POINTS, LABELS),
        TypeError, r"probability must be a function", "not callable"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(lambda p: torch.sigmoid(p), POINTS, LABELS, resolution=10), ValueError,
        r"one probability per point, shape \(100,\).*returned shape \(100, 2\)", "wrong result shape"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(lambda p: 4 * p[:, 0], POINTS, LABELS, resolution=10), ValueError,
        r"probabilities in \[0, 1\].*torch\.sigmoid", "logits instead of probabilities"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(on_meta, POINTS, LABELS, resolution=10), ValueError,
        r"another device.*p\.to\(device\).*\.cpu\(\)", "model on another device"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(sigmoid_of_first, torch.zeros(0, 2), torch.zeros(0)), ValueError,
        r"x is empty", "no samples"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(sigmoid_of_first, POINTS * NAN, LABELS), ValueError,
        r"x must be finite", "nan points"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(sigmoid_of_first, torch.zeros(4, 3), LABELS), ValueError,
        r"x must have shape \(samples, 2\)", "3 features"),
    bad("classification_plots.plot_decision_boundary",
        lambda ctx: plot_decision_boundary(sigmoid_of_first, POINTS, LABELS, resolution=10**5), ValueError,
        r"resolution must be at most 1000", "a huge resolution"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(0, 28, 28)), ValueError,
        r"n > 0, got \(0, 28, 28\)", "no images"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(28, 28)), ValueError,
        r"got \(28, 28\).*unsqueeze\(0\)", "one image without a batch dimension"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(300, 8, 8)), ValueError,
        r"300 images are more than 100.*images\[:32\]", "too many images"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.full((1, 2, 2), NAN)), ValueError,
        r"images hold nan or inf", "nan pixels"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(3, 2, 2), titles="abc"),
        TypeError, r"titles must be a list with one string per image", "a string of titles"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(3, 2, 2), titles=["a", "b"]),
        ValueError, r"got 2 titles for 3 images", "too few titles"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(3, 2, 2), ncols=0),
        ValueError, r"ncols must be at least 1", "no columns"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(3, 2, 2), ncols=2.5),
        TypeError, r"ncols must be an integer, got 2\.5", "a float ncols"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(3, 2, 2), cmap="gray_reversed"),
        ValueError, r"cmap must be a matplotlib colour map.*got 'gray_reversed'", "unknown colour map"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(torch.zeros(3, 2, 2), symmetric="yes"),
        TypeError, r"symmetric must be True or False", "a string flag"),
    bad("classification_plots.plot_image_grid", lambda ctx: plot_image_grid(meta(3, 2, 2)), ValueError,
        r"images is on the 'meta' device", "meta images"),
    bad("classification_plots.plot_confusion_matrix", lambda ctx: plot_confusion_matrix(torch.zeros(2, 3)),
        ValueError, r"square, got shape \(2, 3\)", "not square"),
    bad("classification_plots.plot_confusion_matrix", lambda ctx: plot_confusion_matrix(torch.zeros(0, 0)),
        ValueError, r"matrix is empty", "empty"),
    bad("classification_plots.plot_confusion_matrix",
        lambda ctx: plot_confusion_matrix(torch.tensor([[1, -1], [0, 1]])), ValueError,
        r"cannot be negative, got -1", "a negative count"),
    bad("classification_plots.plot_confusion_matrix",
        lambda ctx: plot_confusion_matrix(torch.tensor([[1.0, NAN], [0.0, 1.0]])), ValueError,
        r"matrix must be finite", "a nan count"),
    bad("classification_plots.plot_confusion_matrix",
        lambda ctx: plot_confusion_matrix(torch.eye(2), class_names=["cat", "dog", "cow"]), ValueError,
        r"got 3 class_names for 2 classes", "too many names"),
    bad("classification_plots.plot_confusion_matrix", lambda ctx: plot_confusion_matrix(torch.eye(60)), ValueError,
        r"60 classes are more than 30", "too many classes"),
    bad("classification_plots.plot_learning_curves", lambda ctx: plot_learning_curves([], [], []), ValueError,
        r"train_losses is empty", "no epochs"),
    bad("classification_plots.plot_learning_curves", lambda ctx: plot_learning_curves([1.0], [1.0, 2.0], [0.5]),
        ValueError, r"one value per epoch.*got 1, 2 and 1 values", "lengths differ"),
    bad("classification_plots.plot_learning_curves", lambda ctx: plot_learning_curves([1.0], [1.0], [95.0]),
        ValueError, r"fractions between 0 and 1.*divide them by 100", "percentages"),
    bad("classification_plots.plot_learning_curves", lambda ctx: plot_learning_curves([1.0], [1.0], [NAN]),
        ValueError, r"val_accuracies must be finite", "nan accuracy"),
    bad("classification_plots.plot_learning_curves", lambda ctx: plot_learning_curves([NAN], [1.0], [0.5]),
        ValueError, r"train_losses has no finite value", "only nan losses"),
    bad("classification_plots.plot_learning_curves", lambda ctx: plot_learning_curves([meta()], [1.0], [0.5]),
        ValueError, r"train_losses is on the 'meta' device", "meta losses"),
    # style
    bad("style.new_figure", lambda ctx: new_figure(0), ValueError, r"nrows must be at least 1", "no rows"),
    bad("style.new_figure", lambda ctx: new_figure(1, 2.5), TypeError, r"ncols must be an integer, got 2\.5", "float"),
    bad("style.new_figure", lambda ctx: new_figure(width=NAN), ValueError, r"width must be a finite number.*inches",
        "nan width"),
    bad("style.new_figure", lambda ctx: new_figure(height=-1), ValueError, r"height must be > 0\.0.*inches",
        "negative height"),
    bad("style.new_figure", lambda ctx: new_figure(width=10**6), ValueError, r"larger than 200", "a huge width"),
    bad("style.figure_png_with_alt", lambda ctx: figure_png_with_alt(new_figure()[1]), TypeError,
        r"figure_png_with_alt takes a matplotlib Figure, got Axes", "a panel, not its figure"),
    bad("style.all_axes", lambda ctx: all_axes(None), TypeError, r"all_axes takes what new_figure returns.*None",
        "None"),
    bad("style.all_axes", lambda ctx: all_axes(new_figure()[0]), TypeError, r"got <Figure", "the figure"),
    # progress
    bad("progress.progress_bar", lambda ctx: progress_bar(5), TypeError, r"got 5 \(int\).*pass range\(5\)", "a number"),
    bad("progress.progress_bar", lambda ctx: progress_bar(range(3), descr="x"), TypeError,
        r"tqdm, which rejects them: Unknown argument\(s\): \{'descr'", "a misspelt keyword"),
    # paths
    bad("paths.as_folder", lambda ctx: as_folder(5, "root"), TypeError, r"root must be a folder path.*got 5 \(int\)",
        "an int"),
    bad("paths.is_checkout_root", lambda ctx: is_checkout_root(None), TypeError, r"folder must be a folder path",
        "None"),
    bad("paths.checkout_root", lambda ctx: checkout_root(3.0), TypeError, r"start must be a folder path", "a float"),
    bad("paths.data_dir",
        lambda ctx: ((ctx.tmp_path / "f").write_text(""),
                     ctx.monkeypatch.setenv("COURSE_DATA_DIR", str(ctx.tmp_path / "f")), data_dir()),
        NotADirectoryError, r"which is a file, not a folder.*unset it", "COURSE_DATA_DIR is a file"),
    # mnist
    bad("mnist.raw_dir", lambda ctx: raw_dir(5), TypeError, r"root must be a folder path", "an int root"),
    bad("mnist.verify_files", lambda ctx: verify_files(ctx.tmp_path, split="validation"), ValueError,
        r"split must be 'train' or 'test', got 'validation'", "unknown split"),
    bad("mnist.verify_files", lambda ctx: verify_files(ctx.tmp_path), FileNotFoundError, r"Missing MNIST file",
        "missing data"),
    bad("mnist.verify_files", lambda ctx: verify_files(fake_mnist(ctx, corrupt=True)), MNISTChecksumError,
        r"is corrupt or incomplete.*Delete it", "corrupt data"),
    bad("mnist.ensure_mnist", lambda ctx: ensure_mnist(ctx.tmp_path, timeout=NAN), ValueError,
        r"timeout must be a finite number.*seconds", "nan timeout"),
    bad("mnist.ensure_mnist", lambda ctx: ensure_mnist(ctx.tmp_path, timeout=0), ValueError, r"timeout must be > 0",
        "zero timeout"),
    bad("mnist.ensure_mnist", lambda ctx: ensure_mnist(ctx.tmp_path, split=["test"]), TypeError,
        r"split must be 'train' or 'test', got \['test'\] \(list\)", "a list split"),
    bad("mnist.ensure_mnist", lambda ctx: (offline(ctx), ensure_mnist(ctx.tmp_path)), MNISTUnavailableError,
        r"(?s)could not be downloaded.*COURSE_DATA_DIR", "no network"),
    bad("mnist.load_mnist_dataset", lambda ctx: load_mnist_dataset("validation"), ValueError,
        r"'train' or 'test', got 'validation'", "unknown split"),
    bad("mnist.load_mnist_dataset", lambda ctx: load_mnist_dataset("test", transform="ToTensor"), TypeError,
        r"transform must be a function of an image", "a string transform"),
    bad("mnist.load_mnist_tensors", lambda ctx: load_mnist_tensors("test", device="gpu"), DeviceUnavailableError,
        r"Unknown device 'gpu'", "gpu, before any loading"),
    bad("mnist.load_mnist_tensors", lambda ctx: load_mnist_tensors("test", device=1), TypeError, r"got 1 \(int\)",
        "an int device"),
    bad("mnist.load_mnist_tensors", lambda ctx: load_mnist_tensors("test", normalize="yes"), TypeError,
        r"normalize must be True or False", "a string flag"),
    bad("mnist.load_mnist_tensors", lambda ctx: load_mnist_tensors(None), TypeError, r"split must be 'train' or 'test'",
        "no split"),
    # validation
    bad("validation.as_int", lambda ctx: as_int(2.5, "n"), TypeError, r"n must be an integer, got 2\.5 \(float\)",
        "a float"),
    bad("validation.as_int", lambda ctx: as_int(np.bool_(True), "n"), TypeError, r"not True or False", "a NumPy bool"),
    bad("validation.as_int", lambda ctx: as_int(torch.tensor(3.0), "n"), TypeError,
        r"n must be an integer, got a tensor", "a float tensor"),
    bad("validation.as_int", lambda ctx: as_int(torch.tensor(3, device="meta"), "n"), ValueError, r"'meta' device",
        "a meta tensor"),
    bad("validation.as_int", lambda ctx: as_int(5, "n", maximum=4), ValueError, r"n must be at most 4, got 5",
        "too large"),
    bad("validation.as_bool", lambda ctx: as_bool(1, "flag"), TypeError, r"flag must be True or False, got 1 \(int\)",
        "an int"),
    bad("validation.as_float", lambda ctx: as_float(INF, "w"), ValueError, r"w must be a finite number, got inf",
        "inf"),
    bad("validation.as_float", lambda ctx: as_float("1", "w"), TypeError, r"w must be a number, got '1' \(str\)",
        "a string"),
    bad("validation.as_float", lambda ctx: as_float(torch.ones(3), "w"), TypeError, r"got a tensor of shape \(3,\)",
        "a tensor of 3 numbers"),
    bad("validation.as_float", lambda ctx: as_float(meta(), "w"), ValueError, r"'meta' device", "a meta tensor"),
    bad("validation.as_range", lambda ctx: as_range((1, 0), "r"), ValueError, r"low < high", "reversed"),
    bad("validation.as_range", lambda ctx: as_range(5, "r"), TypeError, r"r must be a pair \(low, high\)", "a number"),
    bad("validation.as_cpu_tensor", lambda ctx: as_cpu_tensor("abc", "v"), TypeError, r"v must hold numbers", "a str"),
    bad("validation.as_cpu_tensor", lambda ctx: as_cpu_tensor([[1, 2], [3]], "v"), ValueError,
        r"rows have different lengths", "ragged"),
    bad("validation.as_cpu_tensor", lambda ctx: as_cpu_tensor([meta()], "v"), ValueError, r"v is on the 'meta' device",
        "a list holding a meta tensor"),
    bad("validation.as_array", lambda ctx: as_array([[1.0]], "v"), ValueError, r"one-dimensional, got shape \(1, 1\)",
        "2-D"),
    bad("validation.as_array", lambda ctx: as_array([1.0, NAN], "v"), ValueError, r"holds nan at index 1", "nan"),
    bad("validation.as_strings", lambda ctx: as_strings("ab", "titles", 2, per="image"), TypeError,
        r"titles must be a list", "a str"),
    bad("validation.as_strings", lambda ctx: as_strings(["a"], "titles", 2, per="image"), ValueError,
        r"got 1 titles for 2 images", "too few"),
    bad("validation.as_mapping", lambda ctx: as_mapping([], "curves", example="{}"), TypeError,
        r"curves must be a dict", "a list"),
    bad("validation.as_mapping", lambda ctx: as_mapping({}, "curves", example="{'a': 1}"), ValueError,
        r"curves is empty", "empty"),
    # modules outside this change: their rows document what they do not check yet
    # explore
    bad("explore.positions", lambda ctx: positions(widgets.Text("0.1")), TypeError,
        r"explorer takes sliders .*got Text", "a text box"),
    bad("explore.frame", lambda ctx: frame(lambda slope: None, {"slope": 1.0}), TypeError,
        r"must return a matplotlib Figure, got NoneType.*return fig", "a function that displays instead"),
    bad("explore.frame", lambda ctx: frame(line_figure, [1.0]), TypeError, r"values must be a dict", "a list"),
    bad("explore.frames", lambda ctx: frames(line_figure, slope=slope_slider(max=200.0)), ValueError,
        r"reach 401 positions \(401 slope\), more than 150 frames: give them a larger step", "too many positions"),
    bad("explore.frames", lambda ctx: frames("line", slope=slope_slider()), TypeError,
        r"draw must be a function.*got 'line'", "a name instead of the function"),
    bad("explore.explorer", lambda ctx: explorer(line_figure, slope=slope_slider(value=0.7)), ValueError,
        r"'slope' starts at 0\.7, between two of its steps", "a start off the steps"),
    bad("explore.explorer", lambda ctx: explorer(line_figure, slope=1.0), TypeError, r"explorer takes sliders",
        "a number instead of a slider"),
    bad("figure_text.describe_figure", lambda ctx: describe_figure("fig"), TypeError, r"Figure", "a string"),
    bad("figure_text.describe_axes", lambda ctx: describe_axes(None), TypeError, r"Axes", "None"),
    bad("figure_text.plain_text", lambda ctx: plain_text(None), TypeError, r"label as a string", "None"),
    bad("exercises.Exercise", lambda ctx: Exercise("Exercise 1", check=5, hint=""), TypeError, r"check",
        "a check that is not callable"),
    bad("checks.FunctionExercise", lambda ctx: FunctionExercise("Exercise 1", check=5, hint=""), TypeError, r"check",
        "a check that is not callable"),
    bad("checks.matches", lambda ctx: matches("1", torch.ones(1)), TypeError, r"tensor", "a string"),
    bad("checks.first_match", lambda ctx: first_match(torch.ones(1), None), TypeError, r"dict", "None"),
    # checks: a learner's answer that is wrong raises Mistake, which Exercise.check turns into a line of text
    bad("checks.to_number", lambda ctx: to_number(NAN, "slope"), Mistake, r"your slope is nan: a finite number", "nan"),
    bad("checks.to_number", lambda ctx: to_number([1.0, 2.0], "slope"), Mistake, r"one number.*list of 2 items",
        "a list"),
    bad("checks.to_tensor", lambda ctx: to_tensor(None, "grad", (2,)), Mistake, r"your grad is None", "None"),
    bad("checks.to_tensor", lambda ctx: to_tensor([[1.0], [2.0]], "grad", (2,)), Mistake,
        r"your grad should have shape \(2,\)", "wrong shape"),
    bad("checks.call", lambda ctx: call(5), Mistake, r"calling your function raised TypeError", "not a function"),
]  # fmt: skip


GOOD = [
    good("device.get_device", lambda ctx: get_device(torch.device("cpu")), lambda d: d == torch.device("cpu"),
         "a torch.device"),
    good("device.get_device", lambda ctx: get_device(" CPU "), lambda d: d == torch.device("cpu"), "spaces and case"),
    good("device.as_device", lambda ctx: as_device(torch.device("meta")), lambda d: d.type == "meta", "meta"),
    good("device.to_device", lambda ctx: to_device(grad(1.0), torch.device("meta")),
         lambda moved: moved[0].device.type == "meta", "a grad tensor to a meta torch.device"),
    good("device.describe_device", lambda ctx: describe_device(torch.device("cpu")),
         lambda line: line.startswith("Device: cpu"), "a torch.device"),
    good("seeding.seed_everything", lambda ctx: seed_everything(np.int64(3)), lambda r: r is None, "a NumPy int"),
    good("seeding.seed_everything", lambda ctx: seed_everything(torch.tensor(3)), lambda r: r is None,
         "a 0-dim tensor"),
    good("synthetic.make_line", lambda ctx: make_line(n_samples=np.int64(5), weight=np.float32(2.0)),
         lambda xy: xy[0].shape == (5, 1), "NumPy numbers"),
    good("synthetic.make_line",
         lambda ctx: make_line(n_samples=torch.tensor(4), weight=torch.ones(2, requires_grad=True)),
         lambda xy: xy[0].shape == (4, 2) and not xy[1].requires_grad, "tensor size and grad weights"),
    good("synthetic.make_clusters", lambda ctx: make_clusters(n_samples=np.int32(10), seed=np.int64(1)),
         lambda xy: xy[0].shape == (10, 2), "NumPy ints"),
    good("metrics.accuracy", lambda ctx: accuracy(SCORES.clone().requires_grad_(), np.array([0, 0])),
         lambda a: a == 0.5, "grad scores and NumPy labels"),
    good("metrics.confusion_matrix", lambda ctx: confusion_matrix([1, 1], torch.tensor([0, 1]), np.int64(2)),
         lambda m: m.tolist() == [[0, 1], [0, 1]], "a list and a NumPy num_classes"),
    good("metrics.confusion_matrix", lambda ctx: confusion_matrix(torch.zeros(0, dtype=torch.long),
                                                                  torch.zeros(0, dtype=torch.long), 2),
         lambda m: m.tolist() == [[0, 0], [0, 0]], "no samples: all counts 0"),
    good("plots.plot_broadcasting", lambda ctx: plot_broadcasting(torch.ones(2, 1, requires_grad=True), [1.0, 2.0]),
         lambda fig: "a + b (2, 2)" in {t.get_text() for t in fig.axes[0].texts}, "grad tensor and a list"),
    good("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative(grad(0, 1, 2), grad(0, 1, 4),
                                                                                       [0.0, 2.0, 4.0]),
         lambda fig: list(fig.axes[0].get_lines()[0].get_ydata()) == [0, 1, 4], "lists of 0-dim grad tensors"),
    good("plots.plot_function_and_derivative", lambda ctx: plot_function_and_derivative([-1, 0, 1], [-1, INF, 1],
                                                                                       [1, NAN, 1]),
         lambda fig: np.isinf(fig.axes[0].get_lines()[0].get_ydata()[1]), "inf and nan drawn as gaps"),
    good("plots.plot_tangent", lambda ctx: plot_tangent(torch.arange(3.0), [0, 1, 4], np.float32(1), *grad(1, 2)),
         lambda fig: fig.axes[0].get_title() == "slope at x = 1.00 is 2.000", "NumPy and grad numbers"),
    good("regression_plots.mse_surface", lambda ctx: mse_surface(grad(0, 1), [1.0, 3.0], resolution=np.int64(3)),
         lambda s: s.loss.shape == (3, 3), "grad tensors and a NumPy resolution"),
    good("regression_plots.LossSurface", lambda ctx: LossSurface(SURFACE.w, SURFACE.b, SURFACE.loss),
         lambda s: s.loss.shape == (5, 5), "built by hand"),
    good("regression_plots.plot_fit", lambda ctx: plot_fit(X, Y, {str(i): (i, 0) for i in range(5)}),
         lambda fig: len(fig.axes[0].get_lines()) == 5, "five lines, all drawn"),
    good("regression_plots.plot_fit", lambda ctx: plot_fit(X, Y, {"fit": grad(2, 1)}),
         lambda fig: len(legend(fig)) == 2, "a (w, b) of grad tensors"),
    good("regression_plots.plot_fit", lambda ctx: plot_fit(X, Y, {}), lambda fig: legend(fig) == ["data"],
         "no lines: the data alone"),
    good("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"run": grad(4, 2, 1)}, x_label="epoch"),
         lambda fig: fig.axes[0].get_xlabel() == "epoch", "a list of 0-dim grad tensors"),
    good("regression_plots.plot_loss_curves", lambda ctx: plot_loss_curves({"diverged": [1.0, 10.0, INF, NAN]}),
         lambda fig: list(fig.axes[0].get_lines()[0].get_ydata()[:2]) == [1.0, 10.0], "inf and nan drawn as gaps"),
    good("regression_plots.plot_descent_on_surface",
         lambda ctx: plot_descent_on_surface(SURFACE, [tuple(grad(0, 0)), tuple(grad(1, 1)), (INF, NAN)]),
         lambda fig: fig.axes[0].get_xlabel() == "w", "grad pairs, then a divergence"),
    good("regression_plots.plot_learning_rate_study",
         lambda ctx: plot_learning_rate_study(SURFACE, {str(i): torch.zeros(2, 2) for i in range(5)}),
         lambda fig: [ax.get_title() for ax in fig.axes] == ["0", "1", "2", "3", "4"], "five panels, all drawn"),
    good("classification_plots.plot_decision_boundary",
         lambda ctx: plot_decision_boundary(lambda p: sigmoid_of_first(p)[:, None], POINTS.clone().requires_grad_(),
                                            torch.tensor([False, False, True, True]), resolution=np.int64(10)),
         lambda fig: legend(fig) == ["class 0", "class 1"], "grad points, bool labels, (n, 1) result"),
    good("classification_plots.plot_image_grid",
         lambda ctx: plot_image_grid(torch.rand(3, 784, requires_grad=True), titles=torch.tensor([1, 2, 3]),
                                     ncols=np.int64(2), symmetric=np.True_),
         lambda fig: [ax.get_title() for ax in fig.axes[:3]] == ["1", "2", "3"], "grad images, tensor titles"),
    good("classification_plots.plot_confusion_matrix",
         lambda ctx: plot_confusion_matrix(torch.tensor([[0.75, 0.25], [0.0, 1.0]], requires_grad=True)),
         lambda fig: "0.75" in {t.get_text() for t in fig.axes[0].texts}, "a normalized grad matrix"),
    good("classification_plots.plot_learning_curves",
         lambda ctx: plot_learning_curves(grad(1.0, 0.5), grad(1.1, 0.6), torch.tensor([0.9, 0.95])),
         lambda fig: np.allclose(fig.axes[1].get_lines()[0].get_ydata(), [90, 95]), "lists of 0-dim grad tensors"),
    good("style.new_figure", lambda ctx: new_figure(np.int64(2), torch.tensor(2), width=np.float32(5)),
         lambda fa: fa[1].shape == (2, 2), "NumPy and tensor sizes"),
    good("style.all_axes", lambda ctx: all_axes(list(new_figure(1, 2)[1])), lambda axes: len(axes) == 2, "a list"),
    good("style.use_course_style", lambda ctx: use_course_style(), lambda r: r is None, "no argument"),
    good("style.figure_png_with_alt", lambda ctx: figure_png_with_alt(new_figure()[0]),
         lambda png_and_alt: png_and_alt[1] == {"alt": "Figure: empty."}, "an empty figure"),
    good("progress.progress_bar", lambda ctx: list(progress_bar((i for i in range(3)), disable=True)),
         lambda items: items == [0, 1, 2], "a generator"),
    good("paths.as_folder", lambda ctx: as_folder(ctx.tmp_path, "root"), lambda p: isinstance(p, Path), "a Path"),
    good("paths.is_checkout_root", lambda ctx: is_checkout_root(str(ctx.tmp_path)), lambda r: r is False, "a str"),
    good("paths.checkout_root", lambda ctx: checkout_root(str(ctx.tmp_path)), lambda r: r is None or r.is_dir(),
         "a str"),
    good("paths.data_dir", lambda ctx: (ctx.monkeypatch.setenv("COURSE_DATA_DIR", str(ctx.tmp_path)), data_dir())[1],
         lambda folder: folder.is_dir(), "from the environment"),
    good("mnist.mirrors", lambda ctx: (ctx.monkeypatch.setenv("COURSE_MNIST_MIRROR", "http://m"), mirrors())[1],
         lambda found: found == ["http://m/"], "no argument"),
    good("mnist.raw_dir", lambda ctx: raw_dir(str(ctx.tmp_path)), lambda folder: folder.name == "raw", "a str root"),
    good("mnist.verify_files", lambda ctx: verify_files(str(fake_mnist(ctx)), split="test"), lambda r: r is None,
         "a str root"),
    good("mnist.ensure_mnist", lambda ctx: ensure_mnist(fake_mnist(ctx), timeout=np.float32(1)),
         lambda root: root.is_dir(), "a NumPy timeout"),
    good("mnist.load_mnist_dataset", lambda ctx: load_mnist_dataset("test", root=str(fake_mnist(ctx))),
         lambda dataset: len(dataset) == 2, "a str root"),
    good("mnist.load_mnist_tensors", lambda ctx: load_mnist_tensors("test", device=torch.device("cpu"),
                                                                    root=fake_mnist(ctx)),
         lambda xy: xy[1].tolist() == [3, 7], "a torch.device"),
    good("validation.as_int", lambda ctx: as_int(np.uint8(3), "n"), lambda n: n == 3 and type(n) is int, "NumPy uint8"),
    good("validation.as_bool", lambda ctx: as_bool(np.False_, "flag"), lambda b: b is False, "a NumPy bool"),
    good("validation.as_float", lambda ctx: as_float(np.int64(2), "w"), lambda f: f == 2.0, "a NumPy int"),
    good("validation.as_range", lambda ctx: as_range(torch.tensor([0, 1]), "r"), lambda r: r == (0.0, 1.0), "a tensor"),
    good("validation.as_cpu_tensor", lambda ctx: as_cpu_tensor(torch.ones(2, requires_grad=True), "v"),
         lambda t: not t.requires_grad, "a grad tensor"),
    good("validation.as_array", lambda ctx: as_array(grad(1, 2), "v"), lambda a: a.tolist() == [1.0, 2.0], "grad list"),
    good("validation.as_strings", lambda ctx: as_strings(np.array([1, 2]), "t", 2, per="image"),
         lambda s: s == ["1", "2"], "an array"),
    good("validation.as_mapping", lambda ctx: as_mapping({"a": 1}, "m", example="{}"), lambda m: m == {"a": 1},
         "a dict"),
    good("validation.received", lambda ctx: received(object), lambda text: "(type)" in text, "any object"),
    good("explore.positions", lambda ctx: positions(widgets.SelectionSlider(options=[("ten", 10), ("hundred", 100)])),
         lambda found: found == [(0.0, 10), (1.0, 100)], "a selection slider: its indices"),
    good("explore.positions", lambda ctx: positions(widgets.IntSlider(value=2, min=0, max=4, step=2)),
         lambda found: found == [(0.0, 0), (2.0, 2), (4.0, 4)], "an int slider with a step"),
    good("explore.frame", lambda ctx: frame(line_figure, {"slope": np.float64(2.0)}),
         lambda drawn: drawn["alt"].startswith("Figure:") and len(drawn["png"]) > 100, "a NumPy number"),
    good("explore.frames", lambda ctx: frames(line_figure, slope=slope_slider(value=2.0)),
         lambda stored: stored["default"] == "4" and len(stored["frames"]) == 5, "a start at the last step"),
    good("explore.explorer", lambda ctx: explorer(line_figure, slope=slope_slider()),
         lambda live: isinstance(live, widgets.interactive), "a slider on its steps"),
    good("figure_text.describe_figure", lambda ctx: describe_figure(new_figure()[0]),
         lambda text: text.startswith("Figure:"), "an empty figure"),
    good("figure_text.describe_axes", lambda ctx: describe_axes(new_figure()[1]), lambda text: isinstance(text, str),
         "an empty panel"),
    good("figure_text.plain_text", lambda ctx: plain_text(r"$\sigma'(z)$"), lambda text: text == "σ'(z)",
         "a TeX label"),
    good("exercises.Exercise", lambda ctx: Exercise("Exercise 1", lambda answer: None, hint="h").check(...),
         lambda result: isinstance(result, Verdict) and not result, "an unanswered exercise"),
    good("exercises.Verdict", lambda ctx: Verdict(np.True_), lambda verdict: bool(verdict) and repr(verdict) == "True",
         "a NumPy bool"),
    good("exercises.hide_solution_outputs", lambda ctx: hide_solution_outputs(), lambda hidden: hidden is False,
         "plain Python"),
    good("exercises.show_solution_output", lambda ctx: show_solution_output(np.int64(99)), lambda r: r is None,
         "a NumPy int that never ran"),
    good("exercises.hidden_note", lambda ctx: hidden_note(np.int64(4)), lambda note: "show_solution_output(4)" in note,
         "a NumPy int"),
    good("checks.FunctionExercise", lambda ctx: FunctionExercise("Exercise 1", lambda f: None, hint="h").check(len),
         lambda result: isinstance(result, Verdict) and bool(result), "a function answer"),
    good("checks.matches", lambda ctx: matches(torch.ones(2, requires_grad=True), torch.ones(2)), lambda r: r is True,
         "a grad tensor"),
    good("checks.first_match", lambda ctx: first_match(torch.ones(1), {"one": torch.ones(1)}), lambda r: r == "one",
         "a match"),
    good("checks.to_number", lambda ctx: to_number(np.float32(2), "slope"), lambda r: r == 2.0, "a NumPy float"),
    good("checks.to_tensor", lambda ctx: to_tensor(torch.ones(2, requires_grad=True), "grad", (2,)),
         lambda t: not t.requires_grad, "a grad tensor"),
    good("checks.call", lambda ctx: call(len, [1, 2]), lambda r: r == 2, "a function"),
    good("checks.describe", lambda ctx: describe(torch.zeros(2)), lambda text: "shape (2,)" in text, "a tensor"),
    good("checks.is_placeholder", lambda ctx: is_placeholder(5), lambda r: r is False, "a number"),
]  # fmt: skip


@pytest.fixture
def ctx(monkeypatch, tmp_path) -> SimpleNamespace:
    monkeypatch.setattr(torchvision.datasets.MNIST, "mirrors", [])  # a missing file must never start a download here
    monkeypatch.delenv(mnist.MIRROR_ENV_VAR, raising=False)
    return SimpleNamespace(monkeypatch=monkeypatch, tmp_path=tmp_path)


@pytest.mark.parametrize(("function", "call", "error", "pattern"), BAD)
def test_bad_input_fails_fast_with_a_clear_message(ctx, function, call, error, pattern):
    start = time.monotonic()
    with pytest.raises(error, match=pattern) as caught:
        call(ctx)
    assert time.monotonic() - start < 5, "an error must come within seconds"
    exception = caught.value
    if not isinstance(exception, MNISTUnavailableError):  # that one lists the four files it needs
        assert len(str(exception)) <= 400, "one or two sentences"
    assert exception.__cause__ is None, "no chained internal traceback"
    assert exception.__context__ is None or exception.__suppress_context__, "no chained internal traceback"
    raised_in = Path(traceback.extract_tb(exception.__traceback__)[-1].filename).resolve()
    assert HELPERS_DIR in raised_in.parents, f"raised deep inside {raised_in}, not by the helpers"


@pytest.mark.parametrize(("function", "call", "check"), GOOD)
def test_unusual_but_valid_input_works(ctx, function, call, check):
    assert check(call(ctx))


def public_callables() -> dict[str, object]:
    """Every public function and (non-exception) class defined in a module of the package, subpackages too."""
    found = {}
    for info in pkgutil.walk_packages(helpers.__path__, prefix="helpers."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == module.__name__
            is_error = inspect.isclass(value) and issubclass(value, BaseException)
            callable_api = inspect.isfunction(value) or inspect.isclass(value)
            if not name.startswith("_") and defined_here and not is_error and callable_api:
                found[f"{info.name.removeprefix('helpers.')}.{name}"] = value
    return found


def rows_for(table: list) -> set[str]:
    return {row.values[0] for row in table}


def test_the_walk_finds_the_functions_the_lessons_use():
    found = set(public_callables())
    assert {"device.get_device", "regression_plots.plot_loss_curves", "mnist.load_mnist_tensors"} <= found


def test_every_public_function_has_a_bad_input_row():
    missing = set(public_callables()) - rows_for(BAD) - set(TAKES_ANY_INPUT)
    assert not missing, f"add rows to BAD in tests/test_bad_inputs.py for: {sorted(missing)}"


def test_every_public_function_has_a_row_and_no_row_names_a_missing_function():
    known = set(public_callables())
    without_row = known - rows_for(BAD) - rows_for(GOOD)
    assert not without_row, f"add rows to tests/test_bad_inputs.py for: {sorted(without_row)}"
    unknown = (rows_for(BAD) | rows_for(GOOD) | set(TAKES_ANY_INPUT)) - known
    assert not unknown, f"these rows name no public function: {sorted(unknown)}"
    assert set(TAKES_ANY_INPUT) <= rows_for(GOOD), "a function that takes any input needs a GOOD row"
