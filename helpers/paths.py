"""Where the course keeps its data.

The data directory is, in this order:

1. ``$COURSE_DATA_DIR`` when that is set;
2. ``data/`` at the root of a checkout of the course (git ignores it), when the package is used
   from a checkout (an editable install, ``make lab``), or when the notebook runs inside one;
3. otherwise ``data/`` in the current working directory, for a lesson downloaded on its own or
   opened on Colab. It is never inside the installed package (``site-packages``).

Example:
    >>> from helpers.paths import data_dir
    >>> (data_dir() / "MNIST" / "raw").parts[-2:]
    ('MNIST', 'raw')
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV_VAR = "COURSE_DATA_DIR"
#: The distribution name in the course's ``pyproject.toml``: it marks the root of a checkout.
PROJECT_NAME = "pytorch-zero-to-one-helpers"


def as_folder(value: str | os.PathLike[str], name: str) -> Path:
    """Return ``value`` (a ``str`` or a ``pathlib.Path``) as a ``Path``.

    Raises:
        TypeError: ``value`` is not a path.

    Example:
        >>> as_folder("data", "root").name
        'data'
    """
    try:
        return Path(value)
    except TypeError:
        raise TypeError(
            f"{name} must be a folder path (a str or a pathlib.Path), got {value!r} ({type(value).__name__})."
        ) from None


def is_checkout_root(folder: Path | str) -> bool:
    """Return whether ``folder`` is the top of a checkout of this course.

    Raises:
        TypeError: ``folder`` is not a path.

    Example:
        >>> is_checkout_root(Path("/"))
        False
    """
    folder = as_folder(folder, "folder")
    project_file = folder / "pyproject.toml"
    try:
        return (folder / "helpers").is_dir() and f'name = "{PROJECT_NAME}"' in project_file.read_text()
    except OSError:
        return False


def checkout_root(start: Path | str | None = None) -> Path | None:
    """Return the checkout that holds this package or ``start`` (by default the current directory), else ``None``.

    Raises:
        TypeError: ``start`` is not a path.

    Example:
        >>> root = checkout_root()
        >>> root is None or is_checkout_root(root)
        True
    """
    start = as_folder(start, "start") if start is not None else None
    package_parent = Path(__file__).resolve().parents[1]
    if is_checkout_root(package_parent):  # used from a checkout (editable install)
        return package_parent
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if is_checkout_root(folder)), None)


def data_dir() -> Path:
    """Return the course's data directory (it may not exist yet).

    Raises:
        NotADirectoryError: ``$COURSE_DATA_DIR`` names a file, not a folder.
    """
    configured = os.environ.get(DATA_DIR_ENV_VAR)
    if configured:
        folder = Path(configured).expanduser().resolve()
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(
                f"{DATA_DIR_ENV_VAR} is {configured!r}, which is a file, not a folder. "
                f"Point {DATA_DIR_ENV_VAR} at a folder (its MNIST/raw/ subfolder holds the data), or unset it."
            )
        return folder
    root = checkout_root()
    return (root if root is not None else Path.cwd().resolve()) / "data"
