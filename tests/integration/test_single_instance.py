"""Two copies on one data folder: the second brings the first to the front and writes nothing."""

from __future__ import annotations

import errno
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from fibrolearn import cli, instance_lock
from fibrolearn.instance_lock import AlreadyRunningError, InstanceLock
from fibrolearn.paths import resolve_paths
from fibrolearn.storage import file_check
from fibrolearn.ui import single_instance
from fibrolearn.ui.app_preferences import AppPreferences, save_preferences, ui_settings
from fibrolearn.ui.single_instance import ActivationServer
from fibrolearn.ui.theme_palettes import Theme, load_palettes

TIMEOUT = 60


def app_command(data: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of FibroLearn on ``data``, offscreen, with markers."""
    env = os.environ | {"FIBROLEARN_MARKERS": "1", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("FIBROLEARN_HOME", None)
    return [sys.executable, "-m", "fibrolearn", "--data-dir", str(data), *args], env


@contextmanager
def idle_app(data: Path) -> Iterator[tuple[subprocess.Popen[str], queue.Queue[str]]]:
    """FibroLearn on ``data``, once its start-up backup is done (so it is idle), and the
    lines it prints; killed afterwards, as in a crash (the kernel drops its lock)."""
    command, env = app_command(data)
    app = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line.strip()) for line in app.stdout])
    reader.start()
    try:
        wait_for(lines, "deck-list-drawn")
        wait_for(lines, "backup-checked")
        yield app, lines
    finally:
        app.kill()
        app.wait(TIMEOUT)
        reader.join(TIMEOUT)
        app.stdout.close()


def wait_for(lines: queue.Queue[str], marker: str) -> None:
    while (line := lines.get(timeout=TIMEOUT)) != f"fibrolearn-marker: {marker}":
        assert line, "the app stopped before the marker"


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command, env = app_command(data, *args)
    return subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, timeout=TIMEOUT
    )


def files_state(data: Path) -> dict[str, tuple[int, int]]:
    return {
        path.name: (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(data.rglob("*"))
        if path.is_file() and path.name != "ui.ini"
    }


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_second_copy_brings_the_first_to_the_front_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with idle_app(data) as (_first, lines):
        before = files_state(data)

        second = run(data)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        assert "brought to the front" in second.stdout
        wait_for(lines, "activated")

        headless = run(data, "backup")
        assert headless.returncode == 1
        assert "FibroLearn is already running with the data folder" in headless.stderr

        assert files_state(data) == before  # neither copy wrote anything

    after_crash = run(data, "backup")
    assert after_crash.returncode == 0, after_crash.stderr
    assert "Backed up" in after_crash.stdout

    # The crashed copy left its socket behind; a new first copy replaces it and answers.
    with idle_app(data) as (_restarted, lines):
        assert run(data).returncode == 0
        wait_for(lines, "activated")


# FibroLearn as ``python -m fibrolearn ARGS`` runs it, in a folder where no lock file can be
# made (a read-only disk); these tests run as root, which any folder lets write.
WITHOUT_A_LOCK_FILE = """
from fibrolearn import __main__, instance_lock

def read_only(path):
    raise PermissionError(30, "Read-only file system", str(path))

instance_lock._opened_to_lock = read_only
__main__.main()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_second_copy_finds_the_first_where_the_folder_cannot_be_locked(
    tmp_path: Path,
) -> None:
    """Found in a bug hunt: a read-only folder with no lock file kept no copy out, so a second
    window opened on the same collection."""
    data = tmp_path / "data"
    with idle_app(data) as (_first, lines):
        command, env = app_command(data)
        second = subprocess.run(
            [sys.executable, "-c", WITHOUT_A_LOCK_FILE, *command[3:]],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=TIMEOUT,
        )
        assert second.returncode == 0, second.stderr
        assert "its window was brought to the front" in second.stdout
        wait_for(lines, "activated")


def test_a_second_copy_waits_for_a_first_copy_still_starting(tmp_path: Path, qtbot) -> None:
    data = tmp_path / "data"
    # This process plays a first copy still starting: it holds the folder from its start,
    # and listens only once its window is drawn.
    starting = InstanceLock(data)
    starting.acquire()
    command, env = app_command(data)
    second = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    window = QWidget()
    qtbot.addWidget(window)
    try:
        qtbot.wait(1000)  # the second copy is up (in about 0.2 s) and finds no one listening
        ActivationServer(resolve_paths(data), window)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=TIMEOUT * 1000)
    finally:
        second.kill()  # (nothing, once it has ended)
        out, err = second.communicate(timeout=TIMEOUT)
        starting.release()
    assert second.returncode == 0, err
    assert "brought to the front" in out
    assert window.isVisible()


# A first copy started while its folder was read-only: it runs unlocked until the file the
# test names is gone (the folder is writable then).
READ_ONLY_UNTIL_TOLD = """
import sys
from pathlib import Path
from fibrolearn import __main__, instance_lock

read_only = Path(sys.argv.pop(1))
opened = instance_lock._opened_to_lock

def read_only_until_told(path):
    if read_only.exists():
        raise PermissionError(30, "Read-only file system", str(path))
    return opened(path)

instance_lock._opened_to_lock = read_only_until_told
__main__.main()
"""


