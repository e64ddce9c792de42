"""The Chinese edition stays in step with the English one: same code, translated prose, nothing stale.

Each Chinese lesson in notebooks/zh_CN/ is a parallel notebook (see book/translations.py): the same cells,
ids, tags and code as its English twin (comments aside), its Markdown translated, and a record of the English
text it was last brought up to date with. A Chinese lesson is not executed a second time: tests/test_standalone.py
re-executes the English lesson and compares its outputs with the stored ones, and since the Chinese code is the same
(comments aside), the Chinese stored outputs must equal the English ones, which `make execute` copies.
tests/test_notebook_hygiene.py checks both templates; the browser and link tests walk both sites.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("translations", ROOT / "book" / "translations.py")
translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translations)

ENGLISH = translations.english_lessons()
CHINESE_PAGES = sorted((ROOT / "book" / "zh_CN").glob("*.md"))
GLOSSARY = yaml.safe_load((ROOT / "book" / "glossary.yml").read_text(encoding="utf-8"))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def pair(english: Path) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    chinese = ROOT / "notebooks" / "zh_CN" / english.name
    assert chinese.is_file(), f"{english.name} has no Chinese twin in notebooks/zh_CN/"
    return read(chinese), read(english)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda path: path.stem)
def test_same_cells_tags_and_code_as_the_english_twin(english):
    chinese, original = pair(english)
    assert translations.structure_problems(chinese, original) == []


@pytest.mark.parametrize("english", ENGLISH, ids=lambda path: path.stem)
def test_stored_outputs_are_the_english_twins(english):
    """With the code check above, this stands in for running the Chinese lesson too: same code, same outputs."""
    chinese, original = pair(english)
    differences = translations.output_differences(chinese, original)
    assert differences == [], (
        f"notebooks/zh_CN/{english.name} stores other outputs than its English twin in: {', '.join(differences)}. "
        "Run `make execute`, which executes the English lesson and copies its outputs into the Chinese one."
    )


@pytest.mark.parametrize("english", ENGLISH, ids=lambda path: path.stem)
def test_every_markdown_cell_is_translated(english):
    chinese, original = pair(english)
    assert translations.untranslated_cells(chinese, original) == [], "cells with English prose and no Chinese"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda path: path.stem)
def test_translation_is_up_to_date_with_the_english_lesson(english):
    chinese, original = pair(english)
    changed = translations.changed_since_translation(chinese, original)
    assert changed == [], (
        f"English cells changed since notebooks/zh_CN/{english.name} was last brought up to date: "
        f"{', '.join(changed)}. Re-translate those cells, `make execute`, then run "
        f"`{translations.STAMP_COMMAND} notebooks/zh_CN/{english.name}`."
    )


@pytest.mark.parametrize("english", ENGLISH, ids=lambda path: path.stem)
def test_links_to_other_lessons_stay_in_the_chinese_edition(english):
    chinese, _ = pair(english)
    for cell in chinese.cells:
        if cell.cell_type == "markdown":
            assert "](../0" not in cell.source and "notebooks/0" not in cell.source, cell.id


# --- The checks themselves catch what they must ----------------------------------------------------------


@pytest.fixture
def lesson():
    english = read(ENGLISH[0])
    chinese = copy.deepcopy(english)
    for cell in chinese.cells:
        if cell.cell_type == "markdown":
            cell.source = "中文：" + cell.source
    return chinese, english


def first_code_cell(notebook) -> nbformat.NotebookNode:
    return next(cell for cell in notebook.cells if cell.cell_type == "code" and "import" in cell.source)


def test_translated_comments_are_allowed(lesson):
    chinese, english = lesson
    cell = first_code_cell(chinese)
    cell.source = cell.source.replace("\n", "  # 注释\n", 1) + "\n# 一行中文注释\n"
    assert translations.structure_problems(chinese, english) == []


def test_a_changed_line_of_code_is_named(lesson):
    chinese, english = lesson
    cell = first_code_cell(chinese)
    cell.source = cell.source.replace("import", "import  os, ", 1)
    assert translations.structure_problems(chinese, english) == [
        f"cell {cell.id}: the code differs from English (only # comments may be translated)"
    ]


def test_a_changed_tag_and_a_moved_cell_are_caught(lesson):
    chinese, english = lesson
    chinese.cells[3].metadata["tags"] = ["hide-input"]
    assert "tags" in translations.structure_problems(chinese, english)[0]
    chinese.cells[3:5] = [chinese.cells[4], chinese.cells[3]]
    assert "order differ" in translations.structure_problems(chinese, english)[0]


def test_a_changed_output_is_named_and_a_masked_one_is_not(lesson):
    chinese, english = lesson
    assert translations.output_differences(chinese, english) == []
    printed = [index for index, cell in enumerate(chinese.cells) if cell.cell_type == "code"
               and any(output.get("name") == "stdout" for output in cell.outputs)]

    def stdout(notebook, index):
        return next(output for output in notebook.cells[index].outputs if output.get("name") == "stdout")

    stdout(chinese, printed[0]).text += "a different number: 0.43\n"
    stdout(chinese, printed[1]).text += "took 1.5 s\n"
    stdout(english, printed[1]).text += "took 0.2 s\n"  # elapsed times are masked, as nbval masks them
    assert translations.output_differences(chinese, english) == [chinese.cells[printed[0]].id]


def test_a_stream_split_in_pieces_equals_the_whole(lesson):
    chinese, english = lesson
    cell = next(cell for cell in chinese.cells if cell.cell_type == "code" and len(cell.outputs) == 1
                and cell.outputs[0].get("name") == "stdout" and len(cell.outputs[0].text) > 4)
    text = cell.outputs[0].text
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text[:3]),
                    nbformat.v4.new_output("stream", name="stdout", text=text[3:])]
    assert translations.output_differences(chinese, english) == []


def test_copied_outputs_make_a_translation_pass(lesson, tmp_path, monkeypatch):
    chinese, english = lesson
    for cell in chinese.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    folder = tmp_path / "notebooks"
    (folder / "zh_CN").mkdir(parents=True)
    nbformat.write(english, folder / "01_lesson.ipynb")
    nbformat.write(chinese, folder / "zh_CN" / "01_lesson.ipynb")
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    assert translations.output_differences(chinese, english) != []
    translations.copy_outputs(folder / "zh_CN" / "01_lesson.ipynb")
    copied = read(folder / "zh_CN" / "01_lesson.ipynb")
    assert translations.output_differences(copied, english) == []
    assert [cell.source for cell in copied.cells] == [cell.source for cell in chinese.cells], "the text is kept"


def test_outputs_are_not_copied_onto_other_code(lesson, tmp_path, monkeypatch):
    chinese, english = lesson
    cell = first_code_cell(chinese)
    cell.source = cell.source.replace("import", "import  os, ", 1)
    folder = tmp_path / "notebooks"
    (folder / "zh_CN").mkdir(parents=True)
    nbformat.write(english, folder / "01_lesson.ipynb")
    nbformat.write(chinese, folder / "zh_CN" / "01_lesson.ipynb")
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    with pytest.raises(SystemExit, match="the code differs from English"):
        translations.copy_outputs(folder / "zh_CN" / "01_lesson.ipynb")


def write_pair(folder: Path, english, chinese) -> Path:
    (folder / "notebooks" / "zh_CN").mkdir(parents=True)
    nbformat.write(english, folder / "notebooks" / "01_lesson.ipynb")
    nbformat.write(chinese, folder / "notebooks" / "zh_CN" / "01_lesson.ipynb")
    return folder / "notebooks" / "zh_CN" / "01_lesson.ipynb"


def test_sync_keeps_translations_and_takes_the_new_english(lesson, tmp_path, monkeypatch):
    chinese, english = lesson
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    added = nbformat.v4.new_markdown_cell("A new English paragraph.")
    added.id = "01-new"
    english.cells.insert(4, added)
    changed = first_code_cell(english)
    changed.source = changed.source.replace("import", "import  os, ", 1)
    dropped = english.cells.pop(9)
    path = write_pair(tmp_path, english, chinese)
    assert translations.sync(path) == [changed.id, "01-new"]  # in the order of the English cells
    synced = read(path)
    assert translations.structure_problems(synced, english) == []
    assert translations.untranslated_cells(synced, english) == ["01-new"]
    assert dropped.id not in [cell.id for cell in synced.cells]
    kept = next(cell for cell in synced.cells if cell.cell_type == "markdown" and cell.id != "01-new")
    assert kept.source.startswith("中文："), "a translated cell keeps its translation"


def test_apply_takes_translated_comments_and_refuses_other_code(lesson, tmp_path, monkeypatch):
    chinese, english = lesson
    monkeypatch.setattr(translations, "ROOT", tmp_path)
    path = write_pair(tmp_path, english, chinese)
    cell = first_code_cell(english)
    cells = tmp_path / "cells.json"
    cells.write_text(json.dumps({cell.id: cell.source + "\n# 一行中文注释"}), encoding="utf-8")
    translations.apply(path, cells)
    assert read(path).cells[english.cells.index(cell)].source.endswith("# 一行中文注释")
    cells.write_text(json.dumps({cell.id: cell.source + "\nprint('more code')"}), encoding="utf-8")
    with pytest.raises(SystemExit, match="must be the English code"):
        translations.apply(path, cells)


def test_an_untranslated_markdown_cell_is_named(lesson):
    chinese, english = lesson
    markdown = next(index for index, cell in enumerate(english.cells) if cell.cell_type == "markdown")
    chinese.cells[markdown].source = english.cells[markdown].source
    assert translations.untranslated_cells(chinese, english) == [english.cells[markdown].id]


def test_a_changed_english_cell_is_named_after_the_stamp(lesson):
    chinese, english = lesson
    chinese.metadata[translations.METADATA_KEY] = {"english_cells": translations.english_hashes(english)}
    assert translations.changed_since_translation(chinese, english) == []
    english.cells[5].source += " A new English sentence."
    removed = english.cells.pop(7)
    assert translations.changed_since_translation(chinese, english) == [
        english.cells[5].id,
        f"{removed.id} (removed)",
    ]


# --- Terms, pages and README -----------------------------------------------------------------------------


def chinese_texts() -> list[tuple[str, str]]:
    """Every Chinese text a reader sees: lesson Markdown and comments, the pages, the README."""
    texts = [(page.relative_to(ROOT).as_posix(), page.read_text(encoding="utf-8")) for page in CHINESE_PAGES]
    texts.append(("README.zh-CN.md", (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")))
    for path in translations.translations("zh_CN"):
        for cell in read(path).cells:
            texts.append((f"{path.name} cell {cell.id}", cell.source))
    return texts


def test_the_glossary_is_used_consistently():
    avoided = {term: entry["zh"] for entry in GLOSSARY for term in entry.get("avoid", [])}
    found = [
        f"{where}: {term!r} (the glossary says {preferred!r})"
        for where, text in chinese_texts()
        for term, preferred in avoided.items()
        if term in text
    ]
    assert found == []


#: Emphasis in italics around Chinese characters, which have no italic form: ``*text*``, also inside a word (Markdown
#: allows it for ``*``), and ``_text_`` not inside a word.
ITALIC_CHINESE = re.compile(
    r"(?<!\*)\*(?![*\s])[^*\n]*[\u4e00-\u9fff][^*\n]*(?<![*\s])\*(?!\*)|(?<![_\w])_(?!_)[^_\n]*[\u4e00-\u9fff][^_\n]*_(?!_)"
)


def prose_of(markdown: str) -> str:
    """Markdown without its code blocks, inline code and maths, where * and _ are not emphasis."""
    return re.sub(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$", " ", markdown, flags=re.S)


def test_no_italics_on_chinese_text():
    """Chinese characters have no italic form; the style guide (book/chinese-style.md) asks for bold, or nothing."""
    texts = [(page.relative_to(ROOT).as_posix(), page.read_text(encoding="utf-8")) for page in CHINESE_PAGES]
    texts += [(f"{path.name} cell {cell.id}", cell.source) for path in translations.translations("zh_CN")
              for cell in read(path).cells if cell.cell_type == "markdown"]  # fmt: skip
    found = [f"{where}: {match.group(0)!r}" for where, text in texts
             for match in ITALIC_CHINESE.finditer(prose_of(text))]  # fmt: skip
    assert found == []


def test_the_italics_check_catches_what_it_must():
    assert ITALIC_CHINESE.search(prose_of("以及*连续*是什么意思"))
    assert not ITALIC_CHINESE.search(prose_of("以及**连续**是什么意思，`a * b` 与 $x_1 * x_2$，file_name_here"))


#: The style guide's limit: at most this many sentences over 80 characters in one Chinese lesson.
LONG_SENTENCES_PER_LESSON = 3


def long_sentences(markdown: str) -> list[str]:
    """The sentences of a Chinese Markdown text's prose that have over 80 characters (spaces not counted).

    Code, maths and HTML count as one character each and link targets not at all; headings and tables are left out.

    >>> [len(sentence) for sentence in long_sentences("短句。" + "很" * 80 + "。`code`")]
    [81]
    """
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$|`[^`\n]+`", "X", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text))
    blocks = [block.strip() for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)", text)]
    prose = [block for block in blocks if block and not block.startswith(("#", "|", ":::"))]
    sentences = [sentence for block in prose for sentence in re.split(r"(?<=[。！？；])", block)]
    return [sentence for sentence in sentences if len(re.sub(r"\s", "", sentence)) > 80]


@pytest.mark.parametrize("english", ENGLISH, ids=lambda path: path.stem)
def test_at_most_three_long_sentences_per_chinese_lesson(english):
    chinese, _ = pair(english)
    markdown = [cell.source for cell in chinese.cells if cell.cell_type == "markdown"]
    found = [sentence for source in markdown for sentence in long_sentences(source)]
    assert len(found) <= LONG_SENTENCES_PER_LESSON, "split these (book/chinese-style.md §1):\n" + "\n".join(found)


def test_the_long_sentence_check_counts_what_the_style_guide_counts():
    assert long_sentences("很" * 79 + "。") == [] and len(long_sentences("很" * 80 + "。")) == 1  # 。 counts
    assert long_sentences("```\n" + "很" * 100 + "\n```") == [] and long_sentences("## " + "很" * 100) == []
    assert len(long_sentences("- " + "很" * 40 + "\n- " + "很" * 41)) == 0  # list items are sentences of their own


def test_the_glossary_pages_hold_the_table_of_glossary_yml():
    """The pages carry the table (book/generate_tables.py writes it), so they read right in JupyterLab too."""
    spec = importlib.util.spec_from_file_location("generate_tables", ROOT / "book" / "generate_tables.py")
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    for edition in tables.EDITIONS:
        page = tables.glossary_page(edition).read_text(encoding="utf-8")
        assert page == tables.with_glossary_table(page, edition), f"{edition}: run book/generate_tables.py"
        assert "{include}" not in page


def test_the_glossary_has_one_chinese_term_per_english_term():
    english = [entry["en"] for entry in GLOSSARY]
    chinese = [entry["zh"] for entry in GLOSSARY]
    assert len(set(english)) == len(english) and len(set(chinese)) == len(chinese)


def toc_files(path: Path) -> list[str]:
    toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [toc["root"], *(chapter["file"] for part in toc["parts"] for chapter in part["chapters"])]


def test_the_chinese_site_has_every_page_of_the_english_one():
    english = toc_files(ROOT / "book" / "_toc.yml")
    chinese = toc_files(ROOT / "book" / "zh_CN" / "_toc.yml")
    assert sorted(chinese) == sorted(english)
    for page in english:
        if not page.startswith("notebooks/"):
            assert (ROOT / "book" / "zh_CN" / f"{page}.md").is_file(), page
            assert translations.has_chinese((ROOT / "book" / "zh_CN" / f"{page}.md").read_text(encoding="utf-8"))


def test_each_readme_links_the_other_from_its_first_lines():
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "](README.zh-CN.md)" in "\n".join(english.splitlines()[:3])
    assert "](README.md)" in "\n".join(chinese.splitlines()[:3])


def test_the_chinese_readme_gives_the_same_two_commands():
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    for command in ("make lab", "make test"):
        assert re.search(rf"^{command}\b", chinese, re.M), f"{command} in a code block of README.zh-CN.md"
