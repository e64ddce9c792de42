"""Build the teachers' handouts: three zips of the lessons, offered for download on the website.

- ``pytorch-zero-to-one-student.zip``: the **student edition**. Every exercise solution cell
  (tagged ``solution``) is removed with its outputs, and so is any widget state only those outputs
  used. In its place, a short Markdown note in the lesson's language says that the solution is not in
  this edition, so that the text, ``exercise_N.solution()`` and ``show_solution_output(N)``, which point
  to the solution's place, find that note. Every other cell is kept as it is, the bootstrap cell and the
  self-checks included.
- ``pytorch-zero-to-one-teacher.zip``: the **teacher edition**. Every solution is kept and shown:
  its ``source_hidden``/``outputs_hidden`` flags and its ``hide-cell`` tag are removed.
- ``pytorch-zero-to-one-lessons.zip``: every lesson exactly as it is in the repository.

Lessons are the ``NN_*.ipynb`` files of ``notebooks/`` and of its subfolders (a translation in
``notebooks/zh_CN/``, for example); each zip keeps a clone's layout under one top folder: the lessons in
``notebooks/``, the pages they link (the cheat sheet, for example) where their links point, a README.txt and
the two licence files. The zips are reproducible: sorted entries, fixed
timestamps (1980-01-01, or ``SOURCE_DATE_EPOCH`` when set) and fixed permissions, so the same
lessons always give the same bytes.

Usage (from the repository root)::

    .venv/bin/python book/make_handouts.py            # writes book/_generated/handouts/*.zip
    .venv/bin/python book/make_handouts.py --out DIR

Example:
    >>> cell = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution", "hide-cell"]})
    >>> is_solution(cell)
    True
    >>> show_solution(cell).metadata["tags"]
    ['solution']
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = Path(__file__).resolve().parent / "_generated" / "handouts"
NAME = "pytorch-zero-to-one"
LICENCES = ("LICENSE", "LICENSE-CONTENT")
SOLUTION_TAG = "solution"
HIDE_TAG = "hide-cell"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]+)")
EDITIONS = ("student", "teacher", "lessons")

README_HEAD = {
    "student": """\
PyTorch from Zero to One: student edition

The course's lessons as Jupyter notebooks, for learners. The exercise solutions are not in
this edition: each exercise keeps its empty cell ("# Your code here") and, where the lesson has
one, its self-check (`exercise_1.check(...)`). Where a solution was, a short note says that your
teacher has it. The text of a lesson, `exercise_N.solution()` and `show_solution_output(N)` still
point to that place.
""",
    "teacher": """\
PyTorch from Zero to One: teacher edition

The course's lessons as Jupyter notebooks, with every exercise solution shown, expanded,
with its stored output. Hand learners the student edition (no solutions) instead.
When you run a lesson, its solutions' outputs are hidden again unless you start Jupyter with
COURSE_SHOW_SOLUTIONS=1 set (for example `COURSE_SHOW_SOLUTIONS=1 jupyter lab`).
""",
    "lessons": """\
PyTorch from Zero to One: the lessons

The course's lessons exactly as they are in the course's repository, executed, with their
stored outputs. The exercise solutions are there, collapsed: click the bar to the left of a
collapsed cell in JupyterLab to show it.
""",
}

README_TAIL = """\
Lessons in this folder:
{lessons}

How to run a lesson
  Open it in any Jupyter (JupyterLab, Notebook, VS Code, Colab, a school JupyterHub) whose Python
  has PyTorch 2.4 or newer. Run the cells from the top: the first cell installs the course's small helper
  package (`helpers`: plots, data loading, device choice) when it is missing, and never replaces
  the installed torch, torchvision or numpy. Lessons 05 to 07 download MNIST (about 12 MB) into
  a data/ folder next to where you run them, on first use.
  To install the helpers from somewhere else (a fork, a folder, a wheel), set the environment
  variable COURSE_PACKAGE_SOURCE to anything `pip install` accepts before starting Jupyter.

The course: {home}

