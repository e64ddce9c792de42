"""Write the configuration of each translated edition of the website from the English one.

The website is configured once, in ``book/_config.yml``. A translated edition lives in ``book/<code>/``
(its pages and its ``_toc.yml``, with translated captions) and is built into
``book/_build/html/<code>/``. Its ``_config.yml`` is written by this script, before each build, as
the English configuration with only what a translation must change: the title, Sphinx's language
(the theme's own labels, the search), the folder of its lessons in the repository, the labels of
collapsed cells and paths one folder up. ``make book`` runs it; the files it writes are git-ignored.

The Chinese search index is split into words by jieba. So that a reader who searches for a whole
term (梯度下降) finds it, not only its parts (梯度, 下降), the glossary's Chinese terms are given to
jieba as a user dictionary (``book/_generated/zh_CN/search_words.txt``).

Usage (from the repository root)::

    .venv/bin/python book/editions.py zh_CN   # writes book/zh_CN/_config.yml

Example:
    >>> config = edition_config(english_config(), "zh_CN")
    >>> config["sphinx"]["config"]["language"], config["sphinx"]["local_extensions"]["course_site"]
    ('zh_CN', '../_ext/')
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from translations import has_chinese  # book/translations.py, beside this script

BOOK = Path(__file__).resolve().parent
SEARCH_WORDS = BOOK / "_generated" / "zh_CN" / "search_words.txt"

#: What each translated edition changes in the English configuration.
TRANSLATED = {
    "zh_CN": {
        "title": "PyTorch 从零到一",
        "author": "PyTorch from Zero to One 的作者们",
        "extra_footer": (
            '<p>文字与插图：<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>。'
            "代码：MIT 许可证。MNIST 数据集由 Y. LeCun、C. Cortes 与 C. J. C. Burges 提供，CC BY-SA 3.0。</p>"
        ),
        "sphinx": {
            "language": "zh_CN",
            "course_edition": "zh_CN",
            "course_links_mirrored": {"notebooks": "notebooks/zh_CN"},
            "nb_code_prompt_show": "显示隐藏的代码单元格",
            "nb_code_prompt_hide": "隐藏代码单元格",
        },
    },
}


def english_config() -> dict[str, Any]:
    """Return the English edition's configuration, as written in ``book/_config.yml``."""
    return yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))


def edition_config(english: dict[str, Any], code: str) -> dict[str, Any]:
    """Return the configuration of the edition ``code``: the English one, translated and one folder down."""
    changes = TRANSLATED[code]
    config = copy.deepcopy(english)
    config["title"] = changes["title"]
    config["author"] = changes["author"]
    config["html"]["extra_footer"] = changes["extra_footer"]
    config["exclude_patterns"] = [pattern for pattern in config.get("exclude_patterns", []) if pattern != code]
    sphinx = config["sphinx"]
    sphinx["local_extensions"] = {name: f"../{path}" for name, path in sphinx["local_extensions"].items()}
    sphinx["config"]["html_static_path"] = [f"../{path}" for path in sphinx["config"]["html_static_path"]]
    sphinx["config"].update(changes["sphinx"])
    return config


def search_words() -> list[str]:
    """Return the glossary's Chinese terms, one word each: "训练配方（配方）" gives 训练配方 and 配方.

    >>> "梯度下降" in search_words() and "暂退法" in search_words()
    True
    """
    entries = yaml.safe_load((BOOK / "glossary.yml").read_text(encoding="utf-8"))
    words = set()
    for entry in entries:
        for word in re.split(r"[（）/ ]+", entry["zh"]):
            if has_chinese(word):
                words.add(word)
    return sorted(words)


def write(code: str) -> Path:
    """Write ``book/<code>/_config.yml`` and return its path."""
    if code not in TRANSLATED:
        raise SystemExit(f"unknown edition {code!r}: the translated editions are {sorted(TRANSLATED)}")
    path = BOOK / code / "_config.yml"
    header = "# Written by book/editions.py from book/_config.yml: edit those, not this file.\n"
    config = edition_config(english_config(), code)
    if code == "zh_CN":
        SEARCH_WORDS.parent.mkdir(parents=True, exist_ok=True)
        SEARCH_WORDS.write_text("".join(f"{word} 1000\n" for word in search_words()), encoding="utf-8")
        config["sphinx"]["config"]["html_search_options"] = {"dict": str(SEARCH_WORDS)}
    path.write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    for edition in sys.argv[1:] or sorted(TRANSLATED):
        print(f"wrote {write(edition).relative_to(BOOK.parent)}")
