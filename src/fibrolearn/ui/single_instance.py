"""A second FibroLearn on the same data folder brings the first one to the front, then exits.

The data folder's lock (:mod:`fibrolearn.instance_lock`) decides who runs; this module only
carries the "come to the front" message, and the answer that it did, over a local socket (a
Unix socket, or a named pipe on Windows) whose name is derived from the data folder.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fibrolearn.paths import AppPaths
from fibrolearn.ui.app_preferences import load_preferences, ui_settings
from fibrolearn.ui.markers import marker
from fibrolearn.ui.questions import tell
from fibrolearn.ui.theme import Appearance, new_application

_ACTIVATE = b"activate\n"
# Sent back once the window is in front: a copy that is closing (its window gone, its
# background work finishing) still accepts the message, but nothing reads it.
_ACTIVATED = b"activated\n"
_WAIT_MS = 3000
# A copy still starting is not listening yet, and a try to reach it then fails at once.
_RETRY_PAUSE_S = 0.1


def server_name(paths: AppPaths) -> str:
    """The socket name for a data folder: the same for every copy using that folder."""
    # The path's bytes as the system has them: a folder name that is not UTF-8 (Latin-1, from
    # an old disk) cannot be encoded as text.
    digest = hashlib.sha256(os.fsencode(paths.data_dir.resolve())).hexdigest()
    return f"fibrolearn-{digest[:20]}"


def activate_running_copy(paths: AppPaths, reason: Exception) -> int:
    """Ask the copy that holds the data folder to come to the front; returns the exit status.

    The running copy may still be starting, so the connection is retried for a few seconds;
    it is said to be in front only once it answers so.
    """
    # No application yet: one that shows windows would need a display, and without one Qt
    # ends the process before the reason below is printed.
    socket = QLocalSocket()
    if not _connect(socket, server_name(paths), _WAIT_MS):
        return _refused(str(reason), paths)
    return _bring_to_front(socket, paths)


def activate_copy_listening(paths: AppPaths) -> int | None:
    """For a data folder that could not be locked: bring a copy running on it to the front.

    A read-only folder with no lock file in it cannot be locked, so no copy is refused it;
    one already running there still listens. Returns the exit status, or None when no copy
    answers at once (this one then starts; not waiting, as every start there passes here).
    """
    socket = QLocalSocket()
    if not _connect(socket, server_name(paths), wait_ms=0):
        return None
    return _bring_to_front(socket, paths)


def _bring_to_front(socket: QLocalSocket, paths: AppPaths) -> int:
    """Ask the copy at the other end of ``socket`` to come to the front; the exit status."""
    socket.write(_ACTIVATE)
    answered = socket.waitForBytesWritten(_WAIT_MS) and _answer(socket) == _ACTIVATED
    socket.disconnectFromServer()
    if not answered:
        return _refused(
            f"FibroLearn is running with the data folder {paths.data_dir} but did not answer "
            "(it may be closing). Try again in a moment.",
            paths,
        )
    print(
        f"FibroLearn is already running with the data folder {paths.data_dir}; "
        "its window was brought to the front."
    )
    return 0


def _refused(message: str, paths: AppPaths) -> int:
    """Say why this copy does not start, on the terminal and in a window that can be seen."""
    print(f"fibrolearn: {message}", file=sys.stderr)
    if shows_windows():  # a copy started from an icon has no terminal to print to
        app = QCoreApplication.instance() or _application_as_chosen(paths)
        if isinstance(app, QApplication):
            tell(None, QMessageBox.Icon.Information, "FibroLearn", message)
    return 1


def _application_as_chosen(paths: AppPaths) -> QApplication:
    """An application in the text size and theme the learner chose, as the app's window has.

    The one window this copy shows must be as readable as the app: in Qt's own look its
    text was half the size a learner at 200 % reads.
    """
    app = new_application(sys.argv[:1])
    Appearance(app, app).apply(load_preferences(ui_settings(paths)))
    return app


def shows_windows() -> bool:
    """Whether a window can be seen.

    Not on Qt's offscreen or minimal platforms, and on Linux only with a display to draw on
    (without one, Qt would end the process).
    """
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _connect(socket: QLocalSocket, name: str, wait_ms: int) -> bool:
    """Connect to ``name``, trying again until about ``wait_ms`` have passed."""
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        socket.connectToServer(name)
        if socket.waitForConnected(250):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(_RETRY_PAUSE_S)


def _answer(socket: QLocalSocket) -> bytes:
    """The line the running copy sends back within ``_WAIT_MS``; empty if none came."""
    deadline = time.monotonic() + _WAIT_MS / 1000
    while not socket.canReadLine():
        left_ms = round((deadline - time.monotonic()) * 1000)
        if left_ms <= 0 or not socket.waitForReadyRead(left_ms):
            return b""
    return bytes(socket.readLine().data())


class ActivationServer(QObject):
    """Listens for later copies, brings ``window`` to the front when one asks, and says so."""

    activated = Signal()

    def __init__(self, paths: AppPaths, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._server = QLocalServer(self)
        name = server_name(paths)
        # This process holds the folder's lock, or found no one listening where none can be
        # held, so a socket file left by a crash is stale.
        QLocalServer.removeServer(name)
        self._server.newConnection.connect(self._accept)
        self.listening = self._server.listen(name)

    def _accept(self) -> None:
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(_ACTIVATE.strip()):
            self.bring_to_front()
            connection.write(_ACTIVATED)

    def bring_to_front(self) -> None:
        """Show, un-minimise, raise and focus the window."""
        window = self._window
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        self.activated.emit()
        marker("activated")
