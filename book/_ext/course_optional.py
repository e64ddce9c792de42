"""Optional parts of a lesson are collapsed on the website, so a first reading can skip them at a glance.

A lesson marks what a first reading can skip as a section of its own, whose title starts with the marker
``Optional:`` (``选读：`` in the Chinese edition), after the section number if it has one::

    ### Optional: strides and contiguity
    ## 5. Optional: initialization

In JupyterLab the title says it. On the website everything under the title, down to the next section of the
same or a higher level, is wrapped in a closed ``<details class="course-optional">``; its summary names the part
("Show this optional part: strides and contiguity"). The title stays a heading, so the table of contents and the
links to it work. The PDF prints the part open (``book/make_pdf.py`` opens every ``<details>``).
``tests/test_notebook_hygiene.py`` checks the marker's one form, and that nothing after an optional part needs it.

Example:
    >>> optional_title("5. Optional: initialization"), optional_title("选读：步幅"), optional_title("Tensors")
    ('initialization', '步幅', None)
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes

#: The marker, per language: a section whose title (after its number) starts with one of these is optional.
MARKERS = {"en": "Optional:", "zh_CN": "选读："}
#: The summary of the collapsed part, per language of the edition (Sphinx's ``language``).
SUMMARY = {"en": "Show this optional part: {title}", "zh_CN": "展开选读内容：{title}"}
NUMBER = re.compile(r"^\d+\.\s*")


class optional_part(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """The collapsed body of an optional section."""


def optional_title(title: str) -> str | None:
    """Return the title of an optional section without its number and marker, or None if it is not optional."""
    text = NUMBER.sub("", title.strip())
    for marker in MARKERS.values():
        if text.startswith(marker):
            return text[len(marker) :].strip()
    return None


def collapse_optional_sections(app, doctree: nodes.document, docname: str) -> None:
    """Move the body of every optional section into an ``optional_part`` node (closed on the page)."""
    template = SUMMARY.get(app.config.language or "en", SUMMARY["en"])
    for section in list(doctree.findall(nodes.section)):
        if not section.children or not isinstance(section[0], nodes.title):
            continue
        title = optional_title(section[0].astext())
        if title is None:
            continue
        body = optional_part(summary=template.format(title=title))
        body.extend(section.children[1:])
        section.children = section.children[:1]
        section.append(body)


def visit_optional_html(self, node: optional_part) -> None:
    """Open the part: a closed ``<details>`` whose summary names it."""
    self.body.append(
        f'<details class="course-optional"><summary>{html.escape(node["summary"])}</summary>'
        '<div class="course-optional-body">'
    )


def depart_optional_html(self, node: optional_part) -> None:
    """Close the part."""
    self.body.append("</div></details>")


def pass_through(self, node: optional_part) -> None:
    """Other builders write the part as it is, open."""


def setup(app) -> dict[str, Any]:
    """Register the node and the transform (Sphinx's entry point for an extension)."""
    app.add_node(
        optional_part,
        html=(visit_optional_html, depart_optional_html),
        latex=(pass_through, pass_through),
        text=(pass_through, pass_through),
    )
    app.connect("doctree-resolved", collapse_optional_sections)
    app.add_css_file("course-optional.css")  # from _assets/, in html_static_path
    return {"parallel_read_safe": True, "parallel_write_safe": True}
