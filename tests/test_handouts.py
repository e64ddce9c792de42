"""Teacher-facing outputs: the handouts (book/make_handouts.py), the student, teacher and lessons zips, and
their links on the site; and every page's "edit this page" and "open an issue" buttons (run after `make book`)."""

from __future__ import annotations

import copy
import html.parser
import importlib.util
import io
import json
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

from tests.site_editions import EDITION_FOLDERS, reader_pages, repository_file

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
spec = importlib.util.spec_from_file_location("make_handouts", ROOT / "book" / "make_handouts.py")
make_handouts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_handouts)

LESSONS = make_handouts.lesson_paths()
REPOSITORY = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())["repository"]
URL, BRANCH = REPOSITORY["url"].rstrip("/"), str(REPOSITORY["branch"])
BUILT_PAGES = reader_pages()  # the site's pages (both editions), not the redirect from index.html
NAMES = {edition: f"{make_handouts.NAME}-{edition}" for edition in make_handouts.EDITIONS}


def relative(lesson: Path) -> str:
    return lesson.relative_to(make_handouts.NOTEBOOKS).as_posix()


def in_zip(lesson: Path) -> str:
    """Where a lesson is in a zip's top folder: in notebooks/, as in a clone."""
    return f"notebooks/{relative(lesson)}"


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def edition_notebook(files: dict[str, bytes], edition: str, lesson: Path) -> nbformat.NotebookNode:
    notebook = nbformat.reads(files[f"{NAMES[edition]}/{in_zip(lesson)}"].decode("utf-8"), as_version=4)
    nbformat.validate(notebook)
    return notebook


def original(lesson: Path) -> nbformat.NotebookNode:
    return nbformat.read(lesson, as_version=4)


def long_output_lines(cell) -> list[str]:
    """The lines of 40 characters or more of a cell's outputs, and its images: what would give a solution away."""
    found = []
    for output in cell.get("outputs", []):
        texts = [output.get("text", "")]
        for mime, value in output.get("data", {}).items():
            texts.append(value if isinstance(value, str) else json.dumps(value) if mime.endswith("json") else "")
        found += [line for text in texts for line in text.splitlines() if len(line) >= 40]
    return found


@pytest.fixture(scope="module", autouse=True)
def fixed_clock():
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        yield


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    built = make_handouts.build(tmp_path_factory.mktemp("handouts"))
    assert sorted(built) == sorted(make_handouts.EDITIONS)
    return {edition: read_zip(path) for edition, path in built.items()}


def test_there_are_lessons_to_hand_out():
    assert len(LESSONS) >= 6
    assert all(any("solution" in tags(cell) for cell in original(lesson).cells) for lesson in LESSONS)


@pytest.mark.parametrize("edition", make_handouts.EDITIONS)
def test_each_zip_holds_every_lesson_a_readme_and_the_licences_in_one_folder(handouts, tmp_path, edition):
    folder = NAMES[edition]
    expected = {f"{folder}/{in_zip(lesson)}" for lesson in LESSONS}
    expected |= {f"{folder}/{page}" for lesson in LESSONS for page in make_handouts.linked_pages(original(lesson),
                                                                                               relative(lesson))}
    expected |= {f"{folder}/README.txt", f"{folder}/LICENSE", f"{folder}/LICENSE-CONTENT"}
    assert set(handouts[edition]) == expected
    assert handouts[edition][f"{folder}/LICENSE"] == (ROOT / "LICENSE").read_bytes()
    readme = handouts[edition][f"{folder}/README.txt"].decode("utf-8")
    assert edition in readme.splitlines()[0].lower() or "lessons" in readme.splitlines()[0].lower()
    for needed in ("MIT", "CC BY-SA 4.0", "first cell installs", "PyTorch", "Jupyter"):
        assert needed in readme, needed
    for lesson in LESSONS:
        assert in_zip(lesson) in readme


