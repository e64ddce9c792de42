"""Write the website's measured tables from the committed benchmark results.

`make book` runs this before building. The numbers come from
`benchmarks/results/notebook_times.json` (`make timings`),
`benchmarks/results/mnist_speed.json` (`make bench`) and `benchmarks/results/recipe_sweep.json`
(`make sweep`); rerun those to refresh them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed_table import profile_rows, seed_range, summary_rows, sweep_rows  # the rows the benchmarks print; no torch

OUT = Path(__file__).resolve().parent / "_generated"
MATRIX_PRODUCTS = "matrix products (mm, addmm)"  # the profile's category, as benchmarks/mnist_speed.py names it


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
    """Return the performance page's table of benchmark figures (the rows `make bench` prints)."""
    result = load("mnist_speed.json", "make bench")
    machine = result["machine"]
    course = result["course"]
    lines = [
        "| Measure | Value | Target |",
        "|---|---|---|",
        *[f"| {name} | {value} | {target} |" for name, value, target in summary_rows(result)],
        "",
        f"Measured with torch {machine['torch']} on {machine['threads']} CPU threads; the course's figures over "
        f"seeds {seed_range(result)} (times are medians), the tutorial's over {result['settings']['repeats']} runs. "
        f"Course recipe: {course['epochs']} epochs, batch {course['batch_size']}, peak learning rate "
        f"{course['max_learning_rate']:g}, weight decay {course['weight_decay']:g}, label smoothing "
        f"{course['label_smoothing']:g}, random shifts of up to {course['max_shift']} pixel(s). "
        f"Matrix products timed for the bound: {', '.join(result['matmul_shapes'])}.",
    ]
    return "\n".join(lines) + "\n"


def profile_table() -> str:
    """Return the table of where one profiled course epoch spends its time."""
    result = load("mnist_speed.json", "make bench")
    rows = ["| Where the time goes | Seconds (share of the epoch) |", "|---|---|"]
    rows += [f"| {name} | {value} |" for name, value in profile_rows(result)]
    profile, bound = result["profile"], result["epoch_lower_bound_seconds"]
    products = profile["seconds"][MATRIX_PRODUCTS]
    rest = profile["profiled_epoch_seconds"] - products
    rows += [
        "",
        f"In this run the matrix products took {products:.3f} s of the profiled epoch, against a compute lower "
        f"bound of {bound:.3f} s for a whole epoch ({products / bound:.2f} times the bound); everything else took "
        f"{rest:.3f} s ({100 * rest / profile['profiled_epoch_seconds']:.0f}% of the epoch).",
    ]
    return "\n".join(rows) + "\n"


def sweep_table() -> str:
    """Return the table of lesson 06's recipe against its variants, on the validation split (`make sweep`)."""
    result = load("recipe_sweep.json", "make sweep")
    seeds = result["seeds"]
    lines = [
        "| Variant (one change to the recipe) | Validation accuracy: median (lowest-highest) | Training time |",
        "|---|---|---|",
        *[f"| {name} | {accuracy} | {seconds} |" for name, accuracy, seconds in sweep_rows(result)],
        "",
        f"Each variant trained once for each of the seeds {seeds[0]} to {seeds[-1]}, with torch {result['torch']} "
        f"on {result['threads']} CPU threads.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the tables into book/_generated/."""
    OUT.mkdir(exist_ok=True)
    (OUT / "lesson_map.md").write_text(lesson_map())
    (OUT / "performance_table.md").write_text(performance_table())
    (OUT / "profile_table.md").write_text(profile_table())
    (OUT / "sweep_table.md").write_text(sweep_table())


if __name__ == "__main__":
    main()
