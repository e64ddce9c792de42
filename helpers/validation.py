"""Argument checks shared by the helpers: each returns a clean value or raises a short, clear error.

Every message says what was received, what is expected and how to fix it. Integers may be Python
ints, NumPy integers or 0-dim integer tensors (never ``bool``); numbers must be finite; tensors may
require grad or live on a GPU (they are detached and copied to the CPU), but not on the ``meta``
device, which holds no values.

Example:
    >>> import numpy as np
    >>> from helpers.validation import as_float, as_int
    >>> as_int(np.int64(3), "n_samples", minimum=1)
    3
    >>> as_float(float("nan"), "noise")
    Traceback (most recent call last):
    ...
    ValueError: noise must be a finite number, got nan.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

_DIMENSIONS = {0: "a single number", 1: "one-dimensional", 2: "two-dimensional", 3: "three-dimensional"}


def received(value: object) -> str:
    """Describe ``value`` in a few words for an error message: its repr (shortened) and its type.

    Example:
        >>> received(2.5), received(torch.zeros(2, 3))
        ('2.5 (float)', 'a tensor of shape (2, 3) and dtype float32')
    """
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)} and dtype {str(value.dtype).replace('torch.', '')}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    return f"{text if len(text) <= 60 else text[:57] + '...'} ({type(value).__name__})"


def _check_has_values(tensor: torch.Tensor, name: str) -> None:
    if tensor.device.type == "meta":
        raise ValueError(
            f"{name} is on the 'meta' device, which stores shapes but no values. "
            "Pass a tensor that holds data (on the CPU or a GPU)."
        )


def as_int(value: object, name: str, *, minimum: int | None = None, maximum: int | None = None, hint: str = "") -> int:
    """Return ``value`` as an ``int``: Python and NumPy integers and 0-dim integer tensors, not ``bool``.

    Example:
        >>> as_int(torch.tensor(4), "ncols", minimum=1)
        4
        >>> as_int(2.5, "n_samples")
        Traceback (most recent call last):
        ...
        TypeError: n_samples must be an integer, got 2.5 (float). Pass a whole number such as 100.
    """
    if isinstance(value, bool | np.bool_) or (isinstance(value, torch.Tensor) and value.dtype == torch.bool):
        raise TypeError(f"{name} must be an integer, got {received(value)}. Pass a number, not True or False.{hint}")
    if isinstance(value, torch.Tensor):
        _check_has_values(value, name)
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        whole = isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer()
        fix = f"Write {int(value)} instead." if whole else "Pass a whole number such as 100."  # type: ignore[arg-type]
        raise TypeError(f"{name} must be an integer, got {received(value)}. {fix}{hint}") from None
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}.{hint}")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {number}.{hint}")
    return number


def as_bool(value: object, name: str) -> bool:
    """Return ``value`` as a ``bool``; only ``True`` and ``False`` (or NumPy's) are accepted.

    Example:
        >>> as_bool(np.True_, "symmetric")
        True
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {received(value)}.")
    return bool(value)


def as_float(
    value: object, name: str, *, minimum: float | None = None, above: float | None = None, hint: str = ""
) -> float:
    """Return ``value`` as a finite ``float``: a real number or a one-element tensor, not ``bool``.

    Args:
        minimum: reject values below this; above: reject values that are not greater than this.
        hint: appended to every message, to say what the number means.

    Example:
        >>> as_float(torch.tensor(0.5, requires_grad=True), "slope")
        0.5
    """
    if isinstance(value, torch.Tensor) and value.numel() == 1 and value.dtype != torch.bool:
        _check_has_values(value, name)
        value = value.detach().cpu().item()
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {received(value)}.{hint}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number}.{hint}")
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {number}.{hint}")
    if above is not None and number <= above:
        raise ValueError(f"{name} must be > {above}, got {number}.{hint}")
    return number


