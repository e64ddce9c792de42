"""A classroom JupyterHub works as the setup page says: one link gives every student the lessons, and a second
click brings the teacher's updates while keeping the student's own work.

A real JupyterHub (its proxy, configurable-http-proxy, installed by `make test` from npm into tests/classroom/) runs
on 127.0.0.1 with nbgitpuller, the DummyAuthenticator and the SimpleLocalProcessSpawner: no root, no containers,
each student's home a temporary folder. The teacher's copy of the course is a git clone of this checkout. The test:

1. logs a student in, in Chromium, and follows the nbgitpuller link, whose format the setup page gives;
2. checks that the lessons arrived in the student's home, both editions;
3. runs lesson 01 in the student's own server, cell by cell, through the Jupyter API (REST and websocket);
4. edits another cell of lesson 01 as the student (saved through the API, as JupyterLab saves), changes the lesson's
   first cell in the teacher's copy and commits it, follows the link again, and checks that the student's copy has
   both: the teacher's update and the student's edit.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest
import requests
import websocket

from tests.browser.conftest import ROOT

BIN = Path(sys.executable).parent
PROXY = ROOT / "tests" / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
STUDENT = "student"
LESSON = "notebooks/01_tensors.ipynb"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(*arguments: str, cwd: Path) -> str:
    identity = ["-c", "user.name=Teacher", "-c", "user.email=teacher@example.org"]
    return subprocess.run(["git", *identity, *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout


def pull_link(hub: str, repository: Path, lesson: str) -> str:
    """The one-click link a teacher shares (book/setup.md gives the same format, with the course's address)."""
    return (f"{hub}/hub/user-redirect/git-pull?repo={quote(str(repository), safe='')}&branch=main"
            f"&urlpath={quote(f'lab/tree/{repository.name}/{lesson}', safe='')}")  # fmt: skip


@pytest.fixture
def teacher(tmp_path) -> Path:
    """The teacher's published copy of the course: a git repository on branch main, named as the course is."""
    copy = tmp_path / "teacher" / "pytorch-zero-to-one"
    copy.parent.mkdir()
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(copy)], check=True)
    git("checkout", "--quiet", "-B", "main", cwd=copy)
    return copy


@pytest.fixture
def hub(tmp_path):
    """A JupyterHub on 127.0.0.1 with nbgitpuller; each student's home is tmp_path/homes/<name>."""
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: `make test` installs it (npm ci in tests/classroom/)")
    port, token = free_port(), secrets.token_hex(16)
    folder = tmp_path / "hub"
    folder.mkdir()
    config = f"""
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{folder / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(folder / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp_path / "homes" / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--allow-root"] if {os.geteuid() == 0} else []
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{"COURSE_DEVICE": "cpu"}}
c.JupyterHub.services = [{{"name": "classroom-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "classroom-test", "services": ["classroom-test"],
                             "scopes": ["admin:users", "admin:servers", "access:servers"]}}]
"""
    (folder / "jupyterhub_config.py").write_text(config)
    log = open(folder / "hub.log", "w")  # noqa: SIM115
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
                   "JUPYTER_RUNTIME_DIR": str(folder / "runtime")}  # fmt: skip
    process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", "jupyterhub_config.py"], cwd=folder, env=environment,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/hub/api/", timeout=2).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"JupyterHub did not start:\n{(folder / 'hub.log').read_text()[-3000:]}")
        time.sleep(0.5)
    yield {"url": url, "token": token, "homes": tmp_path / "homes", "log": folder / "hub.log"}
    requests.delete(f"{url}/hub/api/users/{STUDENT}/server", headers={"Authorization": f"token {token}"}, timeout=30)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()


def follow(page, link: str, hub: dict, repository: Path) -> None:
    """Open the link as a student would, and wait until nbgitpuller has synced and sent them on to the lesson.

    The page the student is on finishes loading first: leaving JupyterLab while it still fetches its settings
    closes those requests under the server, which logs a StreamClosedError traceback that no student causes.
    """
    page.wait_for_load_state("networkidle", timeout=120_000)
    page.goto(link)
    page.wait_for_url(f"**/user/{STUDENT}/lab/tree/{repository.name}/**", timeout=120_000)


