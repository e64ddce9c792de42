"""Every lesson runs on its own, as a learner who downloaded only that notebook would run it.

Each lesson is copied alone into an empty folder and executed by a Python in which the course
package is NOT installed. Its bootstrap cell must install the package (from the checkout, through
``COURSE_PACKAGE_SOURCE``, instead of from the public repository), and the lesson must then run
top to bottom without an error. The environment borrows torch and the other libraries from the
project's ``.venv`` (only the package's build backend, hatchling, comes from the package index, as
pip builds the package in isolation), but not the course package; the package is
uninstalled again between lessons. To try another Python version, point ``COURSE_STANDALONE_PYTHON``
at the interpreter of an environment that has torch, nbconvert and ipykernel installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.paths import data_dir

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PACKAGE = "pytorch-zero-to-one-helpers"
#: What the project's own environment holds of the course package itself (an editable install).
OWN_ENTRIES = ("pytorch_zero_to_one_helpers", "_editable_impl_pytorch_zero_to_one_helpers", "__editable__")


def git_status() -> str:
    """Every change git sees in the checkout, ignored files included."""
    return subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def site_packages(python: Path | str) -> Path:
    """The folder where ``python`` installs pure-Python packages."""
    command = [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    return Path(subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip())


def make_bare_python(folder: Path, leave_out: tuple[str, ...] = (), linked: bool = False) -> Path:
    """Make a virtual environment in ``folder`` with torch, Jupyter and the rest, but without the course package.

    It borrows the packages of ``COURSE_STANDALONE_PYTHON`` (or of this Python) through a ``.pth`` file, except the
    course package and the top-level names in ``leave_out`` (``("pip",)``: a Python without pip, as ``uv venv``
    makes). ``linked=True`` links them into its own site-packages instead, where uv, which does not read ``.pth``
    files, sees them as installed. Returns its interpreter.
    """
    lender = os.environ.get("COURSE_STANDALONE_PYTHON") or sys.executable
    subprocess.run([lender, "-m", "venv", "--without-pip", str(folder / "env")], check=True)
    python = folder / "env" / "bin" / "python"
    own_site = site_packages(python)
    borrowed = own_site if linked else folder / "borrowed-site-packages"
    borrowed.mkdir(exist_ok=True)
    for entry in site_packages(lender).iterdir():
        skipped = entry.name.startswith(OWN_ENTRIES) or entry.suffix == ".pth" or (borrowed / entry.name).exists()
        if not skipped and not any(entry.name == name or entry.name.startswith(f"{name}-") for name in leave_out):
            (borrowed / entry.name).symlink_to(entry)
    if not linked:
        (own_site / "borrowed.pth").write_text(f"{borrowed}\n")
    probe = subprocess.run([str(python), "-c", "import helpers"], cwd=folder, capture_output=True, text=True)
    assert probe.returncode != 0, "the bare environment must not see the course package"
    return python


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A virtual environment with torch, Jupyter and the rest, but without the course package."""
    return make_bare_python(tmp_path_factory.mktemp("standalone"))


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_runs_alone_in_an_empty_folder(bare_python, lesson, tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / lesson.name).write_bytes(lesson.read_bytes())
    before = git_status()
    env = {
        **os.environ,
        "COURSE_PACKAGE_SOURCE": str(ROOT),
        "COURSE_DATA_DIR": str(data_dir()),  # lessons 05 and 06 read MNIST from here instead of downloading it
        "COURSE_DEVICE": "cpu",
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "PYTHONPATH": "",
    }
    env.pop("COURSE_SHOW_SOLUTIONS", None)  # a learner's Jupyter: solution outputs stay hidden
    try:
        run = subprocess.run(
            [str(bare_python), "-m", "nbconvert", "--to", "notebook", "--execute", "--output", "executed.ipynb",
             "--ExecutePreprocessor.timeout=300", lesson.name],
            cwd=folder, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-4000:]
        executed = nbformat.read(folder / "executed.ipynb", as_version=4)
        for cell in executed.cells:
            for output in cell.get("outputs", []):
                assert output.output_type != "error", f"{output.ename}: {output.evalue}"
                assert output.get("name") != "stderr", f"stderr in a cell: {output.text[:500]!r}"
        bootstrap = next(cell for cell in executed.cells if cell.cell_type == "code")
        assert "Installing the course package" in "".join(o.get("text", "") for o in bootstrap.outputs)
        installed = subprocess.run(
            [str(bare_python), "-m", "pip", "show", "--files", PACKAGE], capture_output=True, text=True, check=True
        ).stdout
        assert "helpers/__init__.py" in installed, "the bootstrap cell installed the package into this Python"
        assert "Editable project location" not in installed
        assert git_status() == before, "running a downloaded lesson must not write into the checkout"
    finally:
        subprocess.run([str(bare_python), "-m", "pip", "uninstall", "--yes", "--quiet", PACKAGE], capture_output=True)
