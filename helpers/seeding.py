"""Seed every random number generator a lesson uses, with one call.

Example:
    >>> import torch
    >>> from helpers.seeding import seed_everything
    >>> seed_everything(0)
    >>> a = torch.rand(2)
    >>> seed_everything(0)
    >>> bool(torch.equal(a, torch.rand(2)))
    True
"""

from __future__ import annotations

import random

import numpy as np
import torch

from helpers.validation import as_int

#: torch accepts seeds up to 2**64 - 1.
MAX_SEED = 2**64 - 1


def seed_everything(seed: int = 0) -> None:
    """Seed Python's ``random``, NumPy and torch (CPU, and every CUDA device if present).

    Args:
        seed: a non-negative integer (a NumPy integer or a 0-dim integer tensor is fine too).

    Raises:
        TypeError: ``seed`` is not an integer (a float, a string, ``None``, ``True``...).
        ValueError: ``seed`` is negative or larger than 2**64 - 1.

    Example:
        >>> seed_everything(np.int64(7))
    """
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
