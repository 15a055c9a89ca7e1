"""At every text size the dialogs and the deck list show all their text: nothing is cut off."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fitting import cells_cut_off, cut_off, fits_screen
from PySide6.QtCore import SIGNAL, QEvent, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QProgressBar
from ui_driving import ALT, CTRL, back_to, laid_out, press, press_in, settled, when_dialog_opens

from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui import text_fit
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.collection_keeper import CollectionKeeper
from fibrolearn.ui.deck_list import DeckListPage
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.preferences_dialog import PreferencesDialog
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.read_aloud import ReadAloud
from fibrolearn.ui.tasks import TaskRunner

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
NO_SPEECH = (
    "Read aloud needs Qt's speech module, which is not installed. Install it with "
    "“pip install fibrolearn[speech]” (on Linux also the libpulse0 package), then restart "
    "FibroLearn."
)


@pytest.fixture
def window(make_window, services: Services) -> Iterator[MainWindow]:
    shown = make_window(services)
    yield shown
    shown.apply_preferences(AppPreferences())  # the tests after this one get the usual size


def text_at(window: MainWindow, scale: int) -> None:
    window.apply_preferences(AppPreferences(text_scale=scale))


def snug(dialog) -> bool:
    """As tall as its text needs at its width, and no taller: nothing to scroll, no gap."""
    body = dialog.scroller.widget()
    everything_in_view = dialog.scroller.verticalScrollBar().maximum() == 0
    return everything_in_view and body.height() == body.layout().totalHeightForWidth(body.width())


@pytest.mark.parametrize("scale", [100, 150, 200])
def test_gentle_session_dialog_shows_every_choice_in_full(
    qtbot, window: MainWindow, scale: int, screenshot
) -> None:
    text_at(window, scale)
    seen: dict[str, object] = {}

    def look(dialog) -> None:
        seen.update(cut=cut_off(settled(dialog)), fits_screen=fits_screen(dialog))
        screenshot(dialog, f"fit-gentle-{scale}")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_G, CTRL)
    back_to(qtbot, window)
    assert seen == {"cut": [], "fits_screen": True}


def test_a_screen_too_short_scrolls_the_text_and_keeps_the_buttons_in_view(
    qtbot, window: MainWindow, monkeypatch, screenshot
) -> None:
    # A 1366x768 laptop at 125 % display scaling, less its task bar, at 200 % text.
    short = QSize(1093, 520)
    monkeypatch.setattr(text_fit, "screen_room", lambda _widget: short)
    text_at(window, 200)
    seen: dict[str, object] = {}

    def look(dialog) -> None:
        settled(dialog)
        start = dialog.findChild(QDialogButtonBox).buttons()[0]
        press_in(qtbot, dialog, Qt.Key.Key_Tab)  # from "5 cards" to the energy choices
        for _ in range(3):
            press_in(qtbot, dialog, Qt.Key.Key_Down)  # to "Good", the last, out of view
        settled(dialog)
        good = dialog.focusWidget()
        in_view = dialog.scroller.viewport().rect()
        seen.update(
            focused=good.accessibleName(),
            height=dialog.height() <= short.height(),
            scrolls=dialog.scroller.verticalScrollBar().maximum() > 0,
            keyboard_stop=dialog.scroller.focusPolicy() == Qt.FocusPolicy.StrongFocus,
            start_shown=dialog.rect().contains(start.geometry().translated(start.parent().pos())),
            focus_in_view=in_view.contains(
                good.mapTo(dialog.scroller.viewport(), good.rect().center())
            ),
        )
        screenshot(dialog, "fit-gentle-200-short-screen")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_G, CTRL)
    back_to(qtbot, window)
    fine = ("height", "scrolls", "keyboard_stop", "start_shown", "focus_in_view")
    assert seen == {"focused": "Good"} | dict.fromkeys(fine, True)


def test_preferences_grow_to_say_why_read_aloud_cannot_work(
    qtbot, window: MainWindow, monkeypatch, screenshot
) -> None:
    monkeypatch.setattr(ReadAloud, "problem", lambda _self: NO_SPEECH)
    seen: list[tuple[int, bool, list[str], bool, bool]] = []

    def look(dialog, scale: int) -> None:
        settled(dialog)
        status = dialog.speech_status.isVisible()
        seen.append((scale, status, cut_off(dialog), fits_screen(dialog), snug(dialog)))
        screenshot(dialog, f"fit-preferences-read-aloud-{scale}")

    def change(dialog) -> None:
        for _ in range(4):  # theme, text size, reduce motion, two buttons, read aloud
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_Space)  # tick "Read cards aloud"
        look(dialog, 100)
        press_in(qtbot, dialog, Qt.Key.Key_X, ALT)  # to the text size slider
        press_in(qtbot, dialog, Qt.Key.Key_End)
        look(dialog, 200)
        press_in(qtbot, dialog, Qt.Key.Key_Home)
        look(dialog, 75)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, change)
    press(qtbot, Qt.Key.Key_Comma, CTRL)
    back_to(qtbot, window)
    assert seen == [(scale, True, [], True, True) for scale in (100, 200, 75)]


def test_deck_options_grow_with_a_longer_workload_sentence(
    qtbot, window: MainWindow, screenshot
) -> None:
    text_at(window, 200)
    seen: list[bool] = []

    def edit(dialog) -> None:
        seen.append(snug(settled(dialog)))
        press_in(qtbot, dialog, Qt.Key.Key_R, ALT)  # to the desired retention
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="99")  # a sentence a line longer
        seen.append(snug(settled(dialog)))
        screenshot(dialog, "fit-deck-options-longer-workload-200")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert seen == [True, True]


def test_optimize_dialog_fits_the_screen_at_200_percent_text(
    qtbot, window: MainWindow, services: Services, screenshot
) -> None:
    text_at(window, 200)
    tasks = TaskRunner()
    dialog = OptimizeDialog(services, tasks, window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(lambda: not tasks.busy)  # counted in the background: a longer sentence
    laid_out(qtbot)  # the dialog grows for it on a later turn
    screenshot(dialog, "fit-optimize-200")

    assert (fits_screen(dialog), cut_off(dialog)) == (True, [])


@pytest.mark.parametrize("scale", [100, 200])
def test_deck_options_show_the_whole_workload_while_an_error_shows(
    qtbot, window: MainWindow, scale: int, screenshot
) -> None:
    text_at(window, scale)
    seen: dict[str, object] = {}

    def edit(dialog) -> None:
        for _ in range(3):
            press_in(qtbot, dialog, Qt.Key.Key_Tab)  # to the learning steps
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="1m ten")
        press_in(qtbot, dialog, Qt.Key.Key_Return)  # Save: the steps are refused
        press_in(qtbot, dialog, Qt.Key.Key_Backtab)  # back to the desired retention
        press_in(qtbot, dialog, Qt.Key.Key_A, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="97")
        settled(dialog)
        seen.update(
            error=dialog.error.isVisible(),
            workload=dialog.workload.text()[:8],
            cut=cut_off(dialog),
            fits_screen=fits_screen(dialog),
        )
        screenshot(dialog, f"fit-deck-options-error-{scale}")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, edit)
    press(qtbot, Qt.Key.Key_O, SHIFT_CTRL)
    back_to(qtbot, window)
    assert seen == {"error": True, "workload": "At 97 %,", "cut": [], "fits_screen": True}


@pytest.mark.parametrize("scale", [100, 200])
def test_backups_dialog_shows_every_column_and_row(
    qtbot,
    window: MainWindow,
    services: Services,
    paths: AppPaths,
    clock: FixedClock,
    scale: int,
    screenshot,
) -> None:
    for reason in (BackupReason.BEFORE_UPGRADE, BackupReason.PERIODIC, BackupReason.MANUAL):
        services.backups.backup(reason)
        clock.advance(timedelta(minutes=1))
    keeper = CollectionKeeper(window, TaskRunner(window), paths, lambda: services)
    text_at(window, scale)

    qtbot.keyClick(window, Qt.Key.Key_B, SHIFT_CTRL)
    dialog = keeper.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    settled(dialog)
    screenshot(dialog, f"fit-backups-{scale}")
    assert cells_cut_off(dialog.table) == []
    assert dialog.table.verticalScrollBar().maximum() == 0  # all three backups in view
    assert cut_off(dialog) == []
    assert fits_screen(dialog)
    dialog.reject()


LONG_DESCRIPTION = (
    "What research says about the possible causes of fibromyalgia: how the nervous system "
    "handles pain, brain chemistry, the immune system, genes, triggers such as injury and "
    "infection, gut bacteria, sleep, small nerve fibers, stress hormones and everyday habits."
)


@pytest.mark.parametrize("size", [(480, 300), (683, 420)])
def test_deck_list_wraps_and_scrolls_rather_than_cutting_text(
    qtbot, window: MainWindow, services: Services, size: tuple[int, int], screenshot
) -> None:
    text_at(window, 200)
    deck = services.decks.list_decks()[0]._replace(
        name="Causes of fibromyalgia",
        description=LONG_DESCRIPTION,
        due=1234,
    )
    page = DeckListPage()
    qtbot.addWidget(page)
    page.set_decks([deck])
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    settled(page)
    screenshot(page, f"fit-deck-list-200-{size[0]}x{size[1]}")
    assert cut_off(page) == []
    assert cells_cut_off(page.table) == []
    assert page.details.geometry().top() > page.table.geometry().bottom()  # no overlap


def test_fitted_dialogs_leave_no_focus_listener_behind(qtbot, window: MainWindow) -> None:
    app = QApplication.instance()
    listeners = app.receivers(SIGNAL("focusChanged(QWidget*,QWidget*)"))
    for _ in range(3):
        when_dialog_opens(qtbot, lambda dialog: press_in(qtbot, dialog, Qt.Key.Key_Escape))
        press(qtbot, Qt.Key.Key_Comma, CTRL)  # Preferences
        back_to(qtbot, window)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert app.receivers(SIGNAL("focusChanged(QWidget*,QWidget*)")) == listeners
    assert not window.findChildren(PreferencesDialog)  # each one went once closed


def test_a_dialog_of_one_short_line_keeps_its_buttons_whole(qtbot) -> None:
    """Shrunk to its text, a dialog once became shorter than its scroller's least height.

    The layout then squeezed the buttons (Close 19 pixels high of 24): one line of text is
    less than the room a scroller keeps for its scroll bar.
    """
    dialog = text_fit.TextFitDialog(None, chars=50)
    qtbot.addWidget(dialog)
    status = QLabel("Checking your collection, step 1 of 6…")
    status.setWordWrap(True)
    bar = QProgressBar()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    dialog.arrange((status, bar), buttons)
    with qtbot.waitExposed(dialog):
        dialog.show()

    status.setText("Done.")
    bar.hide()  # the dialog shrinks to what is left
    laid_out(qtbot)
    assert cut_off(dialog) == []
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close.height() == close.sizeHint().height()