@pytest.mark.parametrize("edition", make_handouts.EDITIONS)
def test_every_page_a_lesson_links_is_in_the_zip_in_its_own_language(handouts, edition):
    """A lesson's ../cheatsheet.md (or ../pitfalls.md) link opens that page, in the lesson's language, in the zip."""
    folder = NAMES[edition]
    checked = 0
    for lesson in LESSONS:
        notebook = original(lesson)
        links = {name for cell in notebook.cells if cell.cell_type == "markdown"
                 for name in make_handouts.PAGE_LINK.findall(cell.source)}  # fmt: skip
        for name in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(in_zip(lesson)), "..", name))
            page = handouts[edition].get(f"{folder}/{target}")
            assert page is not None, f"{relative(lesson)} links ../{name}: not in the {edition} zip"
            chinese = relative(lesson).startswith("zh_CN/")
            assert bool(re.search(r"[\u4e00-\u9fff]", page.decode("utf-8").splitlines()[0])) == chinese, target
            checked += 1
    assert checked >= len(LESSONS)  # every lesson links at least the cheat sheet


def test_the_readme_names_the_lessons_that_download_mnist():
    """README.txt's "Lessons AA to BB download MNIST" covers exactly the English lessons whose code loads it."""
    top_level = [lesson for lesson in LESSONS if lesson.parent == make_handouts.NOTEBOOKS]
    mnist = [
        lesson.name[:2]
        for lesson in top_level
        if any(cell.cell_type == "code" and "load_mnist" in cell.source for cell in original(lesson).cells)
    ]
    numbers = [lesson.name[:2] for lesson in top_level]
    assert mnist == numbers[numbers.index(mnist[0]) : numbers.index(mnist[-1]) + 1], "not a contiguous range"
    assert f"Lessons {mnist[0]} to {mnist[-1]} download MNIST" in make_handouts.README_TAIL


def test_the_zips_are_reproducible(handouts, tmp_path):
    again = make_handouts.build(tmp_path)
    for edition, path in again.items():
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
        assert [info.filename for info in infos] == sorted(info.filename for info in infos), "entries are sorted"
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in infos} == {0o100644}
        assert read_zip(path) == handouts[edition]
    rebuilt = make_handouts.build(tmp_path / "second")
    for edition, path in again.items():
        assert path.read_bytes() == rebuilt[edition].read_bytes(), f"{edition}: the same lessons, other bytes"


@pytest.mark.parametrize("lesson", LESSONS, ids=relative)
def test_the_student_edition_has_no_solution_and_keeps_everything_else(handouts, lesson):
    source = original(lesson)
    student = edition_notebook(handouts["student"], "student", lesson)
    assert not [cell for cell in student.cells if "solution" in tags(cell)]
    notes = [cell for cell in student.cells if make_handouts.REMOVED_TAG in tags(cell)]
    assert [cell for cell in student.cells if cell not in notes] == [
        cell for cell in source.cells if "solution" not in tags(cell)
    ]
    assert len(student.cells) - len(notes) < len(source.cells)
    bootstrap = next(cell for cell in source.cells if cell.cell_type == "code")
    if "remove-cell" in tags(bootstrap):  # the cell that installs the helpers when a lesson runs alone
        assert next(cell for cell in student.cells if cell.cell_type == "code") == bootstrap
    checks = [cell.source for cell in source.cells if ".check(" in cell.source and "solution" not in tags(cell)]
    assert checks == [cell.source for cell in student.cells if ".check(" in cell.source], "the self-checks stay"
    kept = json.dumps(student, sort_keys=True)
    for cell in source.cells:
        if "solution" in tags(cell):
            for line in long_output_lines(cell):
                assert json.dumps(line)[1:-1] not in kept, f"a solution's output is still there: {line[:60]!r}"
    assert {key: value for key, value in student.metadata.items() if key != "widgets"} == {
        key: value for key, value in source.metadata.items() if key != "widgets"
    }


