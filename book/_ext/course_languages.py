"""Link every page of the website to the same page in the course's other language editions.

The English edition is built at the site's root and each translation in a folder of its own
(``zh_CN/``), with the same page names: ``notebooks/01_tensors.html`` and
``zh_CN/notebooks/01_tensors.html`` are the same lesson. Before each page is written, this extension
works out the relative address of the page's twin in each other edition and

- shows the links in the article header, before the theme's buttons (``_ext/templates/language-switch.html``,
  laid out by ``_assets/course-languages.css``);
- adds ``<link rel="alternate" hreflang="...">`` to the page's head, for search engines.

``tests/test_site_links.py`` checks that every link leads to a page that exists.

Example (in ``_config.yml``)::

    sphinx:
      local_extensions:
        course_languages: _ext/
      config:
        course_edition: en  # this build's edition
        course_editions:    # every edition: its folder in the built site and the name of its language
          en: {folder: "", label: English, hreflang: en}
          zh_CN: {folder: zh_CN, label: 简体中文, hreflang: zh-CN}
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath
from typing import Any

SWITCH_TEMPLATE = "language-switch.html"
#: The name of the language links' landmark, in each edition's own language.
SWITCH_NAMES = {"en": "Language", "zh_CN": "语言"}


def twin_href(pagename: str, own_folder: str, other_folder: str) -> str:
    """Return the relative address, from a page, of the same page in another edition.

    >>> twin_href("notebooks/01_tensors", "", "zh_CN")
    '../zh_CN/notebooks/01_tensors.html'
    >>> twin_href("intro", "zh_CN", "")
    '../intro.html'
    """
    depth = len(PurePosixPath(pagename).parts) - 1 + len(PurePosixPath(own_folder).parts)
    target = PurePosixPath(other_folder, f"{pagename}.html") if other_folder else PurePosixPath(f"{pagename}.html")
    return "../" * depth + target.as_posix()


def add_language_links(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give the page's template its links to the other editions, and its head the alternate links."""
    editions = app.config.course_editions
    own = app.config.course_edition
    if own not in editions:
        raise ValueError(f"course_edition {own!r} is not one of course_editions: {sorted(editions)}")
    links = [
        {
            "href": twin_href(pagename, editions[own]["folder"], edition["folder"]),
            "label": edition["label"],
            "hreflang": edition["hreflang"],
        }
        for code, edition in editions.items()
        if code != own
    ]
    context["course_language_links"] = links
    context["course_language_name"] = SWITCH_NAMES.get(own, SWITCH_NAMES["en"])
    alternates = "".join(
        f'\n<link rel="alternate" hreflang="{html.escape(link["hreflang"])}" href="{html.escape(link["href"])}" />'
        for link in links
    )
    context["metatags"] = context.get("metatags", "") + alternates


def show_in_article_header(app: Any, config: Any) -> None:
    """Put the language links first in the article header's buttons (the theme's list, extended)."""
    options = config.html_theme_options
    items = options.get("article_header_end") or ["article-header-buttons.html"]
    items = [items] if isinstance(items, str) else list(items)
    if SWITCH_TEMPLATE not in items:
        options["article_header_end"] = [SWITCH_TEMPLATE, *items]


def setup(app: Any) -> dict[str, Any]:
    """Register the settings and the hooks with Sphinx."""
    app.add_config_value("course_edition", "en", "html")
    app.add_config_value("course_editions", {"en": {"folder": "", "label": "English", "hreflang": "en"}}, "html")
    app.connect("config-inited", show_in_article_header)
    app.connect("html-page-context", add_language_links)
    app.add_css_file("course-languages.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
