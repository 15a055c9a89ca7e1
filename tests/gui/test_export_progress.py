"""Exports run on the worker thread: the window keeps answering, shows progress, can cancel.

Exporting a large collection once froze the window for seconds at a time, and saving the
review log froze it for the whole write. Here the work is held on the worker thread at a
known point while the test, on the UI thread, checks what the window shows meanwhile.
"""

from __future__ import annotations

import errno
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from ui_driving import ALT, when_dialog_opens

from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths, unwritable_target
from fibrolearn.services.container import Services
from fibrolearn.storage import export_repo
from fibrolearn.ui.export_dialog import ExportDialog
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.tasks import TaskRunner
from file_faults import files_cut_short_at

HOLD_SECONDS = 10  # the longest a held export waits for the test (it is let go at once)


class Hold:
    """Where the held work stops, and the threads it ran on."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []

    def here(self) -> None:
        self.threads.append(threading.current_thread())
        if not self.release.wait(HOLD_SECONDS):
            raise TimeoutError("the test never let the work go on")


@pytest.fixture
def held_after_one_note(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    """Exports read one note per chunk and wait after the first until the test lets them go."""
    hold = Hold()
    read = export_repo.export_chunks

    def chunks(*args: Any, **kwargs: Any) -> Iterator[export_repo.ExportData]:
        for index, data in enumerate(read(*args, **kwargs)):
            if index == 1:
                hold.here()
            yield data

    monkeypatch.setattr(export_repo, "CHUNK_NOTES", 1)
    monkeypatch.setattr(export_repo, "export_chunks", chunks)
    yield hold
    hold.release.set()  # a failed test must not leave the worker waiting


def open_dialog(
    qtbot, services: Services, tasks: TaskRunner, target: Path, owner: QWidget | None = None
) -> ExportDialog:
    """The window, of ``owner`` (the main window, say) or of its own."""
    dialog = ExportDialog(owner, services, tasks)
    if owner is None:  # one the test expects to be freed is not there to close at the end
        qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.path_edit.setText(str(target))
    return dialog


def test_the_export_shows_its_progress_and_cancel_leaves_no_file(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, held_after_one_note: Hold
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog = open_dialog(qtbot, services, tasks, folder / "deck.apkg")

    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)

    # The export waits on the worker thread; the window goes on answering and shows it. (The
    # first note's progress can show before the worker reaches the hold: wait for both.)
    qtbot.waitUntil(lambda: bool(held_after_one_note.threads))
    assert held_after_one_note.threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: dialog.status.text() == "Exporting… 1 of 3 notes")
    bar = dialog.progress_bar
    assert bar.isVisible() and (bar.value(), bar.maximum()) == (1, 3)
    assert not dialog.export_button.isEnabled()
    assert dialog.cancel_button.isVisible() and QApplication.focusWidget() is dialog.cancel_button

    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # Ca&ncel export (a mnemonic clicks after a beat)
    qtbot.waitUntil(lambda: dialog.status.text() == "Cancelling…")
    assert not dialog.cancel_button.isEnabled()
    # Said too: the focus went on to Close, which says nothing of the export stopping.
    assert QApplication.focusWidget().text() == "C&lose"
    assert dialog._announcer.last == "Cancelling…"
    held_after_one_note.release.set()

    qtbot.waitUntil(lambda: dialog.status.text() != "Cancelling…")
    assert dialog.status.text() == "The export was cancelled; nothing was written."
    assert dialog._announcer.last == dialog.status.text()  # said as well as shown
    assert list(folder.iterdir()) == []  # not the package, nor a part of it
    assert dialog.export_button.isEnabled()
    assert not dialog.cancel_button.isVisible() and not bar.isVisible()


def test_escape_while_exporting_cancels_and_keeps_the_older_file(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, held_after_one_note: Hold
) -> None:
    older = tmp_path / "deck.apkg"
    older.write_bytes(b"the learner's earlier export")
    dialog = open_dialog(qtbot, services, tasks, older)
    when_dialog_opens(qtbot, lambda question: qtbot.keyClick(question, Qt.Key.Key_R, ALT))

    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)  # and replace it, when asked
    qtbot.waitUntil(lambda: dialog.status.text() == "Exporting… 1 of 3 notes")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert dialog.isVisible()  # Esc cancels the export; the window stays to say so
    assert dialog.status.text() == "Cancelling…"
    held_after_one_note.release.set()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("The export was cancelled"))
    assert older.read_bytes() == b"the learner's earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "deck.apkg", "decks"]


def test_an_export_the_disk_refuses_says_what_to_do_and_works_once_there_is_room(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: a full disk was said as the system's "No space left on device"
    alone, with nothing of what to do."""
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    target = folder / "deck.apkg"
    dialog = open_dialog(qtbot, services, tasks, target)

    def no_space(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)  # a mnemonic clicks after a beat
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Nothing was exported."))
    assert dialog.status.text() == (
        f"Nothing was exported. {target} cannot be written: No space left on device. Free some "
        "space there, then export again."
    )
    assert dialog._announcer.last == dialog.status.text()  # said as well as shown
    assert QApplication.focusWidget() is dialog.export_button
    assert list(folder.iterdir()) == []  # not the package, nor its work folder

    monkeypatch.undo()  # space was freed
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Exported 3 notes"))
    assert [path.name for path in folder.iterdir()] == ["deck.apkg"]


