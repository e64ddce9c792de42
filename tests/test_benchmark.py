"""Smoke test of the speed benchmark: it runs end to end on a tiny budget (it never judges speed)."""

import ast
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import mnist_speed
import speed_table


def test_flops_per_epoch_follows_the_formula():
    assert mnist_speed.flops_per_epoch((784, 512, 256, 10), 60000) == 3 * 2 * (784 * 512 + 512 * 256 + 256 * 10) * 60000


def test_models_have_the_requested_layers():
    widths = [
        (m.in_features, m.out_features) for m in mnist_speed.mlp((784, 500, 256, 10)) if hasattr(m, "in_features")
    ]
    assert widths == [(784, 500), (500, 256), (256, 10)]


def test_seconds_to_accuracy_adds_epochs_until_the_target():
    run = {"epoch_seconds": [2.0, 2.0, 2.0], "test_accuracy_per_epoch": [0.97, 0.981, 0.985]}
    assert mnist_speed.seconds_to_accuracy(run, 0.98) == 4.0
    assert mnist_speed.seconds_to_accuracy(run, 0.99) is None


@pytest.mark.slow
def test_benchmark_runs_on_a_tiny_budget_and_writes_json(tmp_path, capsys):
    output = tmp_path / "result.json"
    mnist_speed.main(["--smoke", "--repeats", "1", "--output", str(output)])
    table = capsys.readouterr().out
    for row in ["(a) tutorial: seconds per epoch", "(b) course: final test accuracy", "course epoch / lower bound"]:
        assert row in table
    result = json.loads(output.read_text())
    assert result["settings"] == {"repeats": 1, "smoke": True}
    assert result["tutorial"]["samples_per_epoch"] == 2000
    assert result["epoch_lower_bound_seconds"] > 0
    assert 0.0 <= result["course"]["final_test_accuracy"] <= 1.0


def test_course_recipe_matches_lesson_06():
    """The benchmark keeps its own copy of lesson 06's loop; its settings must not drift from the lesson's."""
    notebook = json.loads((ROOT / "notebooks" / "06_mnist_mlp.ipynb").read_text())
    source = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    settings = {
        name: ast.literal_eval(value)
        for name, value in re.findall(r"^(EPOCHS|BATCH_SIZE|MAX_LEARNING_RATE) = (\S+)$", source, re.MULTILINE)
    }
    assert settings == {
        "EPOCHS": mnist_speed.COURSE_EPOCHS,
        "BATCH_SIZE": mnist_speed.COURSE_BATCH_SIZE,
        "MAX_LEARNING_RATE": mnist_speed.COURSE_MAX_LEARNING_RATE,
    }


def test_website_table_shows_every_row_the_benchmark_prints():
    spec = importlib.util.spec_from_file_location("generate_tables", ROOT / "book" / "generate_tables.py")
    generate_tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate_tables)
    result = json.loads((ROOT / "benchmarks" / "results" / "mnist_speed.json").read_text())
    table = generate_tables.performance_table()
    for name, value, target in speed_table.summary_rows(result):
        assert f"| {name} | {value} | {target} |" in table
