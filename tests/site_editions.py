"""The built website's language editions: English at the site's root, each translation in a folder of its own.

Shared by the site tests, so that each finds a page's edition, its twin, its source and the repository file it
is built from in the same way. A page is named by its path in the built site, as in its address.

Example:
    >>> split_page("zh_CN/notebooks/01_tensors.html")
    ('zh_CN', 'notebooks/01_tensors.html')
    >>> twin_path("notebooks/01_tensors.html"), twin_path("zh_CN/intro.html")
    ('zh_CN/notebooks/01_tensors.html', 'intro.html')
    >>> repository_file("zh_CN/notebooks/01_tensors.html").relative_to(ROOT).as_posix()
    'notebooks/zh_CN/01_tensors.ipynb'
    >>> repository_file("setup.html").relative_to(ROOT).as_posix()
    'book/setup.md'
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "book" / "_build" / "html"
#: The translated editions: each one's folder in the built site, under book/ and under notebooks/.
TRANSLATIONS = ("zh_CN",)
#: Every edition's folder in the built site, English ("") first.
EDITION_FOLDERS = ("", *TRANSLATIONS)


def is_redirect(path: Path) -> bool:
    """Sphinx's index.html is a one-line meta refresh to the root page: not a page of its own."""
    head = path.read_text(errors="replace")[:500].lower()
    return 'http-equiv="refresh"' in head and "<body" not in head


def reader_pages() -> list[Path]:
    """Every HTML page a reader can open, in every edition, in path order.

    Skipped: asset folders (a name starting with ``_`` at any depth: _static/, zh_CN/_static/, ...) and redirect
    stubs (index.html). Kept on purpose: search.html (where the search box sends readers) and genindex.html (every
    page points to it with ``<link rel="index">``). Empty before ``make book``.
    """
    if not SITE.is_dir():
        return []
    return [
        path
        for path in sorted(SITE.rglob("*.html"))
        if not any(part.startswith("_") for part in path.relative_to(SITE).parts) and not is_redirect(path)
    ]


def split_page(path: str) -> tuple[str, str]:
    """Return a page's edition folder ("" for English) and its path within that edition."""
    first, _, rest = path.partition("/")
    return (first, rest) if first in TRANSLATIONS else ("", path)


def twin_path(path: str) -> str:
    """Return the path of the same page in the other edition (the course has two)."""
    folder, inner = split_page(path)
    return inner if folder else f"{TRANSLATIONS[0]}/{inner}"


def source_file(path: str) -> Path:
    """Return the copy of a page's source that the build keeps in its edition's ``_sources/``."""
    folder, inner = split_page(path)
    suffix = ".ipynb" if inner.startswith("notebooks/") else ".md"
    return SITE / folder / "_sources" / PurePosixPath(inner).with_suffix(suffix)


def repository_file(path: str) -> Path:
    """Return the file of the repository a page is built from: a lesson in notebooks/, or a page in book/."""
    folder, inner = split_page(path)
    page = PurePosixPath(inner)
    if page.parts[0] == "notebooks":
        return ROOT / "notebooks" / folder / page.relative_to("notebooks").with_suffix(".ipynb")
    return ROOT / "book" / folder / page.with_suffix(".md")
