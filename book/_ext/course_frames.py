"""Interactive figures move on the website: their stored frames become files the page loads when a slider moves.

A lesson's interactive figure (``helpers/explore.py``) stores, in one output of its cell, a frame for every position
its sliders can reach (MIME type ``application/vnd.course.frames+json``), beside an empty
``<div class="course-frames" data-frames="HASH">`` that the page shows instead. After the build, this extension
writes each set of frames to ``_static/course-frames/HASH.js``, and ``_assets/course-frames.js`` (added to every
page) loads that file the first time a reader touches a slider, then shows the frame of the sliders' position. The
page itself weighs no more than before: only the frames of a figure a reader explores are loaded.

Example (in ``_config.yml``)::

    sphinx:
      local_extensions:
        course_frames: _ext/
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FRAMES_MIME = "application/vnd.course.frames+json"  # helpers.explore.FRAMES_MIME
HASH = re.compile(r'data-frames="([0-9a-f]{16})"')


def stored_frames(notebook: dict) -> dict[str, Any]:
    """Return the frames a notebook stores, by the hash its ``course-frames`` box names."""
    found = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FRAMES_MIME in data:
                box = data.get("text/html", "")
                match = HASH.search("".join(box) if isinstance(box, list) else box)
                if match:
                    found[match.group(1)] = data[FRAMES_MIME]
    return found


def frames_script(digest: str, payload: dict[str, Any]) -> str:
    """Return the script that hands one figure's frames to ``course-frames.js``."""
    return f"(window.courseFrames = window.courseFrames || {{}})[{json.dumps(digest)}] = {json.dumps(payload)};\n"


def write_frames(app, exception: Exception | None) -> None:
    """After an HTML build, write the frames of every notebook to ``_static/course-frames/``."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / "course-frames"
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        if source.suffix != ".ipynb":
            continue
        for digest, payload in stored_frames(json.loads(source.read_text(encoding="utf-8"))).items():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{digest}.js").write_text(frames_script(digest, payload), encoding="utf-8")


def setup(app) -> dict[str, Any]:
    """Register the script and the writer of the frames (Sphinx's entry point for an extension)."""
    app.add_js_file("course-frames.js")  # from _assets/, in html_static_path
    app.connect("build-finished", write_frames)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
