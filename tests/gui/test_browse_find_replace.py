"""Browse's Find and replace (Ctrl+Alt+F) by keyboard: the count as one types, a bad regular
expression explained in the dialog, the change, and Ctrl+Z."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from test_a11y_theme_controls import app_theme
from test_browse_page import Host, focus_table, on_dialog, search
from test_ui_accessibility import nameless
from ui_driving import CTRL, back_to, press, press_in, settled

from conftest import Held
from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.ui.browse_replace import FindReplaceDialog
from fibrolearn.ui.theme_palettes import Theme
from own_cards import TAG, new_deck, own_cards

CTRL_ALT = CTRL | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def host(qtbot, services: Services) -> Iterator[Host]:
    made = Host(qtbot, services)
    yield made
    made.tasks.wait()


def own_notes_found(qtbot, services: Services, host: Host) -> None:
    own_cards(services, new_deck(services, "Mine"), 2)  # Q0/A0 and Q1/A1, reversed
    search(qtbot, host, f"tag:{TAG}")
    focus_table(qtbot, host)


def counted_then(qtbot, dialog: FindReplaceDialog, text: str) -> None:
    qtbot.waitUntil(lambda: dialog.preview.text() == text)


def test_ctrl_alt_f_counts_as_one_types_replaces_in_every_card_found_and_ctrl_z_undoes(
    qtbot, services: Services, host: Host
) -> None:
    own_notes_found(qtbot, services, host)
    seen: list[str] = []

    def replace(dialog: QWidget) -> None:
        assert isinstance(dialog, FindReplaceDialog)
        assert dialog.find.hasFocus() and nameless(dialog) == []
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="q")
        counted_then(qtbot, dialog, "Replaces “q” in 2 of 2 notes.")
        seen.append(host.page.window().windowTitle() or dialog.windowTitle())
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Question ")
        press_in(qtbot, dialog, Qt.Key.Key_Return)  # at once: it replaces once counted
        qtbot.waitUntil(lambda: not dialog.isVisible())

    on_dialog(qtbot, replace)
    press(qtbot, Qt.Key.Key_F, CTRL_ALT)
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert seen == ["Find and replace"]
    assert host.page.status.text() == "Replaced in 2 of 2 notes. Ctrl+Z takes it back."
    assert sorted(host.cells("Question")) == ["A0", "A1", "Question 0", "Question 1"]
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.page.status.text() == "Undid Find and replace in 2 of 2 notes."
    assert sorted(host.cells("Question")) == ["A0", "A1", "Q0", "Q1"]


def test_a_bad_regular_expression_is_explained_and_the_dialog_stays_open(
    qtbot, services: Services, host: Host
) -> None:
    own_notes_found(qtbot, services, host)
    said: list[str] = []

    def mistake(dialog: QWidget) -> None:
        assert isinstance(dialog, FindReplaceDialog)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="(Q")
        for _ in range(4):  # Replace with, In, Selected notes only, Treat input as a regular …
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        assert dialog.regex.hasFocus()
        press_in(qtbot, dialog, Qt.Key.Key_Space)
        assert dialog.regex.isChecked()
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.problem.isVisibleTo(dialog)
        said.append(dialog.problem.text())
        assert dialog.find.hasFocus()
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, mistake)
    press(qtbot, Qt.Key.Key_F, CTRL_ALT)
    back_to(qtbot, host.window)
    assert said == [
        "Cannot replace: the regular expression cannot be read at character 1: "
        "missing ), unterminated subpattern."
    ]
    assert sorted(host.cells("Question")) == ["A0", "A1", "Q0", "Q1"]


def test_a_bad_regular_expression_is_explained_before_the_notes_are_read(
    qtbot, services: Services, host: Host, held: Held
) -> None:
    """The mistake is in what was typed, not in the notes: it waits for no reading."""
    own_notes_found(qtbot, services, host)
    read = held(services.notes, "find_scope")  # a slow disk: the notes still being read
    said: list[str] = []

    def mistake(dialog: QWidget) -> None:
        assert isinstance(dialog, FindReplaceDialog)
        dialog.regex.setChecked(True)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="(Q")
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.problem.isVisibleTo(dialog)
        said.append(dialog.problem.text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, mistake)
    press(qtbot, Qt.Key.Key_F, CTRL_ALT)
    back_to(qtbot, host.window)
    read.set()
    host.tasks.wait()
    assert said == [
        "Cannot replace: the regular expression cannot be read at character 1: "
        "missing ), unterminated subpattern."
    ]


def test_ctrl_alt_f_on_a_deck_file_s_notes_says_why_and_replaces_nothing(qtbot, host: Host) -> None:
    search(qtbot, host, "")
    focus_table(qtbot, host)
    said: list[str] = []

    def refused(dialog: QWidget) -> None:
        assert isinstance(dialog, FindReplaceDialog)
        qtbot.waitUntil(lambda: dialog.problem.isVisibleTo(dialog))
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="a")
        press_in(qtbot, dialog, Qt.Key.Key_Return)
        assert dialog.isVisible()
        said.append(dialog.problem.text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, refused)
    press(qtbot, Qt.Key.Key_F, CTRL_ALT)
    back_to(qtbot, host.window)
    assert said[0].startswith("Cannot replace: some notes come from Small deck, from a deck")


def test_selected_notes_only_is_ticked_for_a_selection_and_reads_notes_in_the_background(
    qtbot, services: Services, host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_notes_found(qtbot, services, host)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # two cards selected
    assert len(host.page.selected_card_ids()) == 2
    read_on: list[bool] = []
    read = services.notes.find_scope

    def find_scope(card_ids):  # type: ignore[no-untyped-def]
        read_on.append(threading.current_thread() is threading.main_thread())
        return read(card_ids)

    monkeypatch.setattr(services.notes, "find_scope", find_scope)
    prompts: list[str] = []

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, FindReplaceDialog)
        assert dialog.selected_only.isChecked() and nameless(dialog) == []
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="q")
        qtbot.waitUntil(lambda: dialog.preview.text().startswith("Replaces “q”"))
        prompts.append(dialog.prompt.text())
        for _ in range(3):  # Replace with, In, then Selected notes only
            press_in(qtbot, dialog, Qt.Key.Key_Tab)
        assert dialog.selected_only.hasFocus()
        press_in(qtbot, dialog, Qt.Key.Key_Space)
        counted_then(qtbot, dialog, "Replaces “q” in 2 of 2 notes.")
        prompts.append(dialog.prompt.text())
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, choose)
    press(qtbot, Qt.Key.Key_F, CTRL_ALT)
    back_to(qtbot, host.window)
    assert prompts == [
        "Find and replace in the notes of the 2 selected cards.",
        "Find and replace in the notes of every card found.",
    ]
    assert read_on == [False, False]  # never on the window's thread, which stays responsive


@pytest.mark.parametrize(
    ("theme", "scale"), [(Theme.LIGHT, 100), (Theme.LIGHT, 200), (Theme.DARK, 200)]
)
def test_the_dialog_reads_whole_at_every_text_size_and_theme(
    qtbot, qapp, services: Services, host: Host, screenshot, theme: Theme, scale: int
) -> None:
    deck = new_deck(services, "Mine")
    long = "Fibromyalgia brings widespread pain, tiredness and 'fibro fog' " * 3
    services.notes.add(deck, NoteDraft(NoteKind.BASIC, long, "Ünïcödé ✓ — 疲れ"))
    search(qtbot, host, "deck:Mine")
    focus_table(qtbot, host)
    with app_theme(qapp) as themed:
        themed(theme, scale)

        def look(dialog: QWidget) -> None:
            assert isinstance(dialog, FindReplaceDialog)
            press_in(qtbot, dialog, Qt.Key.Key_unknown, text="fibro fog")
            counted_then(qtbot, dialog, "Replaces “fibro fog” in 1 of 1 note.")
            assert dialog.scroller.horizontalScrollBar().maximum() == 0  # nothing cut at the side
            bar = dialog.scroller.verticalScrollBar()
            qtbot.waitUntil(lambda: bar.maximum() == 0)  # all of it shows, nothing to scroll
            screenshot(dialog, f"browse-find-replace-{theme.value}-{scale}")
            press_in(qtbot, dialog, Qt.Key.Key_Escape)

        on_dialog(qtbot, look)
        press(qtbot, Qt.Key.Key_F, CTRL_ALT)
        back_to(qtbot, host.window)


def test_a_long_word_to_find_wraps_in_the_count_at_200_percent(
    qtbot, qapp, services: Services, host: Host, screenshot
) -> None:
    """Found at 200 % text: the count quoted 40 letters of a word as one unbroken line, cut
    off at the dialog's right edge (it never scrolls across)."""
    word = "Z" * 50
    services.notes.add(new_deck(services, "Mine"), NoteDraft(NoteKind.BASIC, word, "A"))
    search(qtbot, host, "deck:Mine")
    focus_table(qtbot, host)
    with app_theme(qapp) as themed:
        themed(Theme.DARK, 200)
        counts: list[str] = []

        def look(dialog: QWidget) -> None:
            assert isinstance(dialog, FindReplaceDialog)
            press_in(qtbot, dialog, Qt.Key.Key_unknown, text=word)
            qtbot.waitUntil(lambda: "1 of 1 note" in dialog.preview.text())
            counts.append(dialog.preview.text().replace("\u00ad", ""))
            settled(dialog)
            assert dialog.scroller.horizontalScrollBar().maximum() == 0  # nothing cut at the side
            screenshot(dialog, "browse-find-replace-long-word")
            press_in(qtbot, dialog, Qt.Key.Key_Escape)

        on_dialog(qtbot, look)
        press(qtbot, Qt.Key.Key_F, CTRL_ALT)
        back_to(qtbot, host.window)
    assert counts == [f"Replaces “{word[:40]}…” in 1 of 1 note."]