def answered(services: Services, answers: int) -> Services:
    deck = services.decks.list_decks()[0].deck_id
    for _ in range(answers):
        card = services.study.next_card(deck)
        assert card is not None
        services.study.answer(card.card_id, Rating.GOOD, 3000, shown_state=card.state)
    return services


def test_the_review_log_is_saved_on_the_worker_thread(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered(services, 3)
    hold = Hold()
    write = services.revlog.export_csv

    def held(path: Path) -> int:
        hold.here()
        return write(path)

    monkeypatch.setattr(services.revlog, "export_csv", held)
    page = ProgressPage(services, tasks)
    qtbot.addWidget(page)
    out = tmp_path / "log.csv"

    page.export_log(out)

    # Handed to the worker: the button waits, and the notice says what is going on.
    qtbot.waitUntil(lambda: bool(hold.threads))
    assert hold.threads[0] is not threading.main_thread()
    assert not page.export_button.isEnabled()
    assert page.notice.text() == f"Saving the review log to {out}…"
    hold.release.set()
    qtbot.waitUntil(page.export_button.isEnabled)
    assert page.notice.text() == f"Saved 3 answers to {out}."
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 3


def test_a_full_disk_while_saving_the_review_log_is_said_in_plain_words(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_path: Path) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(services.revlog, "export_csv", full)
    page = ProgressPage(answered(services, 1), tasks)
    qtbot.addWidget(page)
    out = tmp_path / "log.csv"

    page.export_log(out)

    qtbot.waitUntil(page.export_button.isEnabled)
    assert page.notice.text() == (
        f"Could not save the review log to {out}. Your disk is full, so the export could not "
        "finish; it changed nothing. Free some space, then try again."  # it was reading
    )
    assert not out.exists()


@pytest.mark.parametrize("name", ["report.pdf", "report.png"])
def test_a_report_the_disk_cuts_short_is_neither_kept_nor_called_saved(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, name: str
) -> None:
    """Found in a bug hunt: on a disk that filled up as the PDF report was written, Qt's
    writer said nothing; the file, cut short, took the report's name and was said saved."""
    page = ProgressPage(answered(services, 1), tasks)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    with qtbot.waitExposed(page):
        page.show()
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / name
    out.write_bytes(b"last week's report")

    with files_cut_short_at(20_000):  # a report is larger
        assert page.save_report(out) == []
    assert page.notice.text() == f"Could not save the report to {out}: File too large."
    assert page._announcer.last == page.notice.text()
    assert out.read_bytes() == b"last week's report"
    assert [path.name for path in folder.iterdir()] == [name]  # no work file left either

    assert page.save_report(out)  # once there is room
    assert out.read_bytes()[:4] in (b"%PDF", b"\x89PNG")


def test_neither_the_review_log_nor_the_report_replaces_the_collection(
    qtbot, services: Services, tasks: TaskRunner, paths: AppPaths
) -> None:
    """Found in a bug hunt: an export named like the collection replaced it."""
    page = ProgressPage(answered(services, 1), tasks)
    qtbot.addWidget(page)
    kept = paths.collection.read_bytes()
    for save in (page.export_log, page.save_report):
        save(paths.collection)
        tasks.wait()
        assert page.notice.text() == unwritable_target(paths.collection)
        assert page.export_button.isEnabled()
    assert paths.collection.read_bytes() == kept


def test_a_closed_export_window_is_freed_once_its_export_has_ended(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, held_after_one_note: Hold
) -> None:
    # Each File ▸ Export opens a new window: one kept after closing stayed in memory, with
    # its connections, until the app ended.
    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = open_dialog(qtbot, services, tasks, tmp_path / "deck.apkg", owner)
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: dialog.status.text() == "Exporting… 1 of 3 notes")
    dialog.done(0)  # the main window closing takes its windows with it, export or not

    qtbot.wait(50)
    assert shiboken6.isValid(dialog)  # the export's answer must find the window still there
    held_after_one_note.release.set()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    assert (tmp_path / "deck.apkg").exists()  # it finished: closing did not cancel it


def test_an_idle_export_window_is_freed_when_closed(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = open_dialog(qtbot, services, tasks, tmp_path / "deck.apkg", owner)
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)  # C&lose
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
