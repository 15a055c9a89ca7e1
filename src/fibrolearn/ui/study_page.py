"""The study screen: question, answer, ratings, card actions, pause, and the summary.

The header above the card is :mod:`fibrolearn.ui.study_header`'s; what the card actions come
to, and saying it before the card they bring, is :mod:`fibrolearn.ui.study_outcomes`'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.enums import Rating
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.ui.action_row import ActionRow
from fibrolearn.ui.announce import Announcer, spoken
from fibrolearn.ui.answer_bar import AnswerBar
from fibrolearn.ui.card_html import (
    ANSWER_ANCHOR,
    BLANK_QUESTION,
    answer_document,
    answer_speech,
    is_blank,
    question_document,
)
from fibrolearn.ui.card_reading import CardReading
from fibrolearn.ui.card_view import CardView, card_words
from fibrolearn.ui.formatting import (
    progress_words,
    recall_words,
    stuck_words,
    summary_words,
    system_words,
)
from fibrolearn.ui.in_page import SCROLL_KEYS
from fibrolearn.ui.message_view import go_on_button, message_view
from fibrolearn.ui.questions import tell
from fibrolearn.ui.read_aloud import ReadAloud
from fibrolearn.ui.sound_playback import SoundPlayback
from fibrolearn.ui.sound_player import SoundPlayer
from fibrolearn.ui.study_actions import StudyActions
from fibrolearn.ui.study_header import SessionHeader
from fibrolearn.ui.study_outcomes import OutcomeFirst, edit_in_dialog, take_back

if TYPE_CHECKING:
    from fibrolearn.domain.study import SessionProgress, SessionSummary, StudyCard
    from fibrolearn.services.session import StudySession

_CARD, _FINISHED, _PAUSED, _STUCK = range(4)


class StudyPage(QWidget):
    """Passive view of a :class:`StudySession`; reports keys and clicks to it.

    Args:
        media_dir: The collection's media folder, the only place card images load from.
        read_aloud: The speech helper shared with the rest of the window.
        actions: The window's card actions, which this screen carries out.
        parent: The owning widget.
    """

    leave_requested = Signal()
    message = Signal(str)  # a short status line for the window
    info_requested = Signal()  # Card info on the card on screen (Ctrl+Shift+I)

    def __init__(
        self,
        media_dir: Path,
        read_aloud: ReadAloud,
        actions: StudyActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session: StudySession | None = None
        self.two_buttons = False
        self.announcer = Announcer(self)
        self._speech = OutcomeFirst(self.announcer, self.message.emit)
        sounds = SoundPlayback(SoundPlayer(self), media_dir, self._speech.tell, actions.read)
        self.card_reading = CardReading(read_aloud, self._speech.tell, sounds)
        self._outcome = ""  # of the last rating: said with the card it brings, if it brings one
        self._studying = ""
        self._stopped_for_good = False  # study stopped where trying again cannot help

        self._header = SessionHeader()
        self.title = self._header.title
        self.progress_label = self._header.progress_label
        self.counts = self._header.counts
        self.progress_bar = self._header.progress_bar

        self.stack = QStackedWidget()
        self.stack.addWidget(self._card_view(media_dir))
        self.stack.addWidget(self._finished_view())
        self.stack.addWidget(self._paused_view())
        self.stack.addWidget(self._stuck_view())

        layout = QVBoxLayout(self)
        self._header.add_to(layout)
        layout.addWidget(self.stack, 1)

        self._shortcut(Qt.Key.Key_Return, self._reveal_or_good)
        self._shortcut(Qt.Key.Key_Enter, self._reveal_or_good)
        self._shortcut(Qt.Key.Key_Escape, self._escape)
        for rating in Rating:
            self._shortcut(Qt.Key(Qt.Key.Key_0 + int(rating)), lambda r=rating: self._key_rate(r))
        self._connect_actions(actions)
        self._set_card_actions()  # none until a card is on screen

    # ----------------------------------------------------------------- layout
    def _card_view(self, media_dir: Path) -> QWidget:
        self.browser = CardView(media_dir)
        self.browser.setObjectName("card")
        self.browser.setAccessibleName("Card")
        # In the Tab order, so a screen reader can read the card; Space there still answers.
        self.browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.browser.installEventFilter(self)

        self.why_label = QLabel()
        self.why_label.setWordWrap(True)
        self.why_label.setAccessibleDescription("Why this card now")
        self.why_label.hide()

        self.show_button = QPushButton("Show answer")
        self.show_button.setAccessibleName("Show answer")
        self.show_button.setAccessibleDescription("Space or Enter")
        self.show_button.clicked.connect(self._reveal)
        self.show_button.installEventFilter(self)
        self.answer_bar = AnswerBar(keys=self)
        self.answer_bar.rated.connect(self._rate)
        self.rating_buttons = self.answer_bar.rating_buttons

        self.tools = ActionRow("Card actions", "Card &actions")

        card_view = QWidget()
        card_layout = self._card_layout = QVBoxLayout(card_view)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.browser, 1)
        card_layout.addWidget(self.why_label)
        card_layout.addWidget(self.show_button)
        card_layout.addWidget(self.answer_bar)
        card_layout.addWidget(self.tools)
        return card_view

    def _finished_view(self) -> QWidget:
        self.back_button = go_on_button("Back to decks", self.leave_requested.emit)
        self.summary_label, view = message_view("Session summary", self.back_button)
        return view

    def _paused_view(self) -> QWidget:
        self.resume_button = go_on_button(
            "Carry on", self._toggle_pause, spoken="Carry on studying", keys="P or Enter"
        )
        self.paused_label, view = message_view("Paused", self.resume_button)
        return view

    def _stuck_view(self) -> QWidget:
        self.stuck_button = go_on_button("Try again", self._go_on_when_stuck, keys="Enter")
        self.stuck_label, view = message_view("Study stopped", self.stuck_button)
        return view

    def _connect_actions(self, actions: StudyActions) -> None:
        """Act on the window's card actions, and list them in the Card actions row."""
        self.card_actions = actions
        slots = (
            self.edit_card,
            self.suspend_card,
            self.bury_card,
            self.toggle_why,
            self.info_requested.emit,
            self._toggle_pause,
            self.read_current,
        )
        for made, slot in zip(actions.all, slots, strict=True):
            made.triggered.connect(slot)
            self.addAction(made)  # its keys work while this screen has the focus
            self.tools.add(made, made.toolTip())

    def _shortcut(self, key: Qt.Key, slot: object) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def attach(self, session: StudySession, deck_name: str) -> None:
        """Drive this page from a new session."""
        self.session = session
        self._header.show_deck(deck_name)
        self._studying = deck_name  # said with the first card (a focused set's name too)

    def set_two_buttons(self, on: bool) -> None:
        """Rate with Again / Good only (True) or with all four ratings."""
        if on == self.two_buttons:  # each change of preference comes here (Ctrl++ too)
            return
        self.two_buttons = on
        if self.session and self.session.card and self.session.revealed:
            # Only the buttons change: showing the answer again said (and read aloud) it all
            # again, over Preferences. Out of sight, the focus stays: on the hidden Good
            # button, Space on the deck list rated a card unseen.
            card, reading = self.session.card, self.session.reading
            self.answer_bar.show_for(card, two_buttons=on, reading=reading, focus=self.isVisible())

    # -------------------------------------------------------------- StudyView
    def show_question(self, card: StudyCard, progress: SessionProgress) -> None:
        """Show the question side and wait for Space/Enter."""
        self.stack.setCurrentIndex(_CARD)
        self._header.show_progress(progress)
        self.browser.setHtml(question_document(card))
        question = (
            BLANK_QUESTION if is_blank(card.question_html) else card_words(card.question_html)
        )
        self.browser.setAccessibleDescription(question)
        self.why_label.hide()
        self.answer_bar.hide()
        self.show_button.show()
        self._set_card_actions(*self.card_actions.all)
        self.show_button.setFocus(Qt.FocusReason.OtherFocusReason)
        # Focus lands on "Show answer", which does not say the card: say it, and whether the
        # rating that brought it was saved.
        said, self._outcome = self._outcome, ""
        if progress.number == 1 and not said:
            said = f"{self._studying}. "  # what is being studied, said once
        self._speech.say(f"{said}{spoken(progress_words(progress))}. Question: {question}")
        self.card_reading.side_shown(question, card.sounds.question, card.sounds.question)

    def show_progress(self, progress: SessionProgress) -> None:
        """The counts of what is left changed elsewhere (Spread, Browse): shown in the header."""
        self._header.show_progress(progress)

    def show_answer(self, card: StudyCard) -> None:
        """Reveal the answer side and the rating buttons with their intervals."""
        self.browser.setHtml(answer_document(card))
        self.show_button.hide()
        reading = self.session is not None and self.session.reading
        self.answer_bar.show_for(card, two_buttons=self.two_buttons, reading=reading)
        self._card_layout.activate()  # the card's height beside the buttons, to scroll in
        self.browser.bring_into_sight(ANSWER_ANCHOR)
        speech = answer_speech(card, card_words(card.answer_html))
        self.browser.setAccessibleDescription(speech)
        self._speech.say(speech)
        self.card_reading.side_shown(speech, card.sounds.on_side(revealed=True), card.sounds.answer)

    def show_paused(self, progress: SessionProgress) -> None:
        """Hide the card and say how to carry on; the place is saved (where it can be)."""
        self.stack.setCurrentIndex(_PAUSED)
        self._header.show_progress(progress)
        self._set_card_actions(self.card_actions.pause)
        # Where nothing can be saved, neither can the place: a restart starts anew.
        saved = "<p>Your place is saved, even if you close FibroLearn.</p>"
        if self.session and self.session.reading:
            saved = ""
        self.paused_label.setText(
            f"<h2>Paused</h2>{saved}<p>Press P or Enter to carry on with the same card.</p>"
        )
        self.resume_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.card_reading.side_gone()
        self._speech.say("Paused. Press P or Enter to carry on.")

    def show_finished(self, summary: SessionSummary, goal: SessionGoal | None) -> None:
        """The session is over: show what was done, kindly."""
        self.stack.setCurrentIndex(_FINISHED)
        self._header.show_finished()
        self._set_card_actions()
        text = summary_words(summary, goal)
        self.summary_label.setText(text)
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.card_reading.side_gone()
        self._speech.say(QTextDocumentFragment.fromHtml(text).toPlainText())

    def show_stuck(self, problem: StorageProblem) -> None:
        """The card to show could not be read: say why, with no card to answer again."""
        self.stack.setCurrentIndex(_STUCK)
        self._header.show_stopped()
        self._set_card_actions()
        self._outcome = ""
        answered = self.session.answered if self.session else 0
        text = stuck_words(problem, answered)
        self.stuck_label.setText(text + system_words(problem))  # not spoken: for reports
        self._stopped_for_good = problem.needs_a_fresh_start
        button = "Back to decks" if self._stopped_for_good else "Try again"
        self.stuck_button.setText(button)
        self.stuck_button.setAccessibleName(button)
        self.stuck_button.setAccessibleDescription(
            "Enter or Esc" if self._stopped_for_good else "Enter"
        )
        self.stuck_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.card_reading.side_gone()
        self._speech.say(QTextDocumentFragment.fromHtml(text).toPlainText())

    # ------------------------------------------------------------------ input
    def undo(self, *, redo: bool = False) -> bool:
        """Take back the last step (Ctrl+Z), or ``redo`` the last undone; False: nothing to do.

        A step that cannot be (the edited note changed since) is dropped, or kept to redo
        later, and the page says why: that counts as handled.
        """
        self.card_reading.stop()  # the card it was of goes, or comes back to its question
        return self._speech.outcome_first(lambda: take_back(self.session, redo=redo)) is not None

    def edit_card(self) -> None:
        """Open the note of the card on screen in a small editor (E)."""
        self._speech.outcome_first(lambda: edit_in_dialog(self.session, self.window()))

    def suspend_card(self) -> None:
        """Take the card on screen out of study (S); Ctrl+Z brings it back."""
        self._put_aside(
            lambda session: session.suspend_card(), "Card suspended. Ctrl+Z brings it back."
        )

    def bury_card(self) -> None:
        """Hide the card on screen until tomorrow (B); Ctrl+Z brings it back."""
        self._put_aside(
            lambda session: session.bury_card(),
            "Card buried until tomorrow. Ctrl+Z brings it back.",
        )

    def _put_aside(self, step: Callable[[StudySession], bool], outcome: str) -> None:
        """Suspend or bury the card on screen; ``outcome`` is said if ``step`` did."""
        self._speech.outcome_first(lambda: outcome if self.session and step(self.session) else None)

    def toggle_why(self) -> None:
        """Show or hide why this card comes now (W)."""
        if self.why_label.isVisible():
            self.why_label.hide()
            return
        insight = self.session.why_now() if self.session else None
        if insight is None:
            return
        self.announcer.show(self.why_label, recall_words(insight))

    def read_current(self) -> None:
        """Replay the sounds of the side on screen (R), or read it aloud, or say why not."""
        if self.stack.currentIndex() != _CARD:
            return
        text = self.browser.accessibleDescription() or self.browser.toPlainText()
        problem = self.card_reading.read(text)
        if problem:
            tell(self, QMessageBox.Icon.Information, "Read aloud", problem)

    def show_notice(self, text: str) -> None:
        """Say something in passing (StudyView), in the status bar and to screen readers."""
        self._outcome = ""  # the rating was not kept: the card changed meanwhile
        self._speech.tell(text)

    def _set_card_actions(self, *usable: QAction) -> None:
        """Enable these card actions (and no others) while the study screen is in sight."""
        self._usable_actions = frozenset(usable)
        self._enable_card_actions()

    def _enable_card_actions(self) -> None:
        # Also in the menus: from Browse, Edit > Suspend card would act on the study card
        # hidden behind it, not the card selected there.
        for made in self.card_actions.all:
            made.setEnabled(made in self._usable_actions and self.isVisible())

    def showEvent(self, event: QShowEvent) -> None:
        """The card actions work again (if a card is on screen)."""
        super().showEvent(event)
        self._enable_card_actions()
        self.card_reading.sounds.name_action(shown=True)

    def hideEvent(self, event: QHideEvent) -> None:
        """Another place is shown: its menu items must not act on this card, nor read it on."""
        super().hideEvent(event)
        self._enable_card_actions()
        if not event.spontaneous():
            self.card_reading.stop()
            self.card_reading.sounds.name_action(shown=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Reading keys scroll the card wherever focus is; Space on the card answers.

        Without this, Down on the focused Good button moved focus to Easy, so the next Space
        saved Easy; and a long answer could not be scrolled from the keyboard.
        """
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(watched, event)
        if watched is self.browser and event.key() == Qt.Key.Key_Space:
            self._reveal_or_good()
            return True
        scroll = SCROLL_KEYS.get(event.key())
        if watched is not self.browser and scroll is not None:
            self.browser.verticalScrollBar().triggerAction(scroll)
            return True
        if watched is not self.browser and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return True  # would move focus to the next rating, as Up and Down did
        return super().eventFilter(watched, event)

    def _reveal(self) -> None:
        if self.session:
            self.session.reveal()

    def _rate(self, rating: Rating) -> None:
        """Answer the revealed card; where answers cannot be saved, go on past it unanswered."""
        session = self.session
        if session and session.revealed:
            # Said with the card the rating brings, if it brings one (it was saved then).
            self._outcome = "Not saved. " if session.reading else f"Saved: {rating.label}. "
            try:
                if session.reading:
                    session.pass_card()
                else:
                    session.rate(rating)
            finally:
                self._outcome = ""

    def _key_rate(self, rating: Rating) -> None:
        """Keys 1-4; with two buttons, 1 is Again and 2 (or 3) is Good."""
        if self.two_buttons:
            rating = {Rating.AGAIN: Rating.AGAIN, Rating.HARD: Rating.GOOD}.get(rating, rating)
            if rating == Rating.EASY:
                return
        self._rate(rating)

    def _escape(self) -> None:
        """Leave Study; a gentle session under way asks first, as leaving ends it."""
        if self.session and self.session.goal and self.stack.currentIndex() != _FINISHED:
            from fibrolearn.ui.gentle_dialog import confirm_leave_gentle  # noqa: PLC0415

            if not confirm_leave_gentle(self, paused=self.stack.currentIndex() == _PAUSED):
                return
        self.leave_requested.emit()

    def _toggle_pause(self) -> None:
        if self.session:
            (self.session.resume if self.session.paused else self.session.pause)()

    def _go_on_when_stuck(self) -> None:
        """Enter on the stopped screen: read again, or leave where that would fail again."""
        if self._stopped_for_good:
            self._escape()  # as Esc, which asks first in a gentle session
        elif self.session:
            self.session.try_again()

    def _focused_button(self) -> QAbstractButton | None:
        """The button of this screen that has the keyboard focus, if one has."""
        focused = self.focusWidget()
        if (
            isinstance(focused, QAbstractButton)
            and focused.isVisible()
            and focused.isEnabled()
            and self.isAncestorOf(focused)
        ):
            return focused
        return None

    def _reveal_or_good(self) -> None:
        """Enter: show the answer, or rate Good; on a focused button, press that button.

        The window's rule, "Enter presses the focused button, as Space does", holds here
        too: a learner who tabbed to Hard (a screen reader says "Hard: again in 6
        minutes") or to Pause and pressed Enter had Good saved for the card.
        """
        button = self._focused_button()
        if button is not None:
            button.click()  # its own slot: a rating, Show answer, a card action, Carry on
            return
        index = self.stack.currentIndex()
        if index == _FINISHED:
            self.leave_requested.emit()
        elif self.session is None:
            return
        elif index == _STUCK:
            self._go_on_when_stuck()
        elif index == _PAUSED:
            self.session.resume()
        elif self.session.revealed:
            self._rate(Rating.GOOD)
        else:
            self.session.reveal()
