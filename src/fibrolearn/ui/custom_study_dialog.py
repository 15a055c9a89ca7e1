"""Tools ▸ Custom study: Anki's "Custom study session" for one deck and its subdecks.

Five choices, each with its number (or search) and a line saying what it does; only the
chosen one's box takes input, so Tab goes from the choice to its box and on to Start. Enter
starts, Esc cancels. A choice that finds nothing to study, or a search that cannot be read,
is explained in the dialog, which stays open; so is a collection that cannot raise limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from fibrolearn.domain.custom_study import (
    MOST_CARDS,
    MOST_DAYS,
    RAISES,
    CustomChoice,
    CustomSet,
)
from fibrolearn.domain.search import SearchSyntaxError
from fibrolearn.domain.words import counted
from fibrolearn.services.today_extra import MOST_EXTRA
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.labels import breakable_words
from fibrolearn.ui.text_fit import TextFitDialog

if TYPE_CHECKING:
    from fibrolearn.domain.faults import StorageProblem
    from fibrolearn.services.custom_study import CustomStudyService


class _Choice(NamedTuple):
    """A choice as the dialog shows it: its label, its box's name and unit, and its first value."""

    text: str
    box_name: str
    unit: str  # the box's suffix ("" for the search's text box)
    first: int
    nothing: str  # said when it finds no card


_CHOICES = {
    CustomChoice.MORE_NEW: _Choice(
        "Study more &new cards today", "New cards to add today", " cards", 10, ""
    ),
    CustomChoice.MORE_REVIEWS: _Choice(
        "&Review more today", "Reviews to add today", " reviews", 50, ""
    ),
    CustomChoice.FORGOTTEN: _Choice(
        "Review &forgotten cards",
        "Days to look back",
        " days",
        1,
        "No card of this deck was answered Again in that time",
    ),
    CustomChoice.AHEAD: _Choice(
        "Review &ahead",
        "Days to look ahead",
        " days",
        1,
        "No review of this deck falls due in that time (those due today are in its usual session)",
    ),
    CustomChoice.SEARCH: _Choice(
        "Study cards matching a s&earch",
        "Search",
        "",
        0,
        "No card of this deck that can be studied matches that search",
    ),
}
_RAISE_ORDER = (CustomChoice.MORE_NEW, CustomChoice.MORE_REVIEWS)  # as ``waiting`` has them
_NOTHING_TO_RAISE = {
    CustomChoice.MORE_NEW: (
        "Nothing to add: every new card of “{name}” is in today's session already."
    ),
    CustomChoice.MORE_REVIEWS: (
        "Nothing to add: every review of “{name}” due today is in today's session already. "
        "Review ahead studies those due in the next days."
    ),
}
_READ_ONLY = (
    "This collection is open read-only, so today's limits cannot be raised (that would be "
    "saved). The other choices work: you read through the cards, and no answer is saved."
)