def test_the_student_edition_drops_the_widget_state_only_solutions_used():
    notebook = nbformat.v4.new_notebook()
    view = "application/vnd.jupyter.widget-view+json"

    def widget_output(model: str) -> nbformat.NotebookNode:
        return nbformat.v4.new_output("display_data", data={view: {"model_id": model}, "text/plain": "w"})

    lesson_cell = nbformat.v4.new_code_cell("show()", outputs=[widget_output("aa01")])
    solution_cell = nbformat.v4.new_code_cell("answer()", outputs=[widget_output("bb02")])
    solution_cell.metadata["tags"] = ["solution", "hide-cell"]
    notebook.cells = [lesson_cell, solution_cell]
    state = {
        "aa01": {"state": {"layout": "IPY_MODEL_cc03"}},
        "bb02": {"state": {"layout": "IPY_MODEL_dd04", "shared": "IPY_MODEL_cc03"}},
        "cc03": {"state": {}},
        "dd04": {"state": {}},
        "ee05": {"state": {}},  # displayed nowhere: not the handout's business
    }
    notebook.metadata["widgets"] = {make_handouts.WIDGET_STATE: {"state": state, "version_major": 2}}
    before = copy.deepcopy(notebook)
    student = make_handouts.student_edition(notebook)
    assert notebook == before, "the lesson itself is left alone"
    assert student.cells[0] == lesson_cell and len(student.cells) == 2
    assert make_handouts.REMOVED_TAG in tags(student.cells[1])
    assert sorted(student.metadata["widgets"][make_handouts.WIDGET_STATE]["state"]) == ["aa01", "cc03", "ee05"]
    nbformat.validate(student)


@pytest.mark.parametrize("lesson", LESSONS, ids=relative)
def test_the_student_edition_says_where_each_solution_was_that_it_is_not_there(handouts, lesson):
    """The text, `exercise_N.solution()` and `show_solution_output(N)` send a learner to a solution's place: a note
    there, in the lesson's language, names the exercise and says that the teacher has its solution."""
    source = original(lesson)
    student = edition_notebook(handouts["student"], "student", lesson)
    chinese = relative(lesson).startswith("zh_CN/")
    expected, kept = [], iter(student.cells)
    for index, cell in enumerate(source.cells):
        if "solution" not in tags(cell):
            assert next(kept) == cell
        elif index == 0 or "solution" not in tags(source.cells[index - 1]):
            note = next(kept)
            assert note.cell_type == "markdown" and tags(note) == [make_handouts.REMOVED_TAG]
            number = re.match(r"# Solution to exercise (\d+)", cell.source).group(1)
            assert (f"练习 {number} 的参考答案" if chinese else f"Solution to exercise {number}:") in note.source
            assert ("老师" if chinese else "teacher") in note.source
            expected.append(number)
    assert next(kept, None) is None
    assert len(expected) >= 3
    assert len({cell.id for cell in student.cells}) == len(student.cells), "cell ids stay unique"


@pytest.mark.parametrize("lesson", LESSONS, ids=relative)
def test_the_teacher_edition_shows_every_solution(handouts, lesson):
    source = original(lesson)
    teacher = edition_notebook(handouts["teacher"], "teacher", lesson)
    assert len(teacher.cells) == len(source.cells)
    solutions = 0
    for mine, theirs in zip(teacher.cells, source.cells, strict=True):
        if "solution" not in tags(theirs):
            assert mine == theirs
            continue
        solutions += 1
        assert "solution" in tags(mine) and "hide-cell" not in tags(mine)
        assert mine.source == theirs.source and mine.get("outputs") == theirs.get("outputs")
        hidden = mine.metadata.get("jupyter", {})
        assert not hidden.get("source_hidden") and not hidden.get("outputs_hidden")
    assert solutions >= 3


@pytest.mark.parametrize("lesson", LESSONS, ids=relative)
def test_the_lessons_zip_holds_the_lessons_byte_for_byte(handouts, lesson):
    assert handouts["lessons"][f"{NAMES['lessons']}/{in_zip(lesson)}"] == lesson.read_bytes()


