"""The benchmark's figures as (measure, value, target) rows, from the JSON that `make bench` writes.

One list of rows for both readers: `mnist_speed.py` prints it as a text table and the website's
`book/generate_tables.py` renders it as Markdown. It needs no torch, so the site builds quickly.
"""

from __future__ import annotations

import statistics

#: The profile's category for the matrix products (`mnist_speed.py` fills it, the website reads it).
MATRIX_PRODUCTS = "matrix products (mm, addmm)"


def _percent(accuracy: float) -> str:
    return f"{100 * accuracy:.2f}%"


def seed_range(result: dict) -> str:
    """The seeds of the course runs, as ``0-9``."""
    seeds = result["settings"]["seeds"]
    return f"{seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else str(seeds[0])


def _spread(values: list[float], unit: str = " s", digits: int = 2) -> str:
    """A median with the lowest and highest value in brackets: ``2.78 s (2.77-2.80 s)``."""
    low, middle, high = min(values), statistics.median(values), max(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}{unit}"
    return f"{middle:.{digits}f}{unit} ({low:.{digits}f}-{high:.{digits}f}{unit})"


def fastest_epochs(part: dict) -> list[float]:
    """The fastest epoch of each run of one part of the benchmark: other work on the machine only adds time.

    An older results file saved only the median over the runs (run (d), one epoch per run): that figure is the
    median of the runs' fastest epochs too.
    """
    runs = part.get("runs")
    return [min(run["epoch_seconds"]) for run in runs] if runs else [part["seconds_per_epoch"]]


def seconds_to_accuracy(run: dict, target: float) -> float | None:
    """Training seconds until the accuracy after an epoch first reaches `target` (None: never)."""
    elapsed = 0.0
    for seconds, accuracy in zip(run["epoch_seconds"], run["validation_accuracy_per_epoch"], strict=True):
        elapsed += seconds
        if accuracy >= target:
            return elapsed
    return None


def _ratio(slow: dict, fast: dict, fast_samples: int, slow_samples: int) -> str:
    """Time per image of `slow` over `fast`, from the median of each run's fastest epoch (``3.0x``).

    One estimator for every epoch on the page: a run's fastest epoch, since other work on the machine only adds
    time; over several runs, the median of those.
    """
    scale = fast_samples / slow_samples
    return f"{statistics.median(fastest_epochs(slow)) / statistics.median(fastest_epochs(fast)) * scale:.1f}x"


def fastest_epoch_over_bound(run: dict, flops_per_sample: float) -> float:
    """A course run's fastest epoch over its compute lower bound.

    The bound is the epoch's FLOP divided by the matrix-product speed measured right before the run. That speed
    is the median of its 20 timings (``mnist_speed.step_matmul_flops_per_second``): only the median is stored.
    """
    bound = flops_per_sample * run["samples_per_epoch"] / run["matmul_flops_per_second"]
    return min(run["epoch_seconds"]) / bound


