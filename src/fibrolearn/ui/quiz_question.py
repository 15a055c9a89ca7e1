"""One quiz question on screen, answered entirely by keyboard, and the feedback after it.

Keys: 1-4 or A-D pick an option (T / F for true or false); typed recall takes text and Enter;
matching moves between findings with Up/Down, changes a finding's factor with Left/Right (or its
number) and submits with Enter. After feedback, Enter or Space goes on. With a mouse, a click
answers a choice question; a click on a finding steps its factor on, and "Check answer" submits.

"Next question" and "Check answer" are in :attr:`QuestionView.button_bar`, which the page keeps
below its scrolling part, so that at large text they are never scrolled out of sight.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.quiz import BLANK, QuizKind, QuizQuestion, filled_blank, spoken_prompt
from fibrolearn.domain.quiz_session import AnswerFeedback, Response
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.fitted_list import FittedList
from fibrolearn.ui.fitted_text import fit_to_text
from fibrolearn.ui.questions import ask
from fibrolearn.ui.quiz_matching import MatchedPair, MatchingList

LETTERS = "ABCDEFGH"
PROMPT_SCALE = 1.25  # the question and its answers, against the text size chosen
_KIND_HINTS = {
    QuizKind.TRUE_FALSE: "Press T for true or F for false.",
    QuizKind.TYPED_RECALL: "Type the missing word and press Enter.",
    QuizKind.MATCHING: (
        "Up and Down choose a finding; Left and Right (or its number) choose its factor; "
        "Enter checks the answer. A click on a finding changes its factor too."
    ),
}
# Short enough for one line at 200 % text in an 800 px window: a second line pushed the last
# answer out of view. "to", not a dash: a screen reader says "1 to 4".
_CHOICE_HINT = "Press {keys}, or use the arrows and Enter."
_CHOOSE_FIRST = "Choose an answer first: press {keys}."
_MATCH_FIRST = "Match every finding with a factor first, then press Enter."
# A deck's notes asked (no knowledge model): questions matched with answers, answers typed.
_NOTE_HINTS = {
    QuizKind.TYPED_RECALL: "Type the answer and press Enter.",
    QuizKind.MATCHING: (
        "Up and Down choose a question; Left and Right (or its number) choose its answer; "
        "Enter checks the answer. A click on a question changes its answer too."
    ),
}
_NOTE_MATCH_FIRST = "Match every question with an answer first, then press Enter."
_TYPE_FIRST = "Type your answer first, then press Enter."


class QuestionView(QWidget):
    """Shows a question, collects the answer, and shows feedback in practice mode."""

    answered = Signal(object)  # the Response
    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: QuizQuestion | None = None
        self.showing_feedback = False
        self.focus_target: QWidget = self  # where focus goes when the place opens again
        self.announcer = Announcer(self)

        self._build_header()
        self._build_answer_widgets()
        self._build_feedback()
        self._enlarge_question()

        layout = QVBoxLayout(self)
        # Above and below, the page's margins are enough: at large text the answers need it.
        margins = layout.contentsMargins()
        layout.setContentsMargins(margins.left(), 0, margins.right(), 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.prompt)
        layout.addWidget(self.hint)
        layout.addWidget(self.legend)
        for widget in (self.options, self.typed, self.matching):
            layout.addWidget(widget)
        layout.addWidget(self.feedback)
        layout.addStretch()  # the room the answers do not take goes below them, not into them
        self.button_bar = QWidget()  # not in this layout: the page keeps it in view
        buttons = QHBoxLayout(self.button_bar)
        # No height of its own while its buttons are hidden: a question's answers get the room.
        margins = buttons.contentsMargins()
        buttons.setContentsMargins(margins.left(), 0, margins.right(), 0)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.next_button)

    def _build_header(self) -> None:
        self.progress = QLabel()
        self.progress.setWordWrap(True)  # with a note after the number, long at large text
        self.progress.setAccessibleDescription("Question number")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt.setAccessibleDescription("Question")
        self.prompt.setObjectName("quizPrompt")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleDescription("How to answer")
        # Its room is kept after the answer, when it is hidden: the answers below stay put.
        policy = self.hint.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.hint.setSizePolicy(policy)

    def _build_answer_widgets(self) -> None:
        self.options = FittedList()
        self.options.setWordWrap(True)
        self.options.setSpacing(4)
        self.options.setAccessibleName("Answers")
        self.options.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.options.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.options.itemClicked.connect(lambda item: self._choose(self.options.row(item)))
        self.options.installEventFilter(self)

        self.typed = QLineEdit()
        self.typed.setAccessibleName("Your answer")
        self.typed.setPlaceholderText("Type your answer, then press Enter")
        self.typed.installEventFilter(self)

        self.matching = MatchingList()
        self.matching.setAccessibleName("Findings to match")
        self.matching.setWordWrap(True)
        self.matching.setSpacing(4)
        self.matching.submitted.connect(self._submit_matching)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setAccessibleDescription("Factors to choose from")

    def _build_feedback(self) -> None:
        self.feedback = QTextBrowser()
        self.feedback.setAccessibleName("Feedback")
        self.feedback.setOpenLinks(False)
        # As tall as its text: the page scrolls to it, not a box of its own inside the page.
        fit_to_text(self.feedback)
        # Reachable with Tab (Shift+Tab from "Next"), so the explanation can be read aloud
        # and scrolled from the keyboard; Enter there goes on, as it does on "Next".
        self.feedback.installEventFilter(self)
        # A matching answer's Enter, for the mouse; shown while one is being matched.
        self.check_button = QPushButton("&Check answer")
        self.check_button.setAccessibleDescription("Enter")
        self.check_button.clicked.connect(self._submit_matching)
        self.next_button = QPushButton("&Next question")
        self.next_button.setAccessibleDescription("Enter or Space")
        self.next_button.clicked.connect(self.next_requested)

    def changeEvent(self, event: QEvent) -> None:
        """Keep the question larger than the rest when the text size changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # Next turn: under a style sheet the event comes before the new font is in place.
            QTimer.singleShot(0, self, self._enlarge_question)

    def _enlarge_question(self) -> None:
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * PROMPT_SCALE)
        # The answers of every kind as large as the question: the choices, the findings to
        # match and the factors they are matched with.
        for widget in (self.prompt, self.options, self.matching, self.legend):
            widget.setFont(font)

    # ------------------------------------------------------------------ show
    def show_question(
        self, question: QuizQuestion, number: int, total: int, note: str = ""
    ) -> None:
        """Show question ``number`` of ``total`` and put focus where the answer goes.

        ``note`` follows the number, e.g. why the quiz is shorter than asked for.
        """
        self.question = question
        self.showing_feedback = False
        self.progress.setText(f"Question {number} of {total}" + (f": {note}" if note else ""))
        self.prompt.setText(question.prompt)
        hints = _KIND_HINTS if _about_factors(question) else _NOTE_HINTS
        self.hint.setText(hints.get(question.kind, _CHOICE_HINT.format(keys=_keys(question))))
        self.hint.show()
        answer_box = self._load_answers(question)
        spoken = spoken_prompt(question.prompt)
        if answer_box is self.matching:  # the factors its numbers name, else only on screen
            spoken += f" {self.legend.text()}."
        self.prompt.setAccessibleName(spoken)
        answer_box.setAccessibleDescription(spoken)  # focus lands there
        answer_box.setEnabled(True)
        answer_box.show()
        # Before "Next" is hidden: hiding the focused button passes the focus on elsewhere.
        self._focus_on(answer_box)
        if answer_box is self.options:
            # No option chosen in advance (focus made the first current): an Enter meant for
            # the last question, or pressed twice, must not answer this one.
            self.options.setCurrentRow(-1)
        for widget in (self.options, self.typed, self.matching):
            widget.setVisible(widget is answer_box)
        self.legend.setVisible(answer_box is self.matching)
        self.check_button.setVisible(answer_box is self.matching)
        self.feedback.hide()
        self.next_button.hide()

    def _load_answers(self, question: QuizQuestion) -> QWidget:
        """Fill the answer box ``question`` is answered in, and return it."""
        if question.kind is QuizKind.TYPED_RECALL:
            self.typed.clear()
            return self.typed
        if question.kind is QuizKind.MATCHING:
            factors = _about_factors(question)
            unassigned = "(choose a factor)" if factors else "(choose an answer)"
            self.matching.load(question.items, question.options, unassigned)
            # Each number joined to its factor, as the findings show it: a line may break
            # between factors, or inside a long name, never after a number.
            self.legend.setText(
                ("Factors: " if factors else "Answers: ")
                + "   ".join(
                    f"{i + 1}.\N{NO-BREAK SPACE}{o}" for i, o in enumerate(question.options)
                )
            )
            return self.matching
        self.options.clear()
        for index, option in enumerate(question.options):
            key = option[0] if question.kind is QuizKind.TRUE_FALSE else LETTERS[index]
            item = QListWidgetItem(f"{index + 1}  {key}.  {option}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{key}: {option}")
            self.options.addItem(item)
        return self.options

    def show_feedback(
        self, feedback: AnswerFeedback, pairs: Sequence[MatchedPair] = (), *, last: bool
    ) -> None:
        """Show whether the answer was right, the right answer, the explanation and evidence.

        ``pairs``: a matching answer's findings, each shown right or wrong.
        """
        self.showing_feedback = True
        # The question first: at large text it has scrolled out of sight, and a screen reader
        # tabbing here would hear "Right answer: …" without knowing to what.
        asked = f"<p>Question: {asked_html(self.question)}</p>" if self.question else ""
        self.feedback.setHtml(asked + feedback_html(feedback, pairs))
        self.feedback.show()
        # How to answer is done with; its room stays, so the answers below do not move. A
        # matching question's factors stay: the numbers its findings show are read with them.
        self.hint.hide()
        self.next_button.setText("See your &results" if last else "&Next question")
        self.next_button.show()
        # Before the answers are disabled, which would pass the focus on (to the tab bar).
        self._focus_on(self.next_button)
        self.check_button.hide()
        for answer_box in (self.options, self.typed, self.matching):
            answer_box.setEnabled(False)

    def show_ending(self) -> None:
        """The quiz is over: no more answers; "See your results" shows them (again, if need be).

        The question and any feedback stay. Quickly replaced by the results, this is seen
        only when they could not be saved (a full disk): the button tries again.
        """
        self.showing_feedback = True  # Enter or Space goes on, as after feedback
        self.next_button.setText("See your &results")
        self.next_button.show()
        self._focus_on(self.next_button)
        self.check_button.hide()
        for answer_box in (self.options, self.typed, self.matching):
            answer_box.setEnabled(False)

    def _focus_on(self, widget: QWidget) -> None:
        """Put focus on ``widget``, the one to come back to when the place is opened again.

        Not a focus proxy: with one, Tab from it skipped the feedback after it.
        """
        self.focus_target = widget
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----------------------------------------------------------------- input
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Letters and numbers answer choice questions; Enter/Space go on after feedback."""
        if self.showing_feedback and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Space,
        ):
            self.next_requested.emit()
            return
        index = self._index_for_key(event)
        if index is not None:
            self._choose(index)
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Answer keys on the option list, Enter in the answer box and on the feedback.

        The first two would otherwise pass Enter on to this view after answering, where it
        would skip the feedback just shown.
        """
        if not isinstance(event, QKeyEvent) or event.type() != QKeyEvent.Type.KeyPress:
            return super().eventFilter(watched, event)  # type: ignore[arg-type]
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.feedback and enter:
            self.next_requested.emit()
            return True
        if watched is self.typed and enter:
            self._submit_typed()
            return True
        if watched is self.options:
            if enter and not self.showing_feedback:
                chosen = self.options.currentItem()  # current on focus alone is no choice
                if chosen is not None and chosen.isSelected():
                    self._choose(self.options.currentRow())
                elif self.question is not None:
                    self.announcer.show(self.hint, _CHOOSE_FIRST.format(keys=_keys(self.question)))
                return True
            if self._index_for_key(event) is not None or self.showing_feedback:
                self.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _index_for_key(self, event: QKeyEvent) -> int | None:
        """The option a key press names: 1-4, A-D, or T / F; None for any other key."""
        question = self.question
        if question is None or self.showing_feedback:
            return None
        if question.kind in (QuizKind.TYPED_RECALL, QuizKind.MATCHING):
            return None
        text = event.text().upper()
        count = len(question.options)
        keys = {str(i + 1): i for i in range(count)}
        if question.kind is QuizKind.TRUE_FALSE:
            keys |= {"T": 0, "F": 1}
        else:
            keys |= {LETTERS[i]: i for i in range(count)}
        return keys.get(text)

    def _choose(self, index: int) -> None:
        if self.question is None or self.showing_feedback or index < 0:
            return
        self.options.setCurrentRow(index)
        self.answered.emit(index)

    def _submit_typed(self) -> None:
        if self.question is None or self.showing_feedback:
            return
        if not self.typed.text().strip():  # said, as for the other kinds: Enter did something
            self.announcer.show(self.hint, _TYPE_FIRST)
            return
        self.answered.emit(self.typed.text())

    def _submit_matching(self) -> None:
        if self.question is None or self.showing_feedback:
            return
        if not self.matching.complete():
            first = _MATCH_FIRST if _about_factors(self.question) else _NOTE_MATCH_FIRST
            self.announcer.show(self.hint, first)
            return
        response: Response = self.matching.response()
        self.answered.emit(response)


