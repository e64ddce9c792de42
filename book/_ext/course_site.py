"""Small fixes that keep the course website free of browser errors.

Sphinx 7 can register the same inline script twice (sphinx-thebe's
``const THEBE_JS_URL = ...``, sphinx-togglebutton's selector), and declaring a
``const`` twice is a page error. Before each page is written, this
extension drops exact duplicates from its script list.

Example (in ``_config.yml``)::

    sphinx:
      local_extensions:
        course_site: _ext/
"""

from __future__ import annotations

from typing import Any


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


def setup(app: Any) -> dict[str, Any]:
    """Register the hook with Sphinx."""
    # Priority 1: run first, since Sphinx stops calling handlers of this event once one returns a value.
    app.connect("html-page-context", drop_duplicate_scripts, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
