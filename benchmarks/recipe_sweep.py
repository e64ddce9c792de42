"""How lesson 07's recipe was chosen: the recipe and its variants, each over several seeds, on the validation split.

Run with ``make sweep`` (about 8 minutes on a 2-core laptop). Each variant changes one ingredient of
the recipe (``mnist_speed.run_course``) and trains for the full number of epochs, once per seed; the
table reports the median and the range of the **validation** accuracy, which is what the choice was
made on, and the median training time. The test set is not used here. It writes
``benchmarks/results/recipe_sweep.json``, which the website's performance page shows.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Sequence
from pathlib import Path

import torch

import mnist_speed as bench
from speed_table import sweep_rows

RESULTS = Path(__file__).resolve().parent / "results" / "recipe_sweep.json"
SEEDS = range(10)
# name -> the keyword arguments of run_course that differ from the recipe (epochs included)
VARIANTS: dict[str, dict] = {
    "the recipe": {},
    "peak learning rate 4e-3": {"learning_rate": 4e-3},
    "peak learning rate 1.6e-2": {"learning_rate": 1.6e-2},
    "constant learning rate 1e-3, no schedule": {"learning_rate": 1e-3, "one_cycle": False},
    "no label smoothing": {"label_smoothing": 0.0},
    "no random shifts": {"max_shift": 0},
    "random shifts of up to 2 pixels": {"max_shift": 2},
    "6 epochs": {"epochs": 6},
    "10 epochs": {"epochs": 10},
}


def sweep(seeds: Sequence[int], variants: dict[str, dict], train_limit: int | None = None) -> dict:
    """Train every variant once per seed; return the validation accuracies and training seconds of each."""
    results = {}
    for name, change in variants.items():
        change = dict(change)
        epochs = change.pop("epochs", bench.COURSE_EPOCHS)
        runs = [bench.run_course(bench.COURSE_LAYERS, epochs, train_limit, seed=seed, **change) for seed in seeds]
        accuracies = [run["validation_accuracy_per_epoch"][-1] for run in runs]
        results[name] = {
            "change": {"epochs": epochs, **change},
            "validation_accuracy": accuracies,
            "median": statistics.median(accuracies),
            "min": min(accuracies),
            "max": max(accuracies),
            "training_seconds": statistics.median(sum(run["epoch_seconds"]) for run in runs),
        }
        print(f"{name:42s} validation median {100 * results[name]['median']:.2f}%", flush=True)
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "seeds": list(seeds),
        "recipe": {
            "epochs": bench.COURSE_EPOCHS,
            "batch_size": bench.COURSE_BATCH_SIZE,
            "max_learning_rate": bench.COURSE_MAX_LEARNING_RATE,
            "weight_decay": bench.COURSE_WEIGHT_DECAY,
            "label_smoothing": bench.COURSE_LABEL_SMOOTHING,
            "max_shift": bench.COURSE_MAX_SHIFT,
            "layers": bench.COURSE_LAYERS,
        },
        "variants": results,
    }


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=len(SEEDS), help="how many seeds, from 0 (default 10)")
    parser.add_argument("--smoke", action="store_true", help="a tiny budget, to check that the sweep works")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)
    if args.smoke:
        variants = {name: {**change, "epochs": 1} for name, change in list(VARIANTS.items())[:2]}
        result = sweep(range(1), variants, train_limit=1000)
    else:
        result = sweep(range(args.seeds), VARIANTS)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    header = ("variant", "validation: median (range)", "training", "vs recipe", "seeds lower / higher / tied")
    rows = [header, *sweep_rows(result)]
    width = max(len(row[0]) for row in rows)
    print("\n".join(f"{row[0]:<{width}}  {row[1]:>28}  {row[2]:>8}  {row[3]:>9}  {row[4]}" for row in rows))
    return result


if __name__ == "__main__":
    main()
