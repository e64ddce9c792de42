"""Print the whole course website to one PDF, offline, with the Chromium the browser tests use.

Each page of the built site (``book/_build/html``, made by ``make book``) is opened in Debian's
headless Chromium in the order of ``book/_toc.yml``, served from this machine with every request
that would leave it blocked. Once its images, math and widget snapshots have rendered, the print
styles of ``book/_static_print/print.css`` are injected and Chromium prints it (Playwright's
``page.pdf``). The pages' PDFs are then joined with pypdf, one bookmark per page. So every lesson
starts on a new page, code wraps at the page edge instead of being cut, and figures fit the page.

Exercise solutions are **shown** by default (a teacher's copy: each one opened and labelled
"Solution"); ``--solutions hidden`` leaves them out altogether, for learners. Links between the
course's own pages are dropped (they would point at the temporary local server); links to other
sites are kept.

Usage (from the repository root, after ``make book``)::

    .venv/bin/python book/make_pdf.py                   # book/_build/pdf/pytorch-zero-to-one.pdf
    .venv/bin/python book/make_pdf.py --solutions hidden --out student.pdf

Set ``COURSE_CHROMIUM`` to use another Chromium binary than ``/usr/bin/chromium``.

Example:
    >>> toc = {"root": "intro", "parts": [{"chapters": [{"file": "setup"}, {"file": "notebooks/01_a"}]}]}
    >>> toc_pages(toc)
    ['intro', 'setup', 'notebooks/01_a']
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SITE = BOOK / "_build" / "html"
PRINT_CSS = BOOK / "_static_print" / "print.css"
OUT = BOOK / "_build" / "pdf" / "pytorch-zero-to-one.pdf"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [  # the same as tests/browser/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
PAPER = {"format": "A4", "margin": {"top": "14mm", "bottom": "16mm", "left": "13mm", "right": "13mm"}}
#: The printable width of the paper in CSS pixels (A4: 210 mm, less the margins; 96 px per inch).
PRINT_WIDTH_PX = round((210 - 13 - 13) / 25.4 * 96)
SOLUTIONS = ("shown", "hidden")
FOOTER = (
    '<div style="width:100%;font-size:7.5px;color:#666;padding:0 13mm;display:flex;'
    'justify-content:space-between;font-family:sans-serif">'
    '<span class="title"></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
WAIT_MS = 30_000

READY = """() => {
  const images = Array.from(document.images).every(img => img.complete);
  const math = Array.from(document.querySelectorAll('.math')).every(m => m.querySelector('mjx-container'));
  const views = Array.from(document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'));
  const widgets = views.every(view => view.parentElement.querySelector('.jupyter-widgets'));
  return images && math && widgets;
}"""

PREPARE = """([solutions]) => {
  if (solutions === 'hidden') {
    document.querySelectorAll('.cell.tag_solution').forEach(cell => cell.remove());
  }
  document.querySelectorAll('details').forEach(details => { details.open = true; });
  for (const anchor of document.querySelectorAll('a[href]')) {
    if (new URL(anchor.href, document.baseURI).origin === location.origin) anchor.removeAttribute('href');
  }
}"""


def toc_pages(toc: dict) -> list[str]:
    """Return the pages of a Jupyter Book table of contents, in reading order."""
    pages = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            for key in ("sections", "chapters"):
                walk(entry.get(key, []))
            for part in entry.get("parts", []):
                walk(part.get("chapters", []))

    walk(toc.get("chapters", []))
    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return [str(Path(page).with_suffix("")) if Path(page).suffix in (".md", ".ipynb") else page for page in pages]


def site_pages(site: Path = SITE) -> list[str]:
    """Return the built pages to print (``notebooks/01_tensors.html``...), in the order of ``_toc.yml``."""
    pages = [f"{page}.html" for page in toc_pages(yaml.safe_load((BOOK / "_toc.yml").read_text()))]
    missing = [page for page in pages if not (site / page).is_file()]
    if missing:
        raise SystemExit(f"Not in {site}: {', '.join(missing)}. Build the website first: make book")
    return pages


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@contextlib.contextmanager
def serve(site: Path = SITE) -> Iterator[str]:
    """Serve ``site`` on a free port of this machine only; yield its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """Start Debian's headless Chromium through Playwright (never a downloaded browser)."""
    if not CHROMIUM.is_file():
        raise SystemExit(f"{CHROMIUM} not found: install Debian's chromium, or set COURSE_CHROMIUM.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_print_page(browser):
    """Open a tab as wide as the printed page, that can reach this machine only."""
    context = browser.new_context(viewport={"width": PRINT_WIDTH_PX, "height": 1100})
    page = context.new_page()

    def offline(route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOOPBACK:
            route.abort()
        else:
            route.continue_()

    page.route("**/*", offline)
    return page


def load_for_print(page, url: str, solutions: str = "shown") -> str:
    """Load one page, wait until everything has rendered, and apply the print styles; return its title."""
    if solutions not in SOLUTIONS:
        raise ValueError(f"solutions must be one of {SOLUTIONS}, not {solutions!r}")
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function(READY, timeout=WAIT_MS)
    page.evaluate(PREPARE, [solutions])
    page.add_style_tag(content=PRINT_CSS.read_text())
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready")
    page.wait_for_function(READY, timeout=WAIT_MS)  # the images of opened solutions, too
    heading = page.locator("main h1").first
    return (heading.inner_text() if heading.count() else page.title()).replace("#", "").strip()


def print_page(page) -> bytes:
    """Print the loaded page to PDF bytes."""
    return page.pdf(
        **PAPER,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
    )


def build(
    out: Path = OUT,
    solutions: str = "shown",
    site: Path = SITE,
    quiet: bool = False,
    browser: Any = None,
    inspect: Callable[[Any, str], None] | None = None,
) -> dict:
    """Print every page of the site into one PDF at ``out``; return a summary of what was printed.

    ``browser`` is a Playwright browser that is already running (the tests pass theirs: Playwright's
    synchronous API cannot be started twice in one thread); without one, Chromium is started here.
    ``inspect(tab, path)``, if given, is called with each page ready to print, before it is printed (the tests
    measure the page there, rather than loading every page a second time).
    """
    from pypdf import PdfReader, PdfWriter

    pages = site_pages(site)
    started = time.perf_counter()
    writer = PdfWriter()
    chapters = []
    with serve(site) as address, (contextlib.nullcontext(browser) if browser is not None else chromium()) as browser:
        tab = new_print_page(browser)
        for path in pages:
            title = load_for_print(tab, f"{address}/{path}", solutions)
            if inspect is not None:
                inspect(tab, path)
            reader = PdfReader(io.BytesIO(print_page(tab)))
            chapters.append({"page": path, "title": title, "first": len(writer.pages), "count": len(reader.pages)})
            writer.append(reader, outline_item=title, import_outline=False)
            if not quiet:
                print(f"{len(reader.pages):4d} pages  {path}", flush=True)
        tab.context.close()
    writer.add_metadata({"/Title": "PyTorch from Zero to One", "/Author": "The PyTorch from Zero to One authors"})
    writer.page_mode = "/UseOutlines"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer.write(stream)
    return {"path": out, "pages": len(writer.pages), "chapters": chapters, "seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> None:
    """Build the PDF from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the PDF to write (default: %(default)s)")
    parser.add_argument("--solutions", choices=SOLUTIONS, default="shown", help="exercise solutions (default: shown)")
    parser.add_argument("--site", type=Path, default=SITE, help="the built website (default: %(default)s)")
    args = parser.parse_args(argv)
    summary = build(args.out.resolve(), args.solutions, args.site.resolve())
    shown = summary["path"].relative_to(ROOT) if summary["path"].is_relative_to(ROOT) else summary["path"]
    print(f"{shown}: {summary['pages']} pages, {summary['seconds']:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
