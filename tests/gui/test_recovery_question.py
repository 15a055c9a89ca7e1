"""The question asked about a damaged collection: read in full at the largest text, and safe
to answer with Enter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from collection_driving import when_modal
from fitting import cut_off, fits_screen
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from fibrolearn.domain.backups import BackupReason
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.recovery import CollectionDamagedError
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.backup_dialog import RecoveryChoice, ask_recovery
from fibrolearn.ui.main_window import MainWindow

# Where Windows keeps the collection for an ordinary account: backslashes and no spaces.
SET_ASIDE = Path(
    r"C:\Users\Alexandra.Featherstonehaugh\AppData\Local\FibroLearn"
    r"\collection.sqlite3.damaged-20260304-120000"
)


def widest_line(label: QLabel) -> int:
    """How wide ``label``'s text is wrapped at its width (wider when a word cannot break)."""
    room = label.contentsRect().width()
    flags = Qt.TextFlag.TextWordWrap
    return label.fontMetrics().boundingRect(QRect(0, 0, room, 0), flags, label.text()).width()


def asked_at_the_largest_text(
    qtbot, window: MainWindow, error: CollectionDamagedError, look: Callable[[QMessageBox], None]
) -> None:
    """Ask about ``error`` at 200 % text; ``look`` at the box as it is shown, then Esc."""
    window.apply_preferences(AppPreferences(text_scale=200))

    def shown(box: QMessageBox) -> None:
        qtbot.wait(50)  # laid out and sized as shown
        look(box)
        box.reject()

    when_modal(qtbot, shown)
    assert ask_recovery(window, error) is RecoveryChoice.QUIT
    window.apply_preferences(AppPreferences())


def test_at_the_largest_text_every_answer_shows_in_full_on_the_screen(
    qtbot, make_window, services: Services, paths: AppPaths, screenshot
) -> None:
    """Found in a bug hunt: the four buttons, "Show Details…" among them, were squeezed into
    one row ("estore the backu") wider than the screen."""
    backup = services.backups.backup(BackupReason.MANUAL)
    moved_to = paths.data_dir / "collection.sqlite3.damaged-20260304-120000"
    seen: list[tuple[list[str], bool]] = []

    def look(box: QMessageBox) -> None:
        seen.append((cut_off(box), fits_screen(box)))
        screenshot(box, "recovery-question-200-percent")

    error = CollectionDamagedError(moved_to, ("page 3 is damaged",), backup)
    asked_at_the_largest_text(qtbot, make_window(services), error, look)
    assert seen == [([], True)]


def test_at_the_largest_text_a_windows_path_set_aside_can_be_read_in_full(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Found in a bug hunt: Qt found nowhere to break a path of backslashes, so where the
    damaged collection was set aside was cut off at the box's edge."""
    widths: list[tuple[int, int]] = []

    def look(box: QMessageBox) -> None:
        label = box.findChild(QLabel, "qt_msgbox_label")
        widths.append((widest_line(label), label.contentsRect().width()))
        screenshot(box, "recovery-question-windows-path-200-percent")

    error = CollectionDamagedError(SET_ASIDE, ("page 3 is damaged",), None)
    asked_at_the_largest_text(qtbot, make_window(services), error, look)
    needed, shown = widths[0]
    assert needed <= shown, f"the path needs {needed} px, the box shows {shown} px of it"


def test_the_path_set_aside_is_copied_as_it_is(qtbot, make_window, services: Services) -> None:
    """Found in review: copied from the box (Ctrl+C), the path kept the unseen spaces that
    let it wrap, and pasted in a file manager it led nowhere."""

    def copy(box: QMessageBox) -> None:
        label = box.findChild(QLabel, "qt_msgbox_label")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSelection(0, len(label.text()))
        qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    error = CollectionDamagedError(SET_ASIDE, ("page 3 is damaged",), None)
    asked_at_the_largest_text(qtbot, make_window(services), error, copy)
    assert f"It is now at:\n{SET_ASIDE}\n" in QApplication.clipboard().text()


def test_enter_keeps_a_damaged_collection_without_a_backup_rather_than_start_empty(
    qtbot, make_window, services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: with no backup to offer, Qt made "Start with an empty collection"
    the default. Starting empty cannot be taken back in the app, so Enter quits."""
    window = make_window(services)

    def enter(box: QMessageBox) -> None:
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    when_modal(qtbot, enter)
    moved_to = paths.data_dir / "collection.sqlite3.damaged-20260304-120000"
    damaged = CollectionDamagedError(moved_to, ("page 3 is damaged",), None)
    assert ask_recovery(window, damaged) is RecoveryChoice.QUIT


def test_with_every_backup_damaged_too_the_question_says_they_were_checked(
    qtbot, make_window, services: Services, paths: AppPaths
) -> None:
    """Found in a bug hunt: "There is no backup to restore", while the folder held three."""
    window = make_window(services)
    asked: list[str] = []

    def read(box: QMessageBox) -> None:
        asked.append(box.text())
        box.reject()

    when_modal(qtbot, read)
    moved_to = paths.data_dir / "collection.sqlite3.damaged-20260304-120000"
    damaged = CollectionDamagedError(moved_to, ("page 3 is damaged",), None, passed_over=3)
    assert ask_recovery(window, damaged) is RecoveryChoice.QUIT
    assert asked[0].endswith(
        "\n\nNone of the 3 backups passed the check either, so there is none to restore. "
        "Start with an empty collection?"
    )
