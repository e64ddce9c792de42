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

A translated edition mirrors another folder: the Chinese site's ``notebooks/01_tensors`` page is
``notebooks/zh_CN/01_tensors.ipynb`` in the repository. The theme builds its Colab, Binder and edit
links from the page's name, so after it has built them, their path to the lesson is rewritten to
the mirrored folder.

Example (in ``_config.yml``)::

    sphinx:
      local_extensions:
        course_links: _ext/
      config:
        course_links_mirrored: {notebooks: notebooks}  # book folder -> repository folder (the default)
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


def source_folder(pagename: str, book_folder: str, mirrored: dict[str, str]) -> str:
    """Return the repository folder that the theme's edit link puts before ``pagename`` + suffix.

    >>> source_folder("notebooks/01_tensors", "book", {"notebooks": "notebooks"})
    ''
    >>> source_folder("intro", "book/zh_CN", {"notebooks": "notebooks/zh_CN"})
    'book/zh_CN'
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
    mirrored = app.config.course_links_mirrored
    folder = source_folder(pagename, "" if book_folder == "." else book_folder, mirrored)
    context["doc_path"] = folder
    target = root / repository_path(f"{folder}/{pagename}{suffix}".lstrip("/"), mirrored)
    if not target.is_file():
        LOGGER.warning(
            "course_links: the edit link of %s would name %s, which is not in the repository",
            pagename,
            target.relative_to(root).as_posix(),
            location=pagename,
        )


def repository_path(path: str, mirrored: dict[str, str]) -> str:
    """Return where a page's file is in the repository, given its path as the theme builds it.

    >>> repository_path("notebooks/01_tensors.ipynb", {"notebooks": "notebooks/zh_CN"})
    'notebooks/zh_CN/01_tensors.ipynb'
    >>> repository_path("book/zh_CN/intro.md", {"notebooks": "notebooks/zh_CN"})
    'book/zh_CN/intro.md'
    """
    top, _, rest = path.partition("/")
    return f"{mirrored[top]}/{rest}" if top in mirrored and rest else path


def point_buttons_at_the_mirror(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Rewrite the theme's Colab, Binder and edit links of a lesson page to the mirrored folder's file."""
    suffix = context.get("page_source_suffix")
    mirrored = app.config.course_links_mirrored
    if not suffix or doctree is None:
        return
    built = f"/{pagename}{suffix}"
    real = f"/{repository_path(pagename + suffix, mirrored)}"
    if built == real:
        return

    def rewrite(buttons: list[dict]) -> None:
        for button in buttons:
            url = button.get("url", "")
            if url.startswith(("http://", "https://")) and built in url:
                button["url"] = url.replace(built, real)
            rewrite(button.get("buttons", []))

    rewrite(context.get("header_buttons", []))


def setup(app: Any) -> dict[str, Any]:
    """Register the setting and the hook with Sphinx."""
    app.add_config_value("course_links_mirrored", {"notebooks": "notebooks"}, "html")
    # Before sphinx-book-theme builds its header buttons (priority 501), after pydata-sphinx-theme
    # sets up the edit-link function (500). Returns None, so later handlers still run.
    app.connect("html-page-context", set_edit_folder, priority=500)
    # After the theme has built its header buttons (priority 501).
    app.connect("html-page-context", point_buttons_at_the_mirror, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