def summary_rows(result: dict) -> list[tuple[str, str, str]]:
    """Return the rows of the benchmark's table; ``target`` is empty where the course sets none.

    The letters follow the performance page: (a) the tutorial, (b) the tutorial with batches indexed from
    one tensor, (c) the course, (d) the course recipe on the tutorial's model, (e) the compute lower bound.
    """
    tutorial, in_memory, course = result["tutorial"], result["tutorial_in_memory"], result["course"]
    same_model = result["course_pipeline_on_tutorial_model"]
    after = ", ".join(_percent(accuracy) for accuracy in tutorial["test_accuracy_after_epoch"])
    runs = course["runs"]
    reach = [seconds_to_accuracy(run, 0.98) for run in runs]
    test, seeds = course["test_accuracy"], seed_range(result)
    epochs = f"{course['epochs']} epoch{'s' if course['epochs'] != 1 else ''}"
    big, small = tutorial["samples_per_epoch"], course["samples_per_epoch"]
    speeds = [run["matmul_flops_per_second"] / 1e9 for run in runs]
    bound = [fastest_epoch_over_bound(run, result["flops_per_sample"]) for run in runs]
    return [
        (
            f"(a) tutorial: seconds per epoch of {big:,} images, fastest of each run",
            _spread(fastest_epochs(tutorial)),
            "",
        ),
        ("(a) tutorial: test accuracy after epochs 1, 2", after, ""),
        (
            f"(b) tutorial, batches indexed from one tensor: seconds per epoch of {big:,} images, fastest of each run",
            _spread(fastest_epochs(in_memory)),
            "",
        ),
        (
            f"(c) course: seconds per epoch of {small:,} images, fastest of each run",
            _spread(fastest_epochs(course)),
            "",
        ),
        (
            f"(c) course: training time of {epochs}, over seeds",
            _spread([sum(run["epoch_seconds"]) for run in runs], digits=1),
            "<= 10 s",
        ),
        (
            "(c) course: training time until an epoch first ends at 98.0% validation accuracy",
            _spread(reach, digits=1) if None not in reach else "not reached",
            "",
        ),
        (f"(c) course: lowest test accuracy, seeds {seeds}", _percent(test["min"]), ""),
        (f"(c) course: median test accuracy, seeds {seeds}", _percent(test["median"]), ""),
        (f"(c) course: highest test accuracy, seeds {seeds}", _percent(test["max"]), ""),
        (
            f"(d) course recipe on the tutorial's model: seconds per epoch of {small:,} images, fastest of each run",
            _spread(fastest_epochs(same_model)),
            "",
        ),
        (
            "(a) / (b), time per image: fastest epochs",
            _ratio(tutorial, in_memory, in_memory["runs"][0]["samples_per_epoch"], big),
            "",
        ),
        ("(a) / (c), time per image: fastest epochs", _ratio(tutorial, course, small, big), ""),
        (
            "(a) / (d), time per image: fastest epochs",
            _ratio(tutorial, same_model, small, big),
            "",
        ),
        ("(e) matrix-product FLOP per image, forward + backward", f"{result['counted_flops_per_sample']:,.0f}", ""),
        (
            f"(e) matmul throughput, the {len(result['matmul_shapes'])} products of one step "
            f"at batch {course['batch_size']}, over seeds",
            _spread(speeds, unit=" GFLOP/s", digits=0),
            "",
        ),
        ("(e) compute lower bound of one course epoch", f"{result['epoch_lower_bound_seconds']:.2f} s", ""),
        ("(c) / (e): fastest course epoch / lower bound, over seeds", _spread(bound, unit="x"), "<= 1.5x"),
    ]


def profile_rows(result: dict) -> list[tuple[str, str]]:
    """Where one profiled course epoch spends its time: (category, "seconds (share)") rows, largest first."""
    profile = result["profile"]
    epoch = profile["profiled_epoch_seconds"]
    rows = [
        (category, f"{seconds:.3f} s ({100 * seconds / epoch:.0f}%)")
        for category, seconds in sorted(profile["seconds"].items(), key=lambda item: -item[1])
    ]
    return [*rows, ("the whole profiled epoch", f"{epoch:.3f} s (100%)")]


def sweep_rows(result: dict) -> list[tuple[str, str, str, str, str]]:
    """The recipe sweep's rows: variant, validation accuracy as "median (min-max)", median training seconds,
    and against the recipe on the same seed: the mean difference in points, and on how many seeds it is
    lower / higher / tied (the variants share their seeds with the recipe, so the differences are paired).

    The website adds lesson 07's verdict (``book/generate_tables.py``: ``sweep_verdict``)."""
    recipe = result["variants"]["the recipe"]["validation_accuracy"]
    rows = []
    for name, variant in result["variants"].items():
        mine = variant["validation_accuracy"]
        differences = [100 * (accuracy - theirs) for accuracy, theirs in zip(mine, recipe, strict=True)]
        lower, higher = sum(d < -1e-6 for d in differences), sum(d > 1e-6 for d in differences)
        counts = f"{lower} / {higher} / {len(differences) - lower - higher}"
        paired = ("", "") if name == "the recipe" else (f"{statistics.mean(differences):+.2f}", counts)
        rows.append(
            (
                name,
                f"{_percent(variant['median'])} ({_percent(variant['min'])}-{_percent(variant['max'])})",
                f"{variant['training_seconds']:.1f} s",
                *paired,
            )
        )
    return rows