def wait_until_held(data: Path) -> None:
    """Return once another process holds ``data``'s lock (fail after TIMEOUT s)."""
    deadline = time.monotonic() + TIMEOUT
    probe = InstanceLock(data)
    while time.monotonic() < deadline:
        try:
            probe.acquire()
        except AlreadyRunningError:
            return
        probe.release()
        time.sleep(0.1)
    pytest.fail(f"no process locked {data} in {TIMEOUT} s")


def test_a_window_started_unlocked_locks_its_folder_once_it_can(tmp_path: Path) -> None:
    """Found in review: a window started on a read-only folder ran unlocked; once the folder
    was writable, a command, then a copy started from the icon, each locked it and wrote
    beside that window, which could no longer be brought to the front."""
    data, read_only = tmp_path / "data", tmp_path / "read-only"
    read_only.touch()
    command, env = app_command(data)
    first = subprocess.Popen(
        [sys.executable, "-c", READ_ONLY_UNTIL_TOLD, str(read_only), *command[3:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line.strip()) for line in first.stdout])
    reader.start()
    try:
        wait_for(lines, "backup-checked")
        read_only.unlink()  # the folder is writable now
        wait_until_held(data)  # by the window, which tries every 2 s
        command_run = run(data, "backups")
        assert command_run.returncode == 1
        assert "FibroLearn is already running with the data folder" in command_run.stderr
        second = run(data)
        assert second.returncode == 0, second.stderr
        assert "brought to the front" in second.stdout
        wait_for(lines, "activated")
    finally:
        first.kill()
        first.wait(TIMEOUT)
        reader.join(TIMEOUT)
        first.stdout.close()


def test_the_folder_is_taken_once_whichever_thread_asks(tmp_path: Path) -> None:
    """The window's timer and its Try again both lock the folder: the second ask finds it
    held by this process, not by another copy."""
    lock = InstanceLock(tmp_path / "data")
    assert lock.acquire()
    assert lock.acquire()  # not "already running"
    assert cli.lock_when_free(lock)()
    lock.release()


def test_a_folder_a_command_holds_is_tried_again_later(tmp_path: Path) -> None:
    data = tmp_path / "data"
    command = InstanceLock(data)
    command.acquire()
    window = InstanceLock(data)
    take = cli.lock_when_free(window)
    assert take() is False  # held a while by the command: not an error for the window
    command.release()
    assert take() is True and window.held
    window.release()


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP")
def test_a_second_copy_says_so_when_the_first_does_not_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with idle_app(data) as (first, lines):
        # Stopped, it stands for a copy whose window has closed while it finishes its
        # background work: its socket still takes the message, but nothing reads it.
        first.send_signal(signal.SIGSTOP)
        try:
            second = run(data)
        finally:
            first.send_signal(signal.SIGCONT)
        assert second.returncode == 1
        assert "brought to the front" not in second.stdout
        assert "did not answer (it may be closing). Try again in a moment." in second.stderr

        # Going on, the first copy reads the message left for it, and answers the next copy.
        wait_for(lines, "activated")
        assert run(data).returncode == 0
        wait_for(lines, "activated")


