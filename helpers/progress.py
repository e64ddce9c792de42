"""A progress bar that is live in JupyterLab and leaves clean, final text behind.

In a Jupyter kernel the bar is tqdm's widget. When the loop ends, its stored
output is refreshed, so a saved notebook (and the website built from it) shows
the finished bar, never a frozen "0%". Outside Jupyter it is tqdm's text bar.

Example:
    >>> from helpers.progress import progress_bar
    >>> total = 0
    >>> for step in progress_bar(range(3), desc="demo", disable=True):
    ...     total += step
    >>> total
    3
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Iterable
from typing import Any, TypeVar

from tqdm import std

from helpers.validation import received

T = TypeVar("T")


def _in_jupyter_kernel() -> bool:
    """Return whether we run inside a Jupyter kernel with ipywidgets available."""
    if "ipykernel" not in sys.modules:
        return False
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in shell.config


def _notebook_bar_class() -> type[std.tqdm]:
    from IPython.display import display
    from tqdm.notebook import tqdm as notebook_tqdm

    class RefreshingNotebookBar(notebook_tqdm):
        """tqdm's widget bar, whose stored text output is updated when it closes."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, display=False, **kwargs)
            self._display_handle = None if self.disable else display(self.container, display_id=True)
            self.displayed = True

        def close(self) -> None:
            super().close()
            handle = getattr(self, "_display_handle", None)
            if handle is not None:
                handle.update(self.container)
                self._display_handle = None

    return RefreshingNotebookBar


def progress_bar(iterable: Iterable[T], **kwargs: Any) -> std.tqdm:
    """Wrap ``iterable`` in a progress bar; keyword arguments go to ``tqdm`` (``desc``, ``unit``...).

    Use ``bar.set_postfix(...)`` on the returned bar to show live metrics.

    Raises:
        TypeError: ``iterable`` cannot be looped over (a number, say), or a keyword is unknown to tqdm.

    Example:
        >>> bar = progress_bar(range(2), desc="epochs", disable=True)
        >>> list(bar)
        [0, 1]
    """
    if not isinstance(iterable, Iterable):
        counts = isinstance(iterable, numbers.Integral) and not isinstance(iterable, bool)
        hint = f" To count to {iterable}, pass range({iterable})." if counts else ""
        raise TypeError(
            f"progress_bar wraps something to loop over, such as range(10) or a DataLoader, got {received(iterable)}."
            + hint
        )
    bar_class = _notebook_bar_class() if _in_jupyter_kernel() else std.tqdm
    try:
        return bar_class(iterable, **kwargs)
    except std.TqdmKeyError as error:
        raise TypeError(
            f"progress_bar passes its keyword arguments to tqdm, which rejects them: {error.args[0]}. "
            "Use tqdm's names, such as desc, unit, total, leave or disable."
        ) from None
