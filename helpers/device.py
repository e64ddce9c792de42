"""Choose the device a lesson runs on, and move tensors and models there.

The course prefers CUDA, then Apple's MPS, then the CPU. Set the environment
variable ``COURSE_DEVICE`` to ``cpu``, ``cuda`` or ``mps`` to override the choice.

Example:
    >>> import torch
    >>> from helpers.device import get_device, to_device
    >>> device = get_device("cpu")
    >>> to_device({"x": torch.zeros(2)}, device)["x"].device.type
    'cpu'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TypeVar

import torch

DEVICE_ENV_VAR = "COURSE_DEVICE"
KNOWN_DEVICES = ("cuda", "mps", "cpu")

T = TypeVar("T")


class DeviceUnavailableError(RuntimeError):
    """Raised when the requested device does not exist or is not available here."""


def _is_available(kind: str) -> bool:
    if kind == "cuda":
        return torch.cuda.is_available()
    if kind == "mps":
        return torch.backends.mps.is_available()
    return True


def _parse(device: object, source: str) -> torch.device:
    """Turn a name such as ``"cuda"`` or ``" CPU"`` or a ``torch.device`` into a ``torch.device``."""
    if isinstance(device, torch.device):
        return device
    if not isinstance(device, str):
        is_index = isinstance(device, int) and not isinstance(device, bool)
        hint = " For the first GPU, pass 'cuda' (or 'cuda:0')." if is_index else ""
        raise TypeError(
            f"A device must be a name such as 'cuda' or 'cpu', or a torch.device, got {device!r} "
            f"({type(device).__name__}) from the {source}.{hint}"
        )
    try:
        return torch.device(device.strip().lower())
    except RuntimeError:
        hint = " For an NVIDIA GPU use 'cuda'; for an Apple GPU, 'mps'." if device.strip().lower() == "gpu" else ""
        raise DeviceUnavailableError(
            f"Unknown device {device!r} (from the {source}). Use one of: {', '.join(KNOWN_DEVICES)}.{hint}"
        ) from None


def _check_available(device: torch.device, source: str) -> None:
    if not _is_available(device.type):
        fix = (
            f"Unset {DEVICE_ENV_VAR} to pick automatically, or set {DEVICE_ENV_VAR}=cpu."
            if source != "argument"
            else "Call get_device() without an argument to pick the best available device, or use 'cpu'."
        )
        raise DeviceUnavailableError(
            f"Device {str(device)!r} was requested (from the {source}) but is not available on this machine. {fix}"
        )
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise DeviceUnavailableError(
            f"Device {str(device)!r} was requested (from the {source}) but this machine has "
            f"{torch.cuda.device_count()} CUDA device(s), numbered from 0. Use 'cuda' for the first one."
        )


def as_device(device: torch.device | str) -> torch.device:
    """Return ``device`` as a ``torch.device``, checking that torch knows it and that it is available here.

    Raises:
        TypeError: ``device`` is neither a name nor a ``torch.device`` (an int, say).
        DeviceUnavailableError: the name is unknown, or the device is not available on this machine.

    Example:
        >>> as_device(" CPU")
        device(type='cpu')
    """
    parsed = _parse(device, "argument")
    if parsed.type not in (*KNOWN_DEVICES, "meta"):  # meta: shapes without data, to try code out
        raise DeviceUnavailableError(f"Unknown device {str(parsed)!r}. Use one of: {', '.join(KNOWN_DEVICES)}.")
    _check_available(parsed, "argument")
    return parsed


def get_device(preferred: torch.device | str | None = None) -> torch.device:
    """Return the device to compute on.

    Args:
        preferred: ``"cuda"``, ``"mps"`` or ``"cpu"`` (or such a ``torch.device``, ``"cuda:1"`` too).
            If omitted, the ``COURSE_DEVICE`` environment variable is used, and if that is unset
            the first available of CUDA, MPS and CPU.

    Raises:
        TypeError: ``preferred`` is neither a name nor a ``torch.device``.
        DeviceUnavailableError: the requested device is unknown or not available.

    Example:
        >>> get_device("cpu")
        device(type='cpu')
        >>> get_device(torch.device("cpu"))
        device(type='cpu')
    """
    source = "argument"
    if preferred is None:
        preferred = os.environ.get(DEVICE_ENV_VAR) or None
        source = f"environment variable {DEVICE_ENV_VAR}"
    if preferred is None:
        return torch.device(next(kind for kind in KNOWN_DEVICES if _is_available(kind)))

    device = _parse(preferred, source)
    if device.type not in KNOWN_DEVICES:
        raise DeviceUnavailableError(
            f"Unknown device {str(device)!r} (from the {source}). Use one of: {', '.join(KNOWN_DEVICES)}."
        )
    _check_available(device, source)
    return device


def _move(obj: T, device: torch.device) -> T:
    if isinstance(obj, torch.Tensor | torch.nn.Module):
        return obj.to(device)  # type: ignore[return-value]
    if isinstance(obj, Mapping):
        return type(obj)({key: _move(value, device) for key, value in obj.items()})  # type: ignore[call-arg]
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a namedtuple
        return type(obj)(*(_move(value, device) for value in obj))
    if isinstance(obj, list | tuple):
        return type(obj)(_move(value, device) for value in obj)  # type: ignore[call-arg]
    return obj


def to_device(obj: T, device: torch.device | str) -> T:
    """Move a tensor, a module, or nested lists, tuples and dicts of tensors to ``device``.

    Anything else (numbers, strings, ``None``) is returned unchanged.

    Raises:
        TypeError: ``device`` is neither a name nor a ``torch.device``.
        DeviceUnavailableError: ``device`` is unknown or not available here (see :func:`as_device`).

    Example:
        >>> batch = (torch.ones(2), [torch.zeros(1)], {"y": torch.tensor(3)})
        >>> moved = to_device(batch, torch.device("cpu"))
        >>> type(moved[1]), moved[2]["y"].item()
        (<class 'list'>, 3)
    """
    return _move(obj, as_device(device))


def describe_device(device: torch.device | str | None = None) -> str:
    """One line saying which device a notebook computes on, and with which torch.

    Raises:
        TypeError, DeviceUnavailableError: as :func:`as_device`, for a bad ``device``.

    Example:
        >>> describe_device("cpu").startswith("Device: cpu")
        True
    """
    device = as_device(device) if device is not None else get_device()
    if device.type == "cuda":
        detail = torch.cuda.get_device_name(device)
    elif device.type == "mps":
        detail = "Apple Metal (MPS)"
    else:
        threads = torch.get_num_threads()
        detail = f"{threads} thread{'' if threads == 1 else 's'}"
    return f"Device: {device.type} ({detail}), torch {torch.__version__}"
