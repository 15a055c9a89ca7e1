"""The Quiz place: set-up, questions, results and history, all reachable by keyboard.

Esc ends a running quiz and, elsewhere, goes back one screen. Ending a quiz early (with Esc,
or by asking for another one from Progress) asks first, since unanswered questions then count
as missed; a quiz left before its first answer is simply dropped. Answers are stored the
moment they are given; quizzes never reschedule flashcards unless the learner turned that on.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.quiz_session import QuizMode, QuizResult, QuizSetup, QuizSitting, Response
from fibrolearn.services.container import Services
from fibrolearn.services.quiz import QuizClosedError
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.follow_focus import FocusFollower
from fibrolearn.ui.page_stack import PageStack
from fibrolearn.ui.questions import ask
from fibrolearn.ui.quiz_question import QuestionView, spoken_verdict
from fibrolearn.ui.quiz_results import HistoryView, ResultsView
from fibrolearn.ui.quiz_setup import QuizSetupView


class QuizPage(QWidget):
    """Runs self-quizzes on the decks' knowledge models."""

    study_cards_requested = Signal(int, list)  # deck id, card ids (already brought forward)
    leave_requested = Signal()

    def __init__(self, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services: Services | None = services
        self.sitting: QuizSitting | None = None
        self.result: QuizResult | None = None
        self.position = 0
        self._wanted: int | None = None  # how many questions the learner asked for
        self._resumed = False  # carrying on with a quiz left when the app closed
        self._shown_at = 0.0
        self._deadline: float | None = None
        self._pending_factor: str | None = None  # to tick once the deck's factors are listed
        self._announcer = Announcer(self)

        self.setup_view = QuizSetupView()
        self.question_view = QuestionView()
        self.results_view = ResultsView()
        self.history_view = HistoryView()
        self.stack = PageStack()
        for view in (self.setup_view, self.question_view, self.results_view, self.history_view):
            self.stack.addWidget(view)

        self.clock_label = QLabel()
        self.clock_label.setAccessibleDescription("Time left")
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.clock_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        # Large text or a small window scrolls the page instead of squeezing its lists.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.stack)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no stop of its own; follows the focus
        FocusFollower(scroll)  # e.g. to "Next question", below the feedback at large text
        layout.addWidget(scroll, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

        self.setup_view.start_requested.connect(self.start)
        self.setup_view.bring_forward.toggled.connect(self._set_bring_forward)
        self.setup_view.deck_changed.connect(self._load_factors)
        self.setup_view.history_requested.connect(self.show_history)
        self.question_view.answered.connect(self._answered)
        self.question_view.next_requested.connect(self._next)
        self.results_view.study_requested.connect(self._study_missed)
        self.results_view.new_quiz_requested.connect(self.open_setup)
        self.results_view.history_requested.connect(self.show_history)
        self.history_view.open_requested.connect(self._open_past)
        self.history_view.back_requested.connect(self.open_setup)
        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self._escape)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._shortcut(
                QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self._ctrl_enter
            )
        if services is not None:
            self._carry_on_unfinished()

    def _shortcut(self, sequence: QKeySequence, slot: object) -> None:
        shortcut = QShortcut(sequence, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # ---------------------------------------------------------------- public
    def attach(self, services: Services) -> None:
        """Use this open collection (after a restore, another one).

        A quiz running on the collection before cannot go on in this one (its answers
        would go to another quiz of the same number): it is dropped from the screen, its
        answers kept where they were given. A quiz left running in this collection carries on.
        """
        self.services = services
        self._stop_clock()
        self.sitting = self.result = None
        self.stack.setCurrentWidget(self.setup_view)
        self._carry_on_unfinished()

    def _carry_on_unfinished(self) -> None:
        assert self.services is not None
        left = self.services.quiz.unfinished()
        if left is not None:  # said when the learner comes to Quiz, not from behind Decks
            self._begin(left.sitting, left.position, left.seconds_left, left.asked_for)

    def enter(self) -> None:
        """The place was opened: a running quiz or its results stay; otherwise the set-up."""
        if self.stack.currentWidget() is self.setup_view or self.services is None:
            self.open_setup()
            return
        self._focus_view()
        if (
            self.stack.currentWidget() is self.question_view
            and not self.question_view.showing_feedback
        ):
            self._say_question()

    def open_setup(self, deck_id: int | None = None, factor_key: str | None = None) -> None:
        """Show the set-up screen, optionally on a deck with one factor ticked.

        A quiz still running is ended first, if the learner agrees; otherwise it stays.
        """
        if self.services is None or not self._end_running_quiz():
            return
        decks = self.services.progress.decks_with_factors()
        self._pending_factor = factor_key
        self.setup_view.set_decks(decks, deck_id if deck_id is not None else self._deck())
        self.setup_view.bring_forward.blockSignals(True)
        self.setup_view.bring_forward.setChecked(self.services.quiz.brings_cards_forward())
        self.setup_view.bring_forward.blockSignals(False)
        self.stack.setCurrentWidget(self.setup_view)
        self.setup_view.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self, setup: QuizSetup) -> None:
        """Start a quiz; a set-up the deck cannot serve is explained on the set-up screen."""
        if self.services is None:
            return
        try:
            sitting = self.services.quiz.start(setup)
        except (ValueError, LookupError) as error:
            self.setup_view.show_message(f"The quiz could not start: {error}.")
            return
        self._begin(sitting, 0, sitting.time_limit_s, setup.length)

    def _begin(
        self, sitting: QuizSitting, position: int, seconds_left: float | None, asked_for: int
    ) -> None:
        """Show ``sitting`` from question ``position``, its clock running if it has one."""
        self.sitting = sitting
        self.position = position
        self._resumed = position > 0
        self._wanted = asked_for
        self._deadline = None
        if seconds_left is not None:
            self._deadline = time.monotonic() + seconds_left
            self._tick()
            if self.sitting is None:  # the time was up: the tick finished it
                return
            self._timer.start()
        self.stack.setCurrentWidget(self.question_view)
        self._show_current()

    def show_history(self) -> None:
        """List past quizzes."""
        if self.services is None:
            return
        self.history_view.show_history(self.services.quiz.history())
        self.stack.setCurrentWidget(self.history_view)

    def _focus_view(self) -> None:
        """Focus where the view on screen wants it (the answer, the results to read...)."""
        view = self.stack.currentWidget()
        assert isinstance(view, (QuestionView, ResultsView, HistoryView))
        view.focus_target.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------- the quiz
    def _show_current(self, *, saved: bool = False) -> None:
        """Show the current question and read it out; ``saved``: after a test-mode answer."""
        assert self.sitting is not None
        question = self.sitting.questions[self.position]
        view = self.question_view
        total = len(self.sitting.questions)
        note = ""
        if self._resumed:
            note, self._resumed = "carrying on with the quiz you left", False
        elif self.position == 0 and self._wanted is not None and self._wanted > total:
            note = f"this choice has {total} different questions, not {self._wanted}"
        view.show_question(question, self.position + 1, total, note)
        self._shown_at = time.monotonic()
        if self.isVisible():  # a quiz carried on behind another place is said on arrival
            self._say_question(saved=saved)

    def _say_question(self, *, saved: bool = False) -> None:
        """Focus lands on the answers, which do not say the question: say it."""
        view = self.question_view
        assert view.question is not None
        spoken = f"{view.progress.text()}. {view.question.prompt} {view.hint.text()}"
        self._announcer.announce(f"Answer saved. {spoken}" if saved else spoken)

    def _answered(self, response: Response) -> None:
        if self.services is None or self.sitting is None:
            return
        elapsed = int((time.monotonic() - self._shown_at) * 1000)
        try:
            feedback = self.services.quiz.answer(
                self.sitting.session_id, self.position, response, elapsed
            )
        except QuizClosedError:
            self._finish()
            return
        last = self.position + 1 == len(self.sitting.questions)
        if self.sitting.mode is QuizMode.PRACTICE:
            self.question_view.show_feedback(feedback, last=last)
            self._announcer.announce(spoken_verdict(feedback))
        else:
            self._next(saved=True)

    def _next(self, *, saved: bool = False) -> None:
        if self.sitting is None:
            return
        self.position += 1
        if self.position >= len(self.sitting.questions):
            self._finish()
        else:
            self._show_current(saved=saved)

    def _end_running_quiz(self) -> bool:
        """End the running quiz, if any, before leaving it; False when the learner keeps it."""
        sitting = self.sitting
        if sitting is None or self.services is None:
            return True
        answered = self.position + (1 if self.question_view.showing_feedback else 0)
        if answered == 0:
            self._stop_clock()
            self.sitting = None
            self.services.quiz.discard(sitting.session_id)
            self._announcer.announce("Quiz left before any answer; it is not kept.")
            return True
        total = len(sitting.questions)
        if answered < total and not confirm_end_quiz(self, answered, total):
            if self.sitting is sitting:  # still running: the time limit may have ended it
                self.stack.setCurrentWidget(self.question_view)
                self._focus_view()
            return False
        if self.sitting is sitting:
            self._finish()
        return True

    def _finish(self) -> None:
        if self.services is None or self.sitting is None:
            return
        for question in self.findChildren(QMessageBox):  # "End this quiz?": time ran out
            question.reject()
        self._stop_clock()
        result = self.services.quiz.finish(self.sitting.session_id)
        self.sitting = None
        self._show_result(result)
        self._announcer.announce(f"Quiz finished: {result.correct} of {result.total} right.")

    def _show_result(self, result: QuizResult) -> None:
        self.result = result
        self.results_view.show_result(result)
        self.stack.setCurrentWidget(self.results_view)

    def _open_past(self, session_id: int) -> None:
        if self.services is not None:
            self._show_result(self.services.quiz.result(session_id))

    def _study_missed(self) -> None:
        if self.services is None or self.result is None:
            return
        study_set = self.services.quiz.missed_cards(self.result.session_id)
        if study_set.card_ids:
            self.services.focus.bring_forward(study_set)
            self.study_cards_requested.emit(study_set.deck_id, list(study_set.card_ids))

    # ----------------------------------------------------------------- clock
    def _tick(self) -> None:
        if self._deadline is None:
            return
        left = max(0, round(self._deadline - time.monotonic()))
        self.clock_label.setText(f"Time left {left // 60}:{left % 60:02d}")
        if left == 0:
            self._finish()

    def _stop_clock(self) -> None:
        self._timer.stop()
        self._deadline = None
        self.clock_label.clear()

    # ------------------------------------------------------------------ keys
    def _escape(self) -> None:
        current = self.stack.currentWidget()
        if current is self.question_view:
            ended = self._end_running_quiz()
            if ended and self.stack.currentWidget() is self.question_view:
                self.open_setup()  # dropped before its first answer: back to the set-up
        elif current is self.setup_view:
            self.leave_requested.emit()
        else:
            self.open_setup()

    def _ctrl_enter(self) -> None:
        if self.stack.currentWidget() is self.setup_view:
            self.setup_view.request_start()

    # --------------------------------------------------------------- helpers
    def _deck(self) -> int | None:
        return self.setup_view.selected_deck()

    def _set_bring_forward(self, enabled: bool) -> None:
        if self.services is not None:
            self.services.quiz.set_brings_cards_forward(enabled)

    def _load_factors(self, deck_id: int) -> None:
        if self.services is None:
            return
        factor, self._pending_factor = self._pending_factor, None
        self.setup_view.set_factors(self.services.progress.factors(deck_id), checked=factor)


def confirm_end_quiz(parent: QWidget, answered: int, total: int) -> bool:
    """Ask before ending a quiz early; keeping it is the default (Enter or Esc)."""
    left = total - answered
    text = (
        f"You have answered {answered} of {total} questions. If you end the quiz now, "
        f"the {left} you have not answered will count as missed."
    )
    return ask(parent, "End this quiz?", text, "&End quiz", "&Keep going")