def test_lessons_in_subfolders_keep_their_folder(tmp_path):
    notebooks = tmp_path / "notebooks"
    (notebooks / "zh_CN").mkdir(parents=True)
    (notebooks / ".ipynb_checkpoints").mkdir()
    shutil.copy(LESSONS[0], notebooks / LESSONS[0].name)
    shutil.copy(LESSONS[0], notebooks / "zh_CN" / LESSONS[0].name)
    shutil.copy(LESSONS[0], notebooks / ".ipynb_checkpoints" / LESSONS[0].name)
    built = make_handouts.build(tmp_path / "out", notebooks)
    files = read_zip(built["student"])
    lessons = sorted(name for name in files if name.endswith(".ipynb"))
    assert lessons == [f"{NAMES['student']}/notebooks/{LESSONS[0].name}",
                       f"{NAMES['student']}/notebooks/zh_CN/{LESSONS[0].name}"]
    translated = nbformat.reads(files[lessons[1]].decode("utf-8"), as_version=4)
    assert translated.cells and not [cell for cell in translated.cells if "solution" in tags(cell)]
    assert f"notebooks/zh_CN/{LESSONS[0].name}" in files[f"{NAMES['student']}/README.txt"].decode("utf-8")


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


@pytest.mark.parametrize("page", ["intro.html", "setup.html", "zh_CN/intro.html", "zh_CN/setup.html"])
def test_the_site_offers_the_three_downloads(page):
    built = SITE / page
    assert built.is_file(), "build the website first: `make book`"
    parser = Links()
    parser.feed(built.read_text())
    zips = [href for href in parser.hrefs if href.endswith(".zip")]
    for edition in make_handouts.EDITIONS:
        links = [href for href in zips if href.endswith(f"/{NAMES[edition]}.zip")]
        assert links, f"{page} has no link to the {edition} zip"
        for href in links:
            served = (built.parent / unquote(href)).resolve()
            assert served.is_file() and served.is_relative_to(SITE.resolve()), href
            with zipfile.ZipFile(io.BytesIO(served.read_bytes())) as archive:
                names = archive.namelist()
            assert f"{NAMES[edition]}/README.txt" in names
            served_lessons = sorted(name.split("/", 1)[1] for name in names if name.endswith(".ipynb"))
            built_lessons = sorted(
                (Path("notebooks") / folder / path.relative_to(SITE / folder / "_sources" / "notebooks")).as_posix()
                for folder in EDITION_FOLDERS
                for path in (SITE / folder / "_sources" / "notebooks").rglob("[0-9][0-9]_*.ipynb")
            )
            assert served_lessons == built_lessons, "the zip holds the lessons the site was built from"


def hrefs(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text())
    return parser.hrefs


def test_every_page_with_a_source_has_an_edit_button():
    assert BUILT_PAGES, "build the website first: `make book`"
    sources = {
        Path(folder) / path.relative_to(SITE / folder / "_sources").with_suffix("").with_suffix("")
        for folder in EDITION_FOLDERS
        for path in (SITE / folder / "_sources").rglob("*.*")
    }
    with_source = [page for page in BUILT_PAGES if page.relative_to(SITE).with_suffix("") in sources]
    assert len(with_source) >= 20, "both editions' pages"
    for page in with_source:
        assert [href for href in hrefs(page) if href.startswith(f"{URL}/edit/")], f"{page.name}: no edit button"


@pytest.mark.parametrize("page", BUILT_PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_edit_links_name_a_file_of_the_repository_and_issue_links_its_issues(page):
    edits = [href for href in hrefs(page) if "/edit/" in href]
    for href in edits:
        assert href.startswith(f"{URL}/edit/{BRANCH}/"), href
        path = href.removeprefix(f"{URL}/edit/{BRANCH}/")
        assert (ROOT / path).is_file(), f"{href}: {path} is not a file of this checkout"
        assert Path(path).stem == page.stem, f"{href} edits another page than {page.name}"
        expected = repository_file(page.relative_to(SITE).as_posix())
        assert path == expected.relative_to(ROOT).as_posix(), href
    issues = [href for href in hrefs(page) if "/issues" in href]
    assert issues, f"{page.name}: no issue button"
    for href in issues:
        assert href == f"{URL}/issues" or href.startswith(f"{URL}/issues/new?"), href
        assert urlsplit(href).path.removeprefix(urlsplit(URL).path) in ("/issues", "/issues/new")
