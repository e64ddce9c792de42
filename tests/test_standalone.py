"""Every lesson runs on its own, as a learner who downloaded only that notebook would run it.

Each lesson is copied alone into an empty folder and executed by a Python in which the course
package is NOT installed. Its bootstrap cell must install the package (through ``COURSE_PACKAGE_SOURCE``,
instead of from the public repository: the first lesson from the checkout, which pip builds, the others from the
wheel of that build, made once), and the lesson must then run
top to bottom without an error. The environment borrows torch and the other libraries from the
project's ``.venv`` (only the package's build backend, hatchling, comes from the package index, as
pip builds the package in isolation), but not the course package; the package is
uninstalled again between lessons. To try another Python version, point ``COURSE_STANDALONE_PYTHON``
at the interpreter of an environment that has torch, nbconvert and ipykernel installed.

The same run also checks the stored outputs, as nbval would (this test replaces running nbval on the lessons,
so that each lesson runs once in the suite): each code cell's outputs must equal the stored ones, compared as
nbval compares them (streams joined; images, metadata and widget ids left out; the volatile text listed in
``tests/nbval_sanitize.cfg`` masked), except in cells tagged ``nbval-ignore-output`` or ``nbval-skip`` and in the
bootstrap cell, which is checked on its own. A learner's Jupyter hides the output of solution cells, so the test
runs a ``show_solution_output(N)`` cell after each one: the solution cell must print the note that stands in for
its output, and the cell after it the solution's stored output. Each cell has 120 s, as nbval gave it.
"""

from __future__ import annotations

import copy
import difflib
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from helpers.exercises import SOLUTION_MARKER, hidden_note
from helpers.paths import data_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book"))
from translations import nbval_patterns  # book/translations.py: nbval's masks, read in one place

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PACKAGE = "pytorch-zero-to-one-helpers"
#: What the project's own environment holds of the course package itself (an editable install).
OWN_ENTRIES = ("pytorch_zero_to_one_helpers", "_editable_impl_pytorch_zero_to_one_helpers", "__editable__")
#: What nbval leaves out of the comparison: its own list, with images (nbval compares them only with nbdime).
NOT_COMPARED = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")  # fmt: skip
#: Tags that exempt a cell's output from the comparison, as they exempt it from nbval's.
UNCHECKED_TAGS = {"nbval-ignore-output", "nbval-skip"}
#: Each cell's time limit in seconds: nbval's (--nbval-cell-timeout in pyproject.toml).
CELL_TIMEOUT_S = 120


def comparable(outputs: list, patterns: list[tuple[str, str]]) -> dict[str, list]:
    """Return a cell's outputs as nbval compares them: by key, streams joined, volatile text masked.

    Two cells pass nbval's comparison exactly when these are equal: the order of outputs of different kinds
    does not matter, the order of those of one kind does.

    >>> stream = nbformat.v4.new_output("stream", name="stdout", text="took 3.2 s\\n")
    >>> comparable([stream], [(r"took \\d+\\.\\d s", "took T s")])
    {'stdout': ['took T s\\n']}
    """
    from nbval.plugin import coalesce_streams, transform_streams_for_comparison

    def masked(value):
        for regex, replacement in patterns if isinstance(value, str) else ():
            value = re.sub(regex, replacement, value)
        return value

    result: dict[str, list] = defaultdict(list)
    for output in transform_streams_for_comparison(coalesce_streams(copy.deepcopy(outputs))):
        for key, value in output.items():
            if key == "data":
                for kind, data in value.items():
                    if kind not in NOT_COMPARED:
                        result[kind].append(masked(data))
            elif key not in NOT_COMPARED:
                result[key].append(masked(value))
    return dict(result)


def learner_copy(lesson: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, dict[str, list]]:
    """Return the lesson as the test runs it (outputs cleared, a ``show_solution_output(N)`` cell after each
    solution), and the outputs each checked cell must give, by cell id."""
    run = copy.deepcopy(lesson)
    run.cells = []
    expected: dict[str, list] = {}
    bootstrap = next(cell.id for cell in lesson.cells if cell.cell_type == "code")
    for cell in copy.deepcopy(lesson.cells):
        run.cells.append(cell)
        if cell.cell_type != "code":
            continue
        stored, cell.outputs, cell.execution_count = cell.outputs, [], None
        checked = cell.id != bootstrap and not UNCHECKED_TAGS & set(cell.metadata.get("tags", []))
        solution = SOLUTION_MARKER.match(cell.source)
        if solution:
            number = int(solution.group(1))
            shown = nbformat.v4.new_code_cell(f"show_solution_output({number})")
            shown.id = f"show-solution-{number}"
            run.cells.append(shown)
            expected[cell.id] = [nbformat.v4.new_output("stream", name="stdout", text=hidden_note(number) + "\n")]
            if checked:
                expected[shown.id] = stored
        elif checked:
            expected[cell.id] = stored
    return run, expected


def output_differences(executed: nbformat.NotebookNode, expected: dict[str, list]) -> list[str]:
    """Describe each checked cell whose outputs differ from what it must give (an empty list: none)."""
    patterns = nbval_patterns()
    differences = []
    for cell in executed.cells:
        if cell.cell_type != "code" or cell.id not in expected:
            continue
        got, want = comparable(cell.outputs, patterns), comparable(expected[cell.id], patterns)
        if got != want:
            diff = difflib.unified_diff(
                repr(want).replace("\\n", "\\n\n").splitlines(), repr(got).replace("\\n", "\\n\n").splitlines(),
                "stored", "this run", lineterm="", n=1,
            )  # fmt: skip
            differences.append(f"cell id {cell.id}:\n" + "\n".join(list(diff)[:40]))
    return differences


