"""JupyterLab really runs the lessons, and lesson 03's learning-rate widget redraws its figure."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, save_screenshot

LESSONS = ["01_tensors.ipynb", "02_autograd.ipynb", "03_linear_regression_from_scratch.ipynb"]
WIDGET_LESSON = "03_linear_regression_from_scratch.ipynb"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab on 127.0.0.1, serving copies of the lessons (autosave must never touch the repository)."""
    work = tmp_path / "work"
    work.mkdir()
    for lesson in LESSONS:
        shutil.copy(ROOT / "notebooks" / lesson, work / lesson)
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "COURSE_DEVICE": "cpu",
    }
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={work}",
        "--ServerApp.open_browser=False",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(tmp_path / "jupyterlab.log", "w")  # noqa: SIM115
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'jupyterlab.log').read_text()[-3000:]}")
            time.sleep(0.5)
    yield {"url": base, "token": token, "process": server, "log": tmp_path / "jupyterlab.log"}
    if server.poll() is None:
        server.kill()
        server.wait()
    log.close()


def shut_down(jupyterlab) -> int:
    request = urllib.request.Request(
        f"{jupyterlab['url']}/api/shutdown", method="POST", headers={"Authorization": f"token {jupyterlab['token']}"}
    )
    urllib.request.urlopen(request, timeout=10)
    return jupyterlab["process"].wait(timeout=30)


def figure_source(page) -> str:
    image = page.locator(".widget-interact .jp-OutputArea-output img, .widget-interact .widget-output img").first
    image.wait_for(timeout=60_000)
    return image.get_attribute("src")


@pytest.mark.browser
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_runs_in_jupyterlab(page, jupyterlab, lesson):
    page.set_default_timeout(60_000)
    page.goto(f"{jupyterlab['url']}/lab/tree/{lesson}?token={jupyterlab['token']}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()

    page.get_by_text(re.compile(r"\| Idle")).first.wait_for()  # the kernel has started

    page.locator(".lm-MenuBar-itemLabel", has_text="Edit").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Clear Outputs of All Cells").first.click()
    page.wait_for_function("() => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').length === 0")
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # Every code cell gets a number: none is left waiting ("[*]") or unrun ("[ ]").
    page.wait_for_function(
        """() => {
            const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
            // Collapsed solution cells show no prompt; every other cell must show its number.
            const shown = prompts.map(p => p.textContent.trim()).filter(text => text !== '');
            return shown.length > 0 && shown.every(text => /^\\[\\d+\\]:$/.test(text));
        }""",
        timeout=180_000,
    )
    page.get_by_text(re.compile(r"\| Idle")).first.wait_for()
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.first.inner_text() if errors.count() else ""
    assert page.locator(".jp-RenderedImage img").count() >= 1

    if lesson == WIDGET_LESSON:
        move_the_learning_rate_slider(page)

    assert shut_down(jupyterlab) == 0
    assert "Traceback" not in Path(jupyterlab["log"]).read_text()


def move_the_learning_rate_slider(page) -> None:
    """Press the right arrow on the learning-rate slider, and wait for the kernel to redraw the figure."""
    slider = page.locator(".widget-slider", has=page.locator(".widget-label", has_text="learning rate"))
    before = figure_source(page)
    slider.locator(".noUi-handle, .slider-handle").first.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => Array.from(document.querySelectorAll('.widget-interact img'))"
        ".some(img => img.src && img.src !== before)",
        arg=before,
        timeout=60_000,
    )
    save_screenshot(page, "jupyterlab_03")
