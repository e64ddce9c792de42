"""`make lab` works on the learner's own copy of both editions, and never overwrites the learner's work."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))


def make(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *arguments], cwd=ROOT, capture_output=True, text=True)


def test_both_editions_are_copied_and_the_learners_work_is_kept(tmp_path):
    lab = tmp_path / "lab"
    assert make("lab-copy", f"LAB_DIR={lab}").returncode == 0
    copies = sorted(lab.rglob("[0-9][0-9]_*.ipynb"))
    assert [path.relative_to(lab) for path in copies] == [path.relative_to(ROOT / "notebooks") for path in LESSONS]
    assert any(path.parent.name == "zh_CN" for path in copies), "the Chinese edition is in lab/zh_CN/"

    mine = lab / "zh_CN" / LESSONS[0].name
    mine.write_text("my work")
    (lab / "zh_CN" / LESSONS[1].name).unlink()  # a lesson the learner deleted (or one added to the course later)
    assert make("lab-copy", f"LAB_DIR={lab}").returncode == 0
    assert mine.read_text() == "my work", "a second copy must keep the learner's file"
    assert (lab / "zh_CN" / LESSONS[1].name).is_file(), "a lesson missing from an existing folder is copied"


def test_restart_starts_one_chinese_lesson_over(tmp_path):
    lab = tmp_path / "lab"
    assert make("lab-copy", f"LAB_DIR={lab}").returncode == 0
    mine = lab / "zh_CN" / "03_linear_regression_from_scratch.ipynb"
    mine.write_text("my work")
    result = make("restart", "LESSON=zh_CN/03", f"LAB_DIR={lab}")
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes() == (ROOT / "notebooks" / "zh_CN" / mine.name).read_bytes()
    assert mine.with_name(mine.name + ".bak").read_text() == "my work"


def test_every_lessons_cheat_sheet_link_works_in_the_clone_and_in_lab(tmp_path):
    """Each lesson's summary links ../cheatsheet.md: on the website, and in JupyterLab, in its own edition."""
    lab = tmp_path / "lab"
    assert make("lab-copy", f"LAB_DIR={lab}").returncode == 0
    for lesson in LESSONS:
        chinese = lesson.parent.name == "zh_CN"
        in_clone = lesson.parent.parent / "cheatsheet.md"
        # a Chinese lesson sits in lab/zh_CN/; an English one in lab/, at the root of the clone (as LAB_DIR is)
        in_lab = lab / "cheatsheet.md" if chinese else ROOT / "cheatsheet.md"
        for cheat_sheet in (in_clone, in_lab):
            assert cheat_sheet.is_file(), f"{lesson.name}'s link ../cheatsheet.md is broken: no {cheat_sheet}"
            first_line = cheat_sheet.read_text(encoding="utf-8").splitlines()[0]
            assert ("速查表" in first_line) == chinese, f"{cheat_sheet} is the other edition's cheat sheet"