class CustomStudyDialog(TextFitDialog):
    """Asks which custom study to do in a deck and does it: a raise now, or a set to study.

    Once accepted, :attr:`found` holds the set to study, or None after a raise (then
    :attr:`raised` says what was raised).
    """

    def __init__(
        self,
        service: CustomStudyService,
        deck_id: int,
        deck_name: str,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
        problem_of: Callable[[BaseException], StorageProblem | None] = lambda _error: None,
    ) -> None:
        super().__init__(parent, chars=68)
        self._service = service
        self._deck_id = deck_id
        self._name = deck_name
        self._problem_of = problem_of
        self.found: CustomSet | None = None
        self._waiting = dict(zip(_RAISE_ORDER, service.waiting(deck_id), strict=True))
        self.raised = ""
        self.setWindowTitle(f"Custom study: {deck_name}")
        self.setAccessibleName(f"Custom study in {deck_name}")
        intro = QLabel(
            f"Study “{breakable_words(deck_name)}” and its subdecks beyond today's usual session. "
            "Cards are scheduled only as you answer them."
        )
        intro.setWordWrap(True)
        self._announcer = Announcer(self)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleDescription("Why nothing started")
        self.problem.hide()
        self._group = QButtonGroup(self)
        self._boxes: dict[CustomChoice, QWidget] = {}
        choices = QGroupBox("What would you like to study?")
        grid = QGridLayout(choices)
        grid.setColumnStretch(0, 1)
        for row, choice in enumerate(CustomChoice):
            self._add_choice(grid, 2 * row, choice, self._explanation(choice))
        self._group.idToggled.connect(self._enable_chosen)
        first = CustomChoice.FORGOTTEN if read_only else CustomChoice.MORE_NEW
        parts: list[QWidget] = [intro, choices, self.problem]
        if read_only:
            for choice in RAISES:
                self._radio(choice).setEnabled(False)
                self._radio(choice).setAccessibleDescription(_READ_ONLY)
            note = QLabel(_READ_ONLY)
            note.setWordWrap(True)
            note.setProperty("role", "muted")
            parts.insert(1, note)
        self._radio(first).setChecked(True)
        self._enable_chosen()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        start = buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText("&Start")
        start.setAccessibleName("Start")
        start.setAccessibleDescription("Do the chosen custom study")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.arrange(parts, buttons)
        self._radio(first).setFocus()

    # ---------------------------------------------------------------- building
    def _add_choice(self, grid: QGridLayout, row: int, choice: CustomChoice, line: str) -> None:
        """A choice's radio button and box on ``row``, what it does on the next.

        The boxes line up in a column of their own, as wide as the widest needs.
        """
        shown = _CHOICES[choice]
        radio = QRadioButton(shown.text)
        radio.setAccessibleName(shown.text.replace("&", ""))
        radio.setAccessibleDescription(line)
        self._group.addButton(radio, list(CustomChoice).index(choice))
        box: QWidget
        if choice is CustomChoice.SEARCH:
            box = QLineEdit()
            box.setPlaceholderText("e.g. tag:sleep or is:new")
            box.setMaxLength(5000)
        else:
            box = QSpinBox()
            box.setRange(1, MOST_EXTRA if choice in RAISES else MOST_DAYS)
            box.setValue(shown.first)
            _follow_count(box, shown.unit)
            box.setGroupSeparatorShown(True)
            box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        box.setAccessibleName(shown.box_name)
        box.setAccessibleDescription(line)
        self._boxes[choice] = box
        explanation = QLabel(line)
        explanation.setWordWrap(True)
        explanation.setProperty("role", "muted")
        grid.addWidget(radio, row, 0)
        grid.addWidget(box, row, 1)
        grid.addWidget(explanation, row + 1, 0, 1, 2)

    def _explanation(self, choice: CustomChoice) -> str:
        """The line under a choice: what it does."""
        match choice:
            case CustomChoice.MORE_NEW | CustomChoice.MORE_REVIEWS:
                limit = "new-card" if choice is CustomChoice.MORE_NEW else "review"
                return (
                    f"Adds to today's {limit} limit here ({self._waiting_words(choice)}); "
                    "tomorrow the usual limit is back."
                )
            case CustomChoice.FORGOTTEN:
                return "Cards you answered Again in the last days (today is one of them)."
            case CustomChoice.AHEAD:
                return (
                    "Reviews due in the next days, studied before their day: marked early, so "
                    "your true retention stays honest."
                )
        return f"As Browse searches, in this deck only; the first {MOST_CARDS:,} due soonest."

    def _radio(self, choice: CustomChoice) -> QRadioButton:
        button = self._group.button(list(CustomChoice).index(choice))
        assert isinstance(button, QRadioButton)
        return button

    def _enable_chosen(self) -> None:
        """Only the chosen choice's box takes input: Tab goes from the choice to it."""
        chosen = self.choice()
        for choice, box in self._boxes.items():
            box.setEnabled(choice is chosen)

    # ------------------------------------------------------------------ values
    def choice(self) -> CustomChoice:
        """The choice made."""
        return list(CustomChoice)[max(0, self._group.checkedId())]

    def choose(self, choice: CustomChoice, value: int | str) -> None:
        """Make a choice and fill in its box (as a learner's keys would)."""
        self._radio(choice).setChecked(True)
        box = self._boxes[choice]
        if isinstance(box, QLineEdit):
            box.setText(str(value))
        else:
            assert isinstance(box, QSpinBox)
            box.setValue(int(value))

    def box(self, choice: CustomChoice) -> QWidget:
        """The number (or search) box of a choice."""
        return self._boxes[choice]

    def _number(self, choice: CustomChoice) -> int:
        box = self._boxes[choice]
        assert isinstance(box, QSpinBox)
        box.interpretText()  # a number typed and not yet confirmed
        return box.value()

    # ------------------------------------------------------------------ acting
    def accept(self) -> None:
        """Start: raise the limit, or find the set; say why not and stay open when neither."""
        choice = self.choice()
        box = self._boxes[choice]
        if choice in RAISES:
            self._raise(choice, box)
            return
        if isinstance(box, QLineEdit) and not box.text().strip():
            self._say("Type a search first, such as tag:sleep or is:new.", box)
            return
        try:
            found = self._find(choice)
        except SearchSyntaxError as error:
            self._say(f"Cannot search: {error.message.rstrip('.')}.", box)
            return
        words = found.nothing_words(_CHOICES[choice].nothing)
        if words is not None:
            self._say(words, box)
            return
        self.found = found
        super().accept()

    def _waiting_words(self, choice: CustomChoice) -> str:
        """How many cards a raise could bring today ("12 are waiting")."""
        waiting = self._waiting[choice]
        if waiting == 0:
            return "none is waiting beyond today's session"
        return f"{waiting:,} {'is' if waiting == 1 else 'are'} waiting"

    def _raise(self, choice: CustomChoice, box: QWidget) -> None:
        if self._waiting[choice] == 0:
            self._say(_NOTHING_TO_RAISE[choice].format(name=breakable_words(self._name)), box)
            return
        more = self._number(choice)
        kind = "new" if choice is CustomChoice.MORE_NEW else "reviews"
        try:
            self._service.raise_limit(self._deck_id, kind, more)
        except Exception as error:
            problem = self._problem_of(error)
            if problem is None:
                raise
            self._say(problem.refused("the raise", "saved", "today's limit is as it was"), box)
            return
        what = counted(more, "more new card") if kind == "new" else counted(more, "more review")
        self.raised = f"“{self._name}”: {what} today."
        super().accept()

    def _find(self, choice: CustomChoice) -> CustomSet:
        if choice is CustomChoice.SEARCH:
            box = self._boxes[choice]
            assert isinstance(box, QLineEdit)
            return self._service.matching(self._deck_id, box.text())
        days = self._number(choice)
        if choice is CustomChoice.FORGOTTEN:
            return self._service.forgotten(self._deck_id, days)
        return self._service.ahead(self._deck_id, days)

    def _say(self, words: str, focus: QWidget) -> None:
        """Say why nothing started under the choices, the focus on the box to change."""
        self._announcer.show(self.problem, words, focus=focus)
        scroller = self.scroller
        assert scroller is not None
        # In sight with large text on a small screen: once laid out with its new height.
        QTimer.singleShot(0, self, lambda: scroller.ensureWidgetVisible(self.problem, 0, 0))


def _follow_count(box: QSpinBox, unit: str) -> None:
    """Show ``unit`` after the number, singular for 1 ("1 day", "2 days")."""

    def follow(value: int) -> None:
        box.setSuffix(unit.removesuffix("s") if value == 1 else unit)

    box.valueChanged.connect(follow)
    follow(box.value())
