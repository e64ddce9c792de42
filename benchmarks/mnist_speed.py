"""Benchmark: a common MNIST tutorial pattern against the course's pipeline and recipe.

Run with ``make bench`` (a few minutes on 2 cores). It prints two tables and writes
``benchmarks/results/mnist_speed.json``. It measures, in one run on one machine:

(a) the tutorial pattern: a 784-500-256-10 ReLU MLP, torchvision's MNIST with ``ToTensor``
    through a ``DataLoader`` (batch 100, shuffled), SGD with learning rate 0.01 and no momentum,
    trained on all 60,000 images: seconds per epoch, and test accuracy after 1 and 2 epochs (for
    reference only: this recipe is not tuned, so its accuracy is no fair comparison of recipes);
(b) the same loop with in-memory batches: the tutorial's model, batch 100 and SGD, with batches
    indexed from one tensor instead of the ``DataLoader`` (only the pipeline differs from (a));
(c) the course's recipe from lesson 07, once for each seed 0 to 9: in-memory tensors standardized
    with the training split's own mean and standard deviation, shuffled permutation batches, each
    image shifted at random by up to one pixel, fused AdamW with a one-cycle schedule and label
    smoothing, trained on 55,000 images (5,000 held out for validation): seconds per epoch, time
    to 98.0 % validation accuracy, and the lowest, median and highest test accuracy over the seeds;
(d) the course's recipe (c) on the tutorial's 784-500-256-10 model, one epoch per run;
(e) the compute lower bound of one course epoch: the floating-point operations of the network's
    matrix products (as ``torch.utils.flop_counter.FlopCounterMode`` counts them for one forward
    and backward pass) divided by the throughput of those same matrix products, timed on their own
    at the course's batch size right before each course run (the median of 20 timings). The JSON keeps
    each seed's median epoch over its bound (``epoch_over_bound``); the printed table, like the website,
    divides each seed's fastest epoch by its bound (``speed_table.fastest_epoch_over_bound``). One more
    epoch runs under ``torch.profiler`` to show where the time beyond the bound goes.

The JSON keeps every epoch's time and some medians. The printed table compares the fastest epoch of
each run: the machine may be shared, and other work only adds time. Evaluation time is not counted as
training time. ``--smoke`` runs everything on a tiny budget, for the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import itertools
import json
import platform
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torch.utils.flop_counter import FlopCounterMode
from torchvision import transforms

from helpers import metrics
from helpers.mnist import load_mnist_dataset, load_mnist_tensors

from speed_table import MATRIX_PRODUCTS, profile_rows, seconds_to_accuracy, summary_rows

RESULTS = Path(__file__).resolve().parent / "results" / "mnist_speed.json"
TUTORIAL_LAYERS = (784, 500, 256, 10)
TUTORIAL_BATCH_SIZE, TUTORIAL_LEARNING_RATE = 100, 0.01
# Lesson 07's settings. tests/test_benchmark.py checks that each COURSE_<NAME> equals the notebook's
# top-level constant <NAME>.
COURSE_EPOCHS, COURSE_BATCH_SIZE, COURSE_MAX_LEARNING_RATE = 8, 512, 8e-3
COURSE_WEIGHT_DECAY, COURSE_LABEL_SMOOTHING, COURSE_MAX_SHIFT = 0.01, 0.1, 1
COURSE_HIDDEN_WIDTHS = (512, 256)
COURSE_LAYERS = (784, *COURSE_HIDDEN_WIDTHS, 10)
SEEDS = range(10)
VALIDATION_SIZE = 5000
TARGET_ACCURACY = 0.98
# Where the profiled epoch's time goes: aten operators by name (the rest is "other operators").
PROFILE_CATEGORIES = {
    MATRIX_PRODUCTS: ("aten::mm", "aten::addmm"),
    "optimizer update (fused AdamW)": ("aten::_fused_adamw_",),
    "batch gather (indexing)": ("aten::index",),
    "ReLU, forward and backward": ("aten::clamp_min", "aten::threshold_backward"),
    "loss: log-softmax and NLL, forward and backward": (
        "aten::_log_softmax",
        "aten::_log_softmax_backward_data",
        "aten::nll_loss_forward",
        "aten::nll_loss_backward",
    ),
    "bias gradients (sum over the batch)": ("aten::sum",),
    "copies (aten::copy_)": ("aten::copy_",),
}
SHIFT_RANGE = "random shifts"  # a profiler label: every operator inside it counts as SHIFT_CATEGORY
SHIFT_CATEGORY = "random shifts (pad, cut one window per image)"
OTHER_OPERATORS = "other operators"
OUTSIDE_OPERATORS = "outside operators (Python, autograd engine, scheduler, profiler)"
Batches = Callable[[], Iterator[tuple[torch.Tensor, torch.Tensor]]]
EpochContext = Callable[[], contextlib.AbstractContextManager]


def mlp(layers: Sequence[int]) -> nn.Sequential:
    """A ReLU MLP with the given layer widths."""
    modules: list[nn.Module] = [nn.Flatten()]
    for width_in, width_out in itertools.pairwise(layers):
        modules += [nn.Linear(width_in, width_out), nn.ReLU()]
    return nn.Sequential(*modules[:-1])


def flops_per_sample(layers: Sequence[int]) -> int:
    """Matrix-product FLOPs of one forward and backward pass, per sample.

    Forward: 2 x in x out per layer. Backward: 2 x in x out for each layer's weight gradient, plus
    2 x in x out for the gradient with respect to each layer's input, except the first layer's
    (the images need no gradient).
    """
    products = [width_in * width_out for width_in, width_out in itertools.pairwise(layers)]
    return 2 * sum(products) + 2 * sum(products) + 2 * sum(products[1:])


def counted_flops_per_sample(layers: Sequence[int], batch_size: int = 64) -> float:
    """The same count, as ``FlopCounterMode`` measures it on one forward and backward pass."""
    model = mlp(layers)
    images, labels = torch.randn(batch_size, layers[0]), torch.randint(0, layers[-1], (batch_size,))
    with FlopCounterMode(display=False) as counter:
        nn.functional.cross_entropy(model(images), labels).backward()
    return counter.get_total_flops() / batch_size


def flops_per_epoch(layers: Sequence[int], samples: int) -> int:
    """Matrix-product FLOPs of one epoch: forward and backward for every sample."""
    return flops_per_sample(layers) * samples


def matmul_shapes(layers: Sequence[int], batch_size: int) -> list[str]:
    """The matrix products of one training step, as ``(rows x inner) @ (inner x columns)``."""
    shapes = []
    for index, (width_in, width_out) in enumerate(itertools.pairwise(layers)):
        shapes.append(f"({batch_size}x{width_in})@({width_in}x{width_out})")  # forward
        shapes.append(f"({width_out}x{batch_size})@({batch_size}x{width_in})")  # weight gradient
        if index > 0:
            shapes.append(f"({batch_size}x{width_out})@({width_out}x{width_in})")  # input gradient
    return shapes


def step_matmul_flops_per_second(layers: Sequence[int], batch_size: int, repeats: int = 20) -> float:
    """Median float32 throughput of one training step's matrix products, timed on their own.

    For each layer (``in`` -> ``out``, batch ``B``): the forward product (B x in) @ (in x out) with
    its bias, the weight gradient (out x B) @ (B x in) and, except for the first layer, the input
    gradient (B x out) @ (out x in), with the same memory layouts as autograd uses.
    """
    operands = []
    for width_in, width_out in itertools.pairwise(layers):
        x, weight = torch.randn(batch_size, width_in), torch.randn(width_out, width_in)
        bias, grad = torch.randn(width_out), torch.randn(batch_size, width_out)
        operands.append((x, weight, bias, grad))

    def step() -> None:
        for index, (x, weight, bias, grad) in enumerate(operands):
            torch.addmm(bias, x, weight.t())
            grad.t() @ x
            if index > 0:
                grad @ weight

    for _ in range(3):
        step()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(5):
            step()
        timings.append((time.perf_counter() - start) / 5)
    return flops_per_sample(layers) * batch_size / statistics.median(timings)


@functools.cache
def mnist_tensors(split: str, normalize: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """Load (and checksum) each split once per benchmark, not once per run; callers only read them."""
    return load_mnist_tensors(split, normalize=normalize)


@functools.cache
def course_data(train_limit: int | None) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Lesson 06's splits: a fixed validation split; pixels standardized with the training split's statistics."""
    images, labels = mnist_tensors("train", normalize=False)
    split = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    val_index, train_index = split[:VALIDATION_SIZE], split[VALIDATION_SIZE:]
    if train_limit:
        train_index = train_index[:train_limit]
    train_images = images[train_index]
    mean, std = train_images.mean(), train_images.std()
    test_images, test_labels = mnist_tensors("test", normalize=False)
    return {
        "train": ((train_images - mean) / std, labels[train_index]),
        "validation": ((images[val_index] - mean) / std, labels[val_index]),
        "test": ((test_images - mean) / std, test_labels),
    }


