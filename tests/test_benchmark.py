"""Smoke test of the speed benchmark: it runs end to end on a tiny budget (it never judges speed)."""

import ast
import importlib.util
import inspect
import json
import re
import statistics
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import recipe_sweep

import mnist_speed
import speed_table


def test_flops_per_sample_skips_the_first_layers_input_gradient():
    layers = (784, 512, 256, 10)
    forward = 2 * (784 * 512 + 512 * 256 + 256 * 10)
    weight_gradients = forward
    input_gradients = 2 * (512 * 256 + 256 * 10)  # none for the images
    assert mnist_speed.flops_per_sample(layers) == forward + weight_gradients + input_gradients == 2_407_424
    assert mnist_speed.flops_per_epoch(layers, 55000) == 2_407_424 * 55000


@pytest.mark.parametrize("layers", [(784, 512, 256, 10), (784, 500, 256, 10), (784, 10)])
def test_flops_per_sample_matches_torchs_flop_counter(layers):
    assert mnist_speed.counted_flops_per_sample(layers) == mnist_speed.flops_per_sample(layers)


def test_the_timed_products_are_those_of_one_training_step():
    assert mnist_speed.matmul_shapes((784, 512, 10), 64) == [
        "(64x784)@(784x512)",
        "(512x64)@(64x784)",
        "(64x512)@(512x10)",
        "(10x64)@(64x512)",
        "(64x10)@(10x512)",
    ]
    assert mnist_speed.step_matmul_flops_per_second((784, 32, 10), batch_size=16, repeats=2) > 0


def test_random_shifts_move_each_image_by_at_most_max_shift_pixels():
    images = torch.zeros(200, 1, 28, 28)
    images[:, 0, 10, 12] = 1.0  # one bright pixel
    shifted = mnist_speed.shift_randomly(images, torch.Generator().manual_seed(0), max_shift=1, background=0.0)
    assert shifted.shape == images.shape
    rows, cols = (shifted[:, 0] == 1.0).nonzero()[:, 1:].T
    assert len(rows) == 200 and set(rows.tolist()) == {9, 10, 11} and set(cols.tolist()) == {11, 12, 13}


def test_models_have_the_requested_layers():
    widths = [
        (m.in_features, m.out_features) for m in mnist_speed.mlp((784, 500, 256, 10)) if hasattr(m, "in_features")
    ]
    assert widths == [(784, 500), (500, 256), (256, 10)]


def test_seconds_to_accuracy_adds_epochs_until_the_target():
    run = {"epoch_seconds": [2.0, 2.0, 2.0], "validation_accuracy_per_epoch": [0.97, 0.981, 0.985]}
    assert mnist_speed.seconds_to_accuracy(run, 0.98) == 4.0
    assert mnist_speed.seconds_to_accuracy(run, 0.99) is None


@pytest.mark.slow
def test_benchmark_runs_on_a_tiny_budget_and_writes_json(tmp_path, capsys):
    output = tmp_path / "result.json"
    mnist_speed.main(["--smoke", "--repeats", "1", "--output", str(output)])
    table = capsys.readouterr().out
    for row in [
        "(a) tutorial: seconds per epoch",
        "(c) course: lowest test accuracy, seeds 0-1",
        "(c) / (e): fastest course epoch / lower bound",
        "matrix products (mm, addmm)",
    ]:
        assert row in table
    result = json.loads(output.read_text())
    assert result["settings"] == {"repeats": 1, "smoke": True, "seeds": [0, 1]}
    assert result["tutorial"]["samples_per_epoch"] == 2000
    assert result["course"]["samples_per_epoch"] == 2000
    assert result["epoch_lower_bound_seconds"] > 0
    accuracy = result["course"]["test_accuracy"]
    assert 0.0 <= accuracy["min"] <= accuracy["median"] <= accuracy["max"] <= 1.0
    assert [run["seed"] for run in result["course"]["runs"]] == [0, 1]
    assert all(seconds >= 0 for seconds in result["profile"]["seconds"].values())


# Lesson 07's top-level constants; the benchmark holds each as COURSE_<NAME>.
LESSON_SETTINGS = (
    "EPOCHS",
    "BATCH_SIZE",
    "MAX_LEARNING_RATE",
    "WEIGHT_DECAY",
    "LABEL_SMOOTHING",
    "MAX_SHIFT",
    "HIDDEN_WIDTHS",
)


def test_course_recipe_matches_lesson_07():
    """The benchmark keeps its own copy of lesson 07's loop; its settings must not drift from the lesson's."""
    notebook = json.loads((ROOT / "notebooks" / "07_training_a_better_mlp.ipynb").read_text())
    source = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    pattern = rf"^({'|'.join(LESSON_SETTINGS)}) = ([^#\n]+?)\s*(?:#.*)?$"  # NAME = value, maybe a comment
    settings = {name: ast.literal_eval(value) for name, value in re.findall(pattern, source, re.MULTILINE)}
    assert settings == {name: getattr(mnist_speed, f"COURSE_{name}") for name in LESSON_SETTINGS}


