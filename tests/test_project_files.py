"""The environment files agree with each other and with the course's pins."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def requirement_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt pins every package exactly: {line!r}"
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_torch_and_torchvision_are_pinned_to_the_course_versions():
    pins = requirement_pins()
    assert pins["torch"] == "2.14.1"
    assert pins["torchvision"] == "0.29.1"


def test_requirements_list_what_the_course_needs():
    pins = requirement_pins()
    for name in ["jupyterlab", "ipywidgets", "matplotlib", "nbval", "jupyter-book", "tqdm", "pytest"]:
        assert name in pins, f"{name} missing from requirements.txt"
    assert pins["jupyter-book"].startswith("1."), "Jupyter Book 2 cannot build offline"


def test_uv_is_pinned_for_make_venv_installer_uv():
    # The Makefile installs the pinned uv first (`grep -Eo '^uv==[^ ]+' requirements.txt`), then the rest with it.
    makefile = (ROOT / "Makefile").read_text()
    assert "grep -Eo '^uv==[^ ]+' requirements.txt" in makefile
    assert re.search(r"^uv==[^ ]+", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert "uv" in requirement_pins()


def test_conda_environment_installs_the_same_requirements():
    text = (ROOT / "environment.yml").read_text()
    assert "- -r requirements.txt" in text
    assert "- -e ." in text
    assert "python=3.11" in text


def test_data_directory_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "data/" in ignored


def test_code_is_mit_and_text_is_cc_by_sa():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "Attribution-ShareAlike 4.0 International" in content
    assert "https://creativecommons.org/licenses/by-sa/4.0/legalcode" in content
    project = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^license = "MIT"', project, re.M), "an SPDX expression, not the deprecated table"
    assert re.search(r'^license-files = \["LICENSE"\]$', project, re.M)
    readme = (ROOT / "README.md").read_text()
    assert "[MIT licence](LICENSE)" in readme and "[CC BY-SA 4.0](LICENSE-CONTENT)" in readme
    footer = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())["html"]["extra_footer"]
    assert "CC BY-SA 4.0" in footer and "MIT" in footer
