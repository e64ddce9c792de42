"""The course's public home: one setting, copied everywhere a learner meets it.

The repository's address and the branch or release tag that learners install from live in
one place, ``repository.url`` and ``repository.branch`` in ``book/_config.yml`` (the website's
launch and download buttons read them there). This script copies them into every lesson's
bootstrap cell, the README and the landing page; ``tests/test_course_home.py`` fails when a copy
differs. To publish the course under another address, edit ``book/_config.yml`` and run
``make home``.

Example:
    >>> url, ref = course_home()
    >>> url.startswith("https://")
    True
    >>> "COURSE_PACKAGE_SOURCE" in bootstrap_source(url, ref)
    True
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "book" / "_config.yml"
#: Every text file that shows the clone command, and so the repository's address.
CLONE_COMMAND_FILES = [
    ROOT / "README.md",
    ROOT / "README.zh-CN.md",
    ROOT / "book" / "intro.md",
    ROOT / "book" / "zh_CN" / "intro.md",
]
CLONE_COMMAND = re.compile(r"git clone (\S+)")
#: The setup pages' one-click classroom link (nbgitpuller), which names the repository and the branch.
PULL_LINK_FILES = [ROOT / "book" / "setup.md", ROOT / "book" / "zh_CN" / "setup.md"]
PULL_LINK = re.compile(r"git-pull\?repo=([^&\s]+)&branch=([^&\s]+)")
BOOTSTRAP_TAG = "remove-cell"  # shown in JupyterLab and Colab, left out of the website

BOOTSTRAP_TEMPLATE = '''\
# Colab, Binder, or this notebook downloaded on its own: install the course's helper package if it
# is missing. It adds only what is missing and never replaces torch, torchvision or numpy.
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

COURSE_PACKAGE = "{archive}"  # the course's home: repository.url and .branch in book/_config.yml
HOW_TO_FIX = """To fix it, then run this cell again:
- no pip in this Python (as in an environment made by `uv venv`): run `python -m ensurepip` with it, or install uv;
- offline: where you are online, run `pip wheel --no-deps {{source}}`, bring the .whl file here and set the
  environment variable COURSE_PACKAGE_SOURCE to its path (installing from a folder or an archive needs the
  package index, for the build tool hatchling)."""


def install_course_package(source: str) -> None:
    keep = [f"{{name}}=={{importlib.metadata.version(name)}}" for name in ("torch", "torchvision", "numpy")
            if importlib.util.find_spec(name)]
    # pip is asked in a subprocess: importing it here would make setuptools' distutils shim (Python 3.10 venvs)
    # break torch's optimizers later in this kernel.
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode == 0:
        installer = [sys.executable, "-m", "pip", "install"]
    elif shutil.which("uv"):  # an environment made by `uv venv` has no pip, but uv installs into it
        installer = [shutil.which("uv"), "pip", "install", "--python", sys.executable]
    else:
        raise RuntimeError(f"This Python ({{sys.executable}}) has no pip, and uv is not installed, so the course "
                           f"package cannot be installed.\\n{{HOW_TO_FIX.format(source=source)}}")
    print("Installing the course package (a few seconds) ...")
    with tempfile.TemporaryDirectory() as folder:
        constraints = Path(folder) / "keep-installed.txt"
        constraints.write_text("\\n".join(keep))
        command = [*installer, "--quiet", "-c", str(constraints), source]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Could not install the course package from {{source}}:\\n{{result.stderr[-3000:]}}\\n"
                           f"{{HOW_TO_FIX.format(source=source)}}")
    importlib.invalidate_caches()


if importlib.util.find_spec("helpers") is None:
    install_course_package(os.environ.get("COURSE_PACKAGE_SOURCE") or COURSE_PACKAGE)'''


def course_home() -> tuple[str, str]:
    """Return the repository's address and the branch or tag learners install from."""
    repository = yaml.safe_load(CONFIG.read_text())["repository"]
    return repository["url"].rstrip("/"), str(repository["branch"])


def bootstrap_source(url: str, ref: str) -> str:
    """Return the source of the bootstrap cell that installs the package from ``url`` at ``ref``."""
    return BOOTSTRAP_TEMPLATE.format(archive=f"{url}/archive/{ref}.zip")


def lesson_paths() -> list[Path]:
    """Every lesson notebook of the course."""
    return sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))


def sync_notebook(path: Path, source: str) -> bool:
    """Make the notebook's first code cell the bootstrap cell; return whether the file changed."""
    notebook = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    first = code_cells[0] if code_cells else None
    if first is not None and BOOTSTRAP_TAG in first.metadata.get("tags", []):
        if first.source == source:
            return False
        first.source = source
    else:
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": [BOOTSTRAP_TAG]})
        cell.id = f"{path.name[:2]}-bootstrap"
        notebook.cells.insert(notebook.cells.index(first) if first is not None else 1, cell)
    nbformat.write(notebook, path)
    return True


def pull_link_query(url: str, ref: str) -> str:
    """Return the start of a classroom link's query: the repository (URL-encoded) and the branch.

    Example:
        >>> pull_link_query("https://github.com/me/course", "main")
        'git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Fcourse&branch=main'
    """
    return f"git-pull?repo={quote(url, safe='')}&branch={quote(ref, safe='')}"


def main() -> None:
    """Copy the course's home into the bootstrap cells and the clone commands."""
    url, ref = course_home()
    source = bootstrap_source(url, ref)
    changed = [path for path in lesson_paths() if sync_notebook(path, source)]
    for path in sorted(set(CLONE_COMMAND_FILES + PULL_LINK_FILES)):
        text = path.read_text()
        updated = CLONE_COMMAND.sub(f"git clone {url}", text)
        updated = PULL_LINK.sub(pull_link_query(url, ref), updated)
        if updated != text:
            path.write_text(updated)
            changed.append(path)
    for path in changed:
        print(f"updated {path.relative_to(ROOT)}")
    if any(path.suffix == ".ipynb" for path in changed):
        print("Re-execute the changed lessons with `make execute` before committing.", file=sys.stderr)


if __name__ == "__main__":
    main()