def git_status() -> str:
    """Every change git sees in the checkout, ignored files included, but for the website's build outputs."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return without_site_build(status)


def without_site_build(status: str) -> str:
    """Leave the website's build outputs (the ignored files under book/) out of ``git status --porcelain --ignored``.

    ``make book`` removes and rebuilds them, and ``make check`` builds the site while a lesson runs alone. A change
    to a committed or a new file under book/ is kept.

    >>> print(without_site_build("!! book/_build/\\n M book/intro.md\\n?? book/new.md\\n!! data/\\n"), end="")
     M book/intro.md
    ?? book/new.md
    !! data/
    """
    return "".join(line for line in status.splitlines(keepends=True) if not line.startswith("!! book/"))


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


def build_wheel(folder: Path) -> Path:
    """Build the course package's wheel from this checkout into ``folder``, as pip builds it; return its path."""
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(ROOT)]
    built = subprocess.run(command, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    return next(folder.glob("*.whl"))


@pytest.fixture(scope="module")
def course_wheel(tmp_path_factory) -> Path:
    """The course package as pip builds it from this checkout, once: installing it takes 2 s, building it 4 s."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_runs_alone_in_an_empty_folder(bare_python, lesson, tmp_path, request):
    # The bootstrap cell installs from whatever COURSE_PACKAGE_SOURCE names, with the same `pip install`: the first
    # lesson from this checkout, which pip builds (as it builds the course's archive for a learner), the others from
    # that build's wheel, which is quicker.
    source = ROOT if lesson == LESSONS[0] else request.getfixturevalue("course_wheel")
    folder = tmp_path / "downloads"
    folder.mkdir()
    learner, expected = learner_copy(nbformat.read(lesson, as_version=4))
    nbformat.write(learner, folder / lesson.name)
    before = git_status()
    env = {
        **os.environ,
        "COURSE_PACKAGE_SOURCE": str(source),
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
             f"--ExecutePreprocessor.timeout={CELL_TIMEOUT_S}", lesson.name],
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
        differences = output_differences(executed, expected)
        assert not differences, "outputs differ from the stored ones:\n" + "\n\n".join(differences)
        assert git_status() == before, "running a downloaded lesson must not write into the checkout"
    finally:
        subprocess.run([str(bare_python), "-m", "pip", "uninstall", "--yes", "--quiet", PACKAGE], capture_output=True)


def stdout(text: str) -> nbformat.NotebookNode:
    """A cell's printed text, as a stored output."""
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def stored_lesson_with_a_solution() -> nbformat.NotebookNode:
    """A small executed lesson: a bootstrap cell, a checked cell, a machine-dependent one and a solution."""
    cells = [
        nbformat.v4.new_code_cell("install_if_missing()"),
        nbformat.v4.new_code_cell("print(2 + 2)", outputs=[stdout("4\n")]),
        nbformat.v4.new_code_cell("print(device)", outputs=[stdout("Device: cpu\n")]),
        nbformat.v4.new_code_cell("# Solution to exercise 3\nprint(6 * 7)", outputs=[stdout("42\n")]),
    ]
    cells[2].metadata["tags"] = ["nbval-ignore-output"]
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"
    return nbformat.v4.new_notebook(cells=cells)


def test_the_learner_copy_checks_every_stored_output_but_the_exempt_ones():
    lesson = stored_lesson_with_a_solution()
    run, expected = learner_copy(lesson)
    assert [cell.source for cell in run.cells][-1] == "show_solution_output(3)"
    assert all(not cell.outputs for cell in run.cells), "the copy starts with no outputs"
    assert set(expected) == {"cell-1", "cell-3", "show-solution-3"}  # not the bootstrap, nor the ignored cell
    assert expected["cell-3"][0].text == hidden_note(3) + "\n"
    assert expected["show-solution-3"] == lesson.cells[3].outputs
    # A run that gives the same outputs passes; a changed number, in a cell or a solution, is caught.
    executed = copy.deepcopy(run)
    for cell in executed.cells:
        cell.outputs = copy.deepcopy(expected.get(cell.id, []))
    assert output_differences(executed, expected) == []
    executed.cells[-1].outputs[0].text = "43\n"
    executed.cells[1].outputs[0].text = "5\n"
    assert [line.splitlines()[0] for line in output_differences(executed, expected)] == [
        "cell id cell-1:", "cell id show-solution-3:"]  # fmt: skip


def test_outputs_are_compared_as_nbval_compares_them():
    patterns = nbval_patterns()
    figure = lambda png: nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})  # noqa: E731
    same = [
        ([stdout("epoch 1 took 3.2 s\n")], [stdout("epoch 1 took 0.4 s\n")]),  # elapsed times are masked
        ([stdout("a\n"), stdout("b\n")], [stdout("a\nb\n")]),  # a stream split into pieces is joined
        ([figure("AAAA")], [figure("BBBB")]),  # images are not compared, their text is
        ([figure("A"), stdout("x\n")], [stdout("x\n"), figure("A")]),  # nor the order of outputs of different kinds
    ]
    for one, other in same:
        assert comparable(one, patterns) == comparable(other, patterns)
    different = [
        ([stdout("loss 0.25\n")], [stdout("loss 0.26\n")]),
        ([stdout("x\n")], [stdout("x\n"), figure("A")]),
        ([stdout("a\nb\n")], [stdout("b\na\n")]),
    ]
    for one, other in different:
        assert comparable(one, patterns) != comparable(other, patterns)