def verdict(feedback: AnswerFeedback) -> str:
    """The verdict in a few words, as shown and as read out."""
    if feedback.correct:
        return "Right." if not feedback.typo_forgiven else "Right, but check the spelling."
    return "Not quite."


def matched_count(pairs: Sequence[MatchedPair]) -> str:
    """How many findings were matched rightly, e.g. "3 of 5 matched."."""
    return f"{sum(pair.correct for pair in pairs)} of {len(pairs)} matched."


def spoken_verdict(feedback: AnswerFeedback, pairs: Sequence[MatchedPair] = ()) -> str:
    """The verdict with the right answer where it tells something, for a screen reader.

    A matching answer's pairs are too long to hear at once: it says how many matched.
    """
    whole = f" The whole answer: {feedback.whole_answer}." if feedback.whole_answer else ""
    if feedback.correct and not feedback.typo_forgiven:
        return verdict(feedback) + whole
    if feedback.correct:
        return f"{verdict(feedback)} It is spelled {feedback.right_answer}.{whole}"
    if pairs:
        return f"{verdict(feedback)} {matched_count(pairs)}"
    return f"{verdict(feedback)} Right answer: {feedback.right_answer}."


def _pairs_html(pairs: Sequence[MatchedPair]) -> list[str]:
    """How many matched, then each finding marked right or wrong in words and a symbol.

    Not by colour alone, and read out by screen readers. The right factor is shown only
    where the learner's was wrong.
    """
    items = []
    for pair in pairs:
        mark = "✓ <b>Right:</b>" if pair.correct else "✗ <b>Wrong:</b>"
        line = f"{mark} {escape(pair.finding)} → {escape(pair.chosen)}"
        if not pair.correct:
            line += f"<br>Right answer: <b>{escape(pair.right)}</b>"
        items.append(f'<li style="margin-bottom: 6px">{line}</li>')
    # No bullets: the marks start the lines.
    listed = f'<ul style="list-style-type: none">{"".join(items)}</ul>'
    return [f"<p><b>{matched_count(pairs)}</b></p>", listed]


