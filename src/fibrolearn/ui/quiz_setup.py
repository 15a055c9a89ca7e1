"""The quiz set-up screen: deck, factors (or "my weakest areas"), kinds, length, mode, time."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.knowledge import Factor
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_notes import QuizDeck
from fibrolearn.domain.quiz_session import (
    MAX_QUESTIONS,
    MAX_TIME_LIMIT_S,
    MIN_QUESTIONS,
    QuizMode,
    QuizSetup,
)
from fibrolearn.domain.statistics import WeakestAreas
from fibrolearn.domain.words import listed
from fibrolearn.services.quiz_questions import too_few_notes
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.deck_box import DeckBox
from fibrolearn.ui.fitted_list import FittedList
from fibrolearn.ui.quiz_kinds import list_kinds


class _Checklist(FittedList):
    """A list of check boxes as tall as its rows, whose long labels wrap.

    Never narrower than its longest label either, up to some words: with large text the page
    scrolls down, instead of the list hiding its own labels or the page scrolling sideways.
    As tall as its rows, not Qt's fixed height: at 1280x800 and 100 % text the page scrolled
    88 px for the empty room kept below twelve factors.
    """

    WRAPS_FROM = 24  # characters: a longer label may wrap when the window is narrow

    def minimumSizeHint(self) -> QSize:
        """Qt override: room for the widest label (or some words of it), and every row."""
        hint = super().minimumSizeHint()
        frame = 2 * self.frameWidth()
        widest = self.sizeHintForColumn(0) + frame  # no scroll bar: see FittedList
        widest = min(widest, self.fontMetrics().averageCharWidth() * self.WRAPS_FROM)
        return QSize(max(hint.width(), widest), self.sizeHint().height())


def _checklist(name: str, description: str) -> QListWidget:
    checklist = _Checklist()
    checklist.setWordWrap(True)
    checklist.setAccessibleName(name)
    checklist.setAccessibleDescription(description)
    checklist.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return checklist


def _ticked(checklist: QListWidget) -> list[str]:
    """The ticked items' keys."""
    return [
        checklist.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(checklist.count())
        if checklist.item(row).checkState() == Qt.CheckState.Checked
    ]


def _chosen(checklist: QListWidget) -> list[str]:
    """The ticked items' keys; none when every item is ticked, as both mean all."""
    keys = _ticked(checklist)
    return [] if len(keys) == checklist.count() else keys


