"""The Quiz and Progress places in the real main window, reached and used by keyboard."""

from __future__ import annotations

from pathlib import Path

from collection_driving import full_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from ui_driving import press

from deckdata import small_deck_text
from fibrolearn.domain.clock import FixedClock
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui.deck_file_load import load_deck_file
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.mastery_words import node_lines
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.quiz_page import QuizPage
from fibrolearn.ui.tasks import TaskRunner


def test_places_join_the_window_and_route_study_and_quiz_requests(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    add_places(window, services, tasks)  # the collection opened again: no second tab
    assert list(window.places)[-2:] == ["quiz", "progress"]

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    progress = window.places["progress"].widget
    assert isinstance(progress, ProgressPage) and window.current_place() == "progress"
    qtbot.waitUntil(lambda: progress.history.charts_drawn)
    screenshot(window, "places-01-progress")

    progress.mastery.map_view.setFocus()
    qtbot.keyClick(progress.mastery.map_view, Qt.Key.Key_Right)  # factor B
    qtbot.keyClick(progress.mastery.map_view, Qt.Key.Key_Q)
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage) and window.current_place() == "quiz"
    ticked = [
        quiz.setup_view.factors.item(i).text()
        for i in range(quiz.setup_view.factors.count())
        if quiz.setup_view.factors.item(i).checkState() == Qt.CheckState.Checked
    ]
    assert ticked == ["Factor B"]
    screenshot(window, "places-02-quiz-on-factor-b")

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    progress.mastery.map_view.setFocus()
    qtbot.keyClick(progress.mastery.map_view, Qt.Key.Key_S)  # study factor B (still focused)
    assert window.current_place() == "study"
    session = window.study.session
    assert session is not None and session.card is not None
    factor_b = services.focus.factor_cards(1, "b")
    assert session.focus == factor_b and session.card.card_id in factor_b.card_ids
    assert window.study.title.text() == "<b>Small deck: Factor B</b>"  # only these cards
    tasks.wait()


def with_places(make_window, services: Services) -> tuple[MainWindow, TaskRunner]:
    """A window on ``services`` with Quiz and Progress added, their pages not built yet."""
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    return window, tasks


def test_pages_are_built_after_the_places_are_added_each_on_a_turn_of_its_own(
    qtbot, make_window, services: Services, monkeypatch
) -> None:
    built: list[str] = []
    for page_class in (QuizPage, ProgressPage):
        made = page_class.__init__

        def recording(self, *args, made=made, name=page_class.__name__, **kwargs) -> None:
            made(self, *args, **kwargs)
            built.append(name)

        monkeypatch.setattr(page_class, "__init__", recording)
    window, tasks = with_places(make_window, services)

    # Reachable at once (tab, Go menu, shortcut), built only afterwards.
    assert built == []
    tabs = [window.navigation.tabText(i) for i in range(window.navigation.count())]
    assert tabs[-2:] == ["Quiz", "Progress"]
    assert window.places["quiz"].action.isEnabled()
    assert not window.places["quiz"].built
    qtbot.waitUntil(lambda: built == ["QuizPage"])  # one per turn of the event loop
    assert not window.places["progress"].built
    qtbot.waitUntil(lambda: window.places["progress"].built)
    assert built == ["QuizPage", "ProgressPage"]
    tasks.wait()


def test_a_place_visited_before_its_page_is_built_builds_it_then(
    qtbot, make_window, services: Services
) -> None:
    window, tasks = with_places(make_window, services)
    assert not window.places["progress"].built

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)

    assert window.places["progress"].built and window.current_place() == "progress"
    progress = window.places["progress"].widget
    assert isinstance(progress, ProgressPage)
    qtbot.waitUntil(lambda: progress.history.charts_drawn)
    qtbot.waitUntil(lambda: window.places["quiz"].built)  # the other, in its turn
    tasks.wait()


