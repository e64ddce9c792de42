"""Point every page's "edit this page" button at the file that really exists in the repository.

The website is built from ``book/``, but the lesson pages come from copies: ``make book`` copies
``notebooks/`` of the repository into ``book/notebooks/`` (git-ignored). ``repository.path_to_book``
is therefore ``""``, which is right for the lessons (and for their Colab and Binder links:
``notebooks/01_tensors.ipynb``) but wrong for every other page, which lives in ``book/``
(``book/intro.md``, not ``intro.md``). Before each page is written, this extension sets the
folder that the theme puts in front of the page's source file in its edit link: the repository
root for a page under a mirrored folder, ``book/`` (the source folder, relative to the
repository root) for any other page. A page whose source is in neither place is reported as a
warning, which ``--warningiserror`` turns into a failed build.

Example (in ``_config.yml``)::

    sphinx:
      local_extensions:
        course_links: _ext/
      config:
        course_links_mirrored: ["notebooks"]  # book/notebooks/ mirrors notebooks/ (the default)
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)


def repository_root(srcdir: Path) -> Path:
    """Return the repository's root: the nearest folder above the book that holds ``.git``, else its parent."""
    for folder in (srcdir, *srcdir.parents):
        if (folder / ".git").exists():
            return folder
    return srcdir.parent


def source_folder(pagename: str, book_folder: str, mirrored: list[str]) -> str:
    """Return the repository folder that the theme's edit link puts before ``pagename`` + suffix.

    >>> source_folder("notebooks/01_tensors", "book", ["notebooks"])
    ''
    >>> source_folder("notebooks/zh_CN/01_tensors", "book", ["notebooks"])
    ''
    >>> source_folder("intro", "book", ["notebooks"])
    'book'
    """
    top = PurePosixPath(pagename).parts[0]
    if top in mirrored and len(PurePosixPath(pagename).parts) > 1:
        return ""
    return book_folder


def set_edit_folder(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Set ``doc_path``, read by the theme's edit link, for the page being written."""
    suffix = context.get("page_source_suffix")
    if not suffix or doctree is None:  # generated pages (search, genindex) have no source file
        return
    srcdir = Path(app.srcdir).resolve()
    root = repository_root(srcdir)
    book_folder = srcdir.relative_to(root).as_posix() if srcdir != root else ""
    folder = source_folder(pagename, "" if book_folder == "." else book_folder, app.config.course_links_mirrored)
    context["doc_path"] = folder
    target = root / folder / f"{pagename}{suffix}"
    if not target.is_file():
        LOGGER.warning(
            "course_links: the edit link of %s would name %s, which is not in the repository",
            pagename,
            target.relative_to(root).as_posix(),
            location=pagename,
        )


def setup(app: Any) -> dict[str, Any]:
    """Register the setting and the hook with Sphinx."""
    app.add_config_value("course_links_mirrored", ["notebooks"], "html")
    # Before sphinx-book-theme builds its header buttons (priority 501), after pydata-sphinx-theme
    # sets up the edit-link function (500). Returns None, so later handlers still run.
    app.connect("html-page-context", set_edit_folder, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
