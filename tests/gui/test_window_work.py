"""A window's background work answering after the window itself was deleted under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget
from shiboken6 import delete

from fibrolearn.ui.tasks import TaskRunner, WindowWork


class HeldRunner(TaskRunner):
    """Keeps each job's answers, to give them when the test says: no thread, no waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[Callable[[Any], None], ...]] = []

    def run(self, work: Callable[[], Any], *answers: Callable[[Any], None]) -> None:
        self.answers.append(answers)  # on_done, on_error


def _dialog_in(parent: QWidget, tasks: TaskRunner) -> tuple[QDialog, WindowWork]:
    dialog = QDialog(parent)
    return dialog, WindowWork(dialog, tasks)


def test_an_answer_after_the_parent_window_took_the_window_with_it_is_not_given(qapp) -> None:
    """Seen in a test teardown: the parent closed while the work ran, and the answer then
    reached a window Qt had deleted ("Internal C++ object already deleted")."""
    tasks, parent = HeldRunner(), QWidget()
    dialog, work = _dialog_in(parent, tasks)
    told: list[object] = []
    unheard: list[Exception] = []
    work.run(lambda: "read", dialog.setWindowTitle, told.append)
    work.run(lambda: None, told.append, told.append, unheard=unheard.append)
    delete(parent)  # the dialog goes with it, still open as far as it knew

    tasks.answers[0][0]("read")
    failure = OSError("disk gone")
    tasks.answers[1][1](failure)

    assert told == []  # nothing reached the deleted window
    assert unheard == [failure]  # a failure that matters is still heard


def test_a_closed_window_deleted_before_its_work_answered_is_not_freed_again(qapp) -> None:
    """The app quitting deletes a window closed while its work ran; the answer then asked
    Qt to delete it once more."""
    tasks, parent = HeldRunner(), QWidget()
    _dialog, work = _dialog_in(parent, tasks)
    unheard: list[Exception] = []
    work.run(lambda: None, lambda _result: None, lambda _error: None, unheard=unheard.append)
    work.closed()  # kept until its work has ended
    delete(parent)
    failure = OSError("disk gone")

    tasks.answers[0][1](failure)

    assert unheard == [failure]