def test_recipe_sweep_runs_on_a_tiny_budget_and_writes_json(tmp_path, capsys):
    output = tmp_path / "sweep.json"
    recipe_sweep.main(["--smoke", "--output", str(output)])
    result = json.loads(output.read_text())
    assert list(result["variants"]) == ["the recipe", "peak learning rate 4e-3"]
    assert result["variants"]["peak learning rate 4e-3"]["change"] == {"epochs": 1, "learning_rate": 4e-3}
    recipe = result["variants"]["the recipe"]
    assert 0.0 <= recipe["min"] <= recipe["median"] <= recipe["max"] <= 1.0
    assert "peak learning rate 4e-3" in capsys.readouterr().out


def test_sweep_rows_compare_each_variant_with_the_recipe_seed_by_seed():
    result = {"variants": {
        "the recipe": {"validation_accuracy": [0.98, 0.99, 0.97], "median": 0.98, "min": 0.97, "max": 0.99,
                       "training_seconds": 5.0},
        "a variant": {"validation_accuracy": [0.97, 0.99, 0.98], "median": 0.98, "min": 0.97, "max": 0.99,
                      "training_seconds": 4.0},
        "a skewed variant": {"validation_accuracy": [0.97, 0.98, 1.0], "median": 0.98, "min": 0.97, "max": 1.0,
                             "training_seconds": 4.0},
    }}
    recipe, variant, skewed = speed_table.sweep_rows(result)
    assert recipe[3:] == ("", "")
    assert variant[3:] == ("+0.00", "1 / 1 / 1")  # one seed lower by a point, one higher by a point, one tied
    # Differences of -1, -1 and +3 points: the column is their mean (lesson 07's rule uses the mean gain).
    assert skewed[3:] == ("+0.33", "2 / 1 / 0")


def test_summary_rows_compare_the_fastest_epoch_of_each_run():
    """One estimator for every epoch: each run's fastest epoch (other work only adds time), the median over runs."""
    result = json.loads((ROOT / "benchmarks" / "results" / "mnist_speed.json").read_text())
    rows = {name: value for name, value, _ in speed_table.summary_rows(result)}
    tutorial = [min(run["epoch_seconds"]) for run in result["tutorial"]["runs"]]
    assert rows["(a) tutorial: seconds per epoch of 60,000 images, fastest of each run"] == (
        f"{statistics.median(tutorial):.2f} s ({min(tutorial):.2f}-{max(tutorial):.2f} s)"
    )
    course = [min(run["epoch_seconds"]) for run in result["course"]["runs"]]
    ratio = statistics.median(tutorial) / 60000 / (statistics.median(course) / 55000)
    assert rows["(a) / (c), time per image: fastest epochs"] == f"{ratio:.1f}x"
    assert not any("median epoch" in name for name in rows)
    # The committed file saved only the median of run (d)'s one-epoch runs: the median of their fastest epochs.
    assert "(" not in rows["(d) course recipe on the tutorial's model: seconds per epoch of 55,000 images, fastest "
                           "of each run"]
    same_model = result["course_pipeline_on_tutorial_model"]["seconds_per_epoch"]
    ratio = statistics.median(tutorial) / 60000 / (same_model / 55000)
    assert rows["(a) / (d), time per image: fastest epochs"] == f"{ratio:.1f}x"
    # A synthetic run with one slowed epoch: the estimator ignores it.
    assert speed_table.fastest_epochs({"runs": [{"epoch_seconds": [2.0, 5.0]}, {"epoch_seconds": [3.0, 2.5]}]}) == [
        2.0,
        2.5,
    ]


def test_epoch_over_bound_divides_each_seeds_fastest_epoch():
    """The bound's speed is the median of its timings (only that is stored); the epoch is the run's fastest."""
    run = {"epoch_seconds": [1.0, 3.0, 9.0], "samples_per_epoch": 100, "matmul_flops_per_second": 2000.0}
    assert speed_table.fastest_epoch_over_bound(run, flops_per_sample=10.0) == 2.0  # 1 s over 1000/2000 s
    result = json.loads((ROOT / "benchmarks" / "results" / "mnist_speed.json").read_text())
    runs = result["course"]["runs"]
    ratios = [speed_table.fastest_epoch_over_bound(run, result["flops_per_sample"]) for run in runs]
    rows = {name: (value, target) for name, value, target in speed_table.summary_rows(result)}
    value, target = rows["(c) / (e): fastest course epoch / lower bound, over seeds"]
    assert value == f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}x)"
    assert target == "<= 1.5x"


def test_every_sweep_variant_changes_something_run_course_takes():
    parameters = inspect.signature(mnist_speed.run_course).parameters
    for name, change in recipe_sweep.VARIANTS.items():
        assert set(change) <= {*parameters, "epochs"}, name
    assert recipe_sweep.VARIANTS["the recipe"] == {}


def load_generate_tables():
    spec = importlib.util.spec_from_file_location("generate_tables", ROOT / "book" / "generate_tables.py")
    generate_tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate_tables)
    return generate_tables