def asked_html(question: QuizQuestion) -> str:
    """The question as its feedback shows it: a typed question's blank filled, in bold.

    Screen readers skip the blank's underscores; filled, the sentence reads whole, as the
    fact it teaches.
    """
    text = escape(question.prompt)
    if question.kind is QuizKind.TYPED_RECALL and question.accepted:
        text = filled_blank(text, f"<b>{escape(question.accepted[0])}</b>")
    return text


def feedback_html(feedback: AnswerFeedback, pairs: Sequence[MatchedPair] = ()) -> str:
    """The feedback as HTML built from escaped text: verdict, answers, explanation, evidence.

    ``pairs``: a matching answer's findings, listed one by one instead of in one sentence.
    """
    parts = [f"<h3>{verdict(feedback)}</h3>"]
    if feedback.typo_forgiven:
        parts.append(
            f"<p>It is spelled <b>{escape(feedback.right_answer)}</b>; "
            f"you wrote {escape(feedback.given)}.</p>"
        )
    if feedback.whole_answer:  # one alternative of several typed: all are shown
        parts.append(f"<p><b>The whole answer:</b> {escape(feedback.whole_answer)}</p>")
    if not feedback.correct and pairs:
        parts += _pairs_html(pairs)
    elif not feedback.correct:
        parts.append(f"<p><b>Right answer:</b> {escape(feedback.right_answer)}</p>")
        parts.append(f"<p><b>Your answer:</b> {escape(feedback.given)}</p>")
    if feedback.explanation:
        parts += [f"<p>{escape(p)}</p>" for p in feedback.explanation.split("\n\n")]
    if feedback.evidence:
        parts.append("<p><b>What the evidence says:</b></p>")
        parts += [f"<p>{escape(p)}</p>" for p in feedback.evidence.split("\n\n")]
    if feedback.cards_brought_forward:
        count = feedback.cards_brought_forward
        parts.append(
            f"<p><i>{count} flashcard{'s' if count != 1 else ''} about this will come up "
            "in your next study session.</i></p>"
        )
    return "".join(parts)