def test_a_copy_started_from_an_icon_says_why_in_a_window(
    tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in review: with a command holding the folder, the copy ended saying nothing."""
    data = tmp_path / "data"
    command = InstanceLock(data)  # a command run in a terminal, with no window to answer
    command.acquire()
    shown: list[str] = []
    monkeypatch.setattr(single_instance, "shows_windows", lambda: True)
    monkeypatch.setattr(single_instance, "_WAIT_MS", 300)  # nobody will listen: no need to wait
    monkeypatch.setattr(
        single_instance, "tell", lambda _parent, _icon, _title, text: shown.append(text)
    )
    try:
        with pytest.raises(AlreadyRunningError) as raised:
            InstanceLock(data).acquire()
        status = single_instance.activate_running_copy(resolve_paths(data), raised.value)
    finally:
        command.release()

    assert status == 1
    assert shown == [str(raised.value)]
    assert "in a window or a command. Close the window or let the command finish" in shown[0]
    assert shown[0] in capsys.readouterr().err


# A copy started from an icon, with no copy answering: the window's look when it says why.
_REFUSED_IN_A_WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication
from fibrolearn.paths import resolve_paths
from fibrolearn.ui import single_instance

single_instance.shows_windows = lambda: True
single_instance._WAIT_MS = 300  # nobody will listen: no need to wait
seen = []

def tell(_parent, _icon, _title, _text):
    app = QApplication.instance()
    base = app.property("fibrolearnBasePointSize") or app.font().pointSizeF()
    seen.append([app.font().pointSizeF() / base, app.palette().window().color().name()])

single_instance.tell = tell
single_instance.activate_running_copy(resolve_paths(sys.argv[1]), Exception("held"))
print(json.dumps(seen))
"""


def test_the_window_saying_why_has_the_learners_text_size_and_theme(tmp_path: Path) -> None:
    """Found in a bug hunt: at 200 % text in the dark theme, it came at 9 points, unstyled."""
    data = tmp_path / "data"
    chosen = AppPreferences(theme=Theme.DARK, text_scale=200)
    assert save_preferences(ui_settings(resolve_paths(data)), chosen)
    # In a fresh interpreter, as a second copy starts: this one has its QApplication already.
    shown = subprocess.run(
        [sys.executable, "-c", _REFUSED_IN_A_WINDOW, str(data)],
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
    )
    assert json.loads(shown.stdout) == [[2.0, load_palettes()[Theme.DARK].window]]


@pytest.mark.parametrize(
    "refusal",
    [
        # Found in review: left by a run under another account, it was skipped, so both ran.
        PermissionError(errno.EACCES, "Permission denied"),
        # Found in a bug hunt: on a disk mounted read-only, the lock file there was skipped,
        # so an icon opened twice quickly opened two windows on the collection.
        OSError(errno.EROFS, "Read-only file system"),
    ],
    ids=["another-accounts", "read-only-disk"],
)
def test_a_lock_file_that_cannot_be_written_still_keeps_a_second_copy_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: OSError
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / ".fibrolearn.lock").touch()
    open_file = Path.open

    def refused_for_writing(path: Path, mode: str = "r", *args: object, **kwargs: object):
        if path.name == ".fibrolearn.lock" and mode != "rb":
            raise refusal
        return open_file(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused_for_writing)
    first = InstanceLock(data)
    assert first.acquire()
    try:
        with pytest.raises(AlreadyRunningError):
            InstanceLock(data).acquire()
    finally:
        first.release()
    again = InstanceLock(data)
    assert again.acquire()  # and once let go, it can be taken again
    again.release()


def test_a_file_system_that_keeps_no_locks_is_not_taken_for_a_copy_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: on a network share whose lock service is not running, every lock
    is refused (ENOLCK), and FibroLearn said it was already running, so it never started."""

    def no_locks_kept(descriptor: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(instance_lock, "_try_lock", no_locks_kept)
    lock = InstanceLock(tmp_path / "share")
    assert lock.acquire() is False  # runs unlocked, as in a folder it may not write to
    assert not lock.held


def read_only_lock_file(path: Path):
    raise PermissionError(30, "Read-only file system", str(path))


def test_a_folder_writable_again_is_locked_before_the_window_writes_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Try again opens a collection for writing that a read-only folder kept unlocked at start:
    without taking the lock then, a copy started later would write to it as well."""
    data = tmp_path / "data"
    paths = resolve_paths(data)
    lock = InstanceLock(data)
    monkeypatch.setattr(instance_lock, "_opened_to_lock", read_only_lock_file)
    assert not lock.acquire()  # the folder could not be locked at start
    monkeypatch.undo()  # and is writable now
    open_for_window = cli.locking_opener(paths, lock, file_check.file_problems)
    services = open_for_window()
    try:
        assert lock.held and not services.database.read_only
        with pytest.raises(AlreadyRunningError):
            InstanceLock(data).acquire()  # a second copy stays out
    finally:
        services.close()
        lock.release()


def test_a_copy_that_took_the_folder_meanwhile_stops_the_window_opening_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    other = InstanceLock(data)
    other.acquire()
    try:
        open_for_window = cli.locking_opener(
            resolve_paths(data), InstanceLock(data), file_check.file_problems
        )
        with pytest.raises(AlreadyRunningError):
            open_for_window()
        assert not resolve_paths(data).collection.exists()  # nothing was written
    finally:
        other.release()


def test_a_data_folder_named_in_another_encoding_is_listened_on(tmp_path: Path, qtbot) -> None:
    """Found in a bug hunt: a folder name that is not UTF-8 (Latin-1 bytes, from an old disk)
    gave no socket name, so the window stopped there and never opened its collection."""
    latin_1 = resolve_paths(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
    utf_8 = resolve_paths(tmp_path / "café")
    window = QWidget()
    qtbot.addWidget(window)
    assert ActivationServer(latin_1, window).listening
    assert single_instance.server_name(latin_1) != single_instance.server_name(utf_8)


@pytest.mark.skipif(sys.platform == "win32", reason="folder names are text on Windows")
def test_a_data_folder_named_in_another_encoding_runs_one_copy(tmp_path: Path) -> None:
    """Found in a bug hunt: named on the command line, such a folder crashed the app as Qt
    was given its arguments."""
    data = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
    with idle_app(data) as (_first, lines):
        command, env = app_command(data)
        second = subprocess.run(
            command,
            capture_output=True,
            env=env,
            check=False,
            timeout=TIMEOUT,
            text=True,
            errors="replace",  # the folder's name, printed as it is
        )
        assert second.returncode == 0, second.stderr
        assert "brought to the front" in second.stdout
        wait_for(lines, "activated")
