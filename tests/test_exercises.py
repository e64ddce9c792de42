import json

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.exercises import SHOW_SOLUTIONS_ENV_VAR, Exercise, Mistake


def check_pair(first, second):
    if (first, second) == (second, first) and first != 1:
        raise Mistake("both answers are the same.")
    if (first, second) == (2, 1):
        raise Mistake("the two answers are swapped.")
    if (first, second) != (1, 2):
        raise Mistake(f"expected 1 and 2, got {first!r} and {second!r}.")


@pytest.fixture
def pair():
    return Exercise("Exercise 7", check_pair, hint="Count from one.")


def test_an_unattempted_answer_is_reported_not_raised(pair, capsys):
    assert not pair.check(..., ...)
    assert not pair.check()
    assert capsys.readouterr().out.count("not answered yet") == 2


def test_each_common_mistake_gets_its_own_message(pair, capsys):
    assert not pair.check(2, 1)
    assert "Exercise 7: not yet. The two answers are swapped." in capsys.readouterr().out
    assert not pair.check(3, 3)
    assert "Both answers are the same." in capsys.readouterr().out


def test_a_right_answer_says_so(pair, capsys):
    assert pair.check(1, 2)
    assert capsys.readouterr().out == "Exercise 7: correct!\n"


def test_an_answer_that_breaks_the_check_is_reported_without_a_traceback(capsys):
    exercise = Exercise("Exercise 8", lambda value: value.shape, hint="")
    assert not exercise.check(3)
    assert "AttributeError" in capsys.readouterr().out


def test_hint_and_solution_print_guidance(pair, capsys):
    pair.hint()
    pair.solution()
    out = capsys.readouterr().out
    assert "Count from one." in out and "collapsed cell" in out


def run_notebook(cells: list[str]) -> list:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    return notebook.cells


LESSON = [
    "from helpers.exercises import hide_solution_outputs, show_solution_output\nhide_solution_outputs()",
    "# Solution to exercise 2\nanswer = 6 * 7\nprint('the answer is', answer)\nanswer",
    "print('after the solution:', answer)",
    "show_solution_output(2)",
]


@pytest.mark.slow
def test_run_all_hides_what_solution_cells_print_until_asked(monkeypatch):
    monkeypatch.delenv(SHOW_SOLUTIONS_ENV_VAR, raising=False)  # a learner's JupyterLab
    _, solution, after, reveal = run_notebook(LESSON)
    shown = json.dumps(solution.outputs)
    assert "42" not in shown and "show_solution_output(2)" in shown, "the solution's output is kept aside"
    assert after.outputs[0].text == "after the solution: 42\n", "the solution's code still ran"
    assert "the answer is 42" in json.dumps(reveal.outputs), "and it is shown on request"


@pytest.mark.slow
def test_stored_notebooks_and_tests_show_solution_outputs(monkeypatch):
    monkeypatch.setenv(SHOW_SOLUTIONS_ENV_VAR, "1")  # `make execute` and the tests
    _, solution, _, _ = run_notebook(LESSON)
    assert "the answer is 42" in json.dumps(solution.outputs)


def test_the_test_plugin_sets_the_variable_the_helpers_read():
    from tests import show_solutions

    assert show_solutions.SHOW_SOLUTIONS_ENV_VAR == SHOW_SOLUTIONS_ENV_VAR
