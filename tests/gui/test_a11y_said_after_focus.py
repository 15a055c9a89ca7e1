"""What a screen reader is told is said once the focus has moved to where it goes, not before.

Said first, an outcome was cut short: the screen reader then named the control the focus moved
to. A refused deck name or search given by a button, a file that cannot be imported, a fit's
verdict with "Use the new fit" to press: each was heard only in part, if at all.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from test_browse_page import ANKI_PACKAGE, Host
from test_interop_dialogs import shown
from ui_driving import CTRL, press, when_dialog_opens

from conftest import Held
from fibrolearn.domain.statistics import FitReport, FitScore, FitStatus
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.deck_name_dialog import DeckNameDialog
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.tasks import TaskRunner

Heard = list[tuple[str, QWidget | None]]


def heard_with_focus(announcer: Announcer, monkeypatch: pytest.MonkeyPatch) -> Heard:
    """What ``announcer`` says from now on, each with the widget that had the focus as it did."""
    heard: Heard = []
    say = announcer.announce

    def said(text: str) -> None:
        heard.append((text, QApplication.focusWidget()))
        say(text)

    monkeypatch.setattr(announcer, "announce", said)
    return heard


def test_a_name_refused_from_the_rename_button_is_said_in_the_name_box(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusal = "Another deck is already called “Other”: choose a name of its own."

    def rename(_name: str) -> str:
        raise ValueError(refusal)

    dialog = DeckNameDialog("Small deck", rename, lambda _name: refusal)
    shown(qtbot, dialog)
    heard = heard_with_focus(dialog._announcer, monkeypatch)
    press(qtbot, Qt.Key.Key_Tab)  # from the name to Rename
    assert QApplication.focusWidget().accessibleName() == "Rename the deck"

    press(qtbot, Qt.Key.Key_Space)

    assert heard == [(refusal, dialog.editor)]
    assert dialog.editor.selectedText() == "Small deck"  # to type over


def test_a_search_mistake_from_the_search_button_is_said_in_the_search_box(
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = Host(qtbot, services)
    page = host.page
    heard = heard_with_focus(page._announcer, monkeypatch)
    qtbot.keyClicks(page.search, 'deck:"Small')
    page.search_button.setFocus()

    press(qtbot, Qt.Key.Key_Space)

    [(said, focus)] = heard
    assert said == page.problem.text() and said.startswith("Cannot search: ")
    assert focus is page.search and page.search.selectedText() == '"Small'
    host.tasks.wait()


def test_a_file_that_cannot_be_read_is_refused_once_the_focus_is_on_cancel(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = threading.Event()  # the file is read once its window is up
    inspect = services.importer.inspect

    def read_when_open(path: Path) -> object:
        opened.wait(10)
        return inspect(path)

    monkeypatch.setattr(services.importer, "inspect", read_when_open)
    dialog = ImportDialog(None, services, tasks, tmp_path / "gone.csv")
    heard = heard_with_focus(dialog.announcer, monkeypatch)
    shown(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.deck_edit

    opened.set()
    qtbot.waitUntil(lambda: bool(heard))

    [(said, focus)] = heard
    assert said.startswith("This file cannot be imported. ")
    assert focus is dialog.cancel


def better_fit() -> FitReport:
    return FitReport(
        reviews=2000,
        train_items=1600,
        test_items=400,
        cutoff=datetime(2026, 1, 1, tzinfo=UTC),
        default=FitScore(0.40, 0.05),
        fitted=FitScore(0.30, 0.04),
        parameters=(0.5,) * 21,
    )


def test_a_better_fit_is_said_once_the_focus_is_on_use_the_new_fit(
    qtbot, services: Services, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch, held: Held
) -> None:
    optimize = services.optimize
    monkeypatch.setattr(optimize, "status", lambda: FitStatus(2000, 1000))
    monkeypatch.setattr(optimize, "fit", lambda _progress=None: better_fit())
    counted = held(optimize, "status")  # counted in the background, once the dialog shows
    dialog = OptimizeDialog(services, tasks)
    heard = heard_with_focus(dialog._announcer, monkeypatch)
    shown(qtbot, dialog)
    counted.set()
    qtbot.waitUntil(dialog.start_button.isEnabled)
    assert heard == [(dialog.explanation.text(), dialog.start_button)]  # Start focused first

    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.report is not None)

    verdict = (dialog.verdict.text(), dialog.apply_button)
    assert heard[-1] == verdict and "Use it?" in verdict[0]
    press(qtbot, Qt.Key.Key_Space)  # uses it
    assert heard[-1] == (dialog.verdict.text(), dialog.close_button)
    assert dialog.verdict.text().startswith("Done: ")
    tasks.wait()


def test_a_note_added_is_said_once_the_focus_is_back_in_the_first_field(
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in an editing hunt: "Added to Small deck. Type the next note…" was said, then
    the focus went back to the Front field, whose name cut it short."""
    host = Host(qtbot, services)
    heard: Heard = []
    front: list[QWidget] = []
    # Said by the Add window alone: the page behind it said it too, and it was heard twice.
    heard_behind = heard_with_focus(host.page._announcer, monkeypatch)

    def add(dialog: QWidget) -> None:
        said = heard_with_focus(dialog._announcer, monkeypatch)
        front.append(dialog.editors["front"])
        qtbot.keyClicks(QApplication.focusWidget(), "Which hormone rises on waking?")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Cortisol")
        press(qtbot, Qt.Key.Key_Return, CTRL)  # from the Back field
        heard.extend(said)
        press(qtbot, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, add)
    press(qtbot, Qt.Key.Key_N, CTRL)
    host.tasks.wait()

    assert [(text.split(".")[0], focus) for text, focus in heard] == [
        ("Added to Small deck", front[0])
    ]
    assert heard_behind == []
    assert host.page.status.text() == "Added 1 card to Small deck."


@pytest.mark.parametrize("imported", [False, True], ids=["own-kind", "anki-note-type"])
def test_a_note_saved_in_browse_is_said_once_the_editor_has_closed(
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch, imported: bool
) -> None:
    """Found in an editing hunt: "Saved the note." was said while the editor was still open,
    and cut short by the screen reader's naming of where the focus went back to."""
    if imported:
        services.importer.run(ANKI_PACKAGE, ImportOptions())
    host = Host(qtbot, services)
    heard: list[tuple[str, QWidget | None]] = []
    say = host.page._announcer.announce
    monkeypatch.setattr(
        host.page._announcer,
        "announce",
        lambda text: heard.append((text, QApplication.activeModalWidget())) or say(text),
    )
    if imported:  # the note of Anki's own note type
        qtbot.keyClicks(host.page.search, "pain -processed -loss")
        press(qtbot, Qt.Key.Key_Return)
    host.page.table.setFocus()
    qtbot.waitUntil(host.page.table.hasFocus)

    def edit(dialog: QWidget) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), " really")
        press(qtbot, Qt.Key.Key_Return, CTRL)

    when_dialog_opens(qtbot, edit)
    heard.clear()
    press(qtbot, Qt.Key.Key_Return)
    host.tasks.wait()

    assert heard == [("Saved the note.", None)]
