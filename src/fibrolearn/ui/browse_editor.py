"""The dialog that adds a note (Ctrl+N in Browse) or edits one (Enter): fields, kind, deck, tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.browse import ChangeReport, DeckChoice, NoteDraft, NoteError, NoteToEdit
from fibrolearn.domain.enums import NoteKind
from fibrolearn.domain.notes import NOTE_FIELDS, field_names
from fibrolearn.domain.typed_tags import typed_tags
from fibrolearn.services.notes import NoteService
from fibrolearn.services.notes_tags import same_tags
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.browse_changes import ProblemOf, refused_if_not_saved
from fibrolearn.ui.deck_box import DeckBox
from fibrolearn.ui.labels import breakable_words
from fibrolearn.ui.note_editor import (
    CLOZE_HINT,
    UNSAVED_EDIT,
    FieldsEditorDialog,
    TextField,
    closing_allowed,
    field_caption,
)
from fibrolearn.ui.text_fit import layout_height, screen_room

KIND_NAMES = {
    NoteKind.BASIC: "Basic (question and answer)",
    NoteKind.REVERSED: "Basic and reversed (two cards)",
    NoteKind.CLOZE: "Cloze (fill in the blank)",
}
_FIELD_NAMES = {"front": "Front", "back": "Back", "text": "Cloze text", "extra": "Extra"}
_MNEMONIC_AT = {"front": 0, "back": 0, "text": 2, "extra": 0}  # F, B, x, E: none taken twice
WIDTH_CHARS = 90
_FIELD_HINTS = {
    "front": "The question",
    "back": "The answer",
    "text": CLOZE_HINT,
    "extra": "Optional; shown under the answer",
}


class NoteEditorDialog(QDialog):
    """Fills a :class:`NoteDraft`; Save hands it to ``save``, which may refuse with a reason.

    Adding, the window stays open for the next note after each one, as Anki's Add does: its
    fields empty, its deck, kind and tags kept. Esc or Close ends it.

    Args:
        save: Called with the chosen deck id and the draft; raises NoteError to keep the dialog
            open with its message. Adding, it returns what the learner should know of the note
            added (a likely duplicate), said with "Added"; "" or None when nothing.
        decks: Decks to add to (adding), or empty when editing ``note``.
        note: The note being edited, or None to add one.
        parent: The owning widget.
    """

    def __init__(
        self,
        save: Callable[[int, NoteDraft], str | None],
        *,
        decks: Sequence[DeckChoice] = (),
        note: NoteToEdit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._note = note
        adding = note is None
        title = "Add a note" if adding else "Edit note"
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        form = self._build_form(decks, note)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleDescription("Problem with the note")
        self.error.hide()
        self._announcer = Announcer(self.error)
        self.added = QLabel()  # what the last Add did, while the window waits for the next
        self.added.setWordWrap(True)
        self.added.setProperty("role", "muted")
        self.added.setAccessibleDescription("Note added")
        self.added.hide()
        hint = QLabel("Ctrl+Enter saves. Tab moves to the next field.")
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.added)
        layout.addWidget(hint)
        layout.addWidget(self._build_buttons(adding))

        self.kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        if note is not None:
            self._fill(note.draft)
        self._show_fields()
        self._first_field().setFocus(Qt.FocusReason.OtherFocusReason)
        # As wide as a line of a long note, but within the screen: its labels wrap instead.
        # The window frame is not ours to measure; a tenth of the width is left for it.
        room = screen_room(self).width() * 9 // 10
        self.setMinimumWidth(min(self.fontMetrics().averageCharWidth() * WIDTH_CHARS, room))

    def draft(self) -> NoteDraft:
        """What the form holds now; a field left untouched keeps the note's text exactly.

        So do untouched tags: typed, a comma separates tags, but one an Anki package brought
        may hold a comma of its own.

        (A text box shows a no-break space as a space and any line break as one kind; saving
        that back would make an untouched field look edited to a later deck update.)
        """
        text = {
            name: getattr(self._note.draft, name)
            if self._note is not None and not editor.document().isModified()
            else editor.toPlainText()
            for name, editor in self.editors.items()
        }
        untouched = self._note is not None and not self.tags.isModified()
        tags = self._note.draft.tags if untouched else tuple(typed_tags(self.tags.text()))
        return NoteDraft(kind=self._kind(), tags=tags, **text)

    def edited(self) -> bool:
        """Whether the note being edited now differs from the saved one.

        Tags are compared as the save keeps them (``same_tags``): order, spacing and a tag
        typed twice aside.
        """
        if self._note is None:
            return False
        saved = self._note.draft
        return replace(self.draft(), tags=()) != replace(saved, tags=()) or not same_tags(
            self.tags.text(), " ".join(saved.tags)
        )

    def select_deck(self, deck_id: int) -> None:
        """Preselect the deck new notes go to."""
        index = self.deck.findData(deck_id)
        if index >= 0:
            self.deck.setCurrentIndex(index)

    # ------------------------------------------------------------------ setup
    def _build_form(self, decks: Sequence[DeckChoice], note: NoteToEdit | None) -> QFormLayout:
        self.deck = DeckBox()
        for choice in decks:
            self.deck.addItem(choice.name, choice.deck_id)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of note")
        self.kind.view().setAccessibleName("Kinds of note")
        for kind, name in KIND_NAMES.items():
            self.kind.addItem(name, kind)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        if note is None:
            form.addRow(field_caption("&Deck", self.deck), self.deck)
            form.addRow(field_caption("&Kind", self.kind), self.kind)
        else:
            where = QLabel(f"{KIND_NAMES[note.draft.kind]} in {breakable_words(note.deck_name)}")
            where.setTextFormat(Qt.TextFormat.PlainText)  # an imported deck's name may hold <
            where.setWordWrap(True)
            where.setProperty("role", "muted")
            where.setAccessibleName("Kind and deck")
            form.addRow(where)
        self.editors: dict[str, TextField] = {}
        self._captions: dict[str, QLabel] = {}
        for name in ("front", "back", "text", "extra"):
            editor = TextField("", _FIELD_NAMES[name])
            editor.refused.connect(self._show_problem)
            editor.setPlaceholderText(_FIELD_HINTS[name])
            editor.setAccessibleDescription(_FIELD_HINTS[name])
            if name == "text":
                editor.take_cloze_keys()
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 3)
            self.editors[name] = editor
            self._captions[name] = field_caption("", editor)
            form.addRow(self._captions[name], editor)
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setAccessibleDescription("Words separated by spaces or commas")
        self.tags.setPlaceholderText("e.g. sleep my-notes")
        form.addRow(field_caption("&Tags", self.tags), self.tags)
        self._form = form
        return form

    def _build_buttons(self, adding: bool) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Add" if adding else "&Save")
        self.save_button.setAccessibleName("Add the note" if adding else "Save the note")
        self.save_button.setAccessibleDescription("Ctrl+Enter")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel")
        buttons.accepted.connect(self._try_save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._try_save)
        return buttons

    # ---------------------------------------------------------------- helpers
    def _kind(self) -> NoteKind:
        return (
            self._note.draft.kind if self._note is not None else NoteKind(self.kind.currentData())
        )

    def _fill(self, draft: NoteDraft) -> None:
        for name, editor in self.editors.items():
            editor.setPlainText(getattr(draft, name))
        self.tags.setText(" ".join(draft.tags))

    def _kind_changed(self) -> None:
        """Another kind chosen: what was typed moves to its fields, in order, as in Anki's Add.

        (It stayed in the fields the kind hides: a sentence typed as a Front, then made a
        Cloze, was not in the Cloze text, and Esc closed without asking, losing it.)
        """
        now = [self.editors[name] for name in field_names(self._kind())]
        # Every kind has two fields; shown are still those of the kind before.
        for before, field in zip(self._shown_fields(), now, strict=True):
            if before is not field and before.toPlainText() and not field.toPlainText():
                field.setPlainText(before.toPlainText())
                before.clear()
        self._show_fields()

    def _show_fields(self) -> None:
        labels = dict(NOTE_FIELDS[self._kind()])
        for name, editor in self.editors.items():
            shown = name in labels
            self._form.setRowVisible(editor, shown)
            if shown:
                at = _MNEMONIC_AT[name]
                self._captions[name].setText(f"{labels[name][:at]}&{labels[name][at:]}")
                editor.setAccessibleName(labels[name])

    def reject(self) -> None:
        """Qt override: Esc, Cancel or closing the window first ask before typing is lost."""
        if self._note is None:  # the tags stay from note to note: the fields are the note
            unsaved = any(editor.toPlainText() for editor in self._shown_fields())
            what = "The note is not added yet."
        else:
            unsaved, what = self.edited(), UNSAVED_EDIT
        if closing_allowed(self, unsaved, what):
            super().reject()

    def _try_save(self) -> None:
        if self._note is not None and not self.edited():  # no "Saved", nothing to undo
            self.reject()
            return
        deck_id = self._note.deck_id if self._note is not None else self.deck.currentData()
        try:
            warning = self._save(deck_id, self.draft())
        except NoteError as error:
            message = str(error)
            self._show_problem(message[:1].upper() + message[1:] + ".")
            return
        if self._note is not None:
            self.accept()
            return
        self._ready_for_the_next(warning)

    def _show_problem(self, text: str) -> None:
        self.added.hide()  # of the note before: beside this one's problem, it misleads
        self._announcer.show(self.error, text)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: open tall enough for every line (see :meth:`_fit_height`)."""
        super().showEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow as tall as the layout asks at this width, but no taller than the screen.

        Qt's minimum height counts a wrapped message at another width: at large text the
        dialog, kept at that minimum, squeezed its fields up under the captions below them.
        """
        # The title bar and window frame are not ours to measure; leave them a tenth.
        room = screen_room(self).height() * 9 // 10
        needed = min(layout_height(self.layout(), self.width()), room)
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _ready_for_the_next(self, warning: str | None) -> None:
        """After an Add: the fields empty for the next note; deck, kind and tags kept.

        ``warning`` (a likely duplicate) is said with "Added": the status line saying it is
        behind this window, and a screen reader heard this window's words instead.
        """
        for editor in self.editors.values():
            editor.clear()
        self.error.hide()
        self.cancel_button.setText("C&lose")
        self.cancel_button.setAccessibleName("Close")
        deck = self.deck.currentText()
        added = " ".join(filter(None, [f"Added to {deck}.", warning]))
        # Said once the focus is back in the first field: said before, the screen reader's
        # naming of that field cut it short.
        self._announcer.show(
            self.added,
            f"{added} Type the next note, or press Esc to close.",
            focus=self._first_field(),
        )
        self._fit_height()

    def _shown_fields(self) -> list[TextField]:
        return [editor for editor in self.editors.values() if self._form.isRowVisible(editor)]

    def _first_field(self) -> TextField:
        return self._shown_fields()[0]


def note_editor_of_card(
    notes: NoteService,
    card_id: int,
    saved: list[ChangeReport],
    problem_of: ProblemOf,
    parent: QWidget,
) -> QDialog:
    """The editor of a card's note (Enter in Browse); each edit it saves goes into ``saved``.

    A note of an imported Anki note type is edited field by field. A write the collection
    cannot take is said in the editor, which keeps what was typed (``problem_of`` tells why).

    Raises:
        NoteError: The card is gone, or its note's Anki note type is missing.
    """
    fields = notes.editable_note(card_id)
    if fields.kind not in tuple(NoteKind):

        def save_fields(changed: dict[str, str], tags: str | None) -> None:
            with refused_if_not_saved(problem_of):
                saved.append(notes.edit_fields(fields.note_id, changed, tags))

        return FieldsEditorDialog(fields, save_fields, parent)
    note = notes.note_of_card(card_id)

    def save(_deck_id: int, draft: NoteDraft) -> None:
        with refused_if_not_saved(problem_of):
            saved.append(notes.edit(note.note_id, draft))

    return NoteEditorDialog(save, note=note, parent=parent)
