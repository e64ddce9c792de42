"""Every lesson, in every language edition, is stored cleanly executed and follows the course template."""

from __future__ import annotations

import ast
import builtins
import getpass
import importlib.util
import json
import math
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
OPTIONAL_EXTENSION = NOTEBOOK_DIR.parent / "book" / "_ext" / "course_optional.py"
_spec = importlib.util.spec_from_file_location("course_optional", OPTIONAL_EXTENSION)
course_optional = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_optional)
#: Each edition's folder: English in notebooks/, the Chinese translation in notebooks/zh_CN/.
EDITION_DIRS = {"en": NOTEBOOK_DIR, "zh_CN": NOTEBOOK_DIR / "zh_CN"}
NOTEBOOKS = [path for folder in EDITION_DIRS.values() for path in sorted(folder.glob("[0-9][0-9]_*.ipynb"))]
MAX_OUTPUT_BYTES = 2_000_000  # the whole notebook's outputs, images included
MAX_SINGLE_OUTPUT_BYTES = 400_000  # one output, but for the frames of an interactive figure (below)
FRAMES_MIME = "application/vnd.course.frames+json"  # helpers.explore: a frame per slider position, for the website
MAX_FRAMES_BYTES = 800_000  # all of a notebook's frames
ABSOLUTE_PATH = re.compile(r"(/(root|home|tmp|work|Users|private|var/folders)/|[A-Za-z]:\\\\)")
#: The template's headings in order, the exercise heading and the summary heading, per edition.
TEMPLATES = {
    "en": {
        "headings": ["## What you will learn", "## Prerequisites", "## Exercises", "## Summary", "## Next lesson"],
        "exercise": "### Exercise",
        "summary": "## Summary",
        "optional": "Optional:",
        "other_optional_forms": re.compile(r"\(optional\)|\*\(optional\)\*|\boptional\)|\[optional\]", re.I),
    },
    "zh_CN": {
        "headings": ["## 学习目标", "## 先修知识", "## 练习", "## 小结", "## 下一课"],
        "exercise": "### 练习",
        "summary": "## 小结",
        "optional": "选读：",
        "other_optional_forms": re.compile(r"（选读）|\(选读\)|选读:|【选读】|可选部分|（可选）"),
    },
}


def edition(path: Path) -> str:
    """Return the edition a lesson belongs to: the name of its folder, or "en"."""
    return path.parent.name if path.parent != NOTEBOOK_DIR else "en"


def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip()]


def output_text(output) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type == "error":
        return "\n".join(output.traceback)
    return json.dumps(output.get("data", {}))


@pytest.mark.parametrize("folder", EDITION_DIRS.values(), ids=EDITION_DIRS.keys())
def test_the_six_lessons_are_there_in_order(folder):
    lessons = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    assert [path.name[:3] for path in lessons] == [f"{n:02d}_" for n in range(1, len(lessons) + 1)]
    assert len(lessons) >= 2


@pytest.fixture(params=NOTEBOOKS, ids=[str(path.relative_to(NOTEBOOK_DIR).with_suffix("")) for path in NOTEBOOKS])
def notebook(request):
    return request.param, load(request.param)


def test_notebook_is_valid(notebook):
    _, nb = notebook
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"


def test_executed_top_to_bottom_in_one_fresh_kernel(notebook):
    _, nb = notebook
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run `make execute`, do not edit outputs by hand"


STORED_DEVICE_LINE = re.compile(r"Device: cpu \((\d+) threads?\)")


