"""Benchmark: the widely copied MNIST tutorial recipe against the course's pipeline and recipe.

Run with ``make bench`` (about 2 minutes on a 2-core laptop). It prints a table and writes
``benchmarks/results/mnist_speed.json``. It measures, in one run on one machine:

(a) the tutorial recipe: 784-500-256-10 MLP with ReLU, SGD (lr 0.01, no momentum), batch 100,
    torchvision MNIST with ``ToTensor`` through a ``DataLoader``: seconds per epoch and test
    accuracy after 1 and 2 epochs;
(b) the course's recipe from lesson 06: 784-512-256-10 MLP, whole-dataset tensors in memory,
    batch 512 from a shuffled permutation, fused AdamW with a one-cycle schedule and label smoothing:
    seconds per epoch, time to 98.0 % test accuracy and final test accuracy;
(c) the course's pipeline on the tutorial's model, so that the per-epoch ratio compares
    pipelines on the same model;
(d) the compute lower bound of one epoch: FLOPs (forward + backward = 3 x 2 x sum(in*out) per
    sample) divided by the matrix-multiply throughput, measured right before each course run; the
    reported ratio is the median over runs of (median epoch time / bound).

Timings are medians over ``--repeats`` runs: the machine is shared and noisy. Evaluation time is
not counted as training time. ``--smoke`` runs everything on a tiny budget, for the tests.
"""

from __future__ import annotations

import argparse
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
from torchvision import transforms

from helpers import metrics
from helpers.mnist import load_mnist_dataset, load_mnist_tensors

from speed_table import summary_rows

RESULTS = Path(__file__).resolve().parent / "results" / "mnist_speed.json"
TUTORIAL_LAYERS = (784, 500, 256, 10)
COURSE_LAYERS = (784, 512, 256, 10)
# Lesson 06's settings; tests/test_benchmark.py checks that they match the notebook.
COURSE_EPOCHS, COURSE_BATCH_SIZE, COURSE_MAX_LEARNING_RATE = 10, 512, 8e-3
Batches = Callable[[], Iterator[tuple[torch.Tensor, torch.Tensor]]]


def mlp(layers: Sequence[int]) -> nn.Sequential:
    """A ReLU MLP with the given layer widths."""
    modules: list[nn.Module] = [nn.Flatten()]
    for width_in, width_out in itertools.pairwise(layers):
        modules += [nn.Linear(width_in, width_out), nn.ReLU()]
    return nn.Sequential(*modules[:-1])


def flops_per_epoch(layers: Sequence[int], samples: int) -> float:
    """Forward plus backward: about 3 x 2 x sum(in * out) multiply-adds per sample."""
    return 3 * 2 * sum(a * b for a, b in itertools.pairwise(layers)) * samples


def matmul_flops_per_second(size: int = 256, repeats: int = 30) -> float:
    """Median float32 throughput of (size x 784) @ (784 x 512) products, the shape of the first layer."""
    a, b = torch.randn(size, 784), torch.randn(784, 512)
    for _ in range(5):
        a @ b
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(10):
            a @ b
        timings.append((time.perf_counter() - start) / 10)
    return 2 * size * 784 * 512 / statistics.median(timings)


