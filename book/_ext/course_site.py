"""The course website's own Sphinx extension: no browser errors, and accessible pages.

1. Sphinx 7 can register the same inline script twice (sphinx-thebe's ``const THEBE_JS_URL = ...``,
   sphinx-togglebutton's selector), and declaring a ``const`` twice is a page error. Before each page is
   written, the page's exact duplicate scripts are dropped.
2. Every figure a notebook output draws gets an alt text that says what it shows, never its file name
   (MyST-NB names image files by the SHA-256 of their bytes, and Sphinx falls back to that path). The alt
   comes from, in order:

   - the output's metadata, ``output.metadata["image/png"]["alt"]`` (what the course's figure display
     code stores; any image MIME type's entry is read);
   - an alt already set through MyST-NB's own cell metadata (``mystnb: {image: {alt: ...}}``);
   - the cell metadata key ``fig-alt`` (a string, or a list with one entry per figure of the cell);
   - an honest generic text: "Figure from lesson 03, cell 12".

   Figures inside widget snapshots are drawn in the browser by the ipywidgets html-manager, from the
   notebook's saved widget state. For them, each widget view is given the cell's ``fig-alt`` (or the
   generic text) as ``data-course-alt``, and ``_assets/course-a11y.js`` sets the alt in the page, preferring
   the ``alt`` stored in the widget state's output metadata.
3. MyST-NB's collapsed cells (``hide-cell``, ``hide-input``, ``hide-output`` tags) are written with a
   ``<summary aria-label="Toggle hidden content">`` whose visible text says "Show code cell content": a
   name that does not match the label (WCAG 2.5.3). Here the summary is named by its visible text.
4. Three theme components are overridden from ``_ext/templates/`` (copied from pydata-sphinx-theme 0.17 and
   changed only where noted in each file): the search button and the colour-mode button (accessible name
   = visible text), and the site logo (inside a navigation landmark, so no content is outside one).
5. ``_assets/course-a11y.js`` is added to every page (labels widget sliders and widget figures).

Example (in ``_config.yml``)::

    sphinx:
      local_extensions:
        course_site: _ext/
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from binascii import a2b_base64
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent / "templates"
WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'
# MyST-NB decodes these from base64 before hashing them; other image types (SVG) are hashed as text.
BASE64_MIME_TYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}
IMAGE_MIME_TYPES = BASE64_MIME_TYPES | {"image/svg+xml"}
# The generic alt text, per language of the edition (Sphinx's `language`); English when not listed.
GENERIC_ALT = {
    "en": {
        "lesson": "lesson {number}, cell {cell}",
        "notebook": "the notebook “{name}”, cell {cell}",
        "one": "Figure from {where}",
        "many": "Figure {index} of {count} from {where}",
    },
    "zh_CN": {
        "lesson": "第 {number} 课第 {cell} 个单元格",
        "notebook": "笔记本“{name}”第 {cell} 个单元格",
        "one": "{where}中的图",
        "many": "{where}中的第 {index} 幅图（共 {count} 幅）",
    },
}


# --- 1. Duplicate scripts -------------------------------------------------------------------------------


def script_key(script: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Identify a script by its file name (``None`` for inline ones) and attributes, body included."""
    attributes = {name: str(value) for name, value in getattr(script, "attributes", {}).items() if name != "priority"}
    filename = getattr(script, "filename", None) or ""  # None and "" both mean an inline script
    return str(filename), tuple(sorted(attributes.items()))


def drop_duplicate_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep the first of each identical script of the page being written."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    unique = []
    for script in scripts:
        key = script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


# --- 2. Alt text of notebook figures ---------------------------------------------------------------------


def image_file_stem(mime_type: str, content: str | list[str]) -> str:
    """Return the name (without extension) MyST-NB gives an image output's file: the SHA-256 of its bytes.

    >>> image_file_stem("image/svg+xml", "<svg/>") == hashlib.sha256(b"<svg/>").hexdigest()
    True
    """
    if isinstance(content, list):  # nbformat stores long strings as lists of lines
        content = "".join(content)
    if mime_type in BASE64_MIME_TYPES:
        data = a2b_base64(content)
    else:
        data = os.linesep.join(content.splitlines()).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def clean_alt(value: Any) -> str | None:
    """Return a usable alt text (one line, trimmed), or None for a missing, empty or non-text value."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def output_alt(output: dict) -> str | None:
    """Return the alt text stored in an output's metadata, under its image MIME type (image/png first)."""
    metadata = output.get("metadata") or {}
    for mime_type in ["image/png", *sorted(IMAGE_MIME_TYPES - {"image/png"})]:
        entry = metadata.get(mime_type)
        if isinstance(entry, dict) and clean_alt(entry.get("alt")):
            return clean_alt(entry["alt"])
    return None


def cell_fig_alt(metadata: dict, index: int) -> str | None:
    """Return the cell's ``fig-alt``: a string for every figure of the cell, or a list with one per figure."""
    value = metadata.get("fig-alt")
    if isinstance(value, list):
        value = value[index] if index < len(value) else None
    return clean_alt(value)


