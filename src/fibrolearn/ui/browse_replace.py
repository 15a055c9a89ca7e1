"""Browse's Find and replace (Ctrl+Alt+F, Anki's Notes ▸ Find and Replace) dialog.

It looks in the notes of the selected cards when "Selected notes only" is ticked (at first,
when more than one card is selected), else in those of every card found. It says, as the
learner types, in how many notes the replacement would change something; a regular
expression that cannot be read is explained in the dialog, which stays open. The notes are
read, and counted in, on the background worker: every note of a large collection takes
seconds, which the window must not freeze for. The change itself runs as the page's other
bulk changes do (in the background, all or nothing, undone by Ctrl+Z).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from fibrolearn.domain.find_replace import LONGEST, FindError, Replacement
from fibrolearn.domain.words import counted
from fibrolearn.services.find_replace import FindScope, refusal
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.labels import breakable_words, described_line
from fibrolearn.ui.tasks import TaskRunner, WindowWork
from fibrolearn.ui.text_fit import TextFitDialog

ALL_FIELDS = "All fields"
FIELD_CHARS = 20  # of a field's name, shown in the In box
SHOWN = 40  # characters of what is found that the count quotes
PREVIEW_DELAY_MS = 250  # typing on, the count waits for a pause (a large collection takes time)
TYPE_FIRST = "Type what to find; the notes it is in are counted here."
HOW = (
    "Only the text between HTML tags changes, never a tag: links, pictures and formatting "
    "stay as they are, and words split by formatting are not found together. With a regular "
    "expression, ^ and $ are the start and end of the whole field, and \\1 or $1 in Replace "
    "with puts back what its first group found ($$ is a dollar sign)."
)


@dataclass(frozen=True, slots=True)
class Cards:
    """The cards a Find and replace may look in: those selected, and every one found."""

    selected: Sequence[int]
    found: Sequence[int]

    def of(self, selected_only: bool) -> tuple[Sequence[int], str]:
        """The cards to look in, and words for them."""
        if selected_only:
            return self.selected, f"the {counted(len(self.selected), 'selected card')}"
        return self.found, "every card found"


def _field_box() -> QComboBox:
    """The In box: every field, or one (the fields come once the notes are read)."""
    box = QComboBox()
    box.addItem(ALL_FIELDS)
    box.setAccessibleName("In")
    box.view().setAccessibleName("Fields")  # the list that drops down
    # A long field name is cut in the box, not the dialog widened past the screen.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(FIELD_CHARS)
    return box


class FindReplaceDialog(TextFitDialog):
    """Asks what to find and what to put instead, counting the notes it would change.

    Args:
        parent: The page.
        read: Reads the notes of some cards (on the background worker).
        tasks: The app's background worker.
        cards: The cards selected and found.
        chars: The dialog's width, in average characters.
    """

    def __init__(
        self,
        parent: QWidget,
        read: Callable[[Sequence[int]], FindScope],
        tasks: TaskRunner,
        cards: Cards,
        chars: int,
    ) -> None:
        super().__init__(parent, chars=chars)
        self.setWindowTitle("Find and replace")
        self.setAccessibleName("Find and replace")
        self._read, self._cards = read, cards
        self.work = WindowWork(self, tasks)  # it goes once closed and its reads have answered
        self._scopes: dict[bool, FindScope] = {}  # read, by "selected notes only"
        self._asked = 0  # the count asked for last; an older one's answer is stale
        self._counted: int | None = None  # the last count, once it is the one asked for
        self._replace_when_counted = False
        self.prompt = QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setWordWrap(True)
        self.find = self._line("Find")
        self.put = self._line("Replace with")
        self.field = _field_box()
        self.selected_only = QCheckBox("&Selected notes only")
        self.selected_only.setChecked(len(cards.selected) > 1)  # Anki's default, but for one
        self.selected_only.setEnabled(bool(cards.selected) and bool(cards.found))
        self.regex = QCheckBox("Treat input as a regular e&xpression")
        self.ignore_case = QCheckBox("&Ignore case")
        self.ignore_case.setChecked(True)
        how = described_line("How it replaces", HOW, role="muted")
        how.setTextFormat(Qt.TextFormat.PlainText)
        asked = []
        for text, widget in (
            ("&Find:", self.find),
            ("Replace &with:", self.put),
            ("I&n:", self.field),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            asked += [label, widget]
        self.preview = described_line("Preview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = described_line("Problem", role="error")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self._announcer = Announcer(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Replace")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        boxes = (self.selected_only, self.regex, self.ignore_case)
        parts = (self.prompt, *asked, *boxes, how, self.preview, self.problem)
        self.arrange(parts, buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.show_preview)
        for line in (self.find, self.put):
            line.textChanged.connect(self._edited)
        self.field.currentIndexChanged.connect(self._edited)
        for box in (self.regex, self.ignore_case):
            box.toggled.connect(self._edited)
        self.selected_only.toggled.connect(self._read_scope)
        self._read_scope()
        self.find.setFocus()

    def _line(self, name: str) -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(name)
        line.setMaxLength(LONGEST)
        return line

    @property
    def scope(self) -> FindScope | None:
        """The notes looked in, once read."""
        return self._scopes.get(self.selected_only.isChecked())

    def card_ids(self) -> Sequence[int]:
        """The cards whose notes the replacement is for."""
        return self._cards.of(self.selected_only.isChecked())[0]

    def replacement(self) -> Replacement:
        """What the learner asked for."""
        field = self.field.currentText()
        return Replacement(
            find=self.find.text(),
            put=self.put.text(),
            field=None if self.field.currentIndex() == 0 else field,
            regex=self.regex.isChecked(),
            ignore_case=self.ignore_case.isChecked(),
        )

    def _edited(self) -> None:
        """Count again once the learner pauses; a Replace waiting for the count waits on."""
        self._replace_when_counted = False
        self._timer.start()

    def _read_scope(self) -> None:
        """Show the notes now chosen, reading them first (in the background) if need be."""
        self._replace_when_counted = False
        key = self.selected_only.isChecked()
        ids, where = self._cards.of(key)
        self.prompt.setText(f"Find and replace in the notes of {where}.")
        if key in self._scopes:
            self._scope_read(key, self._scopes[key])
            return
        self._asked += 1  # a count under way is for the other notes
        reading = f"Reading the notes of {counted(len(ids), 'card')}…"
        self.preview.setText(reading if self.find.text() else TYPE_FIRST)
        self.work.run(partial(self._read, ids), partial(self._scope_read, key), self._failed)

    def _scope_read(self, key: bool, scope: FindScope) -> None:
        self._scopes[key] = scope
        if key != self.selected_only.isChecked():
            return  # read for the other choice, since taken back
        chosen = self.field.currentText()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItems([ALL_FIELDS, *scope.field_labels()])
        self.field.setCurrentIndex(max(0, self.field.findText(chosen)))
        self.field.blockSignals(False)
        self.show_preview()

    def show_preview(self) -> None:
        """Count (in the background) in how many notes it would replace; or say why not."""
        self._timer.stop()
        self._asked += 1
        self._counted = None
        scope, replacement = self.scope, self.replacement()
        try:
            refused = None if scope is None else refusal(scope)
            if refused is not None:
                raise FindError(refused)
            if not replacement.find:
                self.problem.hide()
                self.preview.setText(TYPE_FIRST)
                self._replace_when_counted = False
                return
            replacement.pattern()  # a mistake in it is said at once, the notes read or not
        except FindError as error:
            self._said_problem(f"Cannot replace: {error}.")
            return
        self.problem.hide()
        if scope is None:
            return  # counted once the notes are read
        asked = self._asked
        self.work.run(
            lambda: len(scope.changes(replacement)),
            partial(self._count_ready, asked, replacement.find),
            partial(self._count_failed, asked),
        )

    def _count_ready(self, asked: int, find: str, changed: int) -> None:
        if asked != self._asked:
            return  # the learner typed on: a newer count is coming
        self._counted = changed
        self.problem.hide()
        found = find if len(find) <= SHOWN else find[:SHOWN] + "…"
        total = counted(len(self.scope.notes), "note") if self.scope else ""
        said = f"Replaces “{found}” in {changed:,} of {total}."
        self.preview.setText(breakable_words(said))  # a long word found wraps, never cut off
        self._announcer.announce(said)
        if self._replace_when_counted and self.isVisible():
            self.accept()

    def _count_failed(self, asked: int, error: Exception) -> None:
        if asked != self._asked:
            return
        if isinstance(error, FindError):
            self._said_problem(f"Cannot replace: {error}.")
        else:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        """The notes could not be read: the dialog closes, and the app reports the error."""
        self.reject()
        raise error

    def _said_problem(self, text: str) -> None:
        self._replace_when_counted = False
        self.preview.setText("")
        self._announcer.show(self.problem, text)

    def accept(self) -> None:
        """Qt override: close only on a replacement that changes something; else say why.

        Before the count has come, Replace waits for it (the notes are still being read).
        """
        if self._timer.isActive():
            self.show_preview()
        if not self.find.text():
            self._announcer.show(self.problem, "Type what to find first.", focus=self.find)
        elif self.problem.isVisibleTo(self):
            self.find.setFocus()
        elif self._counted is None:
            self._replace_when_counted = True
            self.preview.setText("Counting the notes it is in, then replacing…")
            self._announcer.announce(self.preview.text())
        elif self._counted == 0:
            self._replace_when_counted = False
            self._announcer.show(
                self.problem, "Nothing to replace: no note here has it.", focus=self.find
            )
        else:
            super().accept()
            return
        self.find.setFocus()
