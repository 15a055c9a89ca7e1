"""Put the Quiz and Progress places into the main window and join their requests to it.

Called once the collection is open, e.g. in ``ui/app.py``::

    window.collection_ready.connect(lambda services: add_places(window, services, tasks))
"""

from __future__ import annotations

from fibrolearn.services.container import Services
from fibrolearn.ui.charts_preload import preload_charts
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.tasks import TaskRunner

QUIZ, PROGRESS = "quiz", "progress"


def add_places(window: MainWindow, services: Services, tasks: TaskRunner) -> None:
    """Add Quiz (Ctrl+4) and Progress (Ctrl+5); a collection opened again is just attached."""
    if QUIZ in window.places:
        quiz = window.places[QUIZ].widget
        progress = window.places[PROGRESS].widget
        assert isinstance(quiz, QuizPage) and isinstance(progress, ProgressPage)
        quiz.attach(services)
        progress.attach(services)
        return
    quiz = QuizPage(services)
    progress = ProgressPage(services, tasks)
    window.add_place(QUIZ, "&Quiz", quiz, "Ctrl+4", quiz.enter)
    window.add_place(PROGRESS, "&Progress", progress, "Ctrl+5")
    preload_charts(progress)  # so that the first visit need not load them

    def quiz_factor(deck_id: int, factor_key: str) -> None:
        window.show_place(QUIZ)
        quiz.open_setup(deck_id, factor_key)

    def study_factor(deck_id: int, factor_key: str) -> None:
        if window.services is not None:  # the services of the collection open now
            focus = window.services.focus.factor_cards(deck_id, factor_key)
            window.start_study(deck_id, focus=focus)

    # A focused session: only those cards, whatever today's limits.
    quiz.study_cards_requested.connect(lambda focus: window.start_study(focus.deck_id, focus=focus))
    quiz.leave_requested.connect(lambda: window.show_place("decks"))
    progress.study_factor_requested.connect(study_factor)
    progress.quiz_factor_requested.connect(quiz_factor)
