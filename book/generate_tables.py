"""Write the website's generated tables, for each language edition, into book/_generated/.

`make book` runs this before building. The numbers come from
`benchmarks/results/notebook_times.json` (`make timings`),
`benchmarks/results/mnist_speed.json` (`make bench`), `benchmarks/results/recipe_sweep.json`
(`make sweep`) and `benchmarks/results/compat.json` (`make compat`); rerun those to refresh them. The glossary
table comes from `book/glossary.yml` and is written into the glossary pages themselves.
English tables go to `_generated/`, a translated edition's to `_generated/<edition>/`
(the Chinese lessons run the same code, so both editions show the same measurements).
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "book")]
from compat import code_hash  # benchmarks/compat.py: the hash of the lesson code that each result is for
from table_labels import chinese_numbers, translate  # their labels in the translated editions

from speed_table import (  # the rows the benchmarks print; no torch
    MATRIX_PRODUCTS,
    fastest_epochs,
    profile_rows,
    seed_range,
    summary_rows,
    sweep_rows,
)

BOOK = Path(__file__).resolve().parent
OUT = BOOK / "_generated"
EDITIONS = ("en", "zh_CN")
#: The tables' words, per edition (the benchmark's row labels are translated by table_labels.py).
WORDS = {
    "en": {
        "lesson": ("Lesson", "Run time on a 2-core CPU"),
        "not measured": "not measured yet",
        "performance": ("Measure", "Value", "Target"),
        "profile": ("Where the time goes", "Seconds (share of the epoch)"),
        "sweep": (
            "Variant of the recipe",
            "Validation accuracy: median (lowest-highest)",
            "Training time (median)",
            "Difference from the recipe, same seed: mean (points)",
            "Seeds lower / higher / tied with the recipe",
            "Verdict (lesson 07's rule)",
        ),
        "verdicts": {"lower": "clearly worse", "higher": "clearly better", "open": "not established"},
        "glossary": ("English", "中文", "Note"),
        "compat": ("Environment", "Python", "torch", "numpy", "Date"),
        "environments": {"oldest": "oldest supported", "newest": "newest libraries",
                         "hosted": "hosted (like Colab, late 2025)"},
    },
    "zh_CN": {
        "lesson": ("课", "在 2 核 CPU 上的运行时间"),
        "not measured": "尚未测量",
        "performance": ("测量项", "数值", "目标"),
        "profile": ("时间花在哪里", "用时（占这一轮的比例）"),
        "sweep": (
            "配方的变体",
            "验证准确率：中位数（最低～最高）",
            "训练时间（中位数）",
            "与配方之差（同一随机种子）：均值（百分点）",
            "比配方低 / 高 / 持平的种子数",
            "结论（第 07 课的规则）",
        ),
        "verdicts": {"lower": "明显更差", "higher": "明显更好", "open": "不足以确认"},
        "glossary": ("中文", "English", "说明"),
        "compat": ("环境", "Python", "torch", "numpy", "日期"),
        "environments": {"oldest": "支持的最旧版本", "newest": "最新版本的库",
                         "hosted": "托管服务（类似 2025 年底的 Colab）"},
    },
}


def load(name: str, command: str) -> dict:
    """Read one results file, or stop with the command that makes it."""
    path = RESULTS / name
    if not path.is_file():
        sys.exit(f"{path.relative_to(ROOT)} is missing: run `{command}` first.")
    return json.loads(path.read_text())


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], note: str = "") -> str:
    """Return a Markdown table with one line per row, and an optional note under it."""
    lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header), *(f"| {' | '.join(row)} |" for row in rows)]
    return "\n".join([*lines, "", note] if note else lines) + "\n"


def label(text: str, edition: str) -> str:
    """Return a benchmark label in the edition's language."""
    return text if edition == "en" else translate(text, edition)


def lesson_map(edition: str = "en") -> str:
    """Return the landing page's table of lessons (titles in the edition's language) with their run times."""
    seconds = load("notebook_times.json", "make timings")["seconds"]
    folder = ROOT / "notebooks" / ("" if edition == "en" else edition)
    rows = []
    for notebook in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        title = json.loads(notebook.read_text())["cells"][0]["source"]
        title = (title if isinstance(title, str) else "".join(title)).splitlines()[0].lstrip("# ").strip()
        measured = f"{seconds[notebook.stem]:.0f} s" if notebook.stem in seconds else WORDS[edition]["not measured"]
        rows.append((f"[{title}](notebooks/{notebook.stem}.ipynb)", measured))
    return markdown_table(WORDS[edition]["lesson"], rows)


