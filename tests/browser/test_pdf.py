"""The course PDF (book/make_pdf.py): every page printed, lessons on new pages, figures, widgets and whole code.

Run after `make book`; the PDF is printed into a temporary folder by Debian's Chromium, offline.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, SITE

spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "book" / "make_pdf.py")
make_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_pdf)

pytestmark = pytest.mark.browser
SOURCES = SITE / "_sources"


def squeeze(text: str) -> str:
    """Text without any whitespace: PDF text extraction breaks wrapped lines wherever it likes."""
    return re.sub(r"\s+", "", text)


def lesson_sources(page: str) -> dict | None:
    """The notebook a lesson page was built from (the copy Sphinx keeps beside the site), or None."""
    source = SOURCES / Path(page).with_suffix(".ipynb")
    return json.loads(source.read_text()) if page.startswith("notebooks/") and source.is_file() else None


def code_cells(notebook: dict) -> list[dict]:
    """The code cells the website shows (the bootstrap cell, tagged remove-cell, is left out)."""
    return [
        cell
        for cell in notebook["cells"]
        if cell["cell_type"] == "code" and "remove-cell" not in cell.get("metadata", {}).get("tags", [])
    ]


def image_count(resources) -> int:
    """The images a page draws: its image XObjects, also those inside form XObjects (read, never decoded)."""
    resources = resources.get_object() if resources is not None else None
    if not resources or "/XObject" not in resources:
        return 0
    count = 0
    for xobject in resources["/XObject"].get_object().values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += image_count(xobject.get("/Resources"))
    return count


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, read by PDFium (pypdfium2): pypdf reads the same text 20 times slower (half a minute).

    PDFium writes ligatures as their letters, and a hyphen it finds at the end of a line as "\\x02": it is given back
    as "-", since the tests look for code, which has real hyphens.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_bounded().replace("\x02", "-") for page in document]
    finally:
        document.close()


def source_text(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


MEASURE = """() => ({
  images: Array.from(document.images).filter(i => i.naturalWidth > 0 && i.getClientRects().length).length,
  clipped: Array.from(document.querySelectorAll('main pre'))
    .filter(pre => pre.getClientRects().length && pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => pre.innerText.slice(0, 80)),
  wide: Array.from(document.querySelectorAll('main img, main table, main .jupyter-widgets'))
    .filter(e => e.getClientRects().length
            && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.outerHTML.slice(0, 80)),
  widgets: Array.from(document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'))
    .map(view => (view.parentElement.querySelector('.jupyter-widgets') || {}).innerText || ''),
  closed: Array.from(document.querySelectorAll('main details')).filter(d => !d.open).length,
  solutions: document.querySelectorAll('.cell.tag_solution').length,
})"""


@pytest.fixture(scope="module")
def course_pdf(tmp_path_factory, browser):
    """The whole course printed, and each page measured as it was about to be printed (make_pdf's inspect hook)."""
    if not (SITE / "intro.html").is_file():
        pytest.fail(f"The website is not built in {SITE.relative_to(ROOT)}: run `make book` first.")
    from pypdf import PdfReader

    measured = {}
    summary = make_pdf.build(tmp_path_factory.mktemp("pdf") / "course.pdf", "shown", SITE, quiet=True, browser=browser,
                             inspect=lambda tab, path: measured.setdefault(path, tab.evaluate(MEASURE)))  # fmt: skip
    reader = PdfReader(summary["path"])
    texts = page_texts(summary["path"])
    images = [image_count(page.get("/Resources")) for page in reader.pages]
    chapters = {}
    for chapter in summary["chapters"]:
        pages = range(chapter["first"], chapter["first"] + chapter["count"])
        chapters[chapter["page"]] = {
            **chapter,
            "text": squeeze("".join(texts[index] for index in pages)),
            "images": sum(images[index] for index in pages),
        }
    return {"summary": summary, "reader": reader, "texts": texts, "chapters": chapters, "measured": measured}


@pytest.fixture(scope="module")
def printed_pages(course_pdf):
    """What each page looked like once prepared for print, measured in the browser at the paper's width."""
    return course_pdf["measured"]


def test_every_page_of_the_site_is_printed_in_a_sane_number_of_pages(course_pdf):
    summary, reader = course_pdf["summary"], course_pdf["reader"]
    assert [chapter["page"] for chapter in summary["chapters"]] == make_pdf.site_pages(SITE)
    assert len(reader.pages) == summary["pages"] == sum(chapter["count"] for chapter in summary["chapters"])
    lessons = [chapter for chapter in summary["chapters"] if chapter["page"].startswith("notebooks/")]
    assert len(lessons) >= 6
    for chapter in summary["chapters"]:
        assert 1 <= chapter["count"] <= 80, chapter
    for lesson in lessons:
        assert lesson["count"] >= 5, f"{lesson['page']} printed on {lesson['count']} pages: something is missing"
    assert 60 <= len(reader.pages) <= 400


def test_each_page_and_each_lesson_starts_on_a_new_page_with_a_bookmark(course_pdf):
    reader, texts = course_pdf["reader"], course_pdf["texts"]
    outline = [(reader.get_destination_page_number(item), item.title) for item in reader.outline]
    chapters = course_pdf["summary"]["chapters"]
    assert outline == [(chapter["first"], chapter["title"]) for chapter in chapters]
    for chapter in chapters:
        # NFKC: a font's ligatures ("ﬁ" in "Verified") read as their letters, whichever way the PDF's text is read
        first_page = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", texts[chapter["first"]])).strip()
        title = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", chapter["title"])).strip()
        assert first_page.startswith(title), f"page {chapter['first'] + 1} should open {chapter['page']}"
    lesson_titles = [chapter["title"] for chapter in chapters if chapter["page"].startswith("notebooks/")]
    assert lesson_titles[0].startswith("01")


def test_figures_and_widget_snapshots_are_printed(course_pdf, printed_pages):
    for path, chapter in course_pdf["chapters"].items():
        page = printed_pages[path]
        assert chapter["images"] >= page["images"], f"{path}: {page['images']} images shown, fewer in the PDF"
        figures = len(re.findall(r'<img [^>]*src="[^"]*_images/', (SITE / path).read_text()))
        assert page["images"] >= figures, f"{path}: a figure did not load"
        for text in page["widgets"]:
            assert text.strip(), f"{path}: a widget snapshot rendered as an empty box"
            words = squeeze(text)[:30]
            assert words in chapter["text"], f"{path}: the widget snapshot {text[:60]!r} is not in the PDF"
    lessons = [path for path in course_pdf["chapters"] if path.startswith("notebooks/")]
    assert sum(course_pdf["chapters"][path]["images"] for path in lessons) > 0, "no figure in the whole PDF"
    assert any(printed_pages[path]["widgets"] for path in lessons), "no widget snapshot in any lesson"


def test_no_code_line_is_clipped(course_pdf, printed_pages):
    for path, page in printed_pages.items():
        assert page["clipped"] == [], f"{path}: code wider than the page"
        assert page["wide"] == [], f"{path}: a figure, table or widget wider than the page"
    for path, chapter in course_pdf["chapters"].items():
        notebook = lesson_sources(path)
        if notebook is None:
            continue
        lines = sorted(
            (line for cell in code_cells(notebook) for line in source_text(cell).splitlines()), key=len, reverse=True
        )
        assert len(lines[0]) > 100, "the longest code line would not test wrapping"
        for line in lines[:12]:
            assert squeeze(line)[-24:] in chapter["text"], f"{path}: the end of {line!r} is not in the PDF"


def test_every_solution_is_printed_open(course_pdf, printed_pages):
    for path, chapter in course_pdf["chapters"].items():
        page = printed_pages[path]
        assert page["closed"] == 0, f"{path}: a collapsed block stays closed on paper"
        notebook = lesson_sources(path)
        if notebook is None:
            continue
        solutions = [cell for cell in code_cells(notebook) if "solution" in cell["metadata"].get("tags", [])]
        assert len(solutions) >= 3 and page["solutions"] == len(solutions)
        for cell in solutions:
            first = squeeze(source_text(cell).strip().splitlines()[0])[:24]
            assert first in chapter["text"], f"{path}: the solution starting {first!r} is not in the PDF"
        assert chapter["text"].count("Solution") >= len(solutions)


def test_solutions_can_be_left_out(browser, site_url):
    tab = make_pdf.new_print_page(browser)
    lesson = next(path for path in make_pdf.site_pages(SITE) if path.startswith("notebooks/"))
    make_pdf.load_for_print(tab, f"{site_url}/{lesson}", "hidden")
    assert tab.locator(".cell.tag_solution").count() == 0
    assert tab.locator("main .cell").count() > 10
    tab.context.close()