def run_notebook(hub: dict, path: str) -> int:
    """Run every code cell of a notebook in the student's server, in order, through the Jupyter REST and websocket
    API; return the number of cells run. Fails on the first cell that raises."""
    api = f"{hub['url']}/user/{STUDENT}/api"
    headers = {"Authorization": f"token {hub['token']}"}
    session = requests.post(f"{api}/sessions", headers=headers, timeout=60,
                            json={"path": path, "type": "notebook", "kernel": {"name": "python3"}})  # fmt: skip
    session.raise_for_status()
    kernel = session.json()["kernel"]["id"]
    channel = websocket.create_connection(f"{api.replace('http', 'ws', 1)}/kernels/{kernel}/channels",
                                          header=[f"Authorization: token {hub['token']}"], timeout=120)  # fmt: skip
    cells = [cell for cell in nbformat.read(hub["homes"] / STUDENT / path, as_version=4).cells
             if cell.cell_type == "code" and cell.source.strip()]  # fmt: skip
    try:
        for number, cell in enumerate(cells, start=1):
            request_id = uuid.uuid4().hex
            channel.send(json.dumps({
                "header": {"msg_id": request_id, "msg_type": "execute_request", "session": uuid.uuid4().hex,
                           "username": STUDENT, "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": cell.source, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))  # fmt: skip
            while True:
                message = json.loads(channel.recv())
                if message["parent_header"].get("msg_id") != request_id:
                    continue
                if message["msg_type"] == "error":
                    pytest.fail(f"cell {number} of {path} raised {message['content']['ename']}: "
                                f"{message['content']['evalue']}")  # fmt: skip
                if message["msg_type"] == "execute_reply":
                    assert message["content"]["status"] == "ok", message["content"]
                    break
    finally:
        channel.close()
        requests.delete(f"{api}/sessions/{session.json()['id']}", headers=headers, timeout=30)
    return len(cells)


def save_as_student(hub: dict, path: str, change) -> None:
    """Change the student's copy through the Contents API, as JupyterLab saves a notebook."""
    api = f"{hub['url']}/user/{STUDENT}/api/contents/{path}"
    headers = {"Authorization": f"token {hub['token']}"}
    model = requests.get(api, headers=headers, timeout=30).json()
    notebook = nbformat.from_dict(model["content"])
    change(notebook)
    saved = requests.put(api, headers=headers, json={"type": "notebook", "format": "json", "content": notebook},
                         timeout=30)  # fmt: skip
    saved.raise_for_status()


@pytest.mark.browser
@pytest.mark.slow
def test_a_student_gets_the_lessons_runs_one_and_keeps_their_work_when_the_teacher_updates(page, hub, teacher):
    student_copy = hub["homes"] / STUDENT / teacher.name
    page.set_default_timeout(60_000)
    page.goto(f"{hub['url']}/hub/login")
    page.fill("input[name=username]", STUDENT)
    page.fill("input[name=password]", "any password")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"**/user/{STUDENT}/**", timeout=120_000)  # logged in, and the student's server started

    link = pull_link(hub["url"], teacher, LESSON)
    follow(page, link, hub, teacher)
    lessons = sorted(path.relative_to(student_copy).as_posix() for path in student_copy.glob("notebooks/**/*.ipynb"))
    expected = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "notebooks").glob("**/[0-9][0-9]_*.ipynb"))
    assert lessons == expected, "every lesson of both editions arrives in the student's home"

    assert run_notebook(hub, f"{teacher.name}/{LESSON}") > 10, "lesson 01 ran to its end in the student's server"

    note = "My own note: a tensor is an array with a shape, a dtype and a device."
    save_as_student(hub, f"{teacher.name}/{LESSON}", lambda notebook: setattr(
        notebook.cells[-1], "source", f"{notebook.cells[-1].source}\n\n{note}"))  # the last cell: the student's edit
    lesson = nbformat.read(teacher / LESSON, as_version=4)
    update = "A teacher's update: read section 7 twice."
    lesson.cells[0].source += f"\n\n{update}"  # the first cell: the teacher's change
    nbformat.write(lesson, teacher / LESSON)
    git("commit", "--quiet", "-am", "Lesson 01: a note for the class", cwd=teacher)

    follow(page, link, hub, teacher)
    updated = nbformat.read(student_copy / LESSON, as_version=4)
    assert update in updated.cells[0].source, "the second click brings the teacher's update"
    assert note in updated.cells[-1].source, "and keeps the student's own edit"
    assert "Traceback" not in hub["log"].read_text()
