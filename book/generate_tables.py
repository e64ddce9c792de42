"""Write the website's measured tables from the committed benchmark results.

`make book` runs this before building. The numbers come from
`benchmarks/results/notebook_times.json` (`make timings`) and
`benchmarks/results/mnist_speed.json` (`make bench`); rerun those to refresh them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
OUT = Path(__file__).resolve().parent / "_generated"


def load(name: str, command: str) -> dict:
    """Read one results file, or stop with the command that makes it."""
    path = RESULTS / name
    if not path.is_file():
        sys.exit(f"{path.relative_to(ROOT)} is missing: run `{command}` first.")
    return json.loads(path.read_text())


def lesson_map() -> str:
    """Return the landing page's table of lessons with their measured run times."""
    seconds = load("notebook_times.json", "make timings")["seconds"]
    rows = ["| Lesson | Run time on a 2-core CPU |", "|---|---|"]
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        title = json.loads(notebook.read_text())["cells"][0]["source"]
        title = (title if isinstance(title, str) else "".join(title)).splitlines()[0].lstrip("# ").strip()
        measured = f"{seconds[notebook.stem]:.0f} s" if notebook.stem in seconds else "not measured yet"
        rows.append(f"| [{title}](notebooks/{notebook.stem}.ipynb) | {measured} |")
    return "\n".join(rows) + "\n"


def performance_table() -> str:
    """Return the performance page's table of benchmark figures."""
    result = load("mnist_speed.json", "make bench")
    tutorial, course = result["tutorial"], result["course"]
    after = ", ".join(f"{100 * a:.2f} %" for a in tutorial["test_accuracy_after_epoch"])
    reach = course["seconds_to_98_percent"]
    rows = [
        ("(a) tutorial recipe: seconds per epoch", f"{tutorial['seconds_per_epoch']:.2f} s"),
        ("(a) tutorial recipe: test accuracy after epochs 1 and 2", after),
        ("(b) course recipe: seconds per epoch", f"{course['seconds_per_epoch']:.2f} s"),
        ("(b) course recipe: time to 98.0 % test accuracy", f"{reach:.1f} s" if reach else "not reached"),
        (
            f"(b) course recipe: test accuracy after {course['epochs']} epochs",
            f"{100 * course['final_test_accuracy']:.2f} %",
        ),
        ("(b) course recipe: total training time", f"{course['training_seconds']:.1f} s"),
        ("speed-up per epoch, same 784-500-256-10 model", f"{result['speedup_per_epoch_same_model']:.1f}×"),
        ("measured matrix-multiply throughput", f"{result['matmul_gflops']:.0f} GFLOP/s"),
        ("compute lower bound of one course epoch", f"{result['epoch_lower_bound_seconds']:.2f} s"),
        ("course epoch time / lower bound", f"{result['epoch_time_over_bound']:.2f}×"),
    ]
    machine = result["machine"]
    lines = ["| Measure | Value |", "|---|---|", *[f"| {name} | {value} |" for name, value in rows]]
    lines.append("")
    lines.append(
        f"Measured with torch {machine['torch']} on {machine['threads']} CPU threads, "
        f"medians over {result['settings']['repeats']} runs."
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write both tables into book/_generated/."""
    OUT.mkdir(exist_ok=True)
    (OUT / "lesson_map.md").write_text(lesson_map())
    (OUT / "performance_table.md").write_text(performance_table())


if __name__ == "__main__":
    main()