def test_stored_on_the_cpu_with_more_than_one_thread(notebook):
    # `make execute` runs every lesson on the CPU and all its cores; the suite runs each lesson on one thread and
    # compares: that checks that the outputs do not depend on the number of threads, but only if the stored ones
    # were made with more than one. The lessons that print their device (helpers.describe_device) say which.
    _, nb = notebook
    threads = [int(match.group(1)) for cell in code_cells(nb) for output in cell.outputs
               for match in STORED_DEVICE_LINE.finditer(output_text(output))]  # fmt: skip
    prints_its_device = any("describe_device(" in cell.source for cell in code_cells(nb))
    assert bool(threads) == prints_its_device, f"the stored device line does not match {STORED_DEVICE_LINE.pattern}"
    assert all(count > 1 for count in threads), "stored on one thread: run `make execute` where there are 2+ cores"


def test_no_errors_and_no_warnings(notebook):
    _, nb = notebook
    for cell in code_cells(nb):
        for output in cell.outputs:
            assert output.output_type != "error", f"error output in cell: {cell.source[:80]!r}"
            if output.output_type == "stream" and output.name == "stderr":
                assert "warn" not in output.text.lower(), f"warning on stderr: {output.text[:200]!r}"


def test_no_absolute_paths_or_user_names_in_outputs(notebook):
    _, nb = notebook
    user = getpass.getuser()
    for cell in code_cells(nb):
        for output in cell.outputs:
            text = output_text(output)
            assert not ABSOLUTE_PATH.search(text), f"absolute path in output: {ABSOLUTE_PATH.search(text).group(0)}"
            if len(user) > 3:
                assert f"/{user}" not in text and f"{user}@" not in text, "user name in output"


def test_outputs_stay_small(notebook):
    path, nb = notebook
    outputs = [output for cell in code_cells(nb) for output in cell.outputs]
    sizes = [len(json.dumps(output)) for output in outputs]
    frames = [size for size, output in zip(sizes, outputs, strict=True) if FRAMES_MIME in output.get("data", {})]
    others = [size for size, output in zip(sizes, outputs, strict=True) if FRAMES_MIME not in output.get("data", {})]
    assert max(others, default=0) <= MAX_SINGLE_OUTPUT_BYTES
    assert sum(frames) <= MAX_FRAMES_BYTES, f"{path.name}: the frames take {sum(frames)} bytes: fewer positions"
    assert sum(sizes) <= MAX_OUTPUT_BYTES, f"{path.name}: outputs take {sum(sizes)} bytes"


def test_follows_the_course_template(notebook):
    path, nb = notebook
    markdown = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    lesson_number = path.name[:2]
    assert markdown and nb.cells[0].cell_type == "markdown"
    assert re.match(rf"# {lesson_number} · \S", nb.cells[0].source), "first cell: '# NN · Title'"
    text = "\n".join(markdown)
    positions = []
    headings = TEMPLATES[edition(path)]["headings"]
    for heading in headings:
        assert re.search(rf"^{re.escape(heading)}\s*$", text, re.M), f"missing heading {heading!r}"
        positions.append(re.search(rf"^{re.escape(heading)}\s*$", text, re.M).start())
    assert positions == sorted(positions), f"template headings out of order: {headings}"
    assert len(re.findall(r"^## \d+\. ", text, re.M)) >= 3, "lessons are split into numbered sections"


def test_every_exercise_has_a_collapsed_solution(notebook):
    path, nb = notebook
    template = TEMPLATES[edition(path)]
    exercise_positions = [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown" and template["exercise"] in cell.source
    ]
    assert len(exercise_positions) >= 3, "at least three exercises"
    boundaries = [
        *exercise_positions[1:],
        next(
            i
            for i, cell in enumerate(nb.cells)
            if cell.cell_type == "markdown" and cell.source.startswith(template["summary"])
        ),
    ]
    for start, end in zip(exercise_positions, boundaries, strict=True):
        solutions = [cell for cell in nb.cells[start:end] if "solution" in cell.metadata.get("tags", [])]
        assert len(solutions) == 1, f"exercise at cell {start} needs exactly one solution cell"
        solution = solutions[0]
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, "collapsed in JupyterLab"
        assert "hide-cell" in solution.metadata["tags"], "hidden behind a toggle on the website"


