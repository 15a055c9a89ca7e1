"""Put the Quiz and Progress places into the main window and join their requests to it.

Called once the collection is open, e.g. in ``ui/app.py``::

    window.collection_ready.connect(lambda services: add_places(window, services, tasks))
"""

from __future__ import annotations

from fibrolearn.domain.study import StudySet
from fibrolearn.services.container import Services
from fibrolearn.ui.charts_preload import preload_charts
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.tasks import TaskRunner

QUIZ, PROGRESS = "quiz", "progress"


def add_places(window: MainWindow, services: Services, tasks: TaskRunner) -> None:
    """Add Quiz (Ctrl+4) and Progress (Ctrl+5); a collection opened again is just attached.

    Their pages are built after the collection has opened, each on a turn of its own (or on
    the first visit, if that comes sooner): built together as it opened, they held the window
    still for about 100 ms. Progress's charts begin loading in the background once it is built.
    """
    if QUIZ in window.places:
        for key in (QUIZ, PROGRESS):
            place = window.places[key]
            if place.built:  # one not built yet is built later, on the collection open then
                page = place.widget
                assert isinstance(page, QuizPage | ProgressPage)
                page.attach(services)
        return

    def quiz() -> QuizPage:
        page = window.places[QUIZ].widget
        assert isinstance(page, QuizPage)
        return page

    def open_services() -> Services:
        assert window.services is not None, "a place's page is built on an open collection"
        return window.services

    def build_quiz() -> QuizPage:
        page = QuizPage(open_services())
        page.study_cards_requested.connect(study_focused)
        page.leave_requested.connect(lambda: window.show_place("decks"))
        return page

    def build_progress() -> ProgressPage:
        page = ProgressPage(open_services(), tasks, settings=window.settings)
        # Begun with this page, built after Quiz's unless visited first: the thread would
        # slow the building, holding Python's lock in turns with it.
        preload_charts(page)  # so that a visit finds them drawn
        page.study_factor_requested.connect(study_focused)
        page.quiz_factor_requested.connect(quiz_factor)
        return page

    def quiz_factor(deck_id: int, factor_key: str) -> None:
        window.show_place(QUIZ)
        if window.current_place() == QUIZ:  # not when no collection is open
            quiz().open_setup(deck_id, factor_key)

    def study_focused(focus: StudySet) -> None:
        """A focused session: only those cards, whatever today's limits."""
        window.start_study(focus.deck_id, focus=focus)

    def decks_changed() -> None:  # the place on screen shows them as they now are
        shown = window.current_place()
        if shown == QUIZ:
            quiz().refresh_decks()
        elif shown == PROGRESS:
            progress = window.places[PROGRESS].widget
            assert isinstance(progress, ProgressPage)
            progress.refresh()

    window.add_place(QUIZ, "&Quiz", build_quiz, "Ctrl+4", lambda: quiz().enter())
    window.add_place(PROGRESS, "&Progress", build_progress, "Ctrl+5")
    window.decks_changed.connect(decks_changed)