def performance_table(edition: str = "en") -> str:
    """Return the performance page's table of benchmark figures (the rows `make bench` prints)."""
    result = load("mnist_speed.json", "make bench")
    machine = result["machine"]
    course = result["course"]
    shapes = ", ".join(result["matmul_shapes"])
    cpu = f" of a {machine['cpu']}" if machine.get("cpu") else " (CPU model not recorded)"
    single = {"en": "", "zh_CN": ""}
    if "runs" not in result["course_pipeline_on_tutorial_model"]:  # written before the script saved these runs
        repeats = result["settings"]["repeats"]
        single = {
            "en": f" (d) saved only the median of its {repeats} one-epoch runs (an older results file). Each run is "
            "one epoch, so that median is the median of the runs' fastest epochs, but it has no range.",
            "zh_CN": f"（d）只保存了它 {repeats} 次单轮运行的中位数（结果文件较旧）。每次运行只有一轮，"
            "所以这个中位数也就是各次运行最快一轮的中位数。只是它没有最低值和最高值，这一行因此没有括号。",
        }
    if edition == "en":
        note = (
            f"Measured with torch {machine['torch']} on {machine['threads']} CPU threads{cpu}; the course's figures "
            f"over seeds {seed_range(result)}, the tutorial's times over {result['settings']['repeats']} runs "
            "(its accuracy is the same in every run: one seed). Brackets hold the lowest and highest value. "
            "Each seconds-per-epoch figure takes the fastest epoch of each run (other work on the machine only adds "
            "time), then the median over the runs; each time-per-image ratio divides these figures. Each training "
            "time is the median, over the seeds, of each run's sum of epochs, slowed epochs included. "
            "(c) / (e) divides each seed's fastest epoch by the bound from that seed's own speed measurement; "
            f"that speed is the median of 20 timings (only the median is stored).{single['en']} Target: the speed the "
            f"course aims for. Course recipe: {course['epochs']} epochs, batch "
            f"{course['batch_size']}, peak learning rate {course['max_learning_rate']:g}, weight decay "
            f"{course['weight_decay']:g}, label smoothing {course['label_smoothing']:g}, random shifts of up to "
            f"{course['max_shift']} pixel(s). Matrix products timed for the bound: {shapes}."
        )
    else:
        note = (
            f"用 torch {machine['torch']} 在 {machine['threads']} 个 CPU 线程上测得"
            f"{'（CPU 型号：' + machine['cpu'] + '）' if machine.get('cpu') else '（未记录 CPU 型号）'}；"
            f"本课程的数字来自随机种子为 {chinese_numbers(seed_range(result))} 的各次运行，"
            f"教程的用时来自 {result['settings']['repeats']} 次运行"
            "（它只用了一个种子，所以每次运行的准确率都一样）。括号里是最低值和最高值。"
            "每轮用时先取每次运行中最快的一轮（机器上的其他工作只会增加用时），再取各次运行的中位数；"
            "每张图像用时之比，是把这些数换算成每张图像的用时后再相除。"
            "训练时间先把一次运行的各轮用时相加（变慢的轮次也算在内），再取所有种子的中位数。"
            "（c）/（e）用每个种子最快的一轮，除以由这个种子自己测得的速度算出的下界；"
            "这个速度是 20 次计时的中位数（只保存了中位数）。"
            f"{single['zh_CN']}目标：本课程力求达到的速度。"
            f"本课程的配方：训练 {course['epochs']} 轮，批量大小 {course['batch_size']}，峰值学习率 "
            f"{course['max_learning_rate']:g}，权重衰减 {course['weight_decay']:g}，标签平滑 "
            f"{course['label_smoothing']:g}，随机平移最多 {course['max_shift']} 个像素。"
            f"为计算下界而计时的矩阵乘法：{'、'.join(result['matmul_shapes'])}。"
        )
    rows = [(label(measure, edition), label(value, edition) if value == "not reached" else value, target)
            for measure, value, target in summary_rows(result)]
    return markdown_table(WORDS[edition]["performance"], rows, note)


