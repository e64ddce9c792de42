"""The checkable exercises of the lessons: one module per lesson, ``lesson_01`` to ``lesson_06``.

Each module defines its lesson's checkable exercises as :class:`~helpers.exercises.Exercise` objects
named after the exercise's number, and the lesson imports them:

    >>> from helpers.checks.lesson_01 import exercise_1
    >>> exercise_1.check(..., ..., ...)
    Exercise 1: not answered yet. Replace the ... with your answer, then run the cell again.
    False

This module holds what the lesson modules share: :class:`FunctionExercise` for answers that are
functions, and small converters that turn a learner's answer into a number or a tensor, or raise
:class:`~helpers.exercises.Mistake` with a message that says what was received instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from helpers.exercises import Exercise, Mistake, Verdict

__all__ = [
    "Exercise",
    "FunctionExercise",
    "Mistake",
    "call",
    "describe",
    "first_match",
    "is_placeholder",
    "matches",
    "to_number",
    "to_tensor",
]


def _empty_function(*args: Any) -> None: ...


def is_placeholder(answer: Any) -> bool:
    """Whether ``answer`` is a function whose body is only ``...`` (or ``pass``): a template not yet filled in.

    Any function that does nothing at all and returns None counts, since it cannot be an answer either.

    Example:
        >>> def step(parameters, lr):
        ...     ...  # your code
        >>> is_placeholder(step), is_placeholder(len), is_placeholder(lambda value: 2 * value)
        (True, False, False)
    """
    code = getattr(answer, "__code__", None)
    empty = _empty_function.__code__
    return code is not None and code.co_code == empty.co_code and code.co_consts == empty.co_consts


class FunctionExercise(Exercise):
    """An exercise whose answer is one or more functions.

    The learner's cell defines the functions with ``...`` as their body; such a function counts as
    not answered yet, exactly like an answer left as ``...``.

    Example:
        >>> def check_double(double):
        ...     if double(3) != 6:
        ...         raise Mistake("double(3) should be 6.")
        >>> exercise = FunctionExercise("Exercise 9", check_double, hint="Multiply.")
        >>> def double(value):
        ...     ...
        >>> exercise.check(double)
        Exercise 9: not answered yet. Replace the ... with your answer, then run the cell again.
        False
        >>> exercise.check(lambda value: 2 * value)
        Exercise 9: correct!
        True
    """

    def check(self, *answer: Any) -> Verdict:
        """Check the answer, as :meth:`Exercise.check` does, with empty functions counted as ``...``."""
        return super().check(*(Ellipsis if is_placeholder(part) else part for part in answer))


def describe(value: Any) -> str:
    """Describe a learner's answer in a few words, for messages: its kind and shape, never a long list of numbers.

    Example:
        >>> describe(torch.zeros(3, 1, dtype=torch.int64)), describe([1, 2]), describe(0.5)
        ('a tensor of shape (3, 1) and dtype int64', 'a Python list of 2 items', 'the number 0.5')
    """
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)} and dtype {str(value.dtype).removeprefix('torch.')}"
    if isinstance(value, bool):
        return f"the bool {value}"
    if isinstance(value, int | float):
        return f"the number {value:.6g}"
    if isinstance(value, list | tuple):
        return f"a Python {type(value).__name__} of {len(value)} items"
    if value is None:
        return "None"
    if callable(value):
        return f"the function {getattr(value, '__name__', '?')}"
    return f"a value of type {type(value).__name__}"


def to_number(value: Any, name: str) -> float:
    """Turn an answer that should be one number (a Python number, or a tensor or array with one element) into a float.

    Raises:
        Mistake: the answer is not a single number; the message names ``name`` and what it is.

    Example:
        >>> to_number(torch.tensor([2.5]), "slope")
        2.5
        >>> to_number([1.0, 2.0], "slope")
        Traceback (most recent call last):
        ...
        helpers.exercises.Mistake: your slope should be one number, but it is a Python list of 2 items.
    """
    if value is None:
        raise Mistake(f"your {name} is None, not a number.")
    if isinstance(value, bool | str):
        raise Mistake(f"your {name} should be a number, but it is {describe(value)}.")
    if isinstance(value, int | float | np.generic):
        number = float(value)
    elif isinstance(value, torch.Tensor | np.ndarray):
        if (value.numel() if isinstance(value, torch.Tensor) else value.size) != 1:
            raise Mistake(f"your {name} should be one number, but it is {describe(value)}.")
        number = float(value.item())
    else:
        raise Mistake(f"your {name} should be one number, but it is {describe(value)}.")
    if not math.isfinite(number):
        raise Mistake(f"your {name} is {number}: a finite number was expected. Did something diverge?")
    return number


def to_tensor(value: Any, name: str, shape: tuple[int, ...]) -> torch.Tensor:
    """Turn an answer that should be numbers of a given shape (a tensor or nested lists) into a float64 tensor.

    Raises:
        Mistake: the answer is not numbers, or not of that shape.

    Example:
        >>> to_tensor([1, 2, 3], "gradient", (3,))
        tensor([1., 2., 3.], dtype=torch.float64)
        >>> to_tensor([[1.0], [2.0]], "grad", (2,))
        Traceback (most recent call last):
        ...
        helpers.exercises.Mistake: your grad should have shape (2,), but it is a Python list of 2 items.
    """
    if value is None:
        raise Mistake(f"your {name} is None: a tensor of shape {shape} was expected.")
    if isinstance(value, torch.Tensor):
        tensor = value.detach()
    else:
        try:
            tensor = torch.as_tensor(value)
        except (TypeError, ValueError, RuntimeError):
            raise Mistake(f"your {name} should be a tensor of shape {shape}, but it is {describe(value)}.") from None
    if tensor.dtype == torch.bool or tensor.dtype.is_complex:
        raise Mistake(f"your {name} should hold real numbers, but it is {describe(value)}.")
    if tuple(tensor.shape) != shape:
        raise Mistake(f"your {name} should have shape {shape}, but it is {describe(value)}.")
    return tensor.to("cpu", torch.float64)


def matches(answer: torch.Tensor, expected: torch.Tensor, tolerance: float = 1e-4) -> bool:
    """Whether two tensors of the same shape agree within a relative and absolute ``tolerance``.

    Example:
        >>> matches(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.00001]))
        True
    """
    for name, value in (("answer", answer), ("expected", expected)):
        if not isinstance(value, torch.Tensor):
            raise TypeError(
                f"matches compares two tensors, but {name} is a {type(value).__name__}: "
                "convert it with torch.tensor(...)."
            )
    return answer.shape == expected.shape and torch.allclose(
        answer.double(), expected.double(), rtol=tolerance, atol=tolerance
    )


def first_match(answer: torch.Tensor, candidates: dict[str, torch.Tensor], tolerance: float = 1e-4) -> str | None:
    """Return the key of the first candidate that ``answer`` matches, or None.

    Example:
        >>> first_match(torch.ones(2), {"zeros": torch.zeros(2), "ones": torch.ones(2)})
        'ones'
    """
    if not isinstance(candidates, dict):
        raise TypeError(f"first_match takes a dict of name -> tensor as candidates, got {type(candidates).__name__}.")
    return next((key for key, candidate in candidates.items() if matches(answer, candidate, tolerance)), None)


def call(function: Callable[..., Any], *arguments: Any) -> Any:
    """Call a learner's function; any error it raises becomes a :class:`Mistake` that names it."""
    try:
        return function(*arguments)
    except Exception as error:
        name = getattr(function, "__name__", "your function")
        raise Mistake(f"calling {name} raised {type(error).__name__}: {error}") from None