Licence
  Code: MIT licence (LICENSE). Text and figures: CC BY-SA 4.0 (LICENSE-CONTENT,
  https://creativecommons.org/licenses/by-sa/4.0/). MNIST by Y. LeCun, C. Cortes and
  C. J. C. Burges, CC BY-SA 3.0.
"""


def lesson_paths(notebooks: Path = NOTEBOOKS) -> list[Path]:
    """Every lesson under ``notebooks``, in subfolders too: top-level lessons first, then by path."""
    found = [
        path
        for path in notebooks.rglob("[0-9][0-9]_*.ipynb")
        if not any(part.startswith(".") for part in path.relative_to(notebooks).parts)
    ]
    return sorted(found, key=lambda path: (len(path.relative_to(notebooks).parts), path.as_posix()))


def is_solution(cell: dict) -> bool:
    """Whether a cell is an exercise solution (tagged ``solution``)."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def widget_models(outputs: Iterable[dict], state: dict) -> set[str]:
    """Return the widget models the outputs display, with every model those refer to, recursively."""
    todo = [
        output["data"][WIDGET_VIEW]["model_id"]
        for output in outputs
        if WIDGET_VIEW in output.get("data", {}) and "model_id" in output["data"][WIDGET_VIEW]
    ]
    seen: set[str] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        todo.extend(MODEL_REFERENCE.findall(json.dumps(state.get(model, {}))))
    return seen


#: The note that takes the place of an exercise's solution in the student edition, per language.
REMOVED_NOTE = {
    "en": "**Solution{number}:** not in this student edition. Your teacher has it.",
    "zh_CN": "**练习{number}的参考答案**：学生版不含这份参考答案，老师那里有。",
}
#: The tag of that note.
REMOVED_TAG = "solution-removed"
#: The first line of every solution cell (as in helpers/exercises.py).
SOLUTION_MARKER = re.compile(r"^# Solution to exercise (\d+)")


def removed_note(solution: dict, language: str) -> nbformat.NotebookNode:
    """Return the Markdown cell that stands where ``solution`` was in the student edition.

    >>> cell = nbformat.v4.new_code_cell("# Solution to exercise 3", id="01-063")
    >>> note = removed_note(cell, "en")
    >>> note.source, note.id
    ('**Solution to exercise 3:** not in this student edition. Your teacher has it.', '01-063-removed')
    >>> removed_note(cell, "zh_CN").source
    '**练习 3 的参考答案**：学生版不含这份参考答案，老师那里有。'
    """
    match = SOLUTION_MARKER.match(solution.get("source", ""))
    if language == "en":
        number = f" to exercise {match.group(1)}" if match else ""
    else:
        number = f" {match.group(1)} " if match else ""
    note = nbformat.v4.new_markdown_cell(REMOVED_NOTE[language].format(number=number))
    note.metadata["tags"] = [REMOVED_TAG]
    if solution.get("id"):
        note.id = f"{solution['id'][:56]}-removed"
    return note


def student_edition(notebook: nbformat.NotebookNode, language: str = "en") -> nbformat.NotebookNode:
    """Return a copy without the solution cells, their outputs, and the widget state only they used.

    Each run of consecutive solution cells gives way to one note (:func:`removed_note`) in ``language``.
    """
    student = copy.deepcopy(notebook)
    solutions = [cell for cell in student.cells if is_solution(cell)]
    kept_cells = []
    for index, cell in enumerate(student.cells):
        if not is_solution(cell):
            kept_cells.append(cell)
        elif index == 0 or not is_solution(student.cells[index - 1]):
            kept_cells.append(removed_note(cell, language))
    student.cells = kept_cells
    state = student.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    if state:
        kept_outputs = [output for cell in student.cells for output in cell.get("outputs", [])]
        solution_outputs = [output for cell in solutions for output in cell.get("outputs", [])]
        kept = widget_models(kept_outputs, state)
        for model in widget_models(solution_outputs, state) - kept:
            state.pop(model, None)
    return student


def show_solution(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Make one solution cell visible: no collapsed source or outputs, no ``hide-cell`` tag."""
    jupyter = cell.metadata.get("jupyter", {})
    for flag in ("source_hidden", "outputs_hidden"):
        jupyter.pop(flag, None)
    if "jupyter" in cell.metadata and not jupyter:
        del cell.metadata["jupyter"]
    if HIDE_TAG in cell.metadata.get("tags", []):
        cell.metadata["tags"] = [tag for tag in cell.metadata["tags"] if tag != HIDE_TAG]
    return cell


def teacher_edition(notebook: nbformat.NotebookNode, language: str = "en") -> nbformat.NotebookNode:
    """Return a copy in which every solution is kept and shown."""
    teacher = copy.deepcopy(notebook)
    for cell in teacher.cells:
        if is_solution(cell):
            show_solution(cell)
    return teacher


def course_home() -> str:
    """Return the repository's address, from ``repository.url`` in ``book/_config.yml``."""
    return str(yaml.safe_load((ROOT / "book" / "_config.yml").read_text())["repository"]["url"]).rstrip("/")


def lesson_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """Return the lesson's title: the first Markdown heading of its first cell."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
            break
    return fallback


def readme(edition: str, lessons: list[tuple[str, str]]) -> str:
    """Return the README.txt of an edition, listing its lessons as (path in the zip folder, title)."""
    width = max(len(path) for path, _ in lessons)
    listing = "\n".join(f"  {path:<{width}}  {title.replace('`', '')}" for path, title in lessons)
    return README_HEAD[edition] + "\n" + README_TAIL.format(lessons=listing, home=course_home())


def zip_time() -> tuple[int, int, int, int, int, int]:
    """Return the time of every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 (a zip's earliest)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return tuple(time.gmtime(max(int(epoch), 315532800))[:6])  # type: ignore[return-value]
    return (1980, 1, 1, 0, 0, 0)


def write_zip(path: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (name in the zip: content) as a reproducible zip: sorted, fixed times and modes."""
    buffer = io.BytesIO()
    stamp = zip_time()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below mean the same everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, files[name], compresslevel=9)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(path)


#: A lesson's link to a page of the course beside its folder: ``[cheat sheet](../cheatsheet.md)``.
PAGE_LINK = re.compile(r"\]\(\.\./([a-z-]+\.md)[)#]")


def linked_pages(notebook: nbformat.NotebookNode, relative: str) -> dict[str, Path]:
    """Return the pages a lesson links beside its folder, by their path in the zip (as in a clone), with their source.

    The zip keeps a clone's layout: an English lesson in ``notebooks/`` links the English page at the top, a Chinese
    lesson in ``notebooks/zh_CN/`` the Chinese page in ``notebooks/``.

    >>> cell = nbformat.v4.new_markdown_cell("See the [cheat sheet](../cheatsheet.md).")
    >>> linked_pages(nbformat.v4.new_notebook(cells=[cell]), "zh_CN/01_tensors.ipynb")
    {'notebooks/cheatsheet.md': PosixPath('.../book/zh_CN/cheatsheet.md')}
    """
    chinese = relative.startswith("zh_CN/")
    names = {name for cell in notebook.cells if cell.cell_type == "markdown" for name in PAGE_LINK.findall(cell.source)}
    book = ROOT / "book" / ("zh_CN" if chinese else "")
    return {("notebooks/" if chinese else "") + name: book / name for name in sorted(names)}


def language(relative: str) -> str:
    """Return a lesson's language from its path under ``notebooks/``: ``zh_CN`` for ``zh_CN/01_tensors.ipynb``.

    >>> language("01_tensors.ipynb"), language("zh_CN/01_tensors.ipynb")
    ('en', 'zh_CN')
    """
    folder = relative.split("/")[0] if "/" in relative else "en"
    return folder if folder in REMOVED_NOTE else "en"


def edition_files(edition: str, lessons: list[Path], notebooks: Path, transform: Callable | None) -> dict[str, bytes]:
    """Return the files of one edition's zip, under its top folder: the lessons in ``notebooks/``, as in a clone."""
    folder = f"{NAME}-{edition}"
    files: dict[str, bytes] = {}
    listed = []
    for lesson in lessons:
        relative = lesson.relative_to(notebooks).as_posix()
        original = lesson.read_bytes()
        notebook = nbformat.reads(original.decode("utf-8"), as_version=4)
        listed.append((f"notebooks/{relative}", lesson_title(notebook, lesson.stem)))
        for page, source in linked_pages(notebook, relative).items():
            files[f"{folder}/{page}"] = source.read_bytes()
        if transform is None:
            files[f"{folder}/notebooks/{relative}"] = original  # byte for byte as in the repository
        else:
            edited = transform(notebook, language(relative))
            nbformat.validate(edited)
            text = nbformat.writes(edited)
            files[f"{folder}/notebooks/{relative}"] = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    files[f"{folder}/README.txt"] = readme(edition, listed).encode("utf-8")
    for licence in LICENCES:
        files[f"{folder}/{licence}"] = (ROOT / licence).read_bytes()
    return files


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS) -> dict[str, Path]:
    """Write the three zips into ``out``; return them by edition."""
    lessons = lesson_paths(notebooks)
    if not lessons:
        raise SystemExit(f"No lesson (NN_*.ipynb) found in {notebooks}")
    transforms = {"student": student_edition, "teacher": teacher_edition, "lessons": None}
    written = {}
    for edition in EDITIONS:
        path = out / f"{NAME}-{edition}.zip"
        write_zip(path, edition_files(edition, lessons, notebooks, transforms[edition]))
        written[edition] = path
    return written


def main(argv: list[str] | None = None) -> None:
    """Build the handouts from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the zips (default: %(default)s)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="the lessons (default: %(default)s)")
    args = parser.parse_args(argv)
    for edition, path in build(args.out, args.notebooks).items():
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{edition:8} {shown} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    sys.exit(main())
