"""Helpers for the "PyTorch from Zero to One" notebooks.

Import what a lesson needs from here:

    >>> from helpers import get_device, seed_everything, use_course_style
    >>> seed_everything(0)
"""

from helpers.device import DeviceUnavailableError, describe_device, get_device, to_device
from helpers.paths import data_dir
from helpers.seeding import seed_everything
from helpers.style import COLORS, new_figure, use_course_style

__all__ = [
    "COLORS",
    "DeviceUnavailableError",
    "data_dir",
    "describe_device",
    "get_device",
    "new_figure",
    "seed_everything",
    "to_device",
    "use_course_style",
]
