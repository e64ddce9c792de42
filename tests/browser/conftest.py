"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, with the network closed."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site_editions import reader_pages

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "book" / "_build" / "html"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def save_screenshot(page, name: str, full_page: bool = False) -> None:
    """Keep a picture of the page in artifacts/screenshots/ (git-ignored), for a human to look at.

    Only when asked (``COURSE_SCREENSHOTS=1``, which ``make test SCREENSHOTS=1`` sets): nothing is asserted on a
    picture, and a lesson page's full-page picture costs seconds of CPU.
    """
    if os.environ.get("COURSE_SCREENSHOTS") != "1":
        return
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium), "
            "or point COURSE_CHROMIUM at a Chromium binary. Never run `playwright install`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Recorder:
    """Blocks every request that leaves the machine and records what went wrong on a page."""

    def __init__(self, page, javascript: bool = True) -> None:
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.javascript = javascript
        page.route("**/*", self._route)
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda response: response.status >= 400 and self.failed.append(f"{response.url} (HTTP {response.status})"),
        )
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _failed(self, request) -> None:
        if not self.javascript and request.resource_type == "script" and request.failure == "csp":
            return  # with JavaScript off, Chromium refuses the page's scripts: that is the setting, not a failure
        self.failed.append(f"{request.url} ({request.failure})")

    def _route(self, route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOOPBACK:
            self.blocked.append(route.request.url)
            route.abort()
        else:
            route.continue_()


#: The viewports the site is tested at: a desktop, and a phone (the theme moves the sidebars into dialogs there).
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def new_page(browser, viewport: str = "desktop", javascript: bool = True):
    """Open a tab in a context of its own (no cache, no storage), with the network outside this machine closed."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    tab = context.new_page()
    tab.recorder = Recorder(tab, javascript)
    return tab


@pytest.fixture
def page(browser) -> Iterator:
    tab = new_page(browser)
    yield tab
    tab.context.close()


@pytest.fixture
def static_page(browser) -> Iterator:
    """A tab with JavaScript off, for what the built HTML holds by itself (links, native <details>): it loads a
    page several times faster than a full render, and proves the thing works without scripts."""
    tab = new_page(browser, javascript=False)
    yield tab
    tab.context.close()


class RenderedPages:
    """Each page of the site rendered once and shared by the tests that only look at it.

    Rendering a lesson page (MathJax, widget snapshots) and checking it costs seconds of CPU, and the offline,
    widget and accessibility checks of one page look at the same rendered page. They ask for it here, and the first
    one loads it, with ``networkidle`` so that its request recorder has seen every request the page makes. The
    scheduler (tests/parallel.py) runs all tests of one page on one worker, one after another, so each page is
    rendered once per run. Only the latest page is kept open.

    A page asked for at another viewport is the same tab resized (``resize``), not a second rendering: the theme lays
    a page out for a phone with CSS media queries, and the scripts that depend on the width (the theme's scroll
    stops, the widget boxes' focus in book/_assets/course-a11y.js) follow resizes. tests/browser/test_accessibility.py
    checks that axe-core finds the same on a resized lesson page as on one loaded at the phone's size.
    """

    def __init__(self, browser, site_url: str) -> None:
        self.browser, self.site_url = browser, site_url
        self.tab = None
        self.path: str | None = None
        self.viewport: str | None = None

    def get(self, path: str, viewport: str = "desktop"):
        """Return the tab showing ``path`` at ``viewport``, rendering it first if it is not open yet."""
        if path != self.path:
            self.close()
            self.tab = new_page(self.browser, viewport)
            load_rendered(self.tab, f"{self.site_url}/{path}", wait_until="networkidle")
            self.path, self.viewport = path, viewport
        elif viewport != self.viewport:
            resize(self.tab, viewport)
            self.viewport = viewport
        return self.tab

    def close(self) -> None:
        if self.tab is not None:
            self.tab.context.close()
        self.tab = self.path = self.viewport = None


@pytest.fixture(scope="session")
def rendered(browser, site_url) -> Iterator[RenderedPages]:
    pages = RenderedPages(browser, site_url)
    yield pages
    pages.close()


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "intro.html").is_file():
        pytest.fail(f"The website is not built in {SITE.relative_to(ROOT)}: run `make book` first.")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves the built site; a browser that leaves a page while a file is on its way is not an error."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            super().handle_error(request, client_address)


# --- Shared by the accessibility tests (tests/browser/test_accessibility.py) ---

AXE = ROOT / "book" / "node_modules" / "axe-core" / "axe.min.js"


def site_pages() -> list[str]:
    """Every HTML page a reader can open, relative to the site root, any language edition included.

    Walks the built site (tests/site_editions.py: ``reader_pages``), so pages added later (a new lesson, a page of
    the zh_CN/ edition) are tested without editing a list.
    """
    return [path.relative_to(SITE).as_posix() for path in reader_pages()]


WIDGETS_RENDERED = """() => Array.from(
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
).every(view => view.parentElement.querySelector('.jupyter-widgets'))"""


IMAGES_LOADED = "Array.from(document.images).every(img => img.complete)"


def load_rendered(page, url: str, wait_until: str = "load") -> None:
    """Open a page and wait until it looks as a reader sees it: images, MathJax, widget snapshots, fonts.

    A test that checks the page's requests passes ``wait_until="networkidle"``, so that none is still on its way;
    the others wait for what they look at, which is faster (networkidle waits for half a second of quiet).
    """
    page.goto(url, wait_until=wait_until)
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    page.wait_for_function(IMAGES_LOADED, timeout=15_000)
    if page.locator(".math").count():
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.math')).every(m => m.querySelector('mjx-container'))",
            timeout=20_000,
        )
    page.wait_for_function(WIDGETS_RENDERED, timeout=20_000)
    # Widget outputs (images, sliders) arrive a moment after their box: wait for them, then for the site's
    # accessibility script (book/_assets/course-a11y.js) to have labelled them.
    page.wait_for_function(IMAGES_LOADED, timeout=15_000)
    page.evaluate("document.fonts.ready.then(() => new Promise(done => setTimeout(done, 100)))")


# The theme's scroll stops (pydata-sphinx-theme.js): a box that scrolls takes the focus (tabindex 0), one that does
# not is left out (-1). The theme updates them 300 ms after the last resize: wait until they match the new layout.
SCROLL_STOPS_MATCH_LAYOUT = """() => Array.from(document.querySelectorAll(
    'pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, .pst-scrollable-table-container'
)).every(box => box.tabIndex === (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight ? 0 : -1))"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
#: The sidebars slide when the layout changes between phone and desktop (CSS transitions of up to 0.4 s).
TRANSITIONS_DONE = """() => Promise.all(document.getAnimations().filter(animation => animation instanceof CSSTransition)
    .map(animation => animation.finished.catch(() => null))).then(() => true)"""


def resize(page, viewport: str) -> None:
    """Show a rendered page at another viewport, and wait until its scripts have followed the new layout.

    The theme sets its scroll stops 300 ms after the last resize, and the sidebars may still be sliding then, on a
    busy machine: its stops would then fit a layout that no longer is (a reader who resized the window would see
    them right after the next resize). A page loaded at this size has its final layout at once, so once the
    sidebars have stopped, stops that do not fit are recomputed, by the theme, for another resize event.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.set_viewport_size(VIEWPORTS[viewport])
    page.evaluate(TWO_FRAMES)  # layout, then the ResizeObservers (course-a11y.js: widget boxes that scroll)
    page.evaluate(TRANSITIONS_DONE)
    try:
        page.wait_for_function(SCROLL_STOPS_MATCH_LAYOUT, timeout=1_000)  # the theme's own update, 300 ms on
    except PlaywrightTimeoutError:
        page.evaluate("window.dispatchEvent(new Event('resize'))")
        page.wait_for_function(SCROLL_STOPS_MATCH_LAYOUT, timeout=15_000)
    page.wait_for_function(IMAGES_LOADED, timeout=15_000)
    page.evaluate("document.fonts.ready.then(() => true)")