def permutation_batches(
    images: torch.Tensor, labels: torch.Tensor, batch_size: int, generator: torch.Generator
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """One epoch of mini-batches sliced from in-memory tensors in a fresh random order (lesson 06's sliced_batches)."""
    order = torch.randperm(len(images), generator=generator)
    for first in range(0, len(order), batch_size):
        batch = order[first : first + batch_size]
        yield images[batch], labels[batch]


def shift_randomly(images: torch.Tensor, generator: torch.Generator, max_shift: int, background: float) -> torch.Tensor:
    """Move each image by its own random whole number of pixels, up to `max_shift` in each direction.

    The batch is padded with `background` (a black pixel, standardized), and one randomly placed
    28 x 28 window is cut out of each padded image.
    """
    size = images.shape[-1]
    padded = nn.functional.pad(images[:, 0], (max_shift,) * 4, value=background)
    windows = padded.unfold(1, size, 1).unfold(2, size, 1)  # (batch, offsets, offsets, size, size), a view
    rows, cols = torch.randint(0, 2 * max_shift + 1, (2, len(images)), generator=generator)
    return windows[torch.arange(len(images)), rows, cols].unsqueeze(1)


def evaluate_accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return metrics.accuracy(model(images), labels)


def train_epochs(
    model: nn.Module,
    batches: Batches,
    step: Callable[[torch.Tensor, torch.Tensor], None],
    epochs: int,
    after_epoch: Callable[[], float],
    around_epoch: EpochContext = contextlib.nullcontext,
) -> tuple[list[float], list[float]]:
    """Train for `epochs`; return the seconds of each epoch and `after_epoch()` (not timed) after each."""
    epoch_seconds, accuracies = [], []
    for _ in range(epochs):
        model.train()
        with around_epoch():
            start = time.perf_counter()
            for images, labels in batches():
                step(images, labels)
            epoch_seconds.append(time.perf_counter() - start)
        accuracies.append(after_epoch())
    return epoch_seconds, accuracies


def sgd_step(model: nn.Module) -> Callable[[torch.Tensor, torch.Tensor], None]:
    """The tutorial's update: cross-entropy, plain SGD (lr 0.01, no momentum)."""
    optimizer = torch.optim.SGD(model.parameters(), lr=TUTORIAL_LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()

    def step(images: torch.Tensor, labels: torch.Tensor) -> None:
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def run_tutorial(epochs: int, train_limit: int | None) -> dict:
    """(a) ToTensor + DataLoader (batch 100), SGD lr 0.01, on all 60,000 training images."""
    to_tensor = transforms.ToTensor()
    train_set = load_mnist_dataset("train", transform=to_tensor)
    if train_limit:
        train_set = Subset(train_set, range(train_limit))
    loader = DataLoader(
        train_set, batch_size=TUTORIAL_BATCH_SIZE, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    test_images, test_labels = mnist_tensors("test", normalize=False)  # ToTensor's scaling: [0, 1]
    torch.manual_seed(0)
    model = mlp(TUTORIAL_LAYERS)
    epoch_seconds, accuracies = train_epochs(
        model, lambda: iter(loader), sgd_step(model), epochs, lambda: evaluate_accuracy(model, test_images, test_labels)
    )
    return {"epoch_seconds": epoch_seconds, "test_accuracy_per_epoch": accuracies, "samples_per_epoch": len(train_set)}


def run_tutorial_in_memory(train_limit: int | None) -> dict:
    """(b) The tutorial's model, batch size and optimizer with in-memory batches: only the pipeline differs from (a)."""
    images, labels = mnist_tensors("train", normalize=False)
    if train_limit:
        images, labels = images[:train_limit], labels[:train_limit]
    generator = torch.Generator().manual_seed(0)

    def batches() -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        return permutation_batches(images, labels, TUTORIAL_BATCH_SIZE, generator)

    torch.manual_seed(0)
    model = mlp(TUTORIAL_LAYERS)
    epoch_seconds, _ = train_epochs(model, batches, sgd_step(model), 1, lambda: 0.0)
    return {"epoch_seconds": epoch_seconds, "samples_per_epoch": len(images)}


def run_course(
    layers: Sequence[int],
    epochs: int,
    train_limit: int | None,
    seed: int = 0,
    evaluate: bool = True,
    around_epoch: EpochContext = contextlib.nullcontext,
    *,
    learning_rate: float = COURSE_MAX_LEARNING_RATE,
    one_cycle: bool = True,
    label_smoothing: float = COURSE_LABEL_SMOOTHING,
    max_shift: int = COURSE_MAX_SHIFT,
) -> dict:
    """(c) Lesson 07's recipe for one seed (the seed sets the initial weights, the shuffling and the shifts).

    The keyword arguments change one ingredient at a time (``recipe_sweep.py`` uses them): the peak
    learning rate of the one-cycle schedule, or a constant learning rate when ``one_cycle`` is false,
    label smoothing, and the largest random shift in pixels (0: no shifts).

    Returns the seconds and the validation accuracy of each epoch and, at the end, the test accuracy.
    """
    data = course_data(train_limit)
    train_images, train_labels = data["train"]
    torch.manual_seed(seed)
    model = mlp(layers)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=learning_rate, weight_decay=COURSE_WEIGHT_DECAY, fused=True
    )
    steps_per_epoch = -(-len(train_images) // COURSE_BATCH_SIZE)
    scheduler = (
        torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=learning_rate, total_steps=epochs * steps_per_epoch)
        if one_cycle
        else None
    )
    loss_fn = nn.CrossEntropyLoss(label_smoothing=label_smoothing)
    generator = torch.Generator().manual_seed(seed)
    background = train_images.min().item()  # a black pixel, standardized

    def batches() -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        for images, labels in permutation_batches(train_images, train_labels, COURSE_BATCH_SIZE, generator):
            if max_shift:
                with torch.profiler.record_function(SHIFT_RANGE):  # a label, for the profiled epoch
                    images = shift_randomly(images, generator, max_shift, background)
            yield images, labels

    def step(images: torch.Tensor, labels: torch.Tensor) -> None:
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()

    validation = (lambda: evaluate_accuracy(model, *data["validation"])) if evaluate else (lambda: 0.0)
    epoch_seconds, val_accuracies = train_epochs(model, batches, step, epochs, validation, around_epoch)
    return {
        "seed": seed,
        "epoch_seconds": epoch_seconds,
        "validation_accuracy_per_epoch": val_accuracies,
        "test_accuracy": evaluate_accuracy(model, *data["test"]) if evaluate else None,
        "samples_per_epoch": len(train_images),
    }


def profile_course_epoch(train_limit: int | None) -> dict:
    """One course epoch (seed 0, the first) under ``torch.profiler``: its seconds by category of operator.

    Each operator's own time (without the operators it calls) is added to its category; the rest of
    the epoch ran outside any operator: Python, the autograd engine, the scheduler, the profiler's
    own bookkeeping.
    """
    from torch.profiler import ProfilerActivity, profile

    profiler = profile(activities=[ProfilerActivity.CPU])
    run = run_course(COURSE_LAYERS, 1, train_limit, evaluate=False, around_epoch=lambda: profiler)
    epoch = run["epoch_seconds"][0]
    breakdown = dict.fromkeys([SHIFT_CATEGORY, *PROFILE_CATEGORIES, OTHER_OPERATORS], 0.0)
    category_of = {name: category for category, names in PROFILE_CATEGORIES.items() for name in names}
    for event in profiler.events():
        if not event.name.startswith("aten::"):
            continue
        ancestor = event.cpu_parent
        while ancestor is not None and ancestor.name != SHIFT_RANGE:
            ancestor = ancestor.cpu_parent
        category = SHIFT_CATEGORY if ancestor is not None else category_of.get(event.name, OTHER_OPERATORS)
        breakdown[category] += event.self_cpu_time_total / 1e6
    breakdown[OUTSIDE_OPERATORS] = max(0.0, epoch - sum(breakdown.values()))
    return {"profiled_epoch_seconds": epoch, "seconds": breakdown}


def median_run(runs: list[dict], key: Callable[[dict], float]) -> dict:
    """The run whose `key` is the median (the lower middle for an even count)."""
    ordered = sorted(runs, key=key)
    return ordered[(len(ordered) - 1) // 2]


def cpu_model() -> str:
    """The processor's model name (Linux: /proc/cpuinfo), or "" where it cannot be read."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")


def benchmark(repeats: int, smoke: bool) -> dict:
    limit = 2000 if smoke else None
    course_epochs = 1 if smoke else COURSE_EPOCHS
    seeds = SEEDS[:2] if smoke else SEEDS
    tutorial_runs = [run_tutorial(epochs=1 if smoke else 2, train_limit=limit) for _ in range(repeats)]
    in_memory_runs = [run_tutorial_in_memory(limit) for _ in range(repeats)]
    course_runs = []
    for seed in seeds:
        # Throughput is measured right before each run, so that both see the same load on a shared machine.
        throughput = step_matmul_flops_per_second(COURSE_LAYERS, COURSE_BATCH_SIZE, repeats=3 if smoke else 20)
        run = run_course(COURSE_LAYERS, course_epochs, limit, seed=seed)
        bound = flops_per_epoch(COURSE_LAYERS, run["samples_per_epoch"]) / throughput
        run.update(matmul_flops_per_second=throughput, epoch_over_bound=statistics.median(run["epoch_seconds"]) / bound)
        course_runs.append(run)
    same_model_runs = [run_course(TUTORIAL_LAYERS, 1, limit, evaluate=False) for _ in range(repeats)]
    profile = profile_course_epoch(limit)

    tutorial_epoch = statistics.median(s for run in tutorial_runs for s in run["epoch_seconds"])
    in_memory_epoch = statistics.median(run["epoch_seconds"][0] for run in in_memory_runs)
    course_epoch = statistics.median(s for run in course_runs for s in run["epoch_seconds"])
    same_model_epoch = statistics.median(run["epoch_seconds"][0] for run in same_model_runs)
    tutorial = median_run(tutorial_runs, key=lambda run: run["test_accuracy_per_epoch"][-1])
    throughput = statistics.median(run["matmul_flops_per_second"] for run in course_runs)
    samples = course_runs[0]["samples_per_epoch"]
    to_target = [seconds_to_accuracy(run, TARGET_ACCURACY) for run in course_runs]
    reached = [seconds for seconds in to_target if seconds is not None]
    test_accuracies = [run["test_accuracy"] for run in course_runs]

    return {
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpu": cpu_model(),
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
        },
        "settings": {"repeats": repeats, "smoke": smoke, "seeds": list(seeds)},
        "matmul_gflops": throughput / 1e9,
        "matmul_shapes": matmul_shapes(COURSE_LAYERS, COURSE_BATCH_SIZE),
        "flops_per_sample": flops_per_sample(COURSE_LAYERS),
        "counted_flops_per_sample": counted_flops_per_sample(COURSE_LAYERS),
        "tutorial": {
            "layers": TUTORIAL_LAYERS,
            "batch_size": TUTORIAL_BATCH_SIZE,
            "learning_rate": TUTORIAL_LEARNING_RATE,
            "seconds_per_epoch": tutorial_epoch,
            "test_accuracy_after_epoch": tutorial["test_accuracy_per_epoch"],
            "samples_per_epoch": tutorial["samples_per_epoch"],
            "runs": tutorial_runs,
        },
        "tutorial_in_memory": {"seconds_per_epoch": in_memory_epoch, "runs": in_memory_runs},
        "course": {
            "layers": COURSE_LAYERS,
            "epochs": course_epochs,
            "batch_size": COURSE_BATCH_SIZE,
            "max_learning_rate": COURSE_MAX_LEARNING_RATE,
            "weight_decay": COURSE_WEIGHT_DECAY,
            "label_smoothing": COURSE_LABEL_SMOOTHING,
            "max_shift": COURSE_MAX_SHIFT,
            "seconds_per_epoch": course_epoch,
            "training_seconds": statistics.median(sum(run["epoch_seconds"]) for run in course_runs),
            "seconds_to_98_percent_validation": statistics.median(reached) if len(reached) == len(to_target) else None,
            "test_accuracy": {
                "min": min(test_accuracies),
                "median": statistics.median(test_accuracies),
                "max": max(test_accuracies),
            },
            "samples_per_epoch": samples,
            "runs": course_runs,
        },
        "course_pipeline_on_tutorial_model": {"seconds_per_epoch": same_model_epoch, "runs": same_model_runs},
        "speedup_per_epoch_pipeline_only": tutorial_epoch / in_memory_epoch,
        "speedup_per_epoch_same_model": tutorial_epoch / same_model_epoch,
        "speedup_per_epoch_each_recipe": tutorial_epoch / course_epoch,
        "epoch_lower_bound_seconds": flops_per_epoch(COURSE_LAYERS, samples) / throughput,
        "epoch_time_over_bound": statistics.median(run["epoch_over_bound"] for run in course_runs),
        "profile": profile,
    }


def report(result: dict) -> str:
    """The benchmark's figures, then the profiled epoch's breakdown, as fixed-width text tables."""
    rows = [("measure", "value", "target"), *summary_rows(result)]
    width = max(len(row[0]) for row in rows)
    lines = [f"{name:<{width}}  {value:>16}  {target}" for name, value, target in rows]
    lines.insert(1, "-" * (width + 30))
    breakdown = [("where one profiled course epoch goes", "seconds (share)"), *profile_rows(result)]
    lines += ["", *(f"{name:<{width}}  {value:>16}" for name, value in breakdown)]
    lines.insert(len(rows) + 3, "-" * (width + 18))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of the tutorial timings (the median is reported)")
    parser.add_argument("--smoke", action="store_true", help="a tiny budget, to check that the benchmark works")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    result = benchmark(args.repeats, args.smoke)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(report(result))
    print(f"\nResults written to {args.output.name} in {args.output.parent}")
    return result


if __name__ == "__main__":
    main()
