""" "Edit card" opens tall enough to show every field of a short note, nothing to scroll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from ui_driving import back_to, press, press_in, settled, when_dialog_opens

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import NOTE_FIELDS, EditableNote
from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.note_editor import FieldsEditorDialog

CLOZE = EditableNote(
    1,
    NoteKind.CLOZE,
    {"text": "Poor {{c1::sleep}} makes pain worse.", "extra": "Several studies agree."},
    NOTE_FIELDS[NoteKind.CLOZE],
)
# An imported Anki note type with three fields.
THREE_FIELDS = EditableNote(
    2,
    "template",
    {"Term": "Allodynia", "Definition": "Pain from a touch that should not hurt.", "Extra": ""},
    (("Term", "Term"), ("Definition", "Definition"), ("Extra", "Extra")),
)


@pytest.fixture
def window(make_window, services: Services) -> Iterator[MainWindow]:
    shown = make_window(services)
    shown.resize(1280, 800)
    yield shown
    shown.apply_preferences(AppPreferences())  # the tests after this one get the usual size


def within(outer: QWidget, widget: QWidget) -> bool:
    return outer.rect().contains(QRect(widget.mapTo(outer, widget.rect().topLeft()), widget.size()))


def everything_in_view(dialog: FieldsEditorDialog) -> dict[str, bool]:
    """Whether the fields need no scrolling, each shows whole, and so do the buttons."""
    viewport = dialog.fields.viewport()
    buttons = dialog.findChild(QDialogButtonBox).buttons()
    return {
        "nothing to scroll": dialog.fields.verticalScrollBar().maximum() == 0,
        "every field whole": all(within(viewport, box) for box in dialog.editors.values()),
        "buttons whole": all(within(dialog, button) for button in buttons),
    }


ALL_IN_VIEW = dict.fromkeys(("nothing to scroll", "every field whole", "buttons whole"), True)


@pytest.mark.parametrize("scale", [100, 150, 200])
def test_edit_card_shows_both_fields_of_the_card_on_screen(
    qtbot, window: MainWindow, scale: int, screenshot
) -> None:
    window.apply_preferences(AppPreferences(text_scale=scale))
    press(qtbot, Qt.Key.Key_Return)  # study the selected deck
    seen: dict[str, bool] = {}

    def look(dialog) -> None:
        seen.update(everything_in_view(settled(dialog)))
        screenshot(dialog, f"layout-edit-card-{scale}")
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    press(qtbot, Qt.Key.Key_E)
    back_to(qtbot, window)
    assert seen == ALL_IN_VIEW


@pytest.mark.parametrize("scale", [100, 200])
@pytest.mark.parametrize("note", [CLOZE, THREE_FIELDS], ids=["cloze", "three-fields"])
def test_edit_card_shows_every_field_of_a_short_note(
    qtbot, window: MainWindow, note: EditableNote, scale: int, screenshot
) -> None:
    window.apply_preferences(AppPreferences(text_scale=scale))
    dialog = FieldsEditorDialog(note, lambda _fields, _tags: None, window)
    with qtbot.waitExposed(dialog):
        dialog.show()
    screenshot(settled(dialog), f"layout-edit-card-{note.kind}-{scale}")
    try:
        assert everything_in_view(dialog) == ALL_IN_VIEW
    finally:
        dialog.reject()
