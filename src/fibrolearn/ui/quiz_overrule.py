"""Under a typed answer's "Not quite", "I was right" (Alt+I) counts it right.

Offered only for a typed answer marked wrong, and only while its verdict is shown: the service
refuses it for any other answer (see :mod:`fibrolearn.services.quiz_overrule`).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from fibrolearn.domain.quiz import QuizKind, QuizQuestion
from fibrolearn.domain.quiz_session import AnswerFeedback

if TYPE_CHECKING:
    from fibrolearn.ui.quiz_page import QuizPage

COUNTED = "Counted as right, as you said."


class Overrule(QPushButton):
    """The button, beside "Next question" on the question screen of ``page``."""

    def __init__(self, page: QuizPage) -> None:
        super().__init__("&I was right")
        self._page = page
        self.setAccessibleDescription("Alt+I: count your typed answer as right")
        self.setAutoDefault(True)  # Enter presses it, as Space does
        self.hide()
        bar = page.question_view.button_bar.layout()
        assert isinstance(bar, QHBoxLayout)
        bar.insertWidget(bar.indexOf(page.question_view.next_button), self)
        # Tab goes from the feedback to here, then to "Next question", as the eye does. The
        # feedback's screen and this button bar are not yet in one window (Qt refuses a tab
        # order between them, with a warning); the page puts the bars after the screens.
        QWidget.setTabOrder(self, page.question_view.next_button)
        self.clicked.connect(self._count_as_right)
        # The verdict's moment is over on to the next question, or off the question screen.
        page.question_view.next_requested.connect(self.hide)
        page.stack.currentChanged.connect(self.hide)

    def offer(self, question: QuizQuestion, feedback: AnswerFeedback) -> None:
        """Show the button under this verdict if it is a typed answer's "Not quite"."""
        self.setVisible(question.kind is QuizKind.TYPED_RECALL and not feedback.correct)

    def _count_as_right(self) -> None:
        page, view = self._page, self._page.question_view
        if page.services is None or page.sitting is None or not self.isVisible():
            return
        feedback = page.services.quiz.count_as_right(page.sitting.session_id, page.position)
        last = page.position + 1 == len(page.sitting.questions)
        self.hide()  # before the focus moves on: once is all
        view.show_feedback(feedback, last=last)
        # What the card says stays in sight: "Right." alone hides it.
        answer = escape(feedback.right_answer)
        view.feedback.append(f"<p><i>{COUNTED}</i></p><p><b>The card's answer:</b> {answer}</p>")
        view.announcer.announce(COUNTED)
