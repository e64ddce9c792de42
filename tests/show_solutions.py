"""A pytest plugin, loaded by `addopts` for every test run: notebooks executed by the tests show
their solution outputs, as the stored notebooks do (see `helpers.exercises.hide_solution_outputs`)."""

import os

from helpers.exercises import SHOW_SOLUTIONS_ENV_VAR

os.environ.setdefault(SHOW_SOLUTIONS_ENV_VAR, "1")
