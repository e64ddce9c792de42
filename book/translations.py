r"""Keep each translated lesson in step with its English twin.

A translation is a parallel notebook: ``notebooks/zh_CN/01_tensors.ipynb`` translates
``notebooks/01_tensors.ipynb``. It has the same cells, in the same order, with the same ids and tags;
its Markdown is translated, and its code cells run exactly the same code (only ``#`` comments may be
translated). Each translation records, in its metadata, a short hash of every English cell it was
brought up to date with, so a test can name the English cells that changed since.
(Sphinx's gettext workflow does not work with MyST-NB notebooks: executablebooks/MyST-NB#587.)

A translation is never executed on its own: its code is the English code, so ``make execute`` runs the English
lesson and copies its outputs into the translation (``outputs``), and a test checks that every stored output
equals its English twin's as nbval compares them (``output_differences``).

Usage (from the repository root)::

    .venv/bin/python book/translations.py check                  # what is out of step, lesson by lesson
    .venv/bin/python book/translations.py apply LESSON CELLS.json  # set cells from {"cell id": "new source"}
    .venv/bin/python book/translations.py stamp LESSON           # record: LESSON matches today's English
    .venv/bin/python book/translations.py outputs LESSON         # copy the executed English outputs into LESSON
    .venv/bin/python book/translations.py sync LESSON            # give LESSON the English cells, ids, tags and code

Example:
    >>> code_without_comments("x = 1  # one\n# a note\nprint('# kept')\n")
    "x = 1\nprint('# kept')"
    >>> has_chinese("张量 (tensor)"), has_chinese("tensor")
    (True, False)
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import re
import sys
import tokenize
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Each translated edition: its folder under notebooks/ (the language code Sphinx and the theme use).
EDITIONS = ("zh_CN",)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
METADATA_KEY = "course_translation"
STAMP_COMMAND = ".venv/bin/python book/translations.py stamp"
#: The regexes nbval masks outputs with before it compares them (pyproject.toml passes this file to nbval).
NBVAL_SANITIZERS = ROOT / "tests" / "nbval_sanitize.cfg"


def english_lessons() -> list[Path]:
    """Return the English lessons, in order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def translations(edition: str) -> list[Path]:
    """Return the lessons of one translated edition, in order."""
    return sorted((NOTEBOOKS / edition).glob("[0-9][0-9]_*.ipynb"))


def english_twin(translation: Path) -> Path:
    """Return the English lesson a translated lesson translates (same file name, one folder up)."""
    return translation.parent.parent / translation.name


def has_chinese(text: str) -> bool:
    """Tell whether a text contains Chinese characters."""
    return bool(HAN.search(text))


def code_without_comments(source: str) -> str:
    """Return the code of a cell without its ``#`` comments and blank lines: what a translation must keep."""
    tokens = [token for token in tokenize.generate_tokens(io.StringIO(source).readline)
              if token.type != tokenize.COMMENT]
    code = tokenize.untokenize(tokens)
    return "\n".join(line.rstrip() for line in code.splitlines() if line.strip())