def profile_table(edition: str = "en") -> str:
    """Return the table of where one profiled course epoch spends its time."""
    result = load("mnist_speed.json", "make bench")
    profile, bound = result["profile"], result["epoch_lower_bound_seconds"]
    products = profile["seconds"][MATRIX_PRODUCTS]
    rest = profile["profiled_epoch_seconds"] - products
    share = 100 * rest / profile["profiled_epoch_seconds"]
    epoch = statistics.median(fastest_epochs(result["course"]))  # the course's epochs, unprofiled, as in its table
    machine = result["machine"]
    if edition == "en":
        note = (
            f"Measured with torch {machine['torch']} on {machine['threads']} CPU threads. "
            f"In this run the matrix products took {products:.3f} s of the profiled epoch, against a compute lower "
            f"bound of {bound:.3f} s for a whole epoch ({products / bound:.2f} times the bound); everything else "
            f"took {rest:.3f} s ({share:.0f}% of the epoch). Unprofiled, the course's fastest epoch (median over the "
            f"seeds), {epoch:.3f} s, exceeds the bound by {epoch - bound:.3f} s."
        )
    else:
        note = (
            f"用 torch {machine['torch']} 在 {machine['threads']} 个 CPU 线程上测得。"
            f"在做性能分析的这一轮里，矩阵乘法用了 {products:.3f} s，是整轮计算下界（{bound:.3f} s）的 "
            f"{products / bound:.2f} 倍；其余部分共用了 {rest:.3f} s（占这一轮的 {share:.0f}%）。"
            f"不做性能分析时，本课程最快一轮的用时（所有随机种子的中位数）是 {epoch:.3f} s，"
            f"比下界多 {epoch - bound:.3f} s。"
        )
    rows = [(label(category, edition), seconds) for category, seconds in profile_rows(result)]
    return markdown_table(WORDS[edition]["profile"], rows, note)


def sweep_verdict(accuracies: Sequence[float], recipe: Sequence[float]) -> str:
    """Return lesson 07's verdict on a variant against the recipe, compared seed by seed (its section 4).

    "lower" (or "higher") when the variant is lower (higher) on every seed, and by more, on average, than
    the seed-to-seed range (highest minus lowest) of the recipe's row and of its own row; else "open": not
    established. A tie is no win and no loss. The seeds are paired: the same seed gives both runs their start.

    >>> sweep_verdict([0.97, 0.96, 0.97], [0.98, 0.98, 0.98]), sweep_verdict([0.979, 0.969], [0.98, 0.97])
    ('lower', 'open')
    """
    differences = [100 * (mine - theirs) for mine, theirs in zip(accuracies, recipe, strict=True)]
    ranges = (100 * (max(accuracies) - min(accuracies)), 100 * (max(recipe) - min(recipe)))
    mean = sum(differences) / len(differences)
    # The accuracies are float32 fractions: a mean equal to the range may come out a hair larger. "Larger"
    # must mean larger by more than rounding (1e-4 points; one image of 5,000 is 0.02 points).
    larger = max(ranges) + 1e-4
    if all(d < -1e-6 for d in differences) and -mean > larger:
        return "lower"
    if all(d > 1e-6 for d in differences) and mean > larger:
        return "higher"
    return "open"


def sweep_table(edition: str = "en") -> str:
    """Return the table of lesson 07's recipe against its variants, on the validation split (`make sweep`)."""
    result = load("recipe_sweep.json", "make sweep")
    seeds = result["seeds"]
    if edition == "en":
        note = (
            f"Each variant trained once for each of the seeds {seeds[0]} to {seeds[-1]}, with torch "
            f"{result['torch']} on {result['threads']} CPU threads. A point is 1% of the validation images. "
            "Verdict, lesson 07's rule: a variant is clearly worse (or better) when it is lower (higher) on every "
            "seed, and by more, on average, than the range (highest minus lowest accuracy) of the recipe's "
            "row and of its own row. Otherwise the difference is not established."
        )
    else:
        note = (
            f"每个变体用随机种子 {seeds[0]}～{seeds[-1]} 各训练一次（torch {result['torch']}，"
            f"{result['threads']} 个 CPU 线程）。一个百分点即 1% 的验证图像。"
            "结论按第 07 课的规则判断。两个条件都满足，才算明显更差（或更好）："
            "变体在每个种子上都比配方低（或高）；平均低（或高）出的百分点数大于配方那一行的极差，也大于它自己那一行的极差"
            "（极差即最高减最低准确率）。否则就不足以确认。"
        )
    recipe = result["variants"]["the recipe"]["validation_accuracy"]
    verdicts = WORDS[edition]["verdicts"]
    rows = []
    for (variant, *values), accuracies in zip(
        sweep_rows(result), (v["validation_accuracy"] for v in result["variants"].values()), strict=True
    ):
        verdict = "" if variant == "the recipe" else verdicts[sweep_verdict(accuracies, recipe)]
        rows.append((label(variant, edition), *values, verdict))
    return markdown_table(WORDS[edition]["sweep"], rows, note)


#: The mark of a lesson without a result for today's code in the row's environment: its code changed after the run,
#: the run used other versions (an environment rebuilt since), or it has not run there.
NOT_RUN_FOR_THIS_VERSION = "–"


