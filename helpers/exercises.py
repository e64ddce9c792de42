"""Exercises that check themselves: write an answer, run ``.check(...)``, ask for ``.hint()``.

Each checkable exercise of a lesson is an :class:`Exercise`. Its check function receives the
learner's answer and raises :class:`Mistake` with a specific message for each common mistake; the
exercise turns that into a friendly line instead of a traceback, so "Run All" on a lesson nobody
has attempted yet runs without errors and gives nothing away.

Example:
    >>> def check_double(value):
    ...     if value == 3:
    ...         raise Mistake("that is the input itself: multiply it by 2.")
    ...     if value != 6:
    ...         raise Mistake(f"expected twice 3, got {value!r}.")
    >>> double = Exercise("Exercise 1", check_double, hint="Use *.")
    >>> double.check(...)
    Exercise 1: not answered yet. Replace the ... with your answer, then run the cell again.
    False
    >>> double.check(3)
    Exercise 1: not yet. That is the input itself: multiply it by 2.
    False
    >>> double.check(6)
    Exercise 1: correct!
    True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Mistake(Exception):  # noqa: N818 (a learner's mistake, not an error of the program)
    """Raised by a check function: the answer is wrong, and the message says how."""


class Exercise:
    """One exercise: a check with specific messages, and a hint."""

    def __init__(self, name: str, check: Callable[..., None], hint: str) -> None:
        self.name = name
        self._check = check
        self._hint = hint

    def check(self, *answer: Any) -> bool:
        """Check the answer: print one line that says whether it is right, and return whether it is.

        An answer left as ``...`` counts as not attempted. A check never raises, so a lesson run
        from top to bottom before the exercises are done still runs to the end.
        """
        if not answer or any(part is Ellipsis for part in answer):
            print(f"{self.name}: not answered yet. Replace the ... with your answer, then run the cell again.")
            return False
        try:
            self._check(*answer)
        except Mistake as mistake:
            message = str(mistake)
            print(f"{self.name}: not yet. {message[:1].upper()}{message[1:]}")
            return False
        except Exception as error:  # the answer broke the check itself: report it, never a traceback
            print(f"{self.name}: not yet. Checking your answer failed with {type(error).__name__}: {error}")
            return False
        print(f"{self.name}: correct!")
        return True

    def hint(self) -> None:
        """Print a hint that points the way without giving the answer."""
        print(f"{self.name}, hint: {self._hint}")

    def solution(self) -> None:
        """Say where the solution is: the lesson's collapsed cell, so that it exists in one place only."""
        print(
            f"{self.name}: the solution is the collapsed cell just below your answer cell. In JupyterLab, "
            "click the bar to the left of it to expand it; on the website, click 'Click to show'. "
            "Try .hint() first!"
        )

    def __repr__(self) -> str:
        return f"<{self.name}: call .check(your answer), .hint() or .solution()>"
