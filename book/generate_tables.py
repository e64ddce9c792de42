"""Write the website's measured tables from the committed benchmark results.

`make book` runs this before building. The numbers come from
`benchmarks/results/notebook_times.json` (`make timings`),
`benchmarks/results/mnist_speed.json` (`make bench`) and `benchmarks/results/recipe_sweep.json`
(`make sweep`); rerun those to refresh them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "benchmarks"))
from speed_table import (  # the rows the benchmarks print; no torch
    MATRIX_PRODUCTS,
    profile_rows,
    seed_range,
    summary_rows,
    sweep_rows,
)

OUT = Path(__file__).resolve().parent / "_generated"


def load(name: str, command: str) -> dict:
    """Read one results file, or stop with the command that makes it."""
    path = RESULTS / name
    if not path.is_file():
        sys.exit(f"{path.relative_to(ROOT)} is missing: run `{command}` first.")
    return json.loads(path.read_text())


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], note: str = "") -> str:
    """Return a Markdown table with one line per row, and an optional note under it."""
    lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header), *(f"| {' | '.join(row)} |" for row in rows)]
    return "\n".join([*lines, "", note] if note else lines) + "\n"


def lesson_map() -> str:
    """Return the landing page's table of lessons with their measured run times."""
    seconds = load("notebook_times.json", "make timings")["seconds"]
    rows = []
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        title = json.loads(notebook.read_text())["cells"][0]["source"]
        title = (title if isinstance(title, str) else "".join(title)).splitlines()[0].lstrip("# ").strip()
        measured = f"{seconds[notebook.stem]:.0f} s" if notebook.stem in seconds else "not measured yet"
        rows.append((f"[{title}](notebooks/{notebook.stem}.ipynb)", measured))
    return markdown_table(("Lesson", "Run time on a 2-core CPU"), rows)


def performance_table() -> str:
    """Return the performance page's table of benchmark figures (the rows `make bench` prints)."""
    result = load("mnist_speed.json", "make bench")
    machine = result["machine"]
    course = result["course"]
    note = (
        f"Measured with torch {machine['torch']} on {machine['threads']} CPU threads; the course's figures over "
        f"seeds {seed_range(result)} (times are medians), the tutorial's over {result['settings']['repeats']} runs. "
        f"Course recipe: {course['epochs']} epochs, batch {course['batch_size']}, peak learning rate "
        f"{course['max_learning_rate']:g}, weight decay {course['weight_decay']:g}, label smoothing "
        f"{course['label_smoothing']:g}, random shifts of up to {course['max_shift']} pixel(s). "
        f"Matrix products timed for the bound: {', '.join(result['matmul_shapes'])}."
    )
    return markdown_table(("Measure", "Value", "Target"), summary_rows(result), note)


def profile_table() -> str:
    """Return the table of where one profiled course epoch spends its time."""
    result = load("mnist_speed.json", "make bench")
    profile, bound = result["profile"], result["epoch_lower_bound_seconds"]
    products = profile["seconds"][MATRIX_PRODUCTS]
    rest = profile["profiled_epoch_seconds"] - products
    note = (
        f"In this run the matrix products took {products:.3f} s of the profiled epoch, against a compute lower "
        f"bound of {bound:.3f} s for a whole epoch ({products / bound:.2f} times the bound); everything else took "
        f"{rest:.3f} s ({100 * rest / profile['profiled_epoch_seconds']:.0f}% of the epoch)."
    )
    return markdown_table(("Where the time goes", "Seconds (share of the epoch)"), profile_rows(result), note)


def sweep_table() -> str:
    """Return the table of lesson 06's recipe against its variants, on the validation split (`make sweep`)."""
    result = load("recipe_sweep.json", "make sweep")
    seeds = result["seeds"]
    header = ("Variant (one change to the recipe)", "Validation accuracy: median (lowest-highest)", "Training time")
    note = (
        f"Each variant trained once for each of the seeds {seeds[0]} to {seeds[-1]}, with torch {result['torch']} "
        f"on {result['threads']} CPU threads."
    )
    return markdown_table(header, sweep_rows(result), note)


def main() -> None:
    """Write the tables into book/_generated/."""
    OUT.mkdir(exist_ok=True)
    (OUT / "lesson_map.md").write_text(lesson_map())
    (OUT / "performance_table.md").write_text(performance_table())
    (OUT / "profile_table.md").write_text(profile_table())
    (OUT / "sweep_table.md").write_text(sweep_table())


if __name__ == "__main__":
    main()
