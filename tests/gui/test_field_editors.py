"""The note editors save only what the learner changed, exactly, and show any field name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from ui_driving import press_in

from fibrolearn.domain.browse import NoteDraft, NoteToEdit
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import EditableNote
from fibrolearn.ui.browse_editor import NoteEditorDialog
from fibrolearn.ui.note_editor import FieldsEditorDialog

# A text box shows these as a plain space and "\n": saved back, they would change the note.
AS_STORED = "Factor\u00a0A,\r\nand more"


def type_at_end(qtbot, dialog: QWidget, editor, text: str) -> None:
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    press_in(qtbot, editor, Qt.Key.Key_unknown, text=text)


def test_the_field_editor_leaves_untouched_fields_as_stored(qtbot) -> None:
    note = EditableNote(
        1, "basic", {"front": "Alpha?", "back": AS_STORED}, (("front", "Front"), ("back", "Back"))
    )
    dialog = FieldsEditorDialog(note, lambda _fields: None)
    qtbot.addWidget(dialog)

    type_at_end(qtbot, dialog, dialog.editors["front"], " Really?")

    assert dialog.changed_fields() == {"front": "Alpha? Really?"}


def test_the_browse_editor_leaves_untouched_fields_as_stored(qtbot) -> None:
    draft = NoteDraft(NoteKind.BASIC, front="Alpha?", back=AS_STORED, tags=("core",))
    dialog = NoteEditorDialog(lambda *_: None, note=NoteToEdit(1, 1, "Deck", draft))
    qtbot.addWidget(dialog)

    type_at_end(qtbot, dialog, dialog.editors["front"], " Really?")

    assert dialog.draft() == NoteDraft(
        NoteKind.BASIC, front="Alpha? Really?", back=AS_STORED, tags=("core",)
    )


def test_field_names_with_ampersands_or_markup_show_as_written(qtbot) -> None:
    labels = (("Q&A", "Q&A"), ("<i>Back</i>", "<i>Back</i>"))
    note = EditableNote(1, "template", {"Q&A": "", "<i>Back</i>": ""}, labels)
    dialog = FieldsEditorDialog(note, lambda _fields: None)
    qtbot.addWidget(dialog)

    captions = [label for label in dialog.findChildren(QLabel) if label.buddy()]

    assert [c.text() for c in captions] == ["&Q&&A", "&<i>Back</i>"]
    assert all(c.textFormat() == Qt.TextFormat.PlainText for c in captions)
    assert [c.buddy() for c in captions] == [dialog.editors["Q&A"], dialog.editors["<i>Back</i>"]]
