"""The benchmark's figures as (measure, value, target) rows, from the JSON that `make bench` writes.

One list of rows for both readers: `mnist_speed.py` prints it as a text table and the website's
`book/generate_tables.py` renders it as Markdown. It needs no torch, so the site builds quickly.
"""

from __future__ import annotations

#: The profile's category for the matrix products (`mnist_speed.py` fills it, the website reads it).
MATRIX_PRODUCTS = "matrix products (mm, addmm)"


def _percent(accuracy: float) -> str:
    return f"{100 * accuracy:.2f}%"


def seed_range(result: dict) -> str:
    """The seeds of the course runs, as ``0-9``."""
    seeds = result["settings"]["seeds"]
    return f"{seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else str(seeds[0])


def summary_rows(result: dict) -> list[tuple[str, str, str]]:
    """Return the rows of the benchmark's table; ``target`` is empty where the issue sets none."""
    tutorial, course = result["tutorial"], result["course"]
    after = ", ".join(_percent(accuracy) for accuracy in tutorial["test_accuracy_after_epoch"])
    reach = course["seconds_to_98_percent_validation"]
    test, seeds = course["test_accuracy"], seed_range(result)
    epochs = f"{course['epochs']} epoch{'s' if course['epochs'] != 1 else ''}"
    return [
        ("(a) tutorial: seconds per epoch", f"{tutorial['seconds_per_epoch']:.2f} s", ""),
        ("(a) tutorial: test accuracy after epochs 1, 2", after, ""),
        (
            "(c) tutorial's model, batch and optimizer, in-memory batches: seconds per epoch",
            f"{result['tutorial_in_memory']['seconds_per_epoch']:.2f} s",
            "",
        ),
        ("(b) course: seconds per epoch", f"{course['seconds_per_epoch']:.2f} s", ""),
        (
            f"(b) course: training time ({epochs}, median over seeds)",
            f"{course['training_seconds']:.1f} s",
            "<= 10 s",
        ),
        ("(b) course: time to 98.0% validation accuracy", f"{reach:.1f} s" if reach else "not reached", ""),
        (f"(b) course: lowest test accuracy, seeds {seeds}", _percent(test["min"]), ">= 98.50%"),
        (f"(b) course: median test accuracy, seeds {seeds}", _percent(test["median"]), ">= 98.70%"),
        (f"(b) course: highest test accuracy, seeds {seeds}", _percent(test["max"]), ""),
        ("(a) / (c) per epoch: the data pipeline alone", f"{result['speedup_per_epoch_pipeline_only']:.1f}x", ""),
        (
            "(a) / course recipe on the tutorial's model, per epoch",
            f"{result['speedup_per_epoch_same_model']:.1f}x",
            ">= 4x",
        ),
        ("(a) / (b) per epoch, each with its own model", f"{result['speedup_per_epoch_each_recipe']:.1f}x", ""),
        ("(d) matrix-product FLOP per image, forward + backward", f"{result['counted_flops_per_sample']:,.0f}", ""),
        (
            f"(d) matmul throughput, the {len(result['matmul_shapes'])} products of one step "
            f"at batch {course['batch_size']}",
            f"{result['matmul_gflops']:.0f} GFLOP/s",
            "",
        ),
        ("(d) compute lower bound of one course epoch", f"{result['epoch_lower_bound_seconds']:.2f} s", ""),
        ("(d) course epoch / lower bound", f"{result['epoch_time_over_bound']:.2f}x", "<= 1.5x"),
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


def sweep_rows(result: dict) -> list[tuple[str, str, str]]:
    """The recipe sweep's rows: variant, validation accuracy as "median (min-max)", median training seconds."""
    return [
        (
            name,
            f"{_percent(variant['median'])} ({_percent(variant['min'])}-{_percent(variant['max'])})",
            f"{variant['training_seconds']:.1f} s",
        )
        for name, variant in result["variants"].items()
    ]
