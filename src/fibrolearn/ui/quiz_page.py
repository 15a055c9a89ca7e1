"""The Quiz place: set-up, questions, results and history, all reachable by keyboard.

Esc ends a running quiz and, elsewhere, goes back one screen (from a past quiz's results, to
the list of past quizzes). Ending a quiz early (Esc, or asking Progress for another) asks
first: the score then counts the unanswered questions as not right, though not as missed; a
quiz left before its first answer is simply dropped. Answers are stored the moment they are
given; quizzes never reschedule flashcards unless the learner turned that on.

Large text or a small window scrolls a screen's text and choices, never its buttons ("Next
question", "Start quiz"...): they stay below, in view. A screen opens at its top.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.faults import READ_ONLY_BECAUSE, what_lets_it_write
from fibrolearn.domain.quiz_session import QuizMode, QuizResult, QuizSetup, QuizSitting, Response
from fibrolearn.services.container import Services
from fibrolearn.services.quiz import QuizClosedError
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.follow_focus import FocusFollower
from fibrolearn.ui.formatting import duration_words
from fibrolearn.ui.keep_in_view import KeepInView
from fibrolearn.ui.page_stack import PageStack
from fibrolearn.ui.quiz_matching import matched_pairs
from fibrolearn.ui.quiz_overrule import Overrule
from fibrolearn.ui.quiz_question import QuestionView, confirm_end_quiz, spoken_verdict
from fibrolearn.ui.quiz_results import HistoryView, ResultsView, time_up_text
from fibrolearn.ui.quiz_setup import QuizSetupView, fewer_than_asked, weakest_words

_WARN_AT_S = 60  # a timed quiz says when this many seconds are left
_FEEDBACK_START_LINES = 4  # the question asked (two lines at large text) and the verdict
_NOTHING_TO_STUDY = (
    "No flashcard can be studied for these questions: those teaching their facts are "
    "suspended or deleted, or the deck has none."
)


class QuizPage(QWidget):
    """Runs self-quizzes on any deck: its knowledge model's facts, or else its notes."""

    study_cards_requested = Signal(object)  # the StudySet of the missed questions' cards
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
        self._warned = False  # "One minute left." was said, or the quiz began with less
        self._pending_factor: str | None = None  # to tick once the deck's factors are listed
        self._untold = ""  # news of the results on screen, said when the learner comes to Quiz
        self._past = False  # the results on screen were opened from the past quizzes
        self._ending = False  # the quiz running is over, its results still to be read
        self._announcer = Announcer(self)

        self._build_screens()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

        self.setup_view.start_requested.connect(self.start)
        self.setup_view.bring_forward.toggled.connect(self._set_bring_forward)
        self.setup_view.deck_changed.connect(self._load_factors)
        self.setup_view.weakest.toggled.connect(self._show_weakest)
        self.setup_view.history_requested.connect(self.show_history)
        self.question_view.answered.connect(self._answered)
        self.question_view.next_requested.connect(self._next)
        self.results_view.study_requested.connect(self._study_missed)
        self.results_view.retry_requested.connect(self._retry_missed)
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

    def _build_screens(self) -> None:
        """The screens, one at a time, their text scrolling above their buttons."""
        self.setup_view = QuizSetupView()
        self.question_view = QuestionView()
        self.results_view = ResultsView()
        self.history_view = HistoryView()
        self.stack = PageStack()
        self.button_bars = PageStack()  # the buttons of the screen shown, below the scrolling
        for view in (self.setup_view, self.question_view, self.results_view, self.history_view):
            self.stack.addWidget(view)
            self.button_bars.addWidget(view.button_bar)
            # Enter presses the focused button, as Space does: outside a dialog, Qt leaves
            # that to Space alone.
            for button in view.button_bar.findChildren(QPushButton):
                button.setAutoDefault(True)
        self.stack.currentChanged.connect(self._screen_changed)
        self.overrule = Overrule(self)

        self.clock_label = QLabel()
        self.clock_label.setAccessibleDescription("Time left")
        self.clock_label.hide()  # while a quiz has a time limit; else its room goes to the text
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.clock_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        # Large text or a small window scrolls the screen instead of squeezing its lists.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.stack)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no stop of its own; follows focus
        FocusFollower(self.scroll)  # e.g. to a choice reached by its Alt+letter
        self._in_view = KeepInView(self.scroll, self.stack)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.button_bars)  # after the screens: Tab reaches the buttons last

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
        self._untold = ""
        self.stack.setCurrentWidget(self.setup_view)
        self._carry_on_unfinished()

    def _carry_on_unfinished(self) -> None:
        """Carry on with the quiz left when the app closed, or show its results if it was over.

        Either is said when the learner comes to Quiz, not from behind Decks.
        """
        assert self.services is not None
        left = self.services.quiz.unfinished()
        if isinstance(left, QuizResult):  # answered in full, or out of time, as the app closed
            self._show_result(left)
            self._tell_finished(left)
        elif left is not None:
            self._begin(left.sitting, left.position, left.seconds_left, left.asked_for)

    def enter(self) -> None:
        """The place was opened: a running quiz or its results stay; otherwise the set-up."""
        if self.stack.currentWidget() is self.setup_view or self.services is None:
            self.open_setup()
            return
        self._focus_view()
        if self._untold:
            self._announcer.announce(self._untold)
            self._untold = ""
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
        decks = self.services.quiz.decks()
        self._pending_factor = factor_key
        self.setup_view.set_decks(decks, deck_id if deck_id is not None else self._deck())
        with QSignalBlocker(self.setup_view.bring_forward):  # shown as stored, not stored again
            self.setup_view.bring_forward.setChecked(self.services.quiz.brings_cards_forward())
        self.stack.setCurrentWidget(self.setup_view)
        # The first choice, not "Start quiz" (in view anyway): the choices are read first.
        self._focus_view()
        self._in_view.to_top()

    def refresh_decks(self) -> None:
        """Decks were loaded or renamed meanwhile: the set-up, if shown, lists them as they are.

        The deck chosen stays chosen, its factors ticked as they were, and the focus where it is.
        """
        if self.services is not None and self.stack.currentWidget() is self.setup_view:
            self.setup_view.set_decks(self.services.quiz.decks(), self._deck())

    def start(self, setup: QuizSetup) -> None:
        """Start a quiz; a set-up the deck cannot serve is explained on the set-up screen."""
        if self.services is None:
            return
        if (read_only := self._read_only()) is not None:
            self.setup_view.show_message(read_only)
            return
        try:
            sitting = self.services.quiz.start(setup)
        except (ValueError, LookupError) as error:
            self.setup_view.show_message(f"The quiz could not start: {error}.")
            return
        self._begin(sitting, 0, sitting.time_limit_s, setup.length)

    def _read_only(self) -> str | None:
        """Why no quiz can start here (read-only: the write refused would just say "not saved")."""
        assert self.services is not None
        if (because := self.services.database.read_only_because) is None:
            return None
        return (
            f"The quiz could not start: {READ_ONLY_BECAUSE[because]}, and a quiz keeps each "
            f"answer as you give it. {what_lets_it_write(because).capitalize()}, then choose "
            "Try again."
        )

    def _begin(
        self, sitting: QuizSitting, position: int, seconds_left: float | None, asked_for: int
    ) -> None:
        """Show ``sitting`` from question ``position``, its clock running if it has one."""
        self.sitting = sitting
        self.position = position
        self._ending = False
        self._resumed = position > 0
        self._wanted = asked_for
        self._deadline = None
        if seconds_left is not None:
            self._deadline = time.monotonic() + seconds_left
            self._warned = seconds_left <= _WARN_AT_S
            self._tick()
            if self.sitting is None:  # the time was up: the tick finished it
                return
            self._timer.start()
        self.stack.setCurrentWidget(self.question_view)
        self._show_current()

    def show_history(self, selected: int | None = None) -> None:
        """List past quizzes, the one of id ``selected`` chosen (else the newest)."""
        if self.services is None:
            return
        self.history_view.show_history(self.services.quiz.history(), selected)
        self.stack.setCurrentWidget(self.history_view)

    def _focus_view(self) -> None:
        """Focus where the view on screen wants it (the answer, the results to read...)."""
        view = self.stack.currentWidget()
        assert isinstance(view, (QuizSetupView, QuestionView, ResultsView, HistoryView))
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
            if self._deadline is not None:  # the clock ran on meanwhile: say where it stands
                note += f", {duration_words(self._deadline - time.monotonic())} left"
        elif self.position == 0 and self._wanted is not None and self._wanted > total:
            note = fewer_than_asked(total, self._wanted)
        view.show_question(question, self.position + 1, total, note)
        self._in_view.to_top()  # the question, not where the last feedback was read
        self._shown_at = time.monotonic()
        if self.isVisible():  # a quiz carried on behind another place is said on arrival
            self._say_question(saved=saved)

    def _say_question(self, *, saved: bool = False) -> None:
        """Focus lands on the answers, which do not say the question: say it."""
        view = self.question_view
        assert view.question is not None
        spoken = f"{view.progress.text()}. {view.prompt.accessibleName()} {view.hint.text()}"
        self._announcer.announce(f"Answer saved. {spoken}" if saved else spoken)

    def _answered(self, response: Response) -> None:
        if self.services is None or self.sitting is None:
            return
        elapsed = int((time.monotonic() - self._shown_at) * 1000)
        try:
            feedback = self.services.quiz.answer(
                self.sitting.session_id, self.position, response, elapsed
            )
        except QuizClosedError:  # with a time limit, the service's clock found it up
            self._finish()
            return
        last = self.position + 1 == len(self.sitting.questions)
        if self.sitting.mode is QuizMode.PRACTICE:
            pairs = matched_pairs(self.sitting.questions[self.position], response)
            # Its start in view (the question asked, the verdict): all of it may be more than
            # the page shows, and would push a matching question's factors out of sight.
            self._in_view.keep(self.question_view.feedback, _FEEDBACK_START_LINES)
            self.question_view.show_feedback(feedback, pairs, last=last)
            self.overrule.offer(self.sitting.questions[self.position], feedback)
            self._announcer.announce(spoken_verdict(feedback, pairs))
        else:
            self._next(saved=True)

    def _next(self, *, saved: bool = False) -> None:
        if self.sitting is None:
            return
        if self._ending or self.position + 1 >= len(self.sitting.questions):
            self._finish()
        else:
            self.position += 1
            self._show_current(saved=saved)

    def _end_running_quiz(self) -> bool:
        """End the running quiz, if any, before leaving it; False when the learner keeps it."""
        sitting = self.sitting
        if sitting is None or self.services is None:
            return True
        if self._ending:  # over already, its end not saved yet: nothing to ask
            self._finish()
            return True
        answered = self.position + (1 if self.question_view.showing_feedback else 0)
        if answered == 0:
            self._stop_clock()
            self.sitting = None
            self._forget_unanswered(sitting)
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

    def _forget_unanswered(self, sitting: QuizSitting) -> None:
        """Forget a quiz left before any answer, even where the collection refuses to.

        On a full disk, say, it stays stored, but empty: no list shows it, and the next start
        drops it (QuizService.unfinished). Nothing of the learner's is lost, so leaving goes on
        and nothing is said as unsaved.
        """
        assert self.services is not None
        try:
            self.services.quiz.discard(sitting.session_id)
        except Exception as error:
            if self.services.storage_problem(error) is None:
                raise

    def _finish(self) -> None:
        if self.services is None or self.sitting is None:
            return
        for question in self.findChildren(QMessageBox):  # "End this quiz?": time ran out
            question.reject()
        self._stop_clock()
        # Over (answered in full, or out of time): nothing more is answered, even should its
        # end not be saved (a full disk), when "See your results" tries again.
        self._ending = True
        self.question_view.show_ending()
        result = self.services.quiz.finish(self.sitting.session_id)
        self.sitting = None
        self._show_result(result)
        self._tell_finished(result)

    def _show_result(self, result: QuizResult, *, past: bool = False) -> None:
        self.result = result
        self._past = past
        self._untold = ""  # about the results shown before
        self.results_view.show_result(result)
        self.stack.setCurrentWidget(self.results_view)

    def _tell_finished(self, result: QuizResult) -> None:
        """Say the quiz ended, now or, from behind another place, when the learner comes back."""
        said = f"Quiz finished: {result.correct} of {result.total} right."
        if result.time_up:
            said = f"{time_up_text(result)} {said}"
        if self.isVisible():
            self._announcer.announce(said)
        else:
            self._untold = said

    def _open_past(self, session_id: int) -> None:
        if self.services is not None:
            self._show_result(self.services.quiz.result(session_id), past=True)

    def _retry_missed(self) -> None:
        """Ask again the questions of the results on screen that were answered wrongly."""
        if self.services is None or self.result is None:
            return
        if (read_only := self._read_only()) is not None:
            self._announcer.show(self.results_view.message, read_only)
            return
        sitting = self.services.quiz.retry_missed(self.result.session_id)
        self._begin(sitting, 0, None, len(sitting.questions))

    def _study_missed(self) -> None:
        if self.services is None or self.result is None:
            return
        study_set = self.services.quiz.missed_cards(self.result.session_id)
        if study_set.card_ids:
            self.study_cards_requested.emit(study_set)
        else:  # suspended or deleted in Browse since, or the deck has none for those facts
            self._announcer.show(self.results_view.message, _NOTHING_TO_STUDY)

    # ----------------------------------------------------------------- clock
    def _tick(self) -> None:
        """Show the time left; say when a minute is left (no key reaches the clock)."""
        if self._deadline is None:
            return
        left = max(0, round(self._deadline - time.monotonic()))
        self.clock_label.setText(f"Time left {left // 60}:{left % 60:02d}")
        self.clock_label.show()
        if left == 0:
            self._finish()
        elif left <= _WARN_AT_S and not self._warned:
            self._warned = True  # said from behind another place too: the time runs on there
            self._announcer.announce("One minute left in your quiz.")

    def _stop_clock(self) -> None:
        self._timer.stop()
        self._deadline = None
        self.clock_label.clear()
        self.clock_label.hide()

    # ------------------------------------------------------------------ keys
    def _escape(self) -> None:
        current = self.stack.currentWidget()
        if current is self.question_view:
            ended = self._end_running_quiz()
            if ended and self.stack.currentWidget() is self.question_view:
                self.open_setup()  # dropped before its first answer: back to the set-up
        elif current is self.setup_view:
            self.leave_requested.emit()
        elif current is self.results_view and self._past and self.result is not None:
            self.show_history(self.result.session_id)  # back to the list, where it was
        else:
            self.open_setup()

    def _ctrl_enter(self) -> None:
        if self.stack.currentWidget() is self.setup_view:
            self.setup_view.request_start()

    # -------------------------------------------------------------- scrolling
    def _screen_changed(self, index: int) -> None:
        """Show the new screen's buttons, and the screen from its top."""
        self.button_bars.setCurrentIndex(index)
        self._in_view.to_top()

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
        if not self.setup_view.has_knowledge():
            self.setup_view.set_usable_notes(self.services.quiz.usable_notes(deck_id))
            return
        self.setup_view.set_factors(self.services.progress.factors(deck_id), checked=factor)
        self._show_weakest()

    def _show_weakest(self) -> None:
        """With "my weakest areas" ticked, name the factors it means for the deck chosen."""
        deck_id = self.setup_view.selected_deck()
        if self.services is None or deck_id is None or not self.setup_view.weakest.isChecked():
            self.setup_view.show_weakest("")
            return
        names = {f.key: f.name for f in self.services.progress.factors(deck_id)}
        areas = self.services.progress.weakest_areas(deck_id)
        self.setup_view.show_weakest(weakest_words(areas, names))
