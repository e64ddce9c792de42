"""The benchmark's figures as (measure, value, target) rows, from the JSON that `make bench` writes.

One list of rows for both readers: `mnist_speed.py` prints it as a text table and the website's
`book/generate_tables.py` renders it as Markdown. It needs no torch, so the site builds quickly.
"""

from __future__ import annotations


def summary_rows(result: dict) -> list[tuple[str, str, str]]:
    """Return the rows of the benchmark's table; ``target`` is empty where the issue sets none."""
    tutorial, course = result["tutorial"], result["course"]
    after = ", ".join(f"{100 * accuracy:.2f}%" for accuracy in tutorial["test_accuracy_after_epoch"])
    reach = course["seconds_to_98_percent"]
    return [
        ("(a) tutorial: seconds per epoch", f"{tutorial['seconds_per_epoch']:.2f} s", ""),
        ("(a) tutorial: test accuracy after epochs 1, 2", after, ""),
        ("(b) course: seconds per epoch", f"{course['seconds_per_epoch']:.2f} s", ""),
        ("(b) course: time to 98.0% test accuracy", f"{reach:.1f} s" if reach else "not reached", ""),
        (
            f"(b) course: final test accuracy ({course['epochs']} epochs)",
            f"{100 * course['final_test_accuracy']:.2f}%",
            ">= 98.50%",
        ),
        ("(b) course: total training time", f"{course['training_seconds']:.1f} s", "<= 15 s"),
        ("(a) / (b) per epoch, same model (784-500-256-10)", f"{result['speedup_per_epoch_same_model']:.1f}x", ">= 4x"),
        ("(a) / (b) per epoch, each with its own model", f"{result['speedup_per_epoch_each_recipe']:.1f}x", ""),
        ("matmul throughput", f"{result['matmul_gflops']:.0f} GFLOP/s", ""),
        ("compute lower bound of one course epoch", f"{result['epoch_lower_bound_seconds']:.2f} s", ""),
        ("course epoch / lower bound", f"{result['epoch_time_over_bound']:.2f}x", "<= 1.5x"),
    ]
