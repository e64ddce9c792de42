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

import os
import re
from collections.abc import Callable
from typing import Any


class Verdict:
    """The result of a check: true when the answer is right. Jupyter shows nothing for it (the check printed)."""

    def __init__(self, correct: bool) -> None:
        self.correct = bool(correct)

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return repr(self.correct)

    def _ipython_display_(self) -> None:
        """Display nothing in Jupyter: the check has already printed its one line."""


class Mistake(Exception):  # noqa: N818 (a learner's mistake, not an error of the program)
    """Raised by a check function: the answer is wrong, and the message says how."""


class Exercise:
    """One exercise: a check with specific messages, and a hint."""

    def __init__(self, name: str, check: Callable[..., None], hint: str) -> None:
        if not callable(check):
            raise TypeError(f"check must be a function that raises Mistake, got {type(check).__name__}.")
        self.name = name
        self._check = check
        self._hint = hint

    def check(self, *answer: Any) -> Verdict:
        """Check the answer: print one line that says whether it is right, and return whether it is.

        An answer left as ``...`` counts as not attempted. A check never raises, so a lesson run
        from top to bottom before the exercises are done still runs to the end.
        """
        if not answer or any(part is Ellipsis for part in answer):
            print(f"{self.name}: not answered yet. Replace the ... with your answer, then run the cell again.")
            return Verdict(False)
        try:
            self._check(*answer)
        except Mistake as mistake:
            message = str(mistake)
            print(f"{self.name}: not yet. {message[:1].upper()}{message[1:]}")
            return Verdict(False)
        except Exception as error:  # the answer broke the check itself: report it, never a traceback
            print(f"{self.name}: not yet. Checking your answer failed with {type(error).__name__}: {error}")
            return Verdict(False)
        print(f"{self.name}: correct!")
        return Verdict(True)

    def hint(self) -> None:
        """Print a hint that points the way without giving the answer."""
        print(f"{self.name}, hint: {self._hint}")

    def solution(self) -> None:
        """Say where the solution is: the lesson's collapsed cell, so that it exists in one place only."""
        print(
            f"{self.name}: the solution is the collapsed cell just below your answer cell. In JupyterLab, "
            "click the bar to the left of it to expand it; on the website, click 'Show code cell content' "
            "(显示隐藏的代码单元格). "
            "Try .hint() first!"
        )

    def __repr__(self) -> str:
        return f"<{self.name}: call .check(your answer), .hint() or .solution()>"


#: Set to 1 (as `make execute` and the tests do) to show solution outputs as usual.
SHOW_SOLUTIONS_ENV_VAR = "COURSE_SHOW_SOLUTIONS"
#: The first line of every solution cell, which is how the kernel recognizes one.
SOLUTION_MARKER = re.compile(r"^# Solution to exercise (\d+)")
_hidden_outputs: dict[int, Any] = {}


def hide_solution_outputs() -> bool:
    """Keep the output of solution cells hidden when a lesson runs in Jupyter, so "Run All" gives nothing away.

    A solution cell is one whose first line reads ``# Solution to exercise N``. Its code still runs
    (later cells may need what it computes), but what it prints or shows is kept aside, and
    :func:`show_solution_output` shows it on request. ``make execute`` and the tests set
    ``COURSE_SHOW_SOLUTIONS=1``, so the stored notebooks and the website show every solution's output.

    Returns:
        Whether solution outputs are now hidden (never outside a Jupyter kernel).

    Example:
        >>> hide_solution_outputs()  # plain Python: nothing to hide
        False
    """
    try:
        from IPython import get_ipython
        from IPython.core.displayhook import CapturingDisplayHook
        from IPython.utils.capture import capture_output
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or os.environ.get(SHOW_SOLUTIONS_ENV_VAR) == "1":
        return False
    if getattr(shell, "_course_hides_solutions", False):
        return True
    running: dict[str, Any] = {}

    def before_cell(info: Any) -> None:
        match = SOLUTION_MARKER.match(info.raw_cell or "")
        if match:
            running["number"] = int(match.group(1))
            running["capture"] = capture_output()
            running["outputs"] = running["capture"].__enter__()
            # The value of a cell's last line goes through the shell's display trap, not sys.displayhook.
            running["hook"] = shell.display_trap.hook
            shell.display_trap.hook = CapturingDisplayHook(shell=shell, outputs=running["outputs"]._outputs)

    def after_cell(result: Any) -> None:
        capture = running.pop("capture", None)
        if capture is None:
            return
        capture.__exit__(None, None, None)
        shell.display_trap.hook = running.pop("hook")
        number = running.pop("number")
        _hidden_outputs[number] = running.pop("outputs")
        print(hidden_note(number))

    shell.events.register("pre_run_cell", before_cell)
    shell.events.register("post_run_cell", after_cell)
    shell._course_hides_solutions = True
    return True


def hidden_note(number: int) -> str:
    """Return the note a solution cell prints in place of its output while solution outputs are hidden.

    Example:
        >>> hidden_note(2).startswith("The solution of exercise 2 ran")
        True
    """
    return (
        f"The solution of exercise {number} ran, and its output is hidden so that running the whole "
        f"lesson gives nothing away. Tried it yourself? Then run show_solution_output({number})."
    )


def show_solution_output(number: int) -> None:
    """Show what the solution cell of exercise ``number`` printed and drew, after it ran hidden."""
    outputs = _hidden_outputs.get(number)
    if outputs is None:
        print(f"The solution of exercise {number} has not run hidden yet: run its cell first (it is collapsed).")
        return
    outputs.show()
