"""A small dialog to fix a note field by field.

It is the study screen's editor (E), and Browse's for notes of imported Anki note types, whose
fields have the names their note type gives them, and may be a dozen or more: the fields scroll
between the explanation above and the buttons below, which always stay in sight, and each box
is as tall as its text (within limits), so the dialog fits the screen at any text size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCursor,
    QTextDocumentFragment,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import EditableNote
from fibrolearn.services.note_edits import next_cloze_number
from fibrolearn.services.notes_tags import same_tags
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.questions import ask
from fibrolearn.ui.text_fit import layout_height, screen_room

MIN_LINES = 2  # a one-word field still shows room for more
MAX_LINES = 8  # a longer field scrolls inside its box
WIDTH_CHARS = 70
CLOZE_HINT = (
    "Mark each part to hide like {{c1::serotonin}}, or select it and press Ctrl+Shift+C; "
    "c2, c3 … make more cards"
)


class FieldsEditorDialog(QDialog):
    """Edits a note's fields and tags; Save (Ctrl+Enter) hands them to ``save``.

    Args:
        note: The note to edit.
        save: Saves the changed fields and the tags (None when unchanged); raises ValueError
            with a message, which the dialog shows, when they are not valid.
        parent: The owning window.
    """

    def __init__(
        self,
        note: EditableNote,
        save: Callable[[dict[str, str], str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit note")  # as Browse's own editor: every card of it changes
        self.setAccessibleName("Edit note")
        self._note = note
        self._save = save
        self._fitted = False
        buttons = self._build_buttons()
        taken = {_mnemonic(button.text()) for button in buttons.buttons()}
        self.editors: dict[str, FieldBox] = {}
        self.fields = _FieldsArea()
        form = QFormLayout(self.fields.widget())
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, form.contentsMargins().right(), 0)  # in line with the hint
        labels = [label for _, label in note.labels]
        # An Anki note type may have a field called Tags: the note's own are told apart.
        tags_label = "Note tags" if "tags" in {label.casefold() for label in labels} else "Tags"
        *captions, tags_caption = with_mnemonics([*labels, tags_label], taken)
        for (name, label), caption_text in zip(note.labels, captions, strict=True):
            editor = FieldBox(note.fields.get(name, ""), label)
            editor.refused.connect(self._show_problem)
            if note.kind == NoteKind.CLOZE and name == "text":
                editor.take_cloze_keys()
            caption = field_caption(caption_text, editor)
            caption.setTextFormat(Qt.TextFormat.PlainText)  # field names may hold & or <
            form.addRow(caption, editor)
            self.fields.follow_focus(editor)
            self.editors[name] = editor
        self.tags = self._tags_row(form, tags_label, tags_caption)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleDescription("Problem with the edit")
        self.error.hide()
        self._announcer = Announcer(self.error)
        hint = "Changes apply to every card made from this note. Ctrl+Enter saves."
        if note.kind not in tuple(NoteKind):  # an imported Anki note type
            hint += " The fields are HTML, as Anki keeps them: <b>bold</b>, <br> a new line."
        note_label = QLabel(hint)
        note_label.setTextFormat(Qt.TextFormat.PlainText)
        note_label.setWordWrap(True)
        note_label.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(note_label)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        first = next(iter(self.editors.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        room = screen_room(self)
        self.resize(min(self.fontMetrics().averageCharWidth() * WIDTH_CHARS, room.width()), 1)

    def _tags_row(self, form: QFormLayout, label: str, caption_text: str) -> QLineEdit:
        """The line of the note's tags, last in ``form``, filled with them."""
        tags = QLineEdit(self._note.tags)
        tags.setAccessibleName(label)
        tags.setAccessibleDescription("Words separated by spaces or commas")
        caption = field_caption(caption_text, tags)
        caption.setTextFormat(Qt.TextFormat.PlainText)  # as the fields' captions
        form.addRow(caption, tags)
        self.fields.follow_focus(tags)
        return tags

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: open as tall as the fields need, but no taller than the screen."""
        super().showEvent(event)
        if self._fitted:  # later shows keep the size the learner gave it
            return
        self._fitted = True
        # The title bar and window frame are not ours to measure; leave them a tenth.
        room = screen_room(self).height() * 9 // 10
        self.resize(self.width(), min(self._height_showing_every_field(), room))

    def _height_showing_every_field(self) -> int:
        """The dialog's height at its width with all the fields in view, none scrolled.

        Asked of the layouts, not of the fields' current height: before it is shown the dialog
        is squeezed below what its explanation and buttons need, so that would fall short.
        """
        layout = self.layout()
        fields = self.fields.widget().layout()
        # Measured without a scroll bar, as the fields are once they all show.
        shown = layout_height(fields, self.fields.maximumViewportSize().width())
        # The dialog's layout counts the fields at their size hint: count them in full instead.
        hinted = layout.itemAt(layout.indexOf(self.fields)).sizeHint().height()
        frame = 2 * self.fields.frameWidth()
        return layout_height(layout, self.width()) - hinted + shown + frame

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setAccessibleName("Save the note")  # every card of it changes, as the hint says
        save.setAccessibleDescription("Ctrl+Enter")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel editing")
        buttons.accepted.connect(self._try_save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._try_save)
        return buttons

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

    def changed_tags(self) -> str | None:
        """The tags as typed, if they are not the note's (None: the same tags as saved).

        Compared as the save keeps them (``same_tags``): order, spacing and a tag typed twice
        aside.
        """
        typed = self.tags.text()
        return None if same_tags(typed, self._note.tags) else typed

    def changed(self) -> bool:
        """Whether the learner changed a field or the tags."""
        return bool(self.changed_fields()) or self.changed_tags() is not None

    def reject(self) -> None:
        """Qt override: Esc, Cancel or closing the window first ask before edits are lost."""
        if closing_allowed(self, self.changed(), UNSAVED_EDIT):
            super().reject()

    def _try_save(self) -> None:
        if not self.changed():
            self.reject()
            return
        try:
            self._save(self.changed_fields(), self.changed_tags())
        except ValueError as error:
            message = str(error)
            self._show_problem(message[:1].upper() + message[1:] + ".")
            return
        self.accept()

    def _show_problem(self, text: str) -> None:
        self._announcer.show(self.error, text)


_PICTURE = "\ufffc"  # where formatted text had a picture, as plain text
NOT_TEXT = "Only text can go in a note here: a picture or a file cannot be pasted or dropped."


class TextField(QPlainTextEdit):
    """A field's text box; Tab moves on. What is not text, pasted or dropped, is ``refused``.

    A text box takes only text: a picture pasted from a web page, or a file dropped, did
    nothing at all, and the learner was not told why.
    """

    refused = Signal(str)  # why what was pasted or dropped is not in the field

    def __init__(self, text: str, label: str) -> None:
        super().__init__(text)
        self.setTabChangesFocus(True)
        self.setAccessibleName(label)

    def take_cloze_keys(self) -> None:
        """Anki's keys to mark a deletion here, and a description that tells of them.

        Ctrl+Shift+C hides the selected words as a deletion of a new number (a card of its
        own), Ctrl+Alt+Shift+C of the last number (on that card too). With nothing selected,
        an empty deletion is put at the cursor, which goes inside it to type the words.
        """
        self.setAccessibleDescription(CLOZE_HINT)
        for keys, same in (("Ctrl+Shift+C", False), ("Ctrl+Alt+Shift+C", True)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(partial(self._mark_deletion, same))

    def _mark_deletion(self, same: bool) -> None:
        number = next_cloze_number(self.toPlainText(), same=same)
        cursor = self.textCursor()
        words = cursor.selectedText()  # one undo step, as any typing
        cursor.insertText(f"{{{{c{number}::{words}}}}}")
        if not words:
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=2)
        self.setTextCursor(cursor)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Qt override: formatted text, a picture or a file are taken too (see below)."""
        taken = source.hasHtml() or source.hasImage() or source.hasUrls()
        return super().canInsertFromMimeData(source) or taken

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Qt override: text goes in the field; anything else is refused, saying why.

        A copy offered only as formatted text (HTML, from some apps) gives its words, without
        the formatting; it pasted nothing before. Its pictures are left out.
        """
        if super().canInsertFromMimeData(source):
            super().insertFromMimeData(source)
            return
        words = ""
        if source.hasHtml():
            words = QTextDocumentFragment.fromHtml(source.html()).toPlainText()
            words = words.replace(_PICTURE, "")
        if words.strip():
            self.insertPlainText(words)
        else:
            self.refused.emit(NOT_TEXT)


class FieldBox(TextField):
    """A field's text box, as tall as its text at its width: MIN_LINES to MAX_LINES lines."""

    def __init__(self, text: str, label: str) -> None:
        super().__init__(text, label)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.textChanged.connect(self.updateGeometry)

    def hasHeightForWidth(self) -> bool:
        """Qt override: the height follows the width (the text wraps)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Qt override: the height of the lines the text takes at ``width``, within limits."""
        margin = self.document().documentMargin()
        return self._height_of(self._lines(width - 2 * self.frameWidth() - 2 * margin))

    def sizeHint(self) -> QSize:
        """Qt override: the height for the box's current width."""
        hint = super().sizeHint()
        hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:
        """Qt override: MIN_LINES lines high, the least the box is.

        Qt's minimum leaves room for a whole scroll bar, taller than two lines: the layout
        then made the fields taller than the boxes, and the dialog opened with a scroll bar.
        """
        hint = super().minimumSizeHint()
        hint.setHeight(self._height_of(MIN_LINES))
        return hint

    def _height_of(self, lines: int) -> int:
        """The box's height for ``lines`` lines of text."""
        margin = self.document().documentMargin()
        # The box shows its scroll bar unless a pixel is left after the last line's margin.
        return (
            math.ceil(lines * self.fontMetrics().lineSpacing() + 2 * margin)
            + 2 * self.frameWidth()
            + 1
        )

    def _lines(self, width: float) -> int:
        """The lines the text wraps to at ``width``, counted up to MAX_LINES."""
        lines = 0
        block = self.document().firstBlock()
        while block.isValid() and lines < MAX_LINES:
            layout = QTextLayout(block.text(), self.font())
            layout.setTextOption(self.document().defaultTextOption())
            layout.beginLayout()
            while lines < MAX_LINES and (line := layout.createLine()).isValid():
                line.setLineWidth(width)
                lines += 1
            layout.endLayout()
            block = block.next()
        return max(lines, MIN_LINES)


