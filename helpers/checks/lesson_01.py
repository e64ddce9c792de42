"""Checks for the exercises of lesson 01 (tensors): rows and columns, distances, dtype predictions.

Example:
    >>> import torch
    >>> m = torch.arange(12).reshape(3, 4)
    >>> exercise_1.check(m, m[:, 1], m[-1])
    Exercise 1: correct!
    True
    >>> exercise_1.check(m, m[:, 1], m[-1:])  # doctest: +ELLIPSIS
    Exercise 1: not yet. Your last_row has shape (1, 4): the slice -1: keeps the row dimension. ...
    False
"""

from __future__ import annotations

from typing import Any

import torch

from helpers.checks import Exercise, Mistake, describe, first_match, matches, to_number, to_tensor

__all__ = ["exercise_1", "exercise_3", "exercise_5"]


# Exercise 1: rows and columns --------------------------------------------------------------------

_GRID = torch.arange(12).reshape(3, 4)


def _as_tensor_from_m(value: Any, name: str) -> torch.Tensor:
    """Return the answer as a tensor; a list is a mistake here, since the exercise is about indexing a tensor."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, list | tuple):
        raise Mistake(
            f"your {name} is a Python {type(value).__name__}. Index the tensor m instead: that gives a tensor."
        )
    raise Mistake(f"your {name} should be a tensor, but it is {describe(value)}.")


def _same(answer: torch.Tensor, expected: torch.Tensor) -> bool:
    """Tell whether two tensors have the same shape and values, whatever the dtype (torch.arange(12.0) is fine too)."""
    return tuple(answer.shape) == tuple(expected.shape) and answer.tolist() == expected.tolist()


def _check_rows_and_columns(m: Any, second_column: Any, last_row: Any) -> None:
    if isinstance(m, list | tuple):
        raise Mistake("your m is a Python list. Build a tensor without typing the numbers: torch.arange, then reshape.")
    if not isinstance(m, torch.Tensor):
        raise Mistake(f"your m should be a tensor, but it is {describe(m)}.")
    m = m.detach().cpu()
    if m.dtype == torch.bool or m.dtype.is_complex:
        raise Mistake(f"your m should hold the numbers 0 to 11, but it is {describe(m)}.")
    if tuple(m.shape) == (12,):
        raise Mistake("your m has shape (12,): reshape it into 3 rows of 4 numbers.")
    if tuple(m.shape) == (4, 3):
        raise Mistake("your m has shape (4, 3): 4 rows of 3 numbers. The exercise's tensor has 3 rows of 4 numbers.")
    if tuple(m.shape) != (3, 4):
        raise Mistake(f"your m should have shape (3, 4), 3 rows of 4 numbers, but it is {describe(m)}.")
    if _same(m, _GRID + 1):
        raise Mistake("your m counts from 1 to 12. torch.arange(n) counts from 0 and stops before n.")
    if _same(m, torch.arange(12).reshape(4, 3).T):
        raise Mistake("your m is filled column by column. reshape fills row by row: reshape to (3, 4) directly.")
    if not _same(m, _GRID):
        raise Mistake("your m has shape (3, 4) but not the numbers 0 to 11 in order, row by row.")

    column = _as_tensor_from_m(second_column, "second_column")
    column_mistakes = {
        "is the second row of m: for a column, the row index comes first (`:` for all rows).": _GRID[1],
        "is the first column of m. Indices count from 0, so the second column has index 1.": _GRID[:, 0],
        "is the third column of m. Indices count from 0, so the second column has index 1.": _GRID[:, 2],
        "has shape (3, 1): a slice such as 1:2 keeps the dimension. An integer index removes it, "
        "which gives shape (3,).": _GRID[:, 1:2],
        "has shape (1, 4) and is a row. For a column, the row index comes first (`:` for all rows).": _GRID[1:2],
    }
    for message, wrong in column_mistakes.items():
        if _same(column, wrong):
            raise Mistake(f"your second_column {message}")
    if not _same(column, _GRID[:, 1]):
        raise Mistake(f"your second_column should be the column of m at index 1, shape (3,); got {describe(column)}.")

    row = _as_tensor_from_m(last_row, "last_row")
    row_mistakes = {
        "has shape (1, 4): the slice -1: keeps the row dimension. An integer index removes it, "
        "which gives shape (4,).": _GRID[-1:],
        "is the last column of m: for a row, the row index comes first.": _GRID[:, -1],
        "is the first row of m. Negative indices count from the end: -1 is the last.": _GRID[0],
        "is the second row of m. The last of 3 rows has index 2, or -1 counting from the end.": _GRID[1],
    }
    for message, wrong in row_mistakes.items():
        if _same(row, wrong):
            raise Mistake(f"your last_row {message}")
    if not _same(row, _GRID[-1]):
        raise Mistake(f"your last_row should be the last row of m, a tensor of shape (4,); got {describe(row)}.")


exercise_1 = Exercise(
    "Exercise 1",
    _check_rows_and_columns,
    hint="torch.arange(12) gives the numbers 0 to 11, and .reshape(rows, columns) arranges them. "
    "Index with one entry per dimension, rows first: `:` means all rows, and -1 counts from the end.",
)


# Exercise 3: distances by broadcasting -----------------------------------------------------------

POINTS = torch.tensor([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [-1.0, 1.0]], dtype=torch.float64)
CENTRES = torch.tensor([[0.0, 0.0], [2.0, 2.0], [-1.0, 0.0]], dtype=torch.float64)
_DIFFERENCES = POINTS.unsqueeze(1) - CENTRES.unsqueeze(0)  # (5, 3, 2)
_SQUARED_DISTANCES = (_DIFFERENCES**2).sum(dim=2)


def _check_squared_distances(squared_distances: Any) -> None:
    if isinstance(squared_distances, list | tuple):
        raise Mistake(
            "your squared_distances is a Python list. Compute it as a tensor, with broadcasting instead of a loop."
        )
    if not isinstance(squared_distances, torch.Tensor):
        raise Mistake(f"your squared_distances should be a tensor of shape (5, 3); got {describe(squared_distances)}.")
    shape = tuple(squared_distances.shape)
    if shape == (5, 3, 2):
        raise Mistake(
            "your squared_distances has shape (5, 3, 2): one value per coordinate. Sum the squared differences over "
            "the last dimension, the coordinates."
        )
    if shape == (5, 2):
        raise Mistake(
            "your squared_distances has shape (5, 2): the sum ran over the centres. Sum over the last dimension, "
            "the coordinates."
        )
    if shape == (3, 5):
        raise Mistake(
            "your squared_distances has shape (3, 5): one row per centre. The exercise wants one row per point and "
            "one column per centre: shape (5, 3)."
        )
    answer = to_tensor(squared_distances, "squared_distances", (5, 3))
    if matches(answer, _SQUARED_DISTANCES):
        return
    mistakes = {
        "these are the distances themselves, as torch.cdist gives them: square them.": _SQUARED_DISTANCES.sqrt(),
        "the differences were summed before squaring: square each coordinate's difference, then sum.": (
            _DIFFERENCES.sum(dim=2) ** 2
        ),
        "the differences were summed without squaring them.": _DIFFERENCES.sum(dim=2),
        "this is the mean over the two coordinates, half the sum: use sum.": (_DIFFERENCES**2).mean(dim=2),
        "these are sums of absolute differences: square the differences instead.": _DIFFERENCES.abs().sum(dim=2),
    }
    mistake = first_match(answer, mistakes)
    if mistake is not None:
        raise Mistake(f"your squared_distances has the right shape, but {mistake}")
    worst = (answer - _SQUARED_DISTANCES).abs().argmax().item()
    raise Mistake(
        f"your squared_distances has the right shape (5, 3), but not the right values: the entry for point "
        f"{worst // 3} and centre {worst % 3}, for one, is off. Compare it with torch.cdist(points, centres) ** 2."
    )


exercise_3 = Exercise(
    "Exercise 3",
    _check_squared_distances,
    hint="Give points a dimension of size 1 for the centres, points.unsqueeze(1) with shape (5, 1, 2), and centres "
    "one for the points, shape (1, 3, 2). Their difference broadcasts to (5, 3, 2); square it and sum over "
    "the coordinates.",
)


# Exercise 5: predict the dtype -------------------------------------------------------------------

_EXPECTED_DTYPES = [torch.float32, torch.int64, torch.float16, torch.float64, torch.int64, torch.float16, torch.uint8]
_EXPECTED_VALUE_7 = 4
_FLOATING = (torch.float16, torch.bfloat16, torch.float32, torch.float64)
_INTEGER = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)

# For each sum, a specific message for each wrong dtype that a common misreading of the rule gives,
# then one for any other wrong dtype. They explain the rule and never name the right dtype.
_DTYPE_MISTAKES: list[dict[Any, str]] = [
    {
        _INTEGER: "0.5 is a float, and step 1 comes first: the category with the highest rank decides, "
        "whatever the sizes.",
        torch.float64: "a Python float does not count as float64. Which dtype does it count as?",
    },
    {
        _FLOATING: "both operands are integers, so the result stays an integer.",
        torch.int32: "both operands are vectors of integers, so step 2 takes the smallest dtype that holds both.",
    },
    {
        (torch.float32, torch.float64): "a Python number never changes the dtype of a tensor of its category, and "
        "2.5 is floating point like the vector.",
        _INTEGER: "both operands are floating point, so the result is floating point too.",
    },
    {
        _INTEGER: "step 1 comes first: a floating-point operand makes the result floating point, whatever the sizes.",
        _FLOATING: "in step 2 only the operands of the highest category count. Which operand is floating point here?",
    },
    {
        torch.bool: "1 is an integer, and integer outranks bool in step 1.",
        _INTEGER: "the bool vector is in a lower category, so in step 2 only the Python int counts. "
        "Which dtype does a Python int count as?",
        _FLOATING: "neither operand is floating point.",
    },
    {
        _INTEGER: "step 1 comes first: a floating-point operand makes the result floating point.",
        _FLOATING: "in step 2 only the floating-point operands count: the int64 vector's size plays no part.",
    },
    {
        _INTEGER: "a Python number never changes the dtype of a tensor of its category.",
        _FLOATING: "10 is an integer, like the vector's elements: the category stays integer.",
    },
]


def _as_dtype(value: Any, name: str) -> torch.dtype:
    """Accept a torch dtype, or its name as a string ("float32" or "torch.float32")."""
    if isinstance(value, torch.dtype):
        return value
    if isinstance(value, str):
        dtype = getattr(torch, value.strip().removeprefix("torch."), None)
        if isinstance(dtype, torch.dtype):
            return dtype
        raise Mistake(f"your {name} is the string {value!r}, which is not the name of a torch dtype.")
    if isinstance(value, type) and value in (int, float, bool):
        raise Mistake(f"your {name} is Python's {value.__name__} type. Write a torch dtype, such as torch.int32.")
    raise Mistake(f"your {name} should be a torch dtype, such as torch.int32, but it is {describe(value)}.")


def _dtype_message(number: int, dtype: torch.dtype) -> str:
    for wrong, message in _DTYPE_MISTAKES[number - 1].items():
        if dtype == wrong or (isinstance(wrong, tuple) and dtype in wrong):
            return f"sum {number}: {message}"
    return f"sum {number}: not {dtype}. Apply step 1 (the category), then step 2 (which operands count)."


def _check_dtype_predictions(*answer: Any) -> None:
    if len(answer) != 8:
        raise Mistake(f"pass 8 answers, the 7 dtypes and the value of sum 7; got {len(answer)}.")
    *predicted, value_7 = answer
    dtypes = [_as_dtype(value, f"dtype_{number}") for number, value in enumerate(predicted, start=1)]
    wrong = [
        _dtype_message(number, dtype)
        for number, (dtype, expected) in enumerate(zip(dtypes, _EXPECTED_DTYPES, strict=True), start=1)
        if dtype != expected
    ]
    value = to_number(value_7, "value_7")
    if value != _EXPECTED_VALUE_7:
        if value == 260:
            wrong.append("value_7: uint8 holds only the whole numbers 0 to 255, so 260 cannot be stored. What happens?")
        elif value == 255:
            wrong.append("value_7: uint8 arithmetic does not stop at 255: it wraps around, without any warning.")
        else:
            wrong.append("value_7: not what PyTorch gives. Work out the sum's dtype first: which numbers can it hold?")
    if wrong:
        right = 8 - len(wrong)
        verb = "is" if right == 1 else "are"
        raise Mistake(f"{right} of your 8 answers {verb} right. Have another look at:\n- " + "\n- ".join(wrong))


exercise_5 = Exercise(
    "Exercise 5",
    _check_dtype_predictions,
    hint="Step 1: find the highest category among the operands (bool < integer < floating point). Step 2: take "
    "the smallest dtype that holds the tensors of that category. A Python number counts only when no tensor is in "
    "its category: a Python float then counts as float32, a Python int as int64.",
)
