"""A small dialog to fix a note field by field.

It is the study screen's editor (E), and Browse's for notes of imported Anki note types, whose
fields have the names their note type gives them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import EditableNote
from fibrolearn.ui.announce import Announcer


class FieldsEditorDialog(QDialog):
    """Edits a note's fields; Save (Ctrl+Enter) hands them to ``save`` and shows its complaint.

    Args:
        note: The note to edit.
        save: Saves the changed fields; raises ValueError with a message when they are not valid.
        parent: The owning window.
    """

    def __init__(
        self,
        note: EditableNote,
        save: Callable[[dict[str, str]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit card")
        self.setAccessibleName("Edit card")
        self._note = note
        self._save = save
        self.editors: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for name, label in note.labels:
            editor = QPlainTextEdit(note.fields.get(name, ""))
            editor.setTabChangesFocus(True)
            editor.setAccessibleName(label)
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 4)
            caption = QLabel("&" + label.replace("&", "&&"))  # field names may hold & or <
            caption.setTextFormat(Qt.TextFormat.PlainText)
            caption.setBuddy(editor)
            form.addRow(caption, editor)
            self.editors[name] = editor

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleName("Problem with the edit")
        self.error.hide()
        self._announcer = Announcer(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save the card")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel editing")
        buttons.accepted.connect(self._try_save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._try_save)

        hint = "Changes apply to every card made from this note. Ctrl+Enter saves."
        if note.kind not in tuple(NoteKind):  # an imported Anki note type
            hint += " The fields are HTML, as Anki keeps them: <b>bold</b>, <br> a new line."
        note_label = QLabel(hint)
        note_label.setTextFormat(Qt.TextFormat.PlainText)
        note_label.setWordWrap(True)
        note_label.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(note_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        first = next(iter(self.editors.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def changed_fields(self) -> dict[str, str]:
        """The fields the learner changed, with their new text.

        Only boxes the learner typed in count: a box shows a no-break space as a space and any
        line break as one kind, so comparing its text with the note's would call an untouched
        field changed (and save it altered).
        """
        return {
            name: editor.toPlainText()
            for name, editor in self.editors.items()
            if editor.document().isModified()
            and editor.toPlainText() != self._note.fields.get(name, "")
        }

    def _try_save(self) -> None:
        changed = self.changed_fields()
        if not changed:
            self.reject()
            return
        try:
            self._save(changed)
        except ValueError as error:
            message = str(error)
            self.error.setText(message[:1].upper() + message[1:] + ".")
            self.error.show()
            self._announcer.announce(self.error.text())
            return
        self.accept()