def generic_alt(language: str | None, notebook: Path, cell_index: int, index: int = 0, count: int = 1) -> str:
    """Say where a figure comes from: the honest alt text when the notebook gives none.

    >>> generic_alt("en", Path("03_linear_regression.ipynb"), 11)
    'Figure from lesson 03, cell 12'
    >>> generic_alt(None, Path("extra_notes.ipynb"), 0, index=1, count=2)
    'Figure 2 of 2 from the notebook “extra notes”, cell 1'
    """
    language = language or "en"
    texts = GENERIC_ALT.get(language) or GENERIC_ALT.get(language.split("_")[0]) or GENERIC_ALT["en"]
    lesson = re.match(r"(\d+)_", notebook.name)
    if lesson:
        where = texts["lesson"].format(number=lesson.group(1), cell=cell_index + 1)
    else:
        where = texts["notebook"].format(name=notebook.stem.replace("_", " "), cell=cell_index + 1)
    if count > 1:
        return texts["many"].format(index=index + 1, count=count, where=where)
    return texts["one"].format(where=where)


def read_notebook(path: Path) -> dict | None:
    """Read a notebook's JSON as stored (outputs and their metadata untouched), or warn and return None."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        LOGGER.warning(f"cannot read {path} for its figures' alt texts: {error}", type="course_site", subtype="alt")
        return None


def cell_container(node: nodes.Node) -> nodes.Element | None:
    """Return the MyST-NB code cell a node belongs to, if any."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and parent.get("nb_element") == "cell_code":
            return parent
        parent = parent.parent
    return None


class NotebookFigureAltText(SphinxTransform):
    """Give every figure of a notebook page (and every widget view) an alt text; see the module docstring."""

    default_priority = 500  # any time after parsing: MyST-NB creates its image nodes while parsing

    def apply(self, **kwargs: Any) -> None:
        """Label the figures and widget views of each code cell of a notebook page."""
        path = Path(self.env.doc2path(self.env.docname))
        if path.suffix != ".ipynb":
            return
        notebook = read_notebook(path)
        if notebook is None:
            return
        cells = notebook.get("cells", [])
        language = self.config.language
        for container in list(self.document.findall(cell_container_condition)):
            cell_index = container.get("cell_index")
            if not isinstance(cell_index, int) or not 0 <= cell_index < len(cells):
                continue
            cell = cells[cell_index]
            self.label_figures(container, cell, path, cell_index, language)
            self.label_widget_views(container, cell, path, cell_index, language)

    def label_figures(self, container: nodes.Element, cell: dict, path: Path, cell_index: int, language: str) -> None:
        """Set the alt of each figure of a cell: output metadata, MyST-NB's alt, fig-alt, generic text."""
        # Each output's image files by name; a figure output carries several MIME types, one is shown.
        figures: list[tuple[set[str], dict]] = []
        for output in cell.get("outputs", []):
            stems = {
                image_file_stem(mime_type, content)
                for mime_type, content in (output.get("data") or {}).items()
                if mime_type in IMAGE_MIME_TYPES and isinstance(content, str | list)
            }
            if stems:
                figures.append((stems, output))
        images = [image for image in container.findall(nodes.image) if cell_container(image) is container]
        metadata = cell.get("metadata") or {}
        for image in images:
            stem = Path(image.get("uri", "")).stem
            position = next((index for index, (stems, _) in enumerate(figures) if stem in stems), None)
            if position is None:  # not an output's figure (a figure in the cell's Markdown output, say)
                position = images.index(image)
            output = figures[position][1] if position < len(figures) else {}
            alt = (
                output_alt(output)
                or clean_alt(image.get("alt"))
                or cell_fig_alt(metadata, position)
                or generic_alt(language, path, cell_index, position, max(len(figures), len(images)))
            )
            image["alt"] = alt

    def label_widget_views(
        self, container: nodes.Element, cell: dict, path: Path, cell_index: int, language: str
    ) -> None:
        """Put the cell's fig-alt (or the generic text) on its widget views, for ``course-a11y.js``."""
        metadata = cell.get("metadata") or {}
        for raw in list(container.findall(nodes.raw)):
            text = raw.astext()
            if not text.startswith(WIDGET_VIEW) or cell_container(raw) is not container:
                continue
            authored = cell_fig_alt(metadata, 0)
            alt = authored or generic_alt(language, path, cell_index)
            source = "cell" if authored else "generic"
            tag = WIDGET_VIEW[:-1] + f' data-course-alt="{html.escape(alt)}" data-course-alt-source="{source}">'
            raw.replace_self(nodes.raw("", tag + text[len(WIDGET_VIEW) :], format="html", classes=raw["classes"]))


def cell_container_condition(node: nodes.Node) -> bool:
    """Tell whether a node is a MyST-NB code cell."""
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"


# --- 3. Collapsed cells named by their visible text -------------------------------------------------------


def visit_hidden_cell(self: Any, node: nodes.Element) -> None:
    """MyST-NB's ``visit_HideCellInput``, without the summary's mismatched aria-label."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self: Any, node: nodes.Element) -> None:
    """Close the collapsed cell."""
    self.body.append("</details>\n")


# --- 4. Theme components ----------------------------------------------------------------------------------


def add_templates(app: Any, config: Any) -> None:
    """Put ``_ext/templates`` first, before the themes' components, so its copies win."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))


def setup(app: Any) -> dict[str, Any]:
    """Register the hooks with Sphinx."""
    app.setup_extension("myst_nb")  # so that the collapsed cells' HTML below replaces MyST-NB's
    from myst_nb.sphinx_ import HideCodeCellNode

    # Priority 1: run first, since Sphinx stops calling handlers of this event once one returns a value.
    app.connect("html-page-context", drop_duplicate_scripts, priority=1)
    app.add_transform(NotebookFigureAltText)
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    app.connect("config-inited", add_templates)
    app.add_js_file("course-a11y.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