def test_a_collection_opened_again_before_a_page_is_built_gets_it_built_on_the_new_one(
    qtbot, make_window, services: Services, paths
) -> None:
    from fibrolearn.cli import open_services

    window, tasks = with_places(make_window, services)
    quiz = window.places["quiz"].widget  # built; Progress is not yet
    assert isinstance(quiz, QuizPage) and not window.places["progress"].built

    window.collection_closing()  # a restore begins: nothing is built on the closing one
    qtbot.wait(100)
    assert not window.places["progress"].built
    assert not window.places["progress"].action.isEnabled()
    again = open_services(paths)  # as a restore opens it, through collection_opened
    try:
        window.collection_opened(again)
        add_places(window, again, tasks)
        assert quiz.services is again
        qtbot.waitUntil(lambda: window.places["progress"].built)
        progress = window.places["progress"].widget
        assert isinstance(progress, ProgressPage) and progress.services is again
    finally:
        tasks.wait()
        window.close()
        again.close()


def deck_names(box: QComboBox) -> list[str]:
    return [box.itemText(index) for index in range(box.count())]


def test_a_deck_loaded_or_renamed_meanwhile_shows_on_quiz_and_progress_at_once(
    qtbot, services: Services, paths: AppPaths, clock: FixedClock, tmp_path: Path
) -> None:
    """Found in a bug hunt: File ▸ Load deck file… or Tools ▸ Rename deck on the Quiz set-up,
    or on Progress, left its list of decks as it was until the place was opened again."""
    window, tasks, _keeper = full_window(qtbot, paths, clock, services)
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    quiz = window.places["quiz"].widget
    assert isinstance(quiz, QuizPage) and deck_names(quiz.setup_view.deck) == ["Small deck"]
    other = tmp_path / "other.toml"
    other.write_text(small_deck_text().replace('"small"', '"other"').replace("Small", "Other"))
    load_deck_file(window, services, other, tasks)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Loaded"))
    assert deck_names(quiz.setup_view.deck) == ["Other deck", "Small deck"]
    assert quiz.setup_view.deck.currentText() == "Small deck"  # still the one chosen

    small = quiz.setup_view.selected_deck()
    assert small is not None
    services.deck_manage.rename(small, "Tiny deck")  # as Tools ▸ Rename deck… does
    window.deck_renamed(small)
    assert deck_names(quiz.setup_view.deck) == ["Other deck", "Tiny deck"]

    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    progress = window.places["progress"].widget
    assert isinstance(progress, ProgressPage)
    services.deck_manage.rename(small, "Small deck")
    window.deck_renamed(small)
    assert deck_names(progress.mastery.deck) == ["Other deck", "Small deck"]
    tasks.wait()


def test_study_this_factor_with_every_card_suspended_says_so_on_progress(
    qtbot, make_window, services: Services, screenshot
) -> None:
    """Found in a bug hunt: S on a factor whose cards were all suspended in Browse opened
    Study on "Nothing due right now. Come back later": coming back would never help."""
    factor_b = services.focus.factor_cards(1, "b")
    services.notes.toggle_suspended(factor_b.card_ids)  # as Browse's Suspend does
    window = make_window(services)
    tasks = TaskRunner()
    add_places(window, services, tasks)
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    progress = window.places["progress"].widget
    assert isinstance(progress, ProgressPage)
    qtbot.waitUntil(lambda: progress.history.charts_drawn)
    view = progress.mastery.map_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # factor B
    factor = view.map.factors[1]
    out = len(factor_b.card_ids)
    assert node_lines(factor)[:2] == ("All suspended", f"{out} cards out of study")  # not "–"
    assert view.accessibleDescription().startswith(f"Factor B: {out} cards, all suspended.")
    row = [progress.mastery.map_table.item(1, column).text() for column in (1, 2)]
    assert row == [f"0 of 0, {out} suspended", "All suspended"]
    qtbot.keyClick(view, Qt.Key.Key_S)

    assert window.current_place() == "progress"
    message = progress.mastery.message
    assert message.isVisible()
    assert message.text() == (
        "Every flashcard of “Factor B” is suspended, so there is nothing to study. "
        "To study them again, unsuspend them in Browse (Suspend / unsuspend, Ctrl+J)."
    )
    assert QApplication.focusWidget() is view  # the learner stays where they were
    qtbot.wait(50)  # laid out with the message
    screenshot(window, "places-factor-all-suspended")

    qtbot.keyClick(view, Qt.Key.Key_Left)  # factor A has cards to study
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert window.current_place() == "study"
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert not progress.mastery.message.isVisible()  # said of factor B, then
    tasks.wait()
