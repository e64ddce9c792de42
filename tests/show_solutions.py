"""A pytest plugin, loaded by `addopts` for every test run: notebooks executed by the tests show
their solution outputs, as the stored notebooks do (see `helpers.exercises.hide_solution_outputs`).

The variable's name is written out rather than imported from `helpers.exercises`: importing any part of the
package imports torch (2 s), which pytest's controlling process would then do for nothing before it starts its
workers. tests/test_exercises.py checks that the two names agree.
"""

import os

SHOW_SOLUTIONS_ENV_VAR = "COURSE_SHOW_SOLUTIONS"

os.environ.setdefault(SHOW_SOLUTIONS_ENV_VAR, "1")
