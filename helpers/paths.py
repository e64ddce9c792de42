"""Where the course keeps its data.

The data directory is ``$COURSE_DATA_DIR`` when that is set, otherwise ``data/``
at the root of the repository (git ignores it).

Example:
    >>> from helpers.paths import data_dir
    >>> (data_dir() / "MNIST" / "raw").parts[-2:]
    ('MNIST', 'raw')
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV_VAR = "COURSE_DATA_DIR"
REPO_ROOT = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """Return the course's data directory (it may not exist yet)."""
    configured = os.environ.get(DATA_DIR_ENV_VAR)
    if configured:
        return Path(configured).expanduser().resolve()
    return REPO_ROOT / "data"