class _NumberBox(QSpinBox):
    """A spin box that takes any number typed and brings it into its range, saying so.

    A plain QSpinBox refuses a digit taking the number past its maximum (60 typed in 5-50
    left 6) and, on Enter, puts its previous value back for a number under its minimum (3
    gave 10), while the box still showed what was typed.
    """

    corrected = Signal(int)  # the bound a typed number was brought to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._corrections = 0  # so far: settle() tells whether interpreting made one

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Qt override: any whole number is worth keeping, to be brought into range."""
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid and self._typed_number(text) is not None:
            state = QValidator.State.Intermediate
        return state, text, pos

    def fixup(self, text: str) -> str:
        """Qt override: a number out of range becomes the nearest bound, said by ``corrected``."""
        number = self._typed_number(text)
        if number is None or self.minimum() <= number <= self.maximum():
            return super().fixup(text)
        bound = min(max(number, self.minimum()), self.maximum())
        self._corrections += 1
        self.corrected.emit(bound)
        return self.textFromValue(bound)

    def settle(self) -> bool:
        """Take in the number typed; False when it had to be brought into range."""
        before = self._corrections
        self.interpretText()
        return self._corrections == before

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Enter after a correction is not passed on: the box is read first."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not self.settle():
            self.selectAll()  # as after any Enter: what is typed next replaces it
            return  # kept here rather than starting the quiz with another number than typed
        super().keyPressEvent(event)

    def _typed_number(self, text: str) -> int | None:
        digits = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        return int(digits) if digits.isdigit() else None


class QuizSetupView(QWidget):
    """Collects a :class:`QuizSetup`; Enter (Ctrl+Enter too) or "Start quiz" starts it.

    Its buttons and messages are in :attr:`button_bar`, which the page keeps below its
    scrolling part: in view at any text size, while the choices open at the top.
    Its Alt+letters avoid the menu bar's (F, E, V, G, B, T, H), as Browse's buttons do.
    """

    start_requested = Signal(object)  # QuizSetup
    deck_changed = Signal(int)
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.announcer = Announcer(self)
        heading = QLabel("<h1>Quiz yourself</h1>")
        heading.setAccessibleDescription("Quiz yourself")
        self._build_choices()
        self._build_options()
        form, lists = self._build_layouts()
        self.button_bar = QWidget()  # not in this layout: the page keeps it in view
        bar = QVBoxLayout(self.button_bar)
        bar.addWidget(self.message)  # why a quiz could not start, next to "Start quiz"
        bar.addLayout(self._build_buttons())

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addLayout(lists)
        layout.addStretch(1)  # the room the lists do not take goes below them, not between
        self.focus_target: QWidget = self.deck  # the first choice, at the top
        self._factors_deck: int | None = None  # the deck whose factors are listed
        self._knowledge: set[int] = set()  # the decks offered that have a knowledge model

    def _build_choices(self) -> None:
        self.deck = DeckBox()
        self.deck.currentIndexChanged.connect(self._deck_chosen)

        # Short: a tick box's label cannot wrap; the note below says which factors it means.
        self.weakest = QCheckBox("My &weakest areas")
        self.weakest.setAccessibleDescription(
            "Ask about the factors you know least well: lowest predicted recall and quiz scores"
        )
        self.weakest.toggled.connect(lambda on: self.factors.setEnabled(not on))
        # Which factors "weakest" means now, and whether anything is known of them yet.
        self.weakest_note = QLabel()
        self.weakest_note.setTextFormat(Qt.TextFormat.PlainText)  # a factor's name may hold <
        self.weakest_note.setWordWrap(True)
        self.weakest_note.setAccessibleDescription("My weakest areas")
        self.weakest_note.hide()
        self.factors = _checklist(
            "Factors to ask about", "Space ticks or unticks a factor; none ticked means all"
        )
        self.kinds = _checklist(
            "Kinds of question", "Space ticks or unticks a kind; none ticked means all"
        )
        list_kinds(self.kinds, knowledge=True)
        # In the factors' place for a deck without a knowledge model: what it is asked instead.
        self.notes_note = QLabel()
        self.notes_note.setWordWrap(True)
        self.notes_note.setAccessibleDescription("What this quiz asks")
        self.notes_note.hide()

    def _build_options(self) -> None:
        self.length = _NumberBox()
        self.length.setRange(MIN_QUESTIONS, MAX_QUESTIONS)
        self.length.setValue(10)
        self.length.setAccessibleName("Questions")  # as its label says
        self.length.setAccessibleDescription("How many questions the quiz asks")
        self.practice = QRadioButton("&Practice: see each answer as you go")
        self.practice.setChecked(True)
        self.test = QRadioButton("Test: see your &answers at the end")
        self.minutes = _NumberBox()
        self.minutes.setRange(0, MAX_TIME_LIMIT_S // 60)
        self.minutes.setSpecialValueText("No time limit")
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Time limit in minutes")
        self.minutes.setAccessibleDescription("0 means no time limit")
        # Short: a tick box's label cannot wrap, and large text must fit the window.
        self.bring_forward = QCheckBox("B&ring missed questions' cards forward")
        self.bring_forward.setToolTip("Makes the flashcards of a question you miss due now")
        self.bring_forward.setAccessibleDescription(
            "On: the flashcards of a question you miss are due now. "
            "Off: quizzes never change when your flashcards come up"
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleDescription("Message")
        self.message.hide()  # until there is something to say
        for box in (self.length, self.minutes):
            box.corrected.connect(lambda bound, box=box: self._say_corrected(box, bound))

    def _build_layouts(self) -> tuple[QFormLayout, QVBoxLayout]:
        form = QFormLayout()
        # In a narrow window at large text, each choice goes under its label, not beside it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Deck:", self.deck)
        form.addRow("&Questions:", self.length)
        form.addRow("Time &limit:", self.minutes)
        mode = QVBoxLayout()
        mode.addWidget(self.practice)
        mode.addWidget(self.test)
        form.addRow("Mode:", mode)
        form.addRow("", self.bring_forward)

        factor_box = self.factor_box = QGroupBox("Fa&ctors")
        factor_layout = QVBoxLayout(factor_box)
        factor_layout.addWidget(self.weakest)
        factor_layout.addWidget(self.weakest_note)
        factor_layout.addWidget(self.factors)
        tick_none = QLabel("Tick none to be asked about every factor.")
        tick_none.setWordWrap(True)
        factor_layout.addWidget(tick_none)
        kind_box = QGroupBox("&Kinds of question")
        QVBoxLayout(kind_box).addWidget(self.kinds)
        # One above the other: side by side, large text would make the page scroll sideways.
        lists = QVBoxLayout()
        lists.addWidget(self.notes_note)
        lists.addWidget(factor_box)
        lists.addWidget(kind_box)
        return form, lists

    def _build_buttons(self) -> QHBoxLayout:
        self.start_button = QPushButton("&Start quiz")
        self.start_button.setDefault(True)
        self.start_button.setAccessibleDescription(
            "Enter from a choice, or Ctrl+Enter from anywhere on this screen"
        )
        self.start_button.clicked.connect(self.request_start)
        self.history_button = QPushButton("Past q&uizzes")
        self.history_button.clicked.connect(self.history_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        return buttons

    def set_decks(self, decks: list[QuizDeck], selected: int | None = None) -> None:
        """Offer these decks, ``selected`` chosen.

        Its factors are listed once, after it is chosen: choosing it told it too, and the
        second listing undid what the first had ticked (the factor asked for by "Quiz me on
        it" in Progress).
        """
        self.deck.blockSignals(True)
        self.deck.clear()
        self._knowledge = {deck.deck_id for deck in decks if deck.knowledge}
        for deck in decks:
            self.deck.addItem(deck.name, deck.deck_id)
        index = self.deck.findData(selected) if selected is not None else 0
        self.deck.setCurrentIndex(max(0, index))
        self.deck.blockSignals(False)
        if decks:
            self._clear_message()  # "No deck…" no longer holds
        self._deck_chosen()  # its factors, or its notes: whether it can start is said then
        if not decks:
            self.start_button.setEnabled(False)
            self.show_message("There is no deck to quiz you on yet: import or make one first.")

    def has_knowledge(self) -> bool:
        """Whether the deck chosen has a knowledge model: factors to choose among."""
        return self.selected_deck() in self._knowledge

    def set_usable_notes(self, usable: int) -> None:
        """The deck chosen has no knowledge model: say what it is asked, and if it is too small.

        Its factors' choices make no sense for it: they are hidden, and the note says why.
        """
        self.factor_box.hide()
        list_kinds(self.kinds, knowledge=False)
        too_few = too_few_notes(usable)
        self.start_button.setEnabled(too_few is None)
        self.notes_note.setText(
            "This deck has no knowledge model, so the quiz asks its notes' questions: "
            f"{usable} {'note' if usable == 1 else 'notes'} to ask. Choosing factors is for "
            "decks with a knowledge model."
        )
        self.notes_note.show()
        # Heard with the deck, where the focus is: the note itself is no stop of Tab's.
        self.deck.setAccessibleDescription(self.notes_note.text())
        if too_few is not None:
            self.show_message(f"The quiz cannot start: {too_few}.")
        else:
            self._clear_message()

    def set_factors(self, factors: list[Factor], checked: str | None = None) -> None:
        """Offer the deck chosen's factors; tick only ``checked`` when given.

        Otherwise the factors ticked stay ticked when they are the same deck's (the place
        opened again, a new quiz), as the kinds, length and mode stay; another deck's start
        with none ticked (all).
        """
        self.factor_box.show()
        self.notes_note.hide()
        self.deck.setAccessibleDescription("")
        list_kinds(self.kinds, knowledge=True)
        if self.deck.count():
            self.start_button.setEnabled(True)
        deck_id = self.selected_deck()
        if checked is not None:
            keep = {checked}
        elif deck_id == self._factors_deck:
            keep = set(_ticked(self.factors))
        else:
            keep = set()
        self._factors_deck = deck_id
        self.factors.clear()
        for factor in factors:
            item = QListWidgetItem(factor.name)
            item.setData(Qt.ItemDataRole.UserRole, factor.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = factor.key in keep
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.factors.addItem(item)
        if checked is not None:
            self.weakest.setChecked(False)

    def selected_deck(self) -> int | None:
        """The deck chosen."""
        value = self.deck.currentData()
        return int(value) if value is not None else None

    def setup(self) -> QuizSetup | None:
        """The set-up as chosen, or None without a deck."""
        deck_id = self.selected_deck()
        if deck_id is None:
            return None
        weakest = self.weakest.isChecked() and self.has_knowledge()
        return QuizSetup(
            deck_id=deck_id,
            factors=tuple(_chosen(self.factors)) if self.has_knowledge() and not weakest else (),
            weakest=weakest,
            kinds=tuple(QuizKind(k) for k in _chosen(self.kinds)),
            length=self.length.value(),
            mode=QuizMode.TEST if self.test.isChecked() else QuizMode.PRACTICE,
            time_limit_s=self.minutes.value() * 60 or None,
        )

    def request_start(self) -> None:
        """Start with the current choices, unless a number typed had to be corrected first."""
        if not all([self.length.settle(), self.minutes.settle()]):  # both boxes taken in
            return  # a number was corrected: shown and said, to be read before starting
        setup = self.setup()
        if setup is not None:
            self._clear_message()
            self.start_requested.emit(setup)

    def show_weakest(self, text: str) -> None:
        """Say which factors "my weakest areas" stands for now; nothing (hidden) when unticked."""
        if text:
            self.announcer.show(self.weakest_note, text)
        else:
            self.weakest_note.hide()

    def show_message(self, text: str) -> None:
        """Show and say why the quiz could not start, or that a number typed was corrected."""
        self.announcer.show(self.message, text)

    def _say_corrected(self, box: QSpinBox, bound: int) -> None:
        limit = "at most" if bound == box.maximum() else "at least"
        self.show_message(f"{box.accessibleName()}: {bound} {limit}.")

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Enter on a choice starts the quiz, as a dialog's default button would.

        The choices pass Enter on (a list, a box, a tick box); "Start quiz" stays the default.
        """
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.start_button.isEnabled():
            self.request_start()
        else:
            super().keyPressEvent(event)

    def _deck_chosen(self) -> None:
        deck_id = self.selected_deck()
        if deck_id is not None:
            self.deck_changed.emit(deck_id)


def fewer_than_asked(total: int, wanted: int) -> str:
    """Why a quiz is shorter than asked for: the choice has no more different questions."""
    if total == 1:
        return "this choice has only 1 question"
    return f"this choice has only {total} different questions, not {wanted}"


def weakest_words(areas: WeakestAreas, names: dict[str, str]) -> str:
    """Which factors a weakest-areas quiz asks about, and whether they are known to be weak."""
    tried = [names[key] for key in areas.keys if key not in areas.untried]
    untried = [names[key] for key in areas.untried]
    if not tried:
        return (
            "Nothing in this deck is studied or quizzed yet, so this quiz asks about a spread "
            f"of its factors: {listed(untried)}."
        )
    words = f"Your weakest so far: {listed(tried)}."
    if untried:
        words += f" Not yet studied or quizzed: {listed(untried)}."
    return words
