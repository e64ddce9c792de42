"""`make lab` works on the learner's own copy of both editions, and never overwrites the learner's work."""

from __future__ import annotations

import re
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
    mine.write_text("more work")  # a second restart keeps both earlier copies
    assert make("restart", "LESSON=zh_CN/03", f"LAB_DIR={lab}").returncode == 0
    assert mine.with_name(mine.name + ".bak").read_text() == "my work"
    assert mine.with_name(mine.name + ".bak2").read_text() == "more work"
    result = make("restart", "LESSON=zh_CN/03", f"LAB_DIR={lab}")  # nothing changed since: no third backup
    assert result.returncode == 0 and not mine.with_name(mine.name + ".bak3").exists(), result.stdout


def test_every_page_a_lesson_links_works_in_the_clone_and_in_lab(tmp_path):
    """A lesson's ../cheatsheet.md, ../pitfalls.md or ../glossary.md opens that page, in its own edition, in a clone
    and in the learner's copy in lab/ (the site has them too: tests/browser check its links)."""
    lab = tmp_path / "lab"
    assert make("lab-copy", f"LAB_DIR={lab}").returncode == 0
    checked = set()
    for lesson in LESSONS:
        chinese = lesson.parent.name == "zh_CN"
        names = set(re.findall(r"\]\(\.\./([a-z-]+\.md)[)#]", lesson.read_text(encoding="utf-8")))
        assert "cheatsheet.md" in names, f"{lesson.name}: its summary links ../cheatsheet.md"
        for name in names:
            in_clone = lesson.parent.parent / name
            # a Chinese lesson sits in lab/zh_CN/; an English one in lab/, at the root of the clone (as LAB_DIR is)
            in_lab = lab / name if chinese else ROOT / name
            for page in (in_clone, in_lab):
                assert page.is_file(), f"{lesson.name}'s link ../{name} is broken: no {page}"
                first_line = page.read_text(encoding="utf-8").splitlines()[0]
                assert bool(re.search(r"[\u4e00-\u9fff]", first_line)) == chinese, f"{page}: the other edition"
                assert "{include}" not in page.read_text(encoding="utf-8"), f"{page} must read right outside the site"
            checked.add(name)
    assert {"cheatsheet.md", "pitfalls.md", "glossary.md"} <= checked