def as_range(value: object, name: str) -> tuple[float, float]:
    """Return ``value`` as a pair ``(low, high)`` of finite numbers with ``low < high``.

    Example:
        >>> as_range((0, np.float32(2)), "x_range")
        (0.0, 2.0)
    """
    if isinstance(value, torch.Tensor | np.ndarray):
        value = as_cpu_tensor(value, name).tolist()
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high) such as (-2.0, 2.0), got {received(value)}.")
    low, high = as_float(value[0], f"{name}[0]"), as_float(value[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {(low, high)}. Swap or widen them.")
    return low, high


def _plain(values: Any, name: str) -> Any:
    """Replace the tensors inside nested lists and tuples by NumPy arrays (detached, on the CPU)."""
    if isinstance(values, torch.Tensor):
        _check_has_values(values, name)
        return values.detach().cpu().numpy()
    if isinstance(values, list | tuple):
        return [_plain(item, name) for item in values]
    return values


def as_cpu_tensor(values: object, name: str) -> torch.Tensor:
    """Return numbers as a detached CPU tensor: a tensor, an array, or (nested) lists of numbers or 0-dim tensors.

    Example:
        >>> as_cpu_tensor([torch.tensor(1.0, requires_grad=True), 2.0], "losses")
        tensor([1., 2.], dtype=torch.float64)
    """
    if isinstance(values, torch.Tensor):
        _check_has_values(values, name)
        return values.detach().cpu()
    plain = _plain(values, name)
    try:
        array = np.asarray(plain)
    except ValueError:
        raise ValueError(f"{name} must be a regular array of numbers, but its rows have different lengths.") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers (a tensor, an array or a list of numbers), got {received(values)}.")
    return torch.as_tensor(array)


def as_array(values: object, name: str, *, ndim: int = 1, finite: bool = True) -> np.ndarray:
    """Return non-empty numeric data of ``ndim`` dimensions as a ``float64`` NumPy array (see :func:`as_cpu_tensor`).

    Args:
        finite: reject nan and inf; otherwise they are kept (a line plot draws them as gaps).

    Example:
        >>> as_array([1, 2], "x")
        array([1., 2.])
        >>> as_array([], "x")
        Traceback (most recent call last):
        ...
        ValueError: x is empty: it needs at least one value.
    """
    tensor = as_cpu_tensor(values, name)
    if tensor.ndim != ndim:
        expected = _DIMENSIONS.get(ndim, f"{ndim}-dimensional")
        raise ValueError(f"{name} must be {expected}, got shape {tuple(tensor.shape)}.")
    if tensor.numel() == 0:
        raise ValueError(f"{name} is empty: it needs at least one value.")
    array = tensor.double().numpy()
    if finite and not np.isfinite(array).all():
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        where = first[0] if ndim == 1 else first
        raise ValueError(
            f"{name} must be finite, but it holds {array[first]} at index {where}. "
            "Check the computation that produced it (a learning rate too large makes values overflow)."
        )
    return array


def as_strings(values: object, name: str, count: int, per: str) -> list[str]:
    """Return one string per item (a list or tuple, or a tensor of numbers), checking there are ``count`` of them.

    Example:
        >>> as_strings(torch.tensor([3, 1]), "titles", 2, per="image")
        ['3', '1']
    """
    if isinstance(values, torch.Tensor | np.ndarray):
        values = as_cpu_tensor(values, name).reshape(-1).tolist()
    if not isinstance(values, Sequence) or isinstance(values, str):
        raise TypeError(f"{name} must be a list with one string per {per}, got {received(values)}.")
    if len(values) != count:
        plural = per + ("es" if per.endswith("s") else "s")
        raise ValueError(f"got {len(values)} {name} for {count} {plural}: pass exactly one per {per}.")
    return [str(value) for value in values]


def as_mapping(value: object, name: str, example: str) -> Mapping[Any, Any]:
    """Check that ``value`` is a non-empty mapping (a dict), such as ``example``.

    Example:
        >>> as_mapping({}, "curves", example='{"run": losses}')
        Traceback (most recent call last):
        ...
        ValueError: curves is empty: it needs at least one entry, such as {"run": losses}.
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict such as {example}, got {received(value)}.")
    if not value:
        raise ValueError(f"{name} is empty: it needs at least one entry, such as {example}.")
    return value