def compat_mark(outcome: dict, code: str, environment: dict) -> str:
    """Return a lesson's mark in a row of the "Verified with" table.

    "–" unless the result is for today's code (hash ``code``) and ran with the row's ``environment`` (its Python and
    versions, as ``compat.versions`` records them); then ✓ when the lesson passed and its bootstrap cell changed no
    installed library, else ✗.

    >>> row = {"python": "3.10.13", "packages": {"torch": "2.4.0"}}
    >>> ran = {"passed": True, "code": "abc", "bootstrap_changed": [], "environment": row}
    >>> compat_mark(ran, "abc", row), compat_mark({**ran, "passed": False}, "abc", row)
    ('✓', '✗')
    >>> compat_mark({**ran, "bootstrap_changed": ["numpy 1.24.0 -> 2.4.6"]}, "abc", row)
    '✗'
    >>> other = {"python": "3.10.13", "packages": {"torch": "2.5.0"}}
    >>> compat_mark({**ran, "code": "old"}, "abc", row), compat_mark({**ran, "environment": other}, "abc", row)
    ('–', '–')
    >>> compat_mark({}, "abc", row), compat_mark({k: v for k, v in ran.items() if k != "environment"}, "abc", row)
    ('–', '–')
    """
    if not outcome or outcome.get("code") != code or outcome.get("environment") != environment:
        return NOT_RUN_FOR_THIS_VERSION
    return "✓" if outcome.get("passed") and not outcome.get("bootstrap_changed") else "✗"


def compat_table(edition: str = "en") -> str:
    """Return the "Verified with" table: each environment of `make compat`, its versions and a mark per lesson.

    One column per lesson of today's course (``notebooks/``), whatever the results file holds; see ``compat_mark``.
    """
    result = load("compat.json", "make compat")
    words = WORDS[edition]
    today = {path.stem: code_hash(path) for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))}
    header = [*words["compat"], *(lesson[:2] for lesson in today)]
    rows = []
    for name, report in result["environments"].items():
        environment = {"python": report["python"], "packages": report["packages"]}
        marks = [compat_mark(report["lessons"].get(lesson, {}), code, environment) for lesson, code in today.items()]
        versions = (report["python"], report["packages"]["torch"], report["packages"]["numpy"], report["date"])
        rows.append((words["environments"].get(name, name), *versions, *marks))
    return markdown_table(header, rows)


def glossary_table(edition: str = "en") -> str:
    """Return the glossary (book/glossary.yml) as a table: the edition's language first."""
    entries = yaml.safe_load((BOOK / "glossary.yml").read_text(encoding="utf-8"))
    language = "en" if edition == "en" else "zh"
    rows = []
    for entry in entries:
        note = (entry.get("note") or {}).get(language, "")
        terms = (entry["en"], entry["zh"]) if language == "en" else (entry["zh"], entry["en"])
        rows.append((*terms, note))
    return markdown_table(WORDS[edition]["glossary"], rows)


#: The glossary table sits in the glossary pages themselves, between these lines, so that the page reads the same in
#: JupyterLab (a lesson links ../glossary.md) as on the website.
GLOSSARY_START = "<!-- glossary table: written from book/glossary.yml by book/generate_tables.py; do not edit -->"
GLOSSARY_END = "<!-- end of the glossary table -->"


def glossary_page(edition: str) -> Path:
    """Return an edition's glossary page, book/glossary.md or book/<edition>/glossary.md."""
    return BOOK / "glossary.md" if edition == "en" else BOOK / edition / "glossary.md"


def with_glossary_table(page: str, edition: str) -> str:
    """Return a glossary page's text with its table (between the two marker lines) written from glossary.yml.

    >>> with_glossary_table("Intro " + GLOSSARY_START + " old " + GLOSSARY_END, "en").count("| English |")
    1
    """
    start, end = page.index(GLOSSARY_START) + len(GLOSSARY_START), page.index(GLOSSARY_END)
    return page[:start] + "\n\n" + glossary_table(edition) + "\n" + page[end:]


def main() -> None:
    """Write every edition's tables: English into book/_generated/, the others into book/_generated/<edition>/."""
    for edition in EDITIONS:
        folder = OUT if edition == "en" else OUT / edition
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "lesson_map.md").write_text(lesson_map(edition))
        (folder / "performance_table.md").write_text(performance_table(edition))
        (folder / "profile_table.md").write_text(profile_table(edition))
        (folder / "sweep_table.md").write_text(sweep_table(edition))
        (folder / "compat_table.md").write_text(compat_table(edition))
        page = glossary_page(edition)
        page.write_text(with_glossary_table(page.read_text(encoding="utf-8"), edition), encoding="utf-8")


if __name__ == "__main__":
    main()