def test_sweep_verdict_follows_lesson_07s_two_part_rule():
    """Clearly lower: lower on every seed, by a mean larger than the recipe's range and the variant's own."""
    generate_tables = load_generate_tables()
    recipe = [0.9800, 0.9810, 0.9790, 0.9805, 0.9795, 0.9800, 0.9810, 0.9790, 0.9800, 0.9800]  # range 0.2 points

    def shifted(points, spread=0.0):  # the recipe moved by `points`, plus a spread of its own
        return [a + points / 100 + spread / 100 * (i % 2) for i, a in enumerate(recipe)]

    assert generate_tables.sweep_verdict(shifted(-0.5), recipe) == "lower"  # all 10 lower, by more than both ranges
    assert generate_tables.sweep_verdict(shifted(+0.5), recipe) == "higher"
    assert generate_tables.sweep_verdict(shifted(-0.1), recipe) == "open"  # all 10 lower, by less than the ranges
    assert generate_tables.sweep_verdict(shifted(-0.3, spread=0.4), recipe) == "open"  # less than its own range
    mixed = shifted(-0.5)
    mixed[0] = recipe[0] + 0.001  # one seed higher: mixed signs
    assert generate_tables.sweep_verdict(mixed, recipe) == "open"
    tied = shifted(-0.5)
    tied[0] = recipe[0]  # a tie is no loss
    assert generate_tables.sweep_verdict(tied, recipe) == "open"
    assert not hasattr(generate_tables, "chance_of_count")


def test_sweep_table_verdicts_follow_the_rule_on_the_committed_results():
    result = json.loads((ROOT / "benchmarks" / "results" / "recipe_sweep.json").read_text())
    table = load_generate_tables().sweep_table()
    recipe = result["variants"]["the recipe"]["validation_accuracy"]
    recipe_range = 100 * (max(recipe) - min(recipe))
    for variant, values in result["variants"].items():
        if variant == "the recipe":
            continue
        mine = values["validation_accuracy"]
        differences = [100 * (a - b) for a, b in zip(mine, recipe, strict=True)]
        larger = abs(statistics.mean(differences)) > max(recipe_range, 100 * (max(mine) - min(mine)))
        verdict = (
            "clearly worse" if larger and all(d < 0 for d in differences)
            else "clearly better" if larger and all(d > 0 for d in differences)
            else "not established"
        )
        assert table.split(f"| {variant} |")[1].splitlines()[0].endswith(f"| {verdict} |"), variant
    assert table.count("| clearly worse |") == 1 and "| clearly better |" not in table  # only "no random shifts"


def test_website_table_shows_every_row_the_sweep_prints():
    result = json.loads((ROOT / "benchmarks" / "results" / "recipe_sweep.json").read_text())
    table = load_generate_tables().sweep_table()
    for row in speed_table.sweep_rows(result):
        assert f"| {' | '.join(row)} |" in table
    assert set(result["variants"]) == set(recipe_sweep.VARIANTS), "the committed results come from these variants"


def test_website_table_shows_every_row_the_benchmark_prints():
    generate_tables = load_generate_tables()
    result = json.loads((ROOT / "benchmarks" / "results" / "mnist_speed.json").read_text())
    table = generate_tables.performance_table()
    for name, value, target in speed_table.summary_rows(result):
        assert f"| {name} | {value} | {target} |" in table
    profile = generate_tables.profile_table()
    for name, value in speed_table.profile_rows(result):
        assert f"| {name} | {value} |" in profile


def test_the_chinese_tables_translate_every_label_and_keep_every_number():
    """book/table_labels.py translates each row label; a row it cannot translate stops the build."""
    generate_tables = load_generate_tables()
    result = json.loads((ROOT / "benchmarks" / "results" / "mnist_speed.json").read_text())
    for english, chinese in [
        (generate_tables.performance_table(), generate_tables.performance_table("zh_CN")),
        (generate_tables.profile_table(), generate_tables.profile_table("zh_CN")),
        (generate_tables.sweep_table(), generate_tables.sweep_table("zh_CN")),
    ]:
        english_rows = [line.split(" | ") for line in english.splitlines() if line.startswith("| ")]
        chinese_rows = [line.split(" | ") for line in chinese.splitlines() if line.startswith("| ")]
        assert len(chinese_rows) == len(english_rows)
        verdicts = english_rows[0][-1].startswith("Verdict")  # the sweep's last column is words, translated
        for english_row, chinese_row in zip(english_rows[1:], chinese_rows[1:], strict=True):
            assert re.search(r"[\u4e00-\u9fff]", chinese_row[0]), chinese_row[0]
            numbers = slice(1, -1) if verdicts else slice(1, None)
            assert chinese_row[numbers] == english_row[numbers] or "未达到" in chinese_row[1], "the same measurements"
            if verdicts and english_row[-1] != " |":
                assert re.search(r"[\u4e00-\u9fff]", chinese_row[-1]), chinese_row[-1]
    assert f"{result['course']['epochs']} 轮" in generate_tables.performance_table("zh_CN")
    with pytest.raises(ValueError, match=r"table_labels\.py"):
        generate_tables.translate("a row nobody translated", "zh_CN")
