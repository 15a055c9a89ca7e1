"""Rename a deck: its name selected to type over, and a refused name explained in the dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.text_fit import TextFitDialog


class DeckNameDialog(TextFitDialog):
    """Asks for a deck's new name and saves it; stays open, saying why, on a refused name.

    Args:
        name: The deck's name now.
        rename: Saves a name; returns the name as kept, or raises ``ValueError`` saying why
            the name cannot be used (``DeckNameError``).
        problem: Why a name cannot be used (None when it can), to check again as the
            learner types once a name was refused.
        parent: The window the dialog belongs to.
    """

    def __init__(
        self,
        name: str,
        rename: Callable[[str], str],
        problem: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, chars=48)
        self.setWindowTitle("Rename deck")
        self.setAccessibleName(f"Rename “{name}”")
        self._rename = rename
        self._problem = problem
        self.name = name  # as kept, once renamed
        self.editor = QLineEdit(name)
        self.editor.setAccessibleName("New name")
        self.editor.setAccessibleDescription(f"The deck is called “{name}” now")
        self.editor.selectAll()  # typing replaces it; an arrow key keeps it to change a little
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setAccessibleDescription("Why this name cannot be used")
        self.error.hide()
        self._announcer = Announcer(self.error)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        label = QLabel("&New name")
        label.setBuddy(self.editor)
        form.addRow(label, self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Rename")
        ok.setAccessibleName("Rename the deck")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        # Not arranged to scroll (see TextFitDialog.arrange): a line and a sentence always fit.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.editor.textEdited.connect(self._recheck)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save(self) -> None:
        try:
            self.name = self._rename(self.editor.text())
        except ValueError as error:
            self.editor.selectAll()
            self._announcer.show(self.error, str(error), focus=self.editor)
            return
        except LookupError:  # deleted meanwhile (from the command line): nothing to rename
            self.reject()
            return
        self.accept()

    def _recheck(self, text: str) -> None:
        """A refusal stays while it is true and goes once the name would do."""
        if self.error.isHidden():
            return
        problem = self._problem(text)
        if problem is None:
            self.error.hide()
        elif problem != self.error.text():
            self._announcer.show(self.error, problem)  # said as well as shown