class _FieldsArea(QScrollArea):
    """The fields, scrolling; the field with the keyboard focus is always scrolled into view."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take focus, not their frame
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(QWidget())
        self.setAccessibleName("Fields")

    def follow_focus(self, editor: QWidget) -> None:
        """Scroll to ``editor`` whenever it gets the focus (Tab, or its Alt+letter)."""
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: bring a field that gets the focus into view."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.ensureWidgetVisible(watched)
        return super().eventFilter(watched, event)


UNSAVED_EDIT = "Your changes to this note are not saved."


def closing_allowed(dialog: QDialog, unsaved: bool, what: str) -> bool:
    """Whether ``dialog`` may close: nothing typed is lost, or the learner chose to lose it.

    Esc and Enter keep the dialog open: a tired hand pressing Esc once too often loses nothing.
    """
    question = f"{what} Closing now loses what you typed."
    return not unsaved or ask(
        dialog, "Discard your changes?", question, "&Discard changes", "&Keep editing"
    )


def field_caption(text: str, buddy: QWidget) -> QLabel:
    """A field's caption, whose Alt+letter (``&`` before it) moves the focus to ``buddy``.

    Drawn without kerning: Qt measures a caption kerned, but draws its underlined letter
    apart from the rest, unkerned, so at large text sizes the caption's last letter was cut
    ("Tags" lost its "s"). Only kerning is set here: the size still follows the text size.
    """
    label = QLabel(text)
    unkerned = QFont()
    unkerned.setKerning(False)
    label.setFont(unkerned)
    label.setBuddy(buddy)
    return label


def with_mnemonics(labels: Iterable[str], taken: set[str]) -> list[str]:
    """Captions for ``labels``, each with an Alt+key no other caption (or ``taken``) has.

    A label gets the first free letter or digit starting one of its words, else any free one,
    else none; ``&`` in a label shows as itself.
    """
    used = set(taken)
    captions = []
    for label in labels:
        keys = [i for i, char in enumerate(label) if char.isascii() and char.isalnum()]
        starts = [i for i in keys if i == 0 or not label[i - 1].isalnum()]
        at = next((i for i in starts + keys if label[i].lower() not in used), None)
        if at is None:
            captions.append(label.replace("&", "&&"))
            continue
        used.add(label[at].lower())
        captions.append(f"{label[:at].replace('&', '&&')}&{label[at:].replace('&', '&&')}")
    return captions


def _mnemonic(text: str) -> str:
    """The key of a button's ``&`` mnemonic, in lower case ("" when it has none)."""
    return QKeySequence.mnemonic(text).toString()[-1:].lower()