def test_widgets_have_a_saved_snapshot(notebook):
    _, nb = notebook
    views = [
        output
        for cell in code_cells(nb)
        for output in cell.outputs
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    if views:
        state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        for view in views:
            assert view.data["application/vnd.jupyter.widget-view+json"]["model_id"] in state


def test_next_lesson_links_to_the_following_notebook(notebook):
    path, nb = notebook
    following = f"{int(path.name[:2]) + 1:02d}"
    candidates = sorted(path.parent.glob(f"{following}_*.ipynb"))
    if candidates:
        assert f"]({candidates[0].name})" in nb.cells[-1].source


def exercises_and_solutions(nb, exercise: str = "### Exercise") -> list[tuple[int, nbformat.NotebookNode]]:
    """Each exercise's number with its solution cell, in order."""
    pairs, number = [], None
    for cell in nb.cells:
        heading = re.search(rf"^{exercise} (\d+)", cell.source, re.M) if cell.cell_type == "markdown" else None
        if heading:
            number = int(heading.group(1))
        elif "solution" in cell.metadata.get("tags", []):
            pairs.append((number, cell))
    return pairs


def test_solution_cells_start_with_their_marker(notebook):
    """The marker is how a learner's kernel recognizes a solution and keeps its output hidden on "Run All"."""
    path, nb = notebook
    pairs = exercises_and_solutions(nb, TEMPLATES[edition(path)]["exercise"])
    assert [number for number, _ in pairs] == list(range(1, len(pairs) + 1)), "exercises are numbered 1, 2, 3..."
    for number, solution in pairs:
        assert solution.source.startswith(f"# Solution to exercise {number}\n"), solution.source[:60]


def test_run_all_hides_solutions_and_one_exercise_checks_itself(notebook):
    _, nb = notebook
    setup = "\n".join(cell.source for cell in code_cells(nb)[:2])
    assert re.search(r"^hide_solution_outputs\(\)", setup, re.M), "the setup cell calls hide_solution_outputs()"
    answers = [cell.source for cell in code_cells(nb) if "solution" not in cell.metadata.get("tags", [])]
    assert any(re.search(r"^exercise_\d+\.check\(", source, re.M) for source in answers), "a self-checking exercise"


def test_summary_links_the_cheat_sheet(notebook):
    path, nb = notebook
    summary = next(cell.source for cell in nb.cells if cell.source.startswith(TEMPLATES[edition(path)]["summary"]))
    assert "](../cheatsheet.md)" in summary


def test_every_figure_has_alt_text(notebook):
    """Alt text says what a figure shows, for screen readers and the website (helpers.figure_text writes it)."""
    _, nb = notebook
    for cell in code_cells(nb):
        for output in cell.outputs:
            if "image/png" in output.get("data", {}):
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert alt.startswith("Figure:") and len(alt) > len("Figure: empty."), f"cell {cell.id}: {alt!r}"


# --- Optional parts (book/_ext/course_optional.py collapses them on the website) --------------------------------

HEADING = re.compile(r"^(#{2,6})\s+(.*)$", re.M)


def optional_code_cells(nb) -> list[bool]:
    """For each cell, whether it lies in an optional section: from an "Optional:" heading down to the next
    heading of the same or a higher level."""
    inside, level, flags = False, 0, []
    for cell in nb.cells:
        starts_inside = inside
        if cell.cell_type == "markdown":
            for hashes, title in HEADING.findall(cell.source):
                if inside and len(hashes) <= level:
                    inside = False
                if not inside and course_optional.optional_title(title) is not None:
                    inside, level = True, len(hashes)
        flags.append(inside if cell.cell_type == "markdown" else starts_inside)
    return flags


def bound_and_used(source: str) -> tuple[set[str], set[str]]:
    """The names a cell binds (assignments, definitions, imports, loop targets) and the names it reads."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(), set()
    bound, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store | ast.Del) else used).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, used - set(dir(builtins))


def needs_from_optional(nb) -> list[str]:
    """Names that a cell outside the optional parts reads but that only an optional part defined."""
    defined_in: dict[str, str] = {}
    found = []
    for cell, optional in zip(nb.cells, optional_code_cells(nb), strict=True):
        if cell.cell_type != "code":
            continue
        bound, used = bound_and_used(cell.source)
        if not optional:
            found += [f"cell {cell.id} uses {name!r}" for name in sorted(used - bound)
                      if defined_in.get(name) == "optional"]
        for name in bound:
            defined_in[name] = "optional" if optional else "core"
    return found


def test_optional_parts_use_the_one_marker(notebook):
    """An optional part is a section titled "Optional: ..." ("选读：..."): the site collapses exactly those."""
    path, nb = notebook
    template = TEMPLATES[edition(path)]
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for _, title in HEADING.findall(cell.source):
            assert not template["other_optional_forms"].search(title), (
                f"cell {cell.id}: mark an optional section as '{template['optional']} ...', not {title!r}")


def test_nothing_outside_an_optional_part_needs_it(notebook):
    """No later section and no exercise may use what only an optional part defined: a reader can skip it."""
    _, nb = notebook
    assert needs_from_optional(nb) == []


def test_the_optional_checks_catch_what_they_must():
    cells = [
        nbformat.v4.new_markdown_cell("## 1. Core\n\n### Optional: depth"),
        nbformat.v4.new_code_cell("hessian = 2\nimport math as m"),
        nbformat.v4.new_markdown_cell("## 2. Next section"),
        nbformat.v4.new_code_cell("print(m.pi)\nlocal = 1\nprint(local)"),
        nbformat.v4.new_code_cell("hessian = 3\nprint(hessian)"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    assert optional_code_cells(nb) == [True, True, False, False, False]
    assert needs_from_optional(nb) == [f"cell {cells[3].id} uses 'm'"], "a core cell redefining a name is fine"


# --- Interactive figures (helpers/explore.py): the website shows their stored frames -------------------------------


def widget_state(nb) -> dict:
    return nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


def first_drawn_figure(nb, view_id: str) -> dict:
    """The figure an interactive widget drew first, as its Output widget saved it: the website's starting image."""
    state = widget_state(nb)
    children = [child.removeprefix("IPY_MODEL_") for child in state[view_id]["state"]["children"]]
    output = next(state[child]["state"] for child in children if state[child]["model_name"] == "OutputModel")
    return next(item for item in output["outputs"] if "image/png" in item.get("data", {}))


def test_interactive_figures_store_their_frames(notebook):
    """Each `explorer(...)` cell stores its frames; the starting frame is the figure the live widget drew first."""
    _, nb = notebook
    for cell in code_cells(nb):
        if not re.search(r"\bexplorer\(", cell.source):
            continue
        stored = [output.data[FRAMES_MIME] for output in cell.outputs if FRAMES_MIME in output.get("data", {})]
        views = [output.data["application/vnd.jupyter.widget-view+json"]["model_id"] for output in cell.outputs
                 if "application/vnd.jupyter.widget-view+json" in output.get("data", {})]
        assert len(stored) == 1 and len(views) == 1, f"cell {cell.id}: run `make execute` (it stores the frames)"
        frames, drawn = stored[0], first_drawn_figure(nb, views[0])
        sizes = [len(control["positions"]) for control in frames["controls"]]
        assert len(frames["frames"]) == math.prod(sizes), f"cell {cell.id}: a frame for every position"
        assert frames["frames"][frames["default"]]["png"] == drawn["data"]["image/png"].replace("\n", "")
        assert frames["frames"][frames["default"]]["alt"] == drawn["metadata"]["image/png"]["alt"]
        assert all(frame["alt"].startswith("Figure:") for frame in frames["frames"].values())
