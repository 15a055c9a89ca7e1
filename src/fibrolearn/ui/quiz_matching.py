"""A matching question's answer box, and a matching answer's findings one by one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidgetItem

from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import Response
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.fitted_list import FittedList


@dataclass(frozen=True, slots=True)
class MatchedPair:
    """One finding of a matching answer, with the factor the learner chose and the right one."""

    finding: str
    chosen: str
    right: str
    correct: bool


def matched_pairs(question: QuizQuestion, response: Response) -> tuple[MatchedPair, ...]:
    """Each finding of a matching ``response`` with its factors; () for other kinds."""
    if question.kind is not QuizKind.MATCHING or not isinstance(response, tuple):
        return ()
    assert isinstance(question.correct, tuple)
    options = question.options
    return tuple(
        MatchedPair(finding, options[chosen], options[right], chosen == right)
        for finding, chosen, right in zip(question.items, response, question.correct, strict=True)
    )


class MatchingList(FittedList):
    """Findings with the factor chosen for each; Left/Right or a number changes the choice.

    A click on a finding steps it on to the next factor, as Right does: without a keyboard,
    a matching question could not be answered at all.
    """

    submitted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.items: tuple[str, ...] = ()
        self.options: tuple[str, ...] = ()
        self.unassigned = ""  # what an item not matched yet shows
        self.choices: list[int | None] = []
        self.announcer = Announcer(self)
        # A quick second click is a double click, which a list does not count as a click.
        for clicked in (self.itemClicked, self.itemDoubleClicked):
            clicked.connect(lambda item: self._step(self.row(item), 1))

    def load(self, items: tuple[str, ...], options: tuple[str, ...], unassigned: str) -> None:
        """Show the findings, none matched yet, each saying ``unassigned``."""
        self.items, self.options, self.unassigned = items, options, unassigned
        self.choices = [None] * len(items)
        self.clear()
        for _ in items:
            self.addItem(QListWidgetItem())
        self._render()
        self.setCurrentRow(0)

    def complete(self) -> bool:
        """Whether every finding has a factor."""
        return all(choice is not None for choice in self.choices)

    def response(self) -> tuple[int, ...]:
        """The chosen option for each finding."""
        return tuple(c if c is not None else -1 for c in self.choices)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows and numbers choose; Enter submits once every finding is matched."""
        row = self.currentRow()
        key = event.key()
        number = key - Qt.Key.Key_1
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and row >= 0:
            self._step(row, 1 if key == Qt.Key.Key_Right else -1)
        elif 0 <= number < len(self.options) and row >= 0:
            self._choose(row, number)
            if row + 1 < self.count():
                self.setCurrentRow(row + 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
        else:
            super().keyPressEvent(event)

    def _step(self, row: int, step: int) -> None:
        """Match finding ``row`` with the next factor (``step`` 1) or the one before (-1)."""
        current = self.choices[row]
        start = -1 if current is None and step == 1 else (current or 0)
        self._choose(row, (start + step) % len(self.options))

    def _choose(self, row: int, option: int) -> None:
        """Match finding ``row`` with ``option``, and say so: a row changed is not read out."""
        self.choices[row] = option
        self._render()
        self.announcer.announce(self.item(row).data(Qt.ItemDataRole.AccessibleTextRole))

    def _render(self) -> None:
        for row, (finding, choice) in enumerate(zip(self.items, self.choices, strict=True)):
            name = self.unassigned if choice is None else f"{choice + 1}. {self.options[choice]}"
            item = self.item(row)
            item.setText(f"{finding}\n    → {name}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{finding}: matched with {name}")
