"""`make lab` really runs the lessons (both editions) in JupyterLab, saving only the learner's copy; lesson 03's
widget redraws.

JupyterLab is started the way a learner starts it, with `make lab` (as root in CI, which needs
`--allow-root`; the Makefile adds it), on a working copy in a temporary folder, once for the four lessons, which a
learner opens one after another. After a lesson is run and saved, the committed notebooks must be untouched
(`git status` clean); after the last one, JupyterLab must stop cleanly.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, save_screenshot

# The Chinese edition's first lesson too: `make lab` copies notebooks/zh_CN/ into lab/zh_CN/.
LESSONS = ["01_tensors.ipynb", "02_autograd.ipynb", "03_linear_regression_from_scratch.ipynb", "zh_CN/01_tensors.ipynb"]
WIDGET_LESSON = "03_linear_regression_from_scratch.ipynb"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """`make lab` on 127.0.0.1, serving the learner's copy of the lessons in a temporary folder: started once, as a
    learner starts it, for every lesson of this module (tests/parallel.py runs them on one worker). Once they have
    run, JupyterLab must stop cleanly (exit status 0) without a traceback in its log."""
    tmp_path = tmp_path_factory.mktemp("jupyterlab")
    work = tmp_path / "lab"
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "COURSE_DEVICE": "cpu",
    }
    options = [
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        "--ServerApp.open_browser=False",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    command = ["make", "--no-print-directory", "lab", f"LAB_DIR={work}", f"ARGS={' '.join(options)}"]
    log = open(tmp_path / "jupyterlab.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )  # its own process group: make and JupyterLab are stopped together
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGKILL)
                pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'jupyterlab.log').read_text()[-3000:]}")
            time.sleep(0.5)
    lab = {"url": base, "token": token, "process": server, "log": tmp_path / "jupyterlab.log", "work": work}
    try:
        yield lab
        assert shut_down(lab) == 0, "JupyterLab did not stop cleanly"
        assert "Traceback" not in lab["log"].read_text(), lab["log"].read_text()[-3000:]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
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
    status_before = git_status()
    page.set_default_timeout(60_000)
    # ?reset: a fresh workspace with only this lesson open, not the one JupyterLab kept from the previous lesson
    page.goto(f"{jupyterlab['url']}/lab/tree/{lesson}?reset&token={jupyterlab['token']}")
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

    saved = jupyterlab["work"] / lesson
    before_save = saved.stat().st_mtime_ns
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => !document.querySelector('.jp-mod-current .jp-mod-dirty, .lm-TabBar-tab.jp-mod-current.jp-mod-dirty')"
    )
    deadline = time.monotonic() + 30
    while saved.stat().st_mtime_ns == before_save and time.monotonic() < deadline:
        time.sleep(0.5)
    assert saved.stat().st_mtime_ns != before_save, "the learner's copy was saved"
    assert git_status() == status_before, "running and saving a lesson in `make lab` must not touch the repository"
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
