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


def get_device(preferred: str | None = None) -> torch.device:
    """Return the device to compute on.

    Args:
        preferred: ``"cuda"``, ``"mps"`` or ``"cpu"``. If omitted, the
            ``COURSE_DEVICE`` environment variable is used, and if that is unset
            the first available of CUDA, MPS and CPU.

    Raises:
        DeviceUnavailableError: the requested device is unknown or not available.

    Example:
        >>> get_device("cpu")
        device(type='cpu')
    """
    source = "argument"
    if preferred is None:
        preferred = os.environ.get(DEVICE_ENV_VAR) or None
        source = f"environment variable {DEVICE_ENV_VAR}"
    if preferred is None:
        return torch.device(next(kind for kind in KNOWN_DEVICES if _is_available(kind)))

    kind = preferred.strip().lower()
    if kind not in KNOWN_DEVICES:
        raise DeviceUnavailableError(
            f"Unknown device {preferred!r} (from the {source}). Use one of: {', '.join(KNOWN_DEVICES)}."
        )
    if not _is_available(kind):
        raise DeviceUnavailableError(
            f"Device {kind!r} was requested (from the {source}) but is not available "
            f"on this machine. Unset {DEVICE_ENV_VAR} to pick automatically, "
            f"or set {DEVICE_ENV_VAR}=cpu."
        )
    return torch.device(kind)


def to_device(obj: T, device: torch.device | str) -> T:
    """Move a tensor, a module, or nested lists, tuples and dicts of tensors to ``device``.

    Anything else (numbers, strings, ``None``) is returned unchanged.

    Example:
        >>> batch = (torch.ones(2), [torch.zeros(1)], {"y": torch.tensor(3)})
        >>> moved = to_device(batch, "cpu")
        >>> type(moved[1]), moved[2]["y"].item()
        (<class 'list'>, 3)
    """
    if isinstance(obj, torch.Tensor | torch.nn.Module):
        return obj.to(device)  # type: ignore[return-value]
    if isinstance(obj, Mapping):
        return type(obj)({key: to_device(value, device) for key, value in obj.items()})  # type: ignore[call-arg]
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a namedtuple
        return type(obj)(*(to_device(value, device) for value in obj))
    if isinstance(obj, list | tuple):
        return type(obj)(to_device(value, device) for value in obj)  # type: ignore[call-arg]
    return obj


def describe_device(device: torch.device | str | None = None) -> str:
    """One line saying which device a notebook computes on, and with which torch.

    Example:
        >>> describe_device("cpu").startswith("Device: cpu")
        True
    """
    device = torch.device(device) if device is not None else get_device()
    if device.type == "cuda":
        detail = torch.cuda.get_device_name(device)
    elif device.type == "mps":
        detail = "Apple Metal (MPS)"
    else:
        detail = f"{torch.get_num_threads()} threads"
    return f"Device: {device.type} ({detail}), torch {torch.__version__}"
