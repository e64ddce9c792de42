"""Every Colab, Binder, download and repository link on the built site points at the course's home,
and at a notebook that exists in this checkout at the path the link names; every page's language links lead
to a page of the other edition (run after `make book`)."""

from __future__ import annotations

import html.parser
import importlib.util
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest

from tests.site_editions import reader_pages, repository_file, twin_path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
spec = importlib.util.spec_from_file_location("course_home", ROOT / "book" / "course_home.py")
course_home = importlib.util.module_from_spec(spec)
spec.loader.exec_module(course_home)
URL, REF = course_home.course_home()
OWNER_REPO = urlsplit(URL).path.strip("/")
LESSON_PAGES = sorted(SITE.rglob("notebooks/[0-9][0-9]_*.html")) if SITE.is_dir() else []
ALL_PAGES = sorted(SITE.rglob("*.html")) if SITE.is_dir() else []


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.language_links: list[str] = []  # <a hreflang> in the language switch, <link rel="alternate">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        href = attributes.get("href")
        if tag == "a" and href:
            self.hrefs.append(href)
        switch = tag == "a" and "course-language-link" in (attributes.get("class") or "")
        if href and (switch or (tag == "link" and attributes.get("rel") == "alternate")):
            self.language_links.append(href)


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text())
    return parser


def links(page: Path) -> list[str]:
    return parse(page).hrefs


def test_the_site_is_built():
    assert (SITE / "intro.html").is_file(), "build the website first: `make book`"
    assert LESSON_PAGES, "no lesson pages in the built site"


@pytest.mark.parametrize("page", LESSON_PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_launch_and_download_links_point_at_this_course(page):
    hrefs = links(page)
    lesson = repository_file(page.relative_to(SITE).as_posix())
    assert lesson.is_file()

    colab = [href for href in hrefs if "colab.research.google.com" in href]
    assert colab, "no Colab link"
    for href in colab:
        prefix = f"https://colab.research.google.com/github/{OWNER_REPO}/blob/{REF}/"
        assert href.startswith(prefix), href
        assert (ROOT / href.removeprefix(prefix)).resolve() == lesson.resolve(), href

    binder = [href for href in hrefs if "mybinder.org" in href]
    assert binder, "no Binder link"
    for href in binder:
        parts = urlsplit(href)
        assert parts.path == f"/v2/gh/{OWNER_REPO}/{REF}", href
        target = parse_qs(parts.query)["urlpath"][0].removeprefix("lab/tree/")
        assert (ROOT / target).resolve() == lesson.resolve(), href

    downloads = [href for href in hrefs if href.endswith(".ipynb") and not href.startswith("http")]
    assert downloads, "no download link"
    for href in downloads:
        served = (page.parent / unquote(href)).resolve()
        assert served.is_file(), href
        assert served.read_bytes() == lesson.read_bytes(), "the download is the committed, executed lesson"


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda page: page.relative_to(SITE).as_posix())
def test_every_link_to_github_points_at_the_course_home(page):
    for href in links(page):
        absolute = urljoin(f"file://{page}", href)
        if "github.com" in absolute and "colab.research.google.com" not in absolute:
            assert absolute.startswith(URL), absolute
            assert not re.search(r"executablebooks|jupyter-book", absolute), absolute


def test_both_editions_are_built():
    assert (SITE / "zh_CN" / "intro.html").is_file(), "the Chinese edition is missing: run `make book`"
    assert len(list((SITE / "zh_CN" / "notebooks").glob("[0-9][0-9]_*.html"))) == len(
        list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    )


@pytest.mark.parametrize(
    "page", reader_pages(), ids=lambda page: page.relative_to(SITE).as_posix()
)
def test_language_links_lead_to_the_same_page_in_the_other_edition(page):
    relative = page.relative_to(SITE)
    twin = SITE / twin_path(relative.as_posix())
    targets = {(page.parent / unquote(href)).resolve() for href in parse(page).language_links}
    assert targets == {twin.resolve()}, f"{relative}: language links {targets}"
    assert twin.is_file(), f"{relative}: its twin {twin.relative_to(SITE)} is not built"
