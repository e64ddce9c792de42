"""Time the execution of each lesson notebook in a fresh kernel, as `make execute` runs it.

Usage: ``python benchmarks/notebook_times.py notebooks/*.ipynb`` (or ``make timings``).
Writes ``benchmarks/results/notebook_times.json``; the notebooks themselves are not modified.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

import nbformat
import torch
from nbclient import NotebookClient

RESULTS = Path(__file__).resolve().parent / "results" / "notebook_times.json"


def time_notebook(path: Path) -> float:
    """Seconds to execute the notebook top to bottom, kernel start-up included."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(paths: list[str]) -> None:
    seconds = {}
    for name in paths:
        path = Path(name)
        seconds[path.stem] = round(time_notebook(path), 1)
        print(f"{path.stem:40s} {seconds[path.stem]:6.1f} s", flush=True)
    result = {"machine": {"platform": platform.platform(), "threads": torch.get_num_threads()}, "seconds": seconds}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"total {sum(seconds.values()):.1f} s; written to {RESULTS.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