@functools.cache
def mnist_tensors(split: str, normalize: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """Load (and checksum) each split once per benchmark, not once per run; callers only read them."""
    return load_mnist_tensors(split, normalize=normalize)


def test_accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return metrics.accuracy(model(images), labels)


def run_tutorial(epochs: int, train_limit: int | None) -> dict:
    """(a) ToTensor + DataLoader, SGD lr 0.01, batch 100."""
    to_tensor = transforms.ToTensor()
    train_set = load_mnist_dataset("train", transform=to_tensor)
    if train_limit:
        train_set = Subset(train_set, range(train_limit))
    loader = DataLoader(train_set, batch_size=100, shuffle=True, generator=torch.Generator().manual_seed(0))
    test_images, test_labels = mnist_tensors("test", normalize=False)  # ToTensor's scaling: [0, 1]
    torch.manual_seed(0)
    model = mlp(TUTORIAL_LAYERS)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    epoch_seconds, accuracies = [], []
    for _ in range(epochs):
        model.train()
        start = time.perf_counter()
        for images, labels in loader:
            loss = loss_fn(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)
        accuracies.append(test_accuracy(model, test_images, test_labels))
    return {"epoch_seconds": epoch_seconds, "test_accuracy_per_epoch": accuracies, "samples_per_epoch": len(train_set)}


def run_course(layers: Sequence[int], epochs: int, train_limit: int | None) -> dict:
    """(b) Lesson 06's recipe: in-memory tensors, batch 512, fused AdamW + OneCycleLR, label smoothing."""
    images, labels = mnist_tensors("train", normalize=True)
    split = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))
    train_index = split[5000:] if not train_limit else split[5000 : 5000 + train_limit]
    train_images, train_labels = images[train_index], labels[train_index]
    test_images, test_labels = mnist_tensors("test", normalize=True)
    batch_size, max_lr = COURSE_BATCH_SIZE, COURSE_MAX_LEARNING_RATE
    torch.manual_seed(0)
    model = mlp(layers)
    optimizer = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=0.01, fused=True)
    steps_per_epoch = -(-len(train_images) // batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=max_lr, total_steps=epochs * steps_per_epoch)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    generator = torch.Generator().manual_seed(0)
    epoch_seconds, accuracies = [], []
    for _ in range(epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(train_images), generator=generator)
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            loss = loss_fn(model(train_images[batch]), train_labels[batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
        epoch_seconds.append(time.perf_counter() - start)
        accuracies.append(test_accuracy(model, test_images, test_labels))
    return {
        "epoch_seconds": epoch_seconds,
        "test_accuracy_per_epoch": accuracies,
        "samples_per_epoch": len(train_images),
    }


def seconds_to_accuracy(run: dict, target: float) -> float | None:
    elapsed = 0.0
    for seconds, accuracy in zip(run["epoch_seconds"], run["test_accuracy_per_epoch"], strict=True):
        elapsed += seconds
        if accuracy >= target:
            return elapsed
    return None


def median_run(runs: list[dict], key: Callable[[dict], float]) -> dict:
    """The run whose `key` is the median (the lower middle for an even count)."""
    ordered = sorted(runs, key=key)
    return ordered[(len(ordered) - 1) // 2]


def benchmark(repeats: int, smoke: bool) -> dict:
    limit = 2000 if smoke else None
    course_epochs = 1 if smoke else COURSE_EPOCHS
    tutorial_runs = [run_tutorial(epochs=1 if smoke else 2, train_limit=limit) for _ in range(repeats)]
    course_runs = []
    for _ in range(repeats):
        # Throughput is measured right before each run, so that both see the same load on a shared machine.
        throughput = matmul_flops_per_second(repeats=3 if smoke else 20)
        run = run_course(COURSE_LAYERS, course_epochs, limit)
        bound = flops_per_epoch(COURSE_LAYERS, run["samples_per_epoch"]) / throughput
        run.update(matmul_flops_per_second=throughput, epoch_over_bound=statistics.median(run["epoch_seconds"]) / bound)
        course_runs.append(run)
    same_model_runs = [run_course(TUTORIAL_LAYERS, 1, limit) for _ in range(repeats)]

    tutorial_epoch = statistics.median(s for run in tutorial_runs for s in run["epoch_seconds"])
    course_epoch = statistics.median(s for run in course_runs for s in run["epoch_seconds"])
    same_model_epoch = statistics.median(run["epoch_seconds"][0] for run in same_model_runs)
    course = median_run(course_runs, key=lambda run: run["test_accuracy_per_epoch"][-1])
    tutorial = median_run(tutorial_runs, key=lambda run: run["test_accuracy_per_epoch"][-1])
    throughput = statistics.median(run["matmul_flops_per_second"] for run in course_runs)
    bound = flops_per_epoch(COURSE_LAYERS, course["samples_per_epoch"]) / throughput
    to_98 = [seconds_to_accuracy(run, 0.98) for run in course_runs]
    reached = [seconds for seconds in to_98 if seconds is not None]

    return {
        "machine": {
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
        },
        "settings": {"repeats": repeats, "smoke": smoke},
        "matmul_gflops": throughput / 1e9,
        "tutorial": {
            "layers": TUTORIAL_LAYERS,
            "seconds_per_epoch": tutorial_epoch,
            "test_accuracy_after_epoch": tutorial["test_accuracy_per_epoch"],
            "samples_per_epoch": tutorial["samples_per_epoch"],
            "runs": tutorial_runs,
        },
        "course": {
            "layers": COURSE_LAYERS,
            "epochs": course_epochs,
            "seconds_per_epoch": course_epoch,
            "training_seconds": sum(course["epoch_seconds"]),
            "seconds_to_98_percent": statistics.median(reached) if len(reached) == len(to_98) else None,
            "final_test_accuracy": course["test_accuracy_per_epoch"][-1],
            "samples_per_epoch": course["samples_per_epoch"],
            "runs": course_runs,
        },
        "course_pipeline_on_tutorial_model": {"seconds_per_epoch": same_model_epoch},
        "speedup_per_epoch_same_model": tutorial_epoch / same_model_epoch,
        "speedup_per_epoch_each_recipe": tutorial_epoch / course_epoch,
        "epoch_lower_bound_seconds": bound,
        "epoch_time_over_bound": statistics.median(run["epoch_over_bound"] for run in course_runs),
    }


def report(result: dict) -> str:
    """The benchmark's figures as a fixed-width text table."""
    rows = [("measure", "value", "target"), *summary_rows(result)]
    width = max(len(row[0]) for row in rows)
    lines = [f"{name:<{width}}  {value:>16}  {target}" for name, value, target in rows]
    lines.insert(1, "-" * (width + 30))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (the median is reported)")
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
