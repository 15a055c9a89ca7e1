"""Browse's Find and replace (Ctrl+Alt+F, Anki's Notes ▸ Find and Replace) dialog.

It looks in the notes of the selected cards, or of every card found when one card alone is
selected, as Anki's "selected notes only" does. It says, as the learner types, in how many
notes the replacement would change something; a regular expression that cannot be read is
explained in the dialog, which stays open. The change itself runs as the page's other bulk
changes do (in the background, all or nothing, undone by Ctrl+Z).
"""

from __future__ import annotations

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
from fibrolearn.services.find_replace import FindScope
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.text_fit import TextFitDialog

ALL_FIELDS = "All fields"
FIELD_CHARS = 20  # of a field's name, shown in the In box
SHOWN = 40  # characters of what is found that the count quotes
PREVIEW_DELAY_MS = 250  # typing on, the count waits for a pause (a large collection takes time)
HOW = (
    "Only the text between HTML tags changes, never a tag: links, pictures and formatting "
    "stay as they are, and words split by formatting are not found together. With a regular "
    "expression, ^ and $ are the start and end of the whole field, and \\1 or $1 in Replace "
    "with puts back what its first group found ($$ is a dollar sign)."
)


class FindReplaceDialog(TextFitDialog):
    """Asks what to find and what to put instead, counting the notes it would change."""

    def __init__(self, parent: QWidget, scope: FindScope, where: str, chars: int) -> None:
        super().__init__(parent, chars=chars)
        self.setWindowTitle("Find and replace")
        self.setAccessibleName("Find and replace")
        self._scope = scope
        prompt = QLabel(
            f"Find and replace in {counted(len(scope.notes), 'note')}: those of {where}."
        )
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        self.find = self._line("Find")
        self.put = self._line("Replace with")
        self.field = QComboBox()
        self.field.addItems([ALL_FIELDS, *scope.field_labels()])
        self.field.setAccessibleName("In")
        self.field.view().setAccessibleName("Fields")  # the list that drops down
        # A long field name is cut in the box, not the dialog widened past the screen.
        self.field.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.field.setMinimumContentsLength(FIELD_CHARS)
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
        parts = (prompt, *asked, self.regex, self.ignore_case, how, self.preview, self.problem)
        self.arrange(parts, buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.show_preview)
        for line in (self.find, self.put):
            line.textChanged.connect(self._timer.start)
        self.field.currentIndexChanged.connect(self._timer.start)
        for box in (self.regex, self.ignore_case):
            box.toggled.connect(self._timer.start)
        self.show_preview()
        self.find.setFocus()

    def _line(self, name: str) -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(name)
        line.setMaxLength(LONGEST)
        return line

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

    def show_preview(self) -> int | None:
        """Say in how many notes it would replace; None (said why) when it cannot."""
        self._timer.stop()
        replacement = self.replacement()
        if not replacement.find:
            self.problem.hide()
            self.preview.setText("Type what to find; the notes it is in are counted here.")
            return None
        try:
            changed = len(self._scope.changes(replacement))
        except FindError as error:
            self.preview.setText("")
            self._announcer.show(self.problem, f"Cannot replace: {error}.")
            return None
        self.problem.hide()
        found = (
            replacement.find if len(replacement.find) <= SHOWN else replacement.find[:SHOWN] + "…"
        )
        total = counted(len(self._scope.notes), "note")
        self.preview.setText(f"Replaces “{found}” in {changed:,} of {total}.")
        self._announcer.announce(self.preview.text())
        return changed

    def accept(self) -> None:
        """Qt override: close only on a replacement that changes something; else say why."""
        changed = self.show_preview()
        if changed is None and not self.find.text():
            self._announcer.show(self.problem, "Type what to find first.", focus=self.find)
        elif changed == 0:
            self._announcer.show(
                self.problem, "Nothing to replace: no note here has it.", focus=self.find
            )
        elif changed is not None:
            super().accept()
            return
        self.find.setFocus()