def cell_hash(cell: nbformat.NotebookNode) -> str:
    """Return a short hash of what a translator translates in a cell: its type and its source."""
    return hashlib.sha256(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()[:12]


def english_hashes(english: nbformat.NotebookNode) -> dict[str, str]:
    """Return the hash of every cell of an English lesson, by cell id."""
    return {cell.id: cell_hash(cell) for cell in english.cells}


def prose(markdown: str) -> str:
    """Return the words of a Markdown cell that a translation must translate (no code, maths or links)."""
    text = re.sub(r"```.*?```|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", " ", markdown, flags=re.S)
    text = re.sub(r"\]\([^)]*\)|<[^>]+>|https?://\S+", " ", text)
    return text


def structure_problems(translation: nbformat.NotebookNode, english: nbformat.NotebookNode) -> list[str]:
    """Return how a translation's cells differ from its English twin's: ids, order, types, tags or code."""
    problems = []
    ids, english_ids = [cell.id for cell in translation.cells], [cell.id for cell in english.cells]
    if ids != english_ids:
        missing = [cell_id for cell_id in english_ids if cell_id not in ids]
        extra = [cell_id for cell_id in ids if cell_id not in english_ids]
        problems.append(f"cell ids or their order differ (missing: {missing}, extra: {extra})")
        return problems
    for cell, twin in zip(translation.cells, english.cells, strict=True):
        if cell.cell_type != twin.cell_type:
            problems.append(f"cell {cell.id}: {cell.cell_type} here, {twin.cell_type} in English")
            continue
        if cell.metadata.get("tags", []) != twin.metadata.get("tags", []):
            problems.append(f"cell {cell.id}: tags {cell.metadata.get('tags', [])} differ from English")
        if cell.metadata.get("jupyter", {}) != twin.metadata.get("jupyter", {}):
            problems.append(f"cell {cell.id}: collapsed/hidden flags differ from English")
        if cell.cell_type == "code" and code_without_comments(cell.source) != code_without_comments(twin.source):
            problems.append(f"cell {cell.id}: the code differs from English (only # comments may be translated)")
    return problems


def untranslated_cells(translation: nbformat.NotebookNode, english: nbformat.NotebookNode) -> list[str]:
    """Return the ids of Markdown cells whose English has prose but whose translation has no Chinese."""
    untranslated = []
    for cell, twin in zip(translation.cells, english.cells, strict=False):
        if cell.cell_type != "markdown" or not re.search(r"[A-Za-z]{3,}", prose(twin.source)):
            continue
        if not has_chinese(cell.source) or cell.source == twin.source:
            untranslated.append(cell.id)
    return untranslated


def out_of_step(translation: nbformat.NotebookNode, english: nbformat.NotebookNode) -> list[str]:
    """Return what keeps a translation from matching its English twin: structure, code, untranslated cells."""
    return structure_problems(translation, english) + [
        f"cell {cell_id}: not translated" for cell_id in untranslated_cells(translation, english)
    ]


def changed_since_translation(translation: nbformat.NotebookNode, english: nbformat.NotebookNode) -> list[str]:
    """Return the English cells (by id) that changed, appeared or went since the translation's stamp."""
    recorded = translation.metadata.get(METADATA_KEY, {}).get("english_cells", {})
    current = english_hashes(english)
    changed = [cell_id for cell_id, digest in current.items() if recorded.get(cell_id) != digest]
    removed = [cell_id for cell_id in recorded if cell_id not in current]
    return changed + [f"{cell_id} (removed)" for cell_id in removed]


def comparable_outputs(cell: nbformat.NotebookNode, patterns: list[tuple[str, str]]) -> list[dict]:
    """Return a code cell's outputs as nbval compares them: streams joined, volatile text masked.

    Stricter than nbval in one way: images, their alt text and widget ids are compared too, since a
    translation's outputs are copies of its English twin's. Only the execution count is left out.
    """
    from nbval.plugin import coalesce_streams  # nbval's own rule for joining a stream split into pieces

    def masked(value):
        if isinstance(value, str):
            for regex, replacement in patterns:
                value = re.sub(regex, replacement, value)
            return value
        if isinstance(value, dict):
            return {key: masked(item) for key, item in value.items() if key != "execution_count"}
        if isinstance(value, list):
            return [masked(item) for item in value]
        return value

    return [masked(output) for output in coalesce_streams(copy.deepcopy(cell.get("outputs", [])))]


def nbval_patterns() -> list[tuple[str, str]]:
    """Return the (regex, replacement) masks of ``tests/nbval_sanitize.cfg``, read as nbval reads them.

    tests/test_standalone.py masks a lesson's fresh and stored outputs with them too.
    """
    from nbval.plugin import get_sanitize_patterns

    return get_sanitize_patterns(NBVAL_SANITIZERS.read_text(encoding="utf-8"))


def output_differences(translation: nbformat.NotebookNode, english: nbformat.NotebookNode) -> list[str]:
    """Return the ids of code cells whose stored outputs differ from the English twin's, after nbval's masking.

    The notebook's saved widget state (what the website's widget snapshots show) must be the same too.
    """
    patterns = nbval_patterns()
    differences = [
        cell.id
        for cell, twin in zip(translation.cells, english.cells, strict=False)
        if cell.cell_type == "code"
        and (
            comparable_outputs(cell, patterns) != comparable_outputs(twin, patterns)
            or cell.get("execution_count") != twin.get("execution_count")
        )
    ]
    if translation.metadata.get("widgets") != english.metadata.get("widgets"):
        differences.append("the saved widget state (notebook metadata)")
    return differences


def copy_widget_state(translation: nbformat.NotebookNode, english: nbformat.NotebookNode) -> None:
    """Give the translation the English lesson's stored widget state (the sliders' snapshots), or none."""
    translation.metadata.pop("widgets", None)
    if "widgets" in english.metadata:
        translation.metadata["widgets"] = copy.deepcopy(english.metadata["widgets"])


def copy_outputs(path: Path) -> None:
    """Give the translated lesson at ``path`` the outputs of its executed English twin (cell by cell, by id).

    Refuses a translation whose cells or code differ from English: the outputs would belong to other code.
    """
    translation = nbformat.read(path, as_version=4)
    english = nbformat.read(english_twin(path), as_version=4)
    problems = structure_problems(translation, english)
    if problems:
        raise SystemExit(f"{path.relative_to(ROOT)}: cannot copy outputs, the code is not English's:\n  "
                         + "\n  ".join(problems))
    for cell, twin in zip(translation.cells, english.cells, strict=True):
        if cell.cell_type == "code":
            cell.outputs = copy.deepcopy(twin.outputs)
            cell.execution_count = twin.execution_count
    copy_widget_state(translation, english)
    nbformat.write(translation, path)
    print(f"{path.relative_to(ROOT)}: outputs copied from {english_twin(path).relative_to(ROOT)}")


def stamp(path: Path) -> None:
    """Record that the translated lesson at ``path`` is up to date with today's English lesson."""
    translation = nbformat.read(path, as_version=4)
    english = nbformat.read(english_twin(path), as_version=4)
    problems = out_of_step(translation, english)
    if problems:
        raise SystemExit(f"{path.relative_to(ROOT)} is not in step yet:\n  " + "\n  ".join(problems))
    translation.metadata[METADATA_KEY] = {
        "english": english_twin(path).name,
        "english_cells": english_hashes(english),
    }
    nbformat.write(translation, path)
    print(f"{path.relative_to(ROOT)}: stamped as up to date with {english_twin(path).relative_to(ROOT)}")


def apply(path: Path, cells_file: Path) -> None:
    """Set the source of cells by id from a JSON object; refuse code other than the English twin's (comments aside)."""
    translation = nbformat.read(path, as_version=4)
    english = {cell.id: cell for cell in nbformat.read(english_twin(path), as_version=4).cells}
    by_id = {cell.id: cell for cell in translation.cells}
    new_sources = json.loads(cells_file.read_text(encoding="utf-8"))
    for cell_id, source in new_sources.items():
        if cell_id not in by_id:
            raise SystemExit(f"{path.name} has no cell {cell_id!r}")
        cell = by_id[cell_id]
        twin = english.get(cell_id)
        if cell.cell_type == "code" and twin is not None and code_without_comments(source) != code_without_comments(
            twin.source
        ):
            raise SystemExit(f"cell {cell_id}: the code must be the English code; only # comments may change")
        cell.source = source.rstrip("\n")
    nbformat.write(translation, path)
    print(f"{path.relative_to(ROOT)}: {len(new_sources)} cells set")


def sync(path: Path) -> list[str]:
    """Give a translation its English twin's cells, in order, with their ids, types, tags and code.

    A cell that is translated and whose code (comments aside) is the English code keeps its text. A new English
    cell, or a code cell whose code changed, gets the English source, to translate next (``check`` lists them);
    a cell the English lesson no longer has is dropped. Outputs are copied from the English twin. Returns the ids of
    the cells that took the English source.
    """
    translation = nbformat.read(path, as_version=4)
    english = nbformat.read(english_twin(path), as_version=4)
    kept = {cell.id: cell for cell in translation.cells}
    cells, replaced = [], []
    for twin in english.cells:
        cell = kept.get(twin.id)
        same = cell is not None and cell.cell_type == twin.cell_type and (
            twin.cell_type != "code" or code_without_comments(cell.source) == code_without_comments(twin.source)
        )
        synced = copy.deepcopy(twin)
        if same:
            synced.source = cell.source
        else:
            replaced.append(twin.id)
        cells.append(synced)
    translation.cells = cells
    copy_widget_state(translation, english)
    nbformat.write(translation, path)
    print(f"{path.relative_to(ROOT)}: in step with English; English source in {len(replaced)} cells: "
          f"{', '.join(replaced) or 'none'}")
    return replaced


def report(edition: str) -> int:
    """Print, for each translated lesson, what is out of step with English; return the number of problems."""
    count = 0
    for english_path in english_lessons():
        path = NOTEBOOKS / edition / english_path.name
        if not path.is_file():
            print(f"{path.relative_to(ROOT)}: missing (copy the English lesson there and translate it)")
            count += 1
            continue
        translation = nbformat.read(path, as_version=4)
        english = nbformat.read(english_path, as_version=4)
        problems = out_of_step(translation, english)
        changed = changed_since_translation(translation, english)
        if changed:
            problems.append(f"English cells changed since the last `stamp`: {', '.join(changed)}")
        outputs = output_differences(translation, english)
        if outputs:
            problems.append(f"outputs differ from English (`make execute` copies them): {', '.join(outputs)}")
        for problem in problems:
            print(f"{path.relative_to(ROOT)}: {problem}")
        count += len(problems)
    return count


def main(argv: list[str] | None = None) -> int:
    """Run the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="report what is out of step")
    check.add_argument("--edition", default=EDITIONS[0], choices=EDITIONS)
    apply_command = commands.add_parser("apply", help="set cells of a translated lesson from a JSON file")
    apply_command.add_argument("lesson", type=Path)
    apply_command.add_argument("cells", type=Path)
    stamp_command = commands.add_parser("stamp", help="record that a translated lesson matches its English twin")
    stamp_command.add_argument("lessons", type=Path, nargs="+")
    outputs_command = commands.add_parser("outputs", help="copy the executed English outputs into translated lessons")
    outputs_command.add_argument("lessons", type=Path, nargs="+")
    sync_command = commands.add_parser("sync", help="give translated lessons the English cells, ids, tags and code")
    sync_command.add_argument("lessons", type=Path, nargs="+")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return 1 if report(arguments.edition) else 0
    if arguments.command == "apply":
        apply(arguments.lesson.resolve(), arguments.cells)
    else:
        action = {"stamp": stamp, "outputs": copy_outputs, "sync": sync}[arguments.command]
        for lesson in arguments.lessons:
            action(lesson.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