def _keys(question: QuizQuestion) -> str:
    """The keys that answer a choice question, e.g. "1 to 4 or A to D"; true or false: T or F."""
    if question.kind is QuizKind.TRUE_FALSE:
        return "T or F"
    count = len(question.options)
    return f"1 to {count} or A to {LETTERS[count - 1]}"


def _about_factors(question: QuizQuestion) -> bool:
    """Whether ``question`` asks a knowledge model (findings and factors), not a deck's notes.

    A typed question with its blank asks a cloze, of either; a matching question about factors
    names them.
    """
    if question.kind is QuizKind.TYPED_RECALL:
        return BLANK in question.prompt
    return bool(question.factor_keys) or question.kind is not QuizKind.MATCHING


def confirm_end_quiz(parent: QWidget, answered: int, total: int) -> bool:
    """Ask before ending a quiz early; keeping it is the default (Enter or Esc)."""
    left = total - answered
    rest, they = (
        ("the last one stays", "it is") if left == 1 else (f"the other {left} stay", "they are")
    )
    text = (
        f"You have answered {answered} of {total} questions. If you end the quiz now, {rest} "
        f"unanswered: your score is out of all {total}, but {they} not counted as missed."
    )
    return ask(parent, "End this quiz?", text, "&End quiz", "&Keep going")
