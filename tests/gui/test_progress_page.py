"""The Progress place: empty, a new learner, a real review log, large text and failed saves."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.quiz import QuizKind
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.domain.statistics import Span
from fibrolearn.domain.study import StudySet
from fibrolearn.paths import AppPaths, missing_folder
from fibrolearn.scheduling import optimizer
from fibrolearn.services.container import Services
from fibrolearn.storage import revlog_repo
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.charts_preload import ChartsPreloader
from fibrolearn.ui.mastery_words import node_lines, nothing_to_study
from fibrolearn.ui.progress_history import CHARTS_COMING, CHARTS_WATCH_MS, READING_ALL
from fibrolearn.ui.progress_optimize import OptimizeDialog
from fibrolearn.ui.progress_page import START_HINT, ProgressPage
from fibrolearn.ui.progress_places import add_places
from fibrolearn.ui.progress_report import save_report
from fibrolearn.ui.progress_text import RETENTION_MEANS
from fibrolearn.ui.tasks import TaskRunner

JOSH = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "review-logs"
JOSH = JOSH / "py-fsrs-josh-2024.csv"
needs_josh = pytest.mark.skipif(
    not JOSH.exists(), reason=f"the shared review log is absent ({JOSH})"
)


@pytest.fixture
def open_page(qtbot) -> Iterator[Callable[[Services], ProgressPage]]:
    def make(services: Services) -> ProgressPage:
        page = ProgressPage(services)
        qtbot.addWidget(page)
        page.resize(1100, 900)
        with qtbot.waitExposed(page):
            page.show()
        qtbot.waitUntil(lambda: page.history.charts_drawn)  # the charts follow the numbers
        return page

    yield make


def _page_with_held_charts(
    qtbot, monkeypatch, services: Services, load: Callable[[], object]
) -> ProgressPage:
    """A page whose charts have not loaded: ``load`` stands in for their background import."""
    monkeypatch.setattr("fibrolearn.ui.progress_history.charts_loaded", lambda: False)
    page = ProgressPage(services)
    qtbot.addWidget(page)
    ChartsPreloader(page, [], load, loaded=lambda: False).start()
    page.resize(1100, 900)
    return page


def test_a_visit_before_the_charts_load_shows_the_rest_and_draws_them_on_arrival(
    qtbot, monkeypatch, services: Services, screenshot
) -> None:
    go_on = threading.Event()
    page = _page_with_held_charts(qtbot, monkeypatch, services, lambda: go_on.wait(10))
    with qtbot.waitExposed(page):
        page.show()

    # The numbers and the map at once, where keys act; the charts are said to be coming.
    assert page.today.text().startswith("Today:") and page.mastery.map_view.isVisible()
    assert page.focusWidget() is page.mastery.map_view
    assert not page.history.charts_drawn
    assert page.history.charts_note.isVisible() and page.history.charts_note.text() == CHARTS_COMING
    assert not page.report_button.isEnabled()  # a report now would hold no charts
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks))  # the window answers while they load
    screenshot(page, "progress-charts-coming")

    page.hide()  # a visit elsewhere and back meanwhile: still one wait, one drawing
    page.show()
    assert not page.history.charts_drawn and page.history.charts_note.text() == CHARTS_COMING
    go_on.set()
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    assert not page.history.charts_note.isVisible() and page.report_button.isEnabled()
    assert page.history.charts is not None and page.history.charts.calendar.isVisible()
    assert page.focusWidget() is page.mastery.map_view  # their arrival leaves the focus be


def test_charts_that_cannot_load_leave_the_numbers_and_the_map(
    qtbot, monkeypatch, services: Services
) -> None:
    def broken() -> None:
        raise ImportError("numpy: a broken installation")

    monkeypatch.setattr("fibrolearn.ui.progress_history.load_charts", broken)
    page = _page_with_held_charts(qtbot, monkeypatch, services, broken)  # fails there first
    with qtbot.captureExceptions() as raised:
        page.show()
        qtbot.waitUntil(lambda: bool(raised))  # loaded again when the thread is done: the hook

    assert [type(error) for error, *_ in [info[1:] for info in raised]] == [ImportError]
    assert page.history.charts_note.isVisible()
    assert page.history.charts_note.text() == (
        "The charts could not be loaded (numpy: a broken installation). "
        "The numbers and the map above are complete."
    )
    assert page.today.text().startswith("Today:") and page.mastery.map_view.isVisible()
    assert page.focusWidget() is page.mastery.map_view  # where a learner starts, as always
    assert page.history.charts is None and not page.history.charts_drawn
    assert page.report_button.isEnabled()  # a report of the rest can be saved

    said = page.history.charts_note.text()
    with qtbot.captureExceptions() as again:
        page.hide()
        page.refresh()  # another visit, or an import's refresh: told once, not tried again
        page.show()
        qtbot.wait(3 * CHARTS_WATCH_MS)
    assert again == []
    assert page.history.charts_note.text() == said and page.history.charts_note.isVisible()


def factor_cards(page: ProgressPage, deck_id: int, factor_key: str) -> StudySet:
    """The cards "Study this factor" should study: the factor's, as the focus service reads them."""
    assert page.services is not None
    return page.services.focus.factor_cards(deck_id, factor_key)


def drawn_colours(card) -> Counter[int]:
    """The colours of a chart's canvas as painted on screen, sampled every other pixel."""
    image = card.canvas.grab().toImage()
    return Counter(
        image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
    )


def assert_charts_drawn(page: ProgressPage, with_data: tuple[str, ...] = ()) -> None:
    """Every chart painted in the theme's colours; those named also painted accent marks.

    An undrawn chart keeps pyqtgraph's own black background and grey axes.
    """
    charts = page.history.charts
    assert charts is not None and page.history.charts_drawn
    palette = page.palette()
    for card in charts.cards:
        colours = drawn_colours(card)
        assert colours[palette.color(QPalette.ColorRole.Base).rgb()] > 1000, card.title.text()
        assert colours[palette.color(QPalette.ColorRole.Text).rgb()] > 0, card.title.text()
    for name in with_data:
        card = getattr(charts, name)
        assert drawn_colours(card)[card.accent().rgb()] > 20, name


def full_page(page: ProgressPage, screenshot, name: str) -> None:
    """Screenshot the page's whole content, scrolled-out parts included."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # charts added just now
    screenshot(page.content, name)


def test_empty_collection(qtbot, open_page, paths: AppPaths, clock, screenshot) -> None:
    services = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        page = open_page(services)
        charts = page.history.charts
        assert charts is not None
        assert_charts_drawn(page)
        assert page.today.text() == "Today: nothing studied yet; nothing left for today."
        assert page.mastery.no_map.isVisible() and not page.mastery.tabs.isVisible()
        assert charts.reviews.summary.text() == "No reviews in this period."
        assert charts.calendar.summary.text() == "No study days in the last year yet."
        assert charts.retention.summary.text().startswith("No reviews of learnt cards yet")
        assert charts.quizzes.summary.text() == "No quizzes finished yet."
        assert (
            charts.states.summary.text()
            == "0 new, 0 learning, 0 in review, 0 relearning, 0 suspended."
        )
        full_page(page, screenshot, "progress-01-empty")
    finally:
        services.close()


def test_new_learner_map_keys_and_table(qtbot, open_page, bundled: Services, screenshot) -> None:
    page = open_page(bundled)
    view = page.mastery.map_view
    assert view.map is not None and len(view.map.factors) == 12
    assert page.mastery.map_table.rowCount() == 12
    assert page.mastery.map_table.item(1, 2).text() == "Not started"  # not "0 %"
    assert_charts_drawn(page, with_data=("states",))
    assert page.history.charts is not None
    cards = sum(deck.total for deck in bundled.decks.list_decks())
    assert page.history.charts.states.summary.text().startswith(f"{cards} new")
    full_page(page, screenshot, "progress-02-new-learner")

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert "Central sensitization" in view.accessibleDescription()
    assert view.announcer.last == view.accessibleDescription()  # read out as it moves
    with qtbot.waitSignal(page.study_factor_requested) as study:
        qtbot.keyClick(view, Qt.Key.Key_S)
    assert study.args == [factor_cards(page, view.map.deck_id, "central-sensitization")]
    with qtbot.waitSignal(page.quiz_factor_requested) as quiz:
        qtbot.keyClick(view, Qt.Key.Key_Q)
    assert quiz.args == [view.map.deck_id, "central-sensitization"]

    page.mastery.tabs.setCurrentWidget(page.mastery.map_table)
    page.mastery.map_table.selectRow(3)
    with qtbot.waitSignal(page.quiz_factor_requested) as quiz:
        qtbot.keyClick(page.mastery.map_table, Qt.Key.Key_Q)
    assert quiz.args[1] == view.map.factors[3].key
    with qtbot.waitSignal(page.study_factor_requested) as study:
        qtbot.keyClick(page.mastery.study_button, Qt.Key.Key_Space)
    assert study.args == [factor_cards(page, view.map.deck_id, view.map.factors[3].key)]
    screenshot(page, "progress-03-mastery-table")


def test_a_new_learner_reads_not_started_and_how_the_page_fills(
    qtbot, open_page, bundled: Services, screenshot
) -> None:
    page = open_page(bundled)
    assert page.start_hint.isVisible()
    assert page.start_hint.text() == START_HINT
    view, table = page.mastery.map_view, page.mastery.map_table
    assert view.map is not None
    for row, factor in enumerate(view.map.factors):  # the map, the table and screen readers
        assert node_lines(factor)[:2] == ("Not started", f"{factor.cards} cards to learn")
        assert [table.item(row, column).text() for column in (2, 3)] == ["Not started"] * 2
        spoken = table.item(row, 2).data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken == "Recall now: Not started"
    view.setFocus()
    first = view.map.factors[0]
    assert view.accessibleDescription().startswith(
        f"{first.name}: not started, none of its {first.cards} cards studied yet."
    )
    assert "0 %" not in view.accessibleDescription()
    legend = [words for _fill, _box, words in view._legend(view.width())]
    assert not any("recall now" in words or "0 %" in words for words in legend)  # no bars yet
    assert page.history.charts is not None
    assert page.history.charts.forecast.summary.text() == (
        "No cards you have studied come back in the next 30 days."
    )
    full_page(page, screenshot, "progress-02b-new-learner-not-started")


def test_the_hint_goes_with_the_first_quiz_answer_while_the_quiz_still_runs(
    qtbot, open_page, bundled: Services
) -> None:
    """Found in a bug hunt: the map showed "Quiz: 0 % of 1" under "Study a few cards (Decks,
    Ctrl+1) and your progress shows here"."""
    deck = bundled.decks.list_decks()[0].deck_id
    sitting = bundled.quiz.start(QuizSetup(deck, length=5, seed=1, kinds=(QuizKind.WHICH_FACTOR,)))
    question = sitting.questions[0]
    wrong = (question.correct + 1) % len(question.options)
    bundled.quiz.answer(sitting.session_id, 0, wrong)  # the quiz left running
    page = open_page(bundled)
    assert bundled.quiz.history() == []  # no quiz finished
    assert not page.start_hint.isVisible()


def test_one_card_studied_starts_its_factor_only_and_the_hint_goes(
    qtbot, open_page, bundled: Services
) -> None:
    deck = bundled.decks.list_decks()[0].deck_id
    card_id = bundled.focus.factor_cards(deck, "sleep").card_ids[0]
    bundled.study.answer(card_id, Rating.GOOD, 5000, shown_state=bundled.study.card(card_id).state)
    page = open_page(bundled)
    assert not page.start_hint.isVisible()
    view, table = page.mastery.map_view, page.mastery.map_table
    assert view.map is not None
    for row, factor in enumerate(view.map.factors):
        started = factor.key == "sleep"
        assert node_lines(factor)[0].startswith("Recall now: ") == started, factor.key
        assert table.item(row, 2).text().endswith(" %") == started, factor.key
    legend = [words for _fill, _box, words in view._legend(view.width())]
    assert legend[0] == "recall now (top half)"  # a bar shows: the legend explains it


def test_learning_cards_are_not_called_due_and_today_agrees_with_the_deck_list(
    qtbot, open_page, bundled: Services
) -> None:
    deck = bundled.decks.list_decks()[0].deck_id
    for _ in range(3):  # three new cards forgotten: learning, back in a minute
        card = bundled.study.next_card(deck)
        assert card is not None
        bundled.study.answer(card.card_id, Rating.AGAIN, 5000, shown_state=card.state)
    decks = bundled.decks.list_decks()
    assert (decks[0].learning, decks[0].due) == (3, 0)  # the deck list: "Learning 3 · Due 0"
    page = open_page(bundled)
    left = sum(d.new + d.learning + d.due for d in decks)
    assert page.today.text().endswith(f"; {left} cards left for today.")
    assert page.history.charts is not None
    forecast = page.history.charts.forecast.summary.text()
    assert "due today" not in forecast
    assert forecast.startswith("Cards you have studied coming back: 3 today (learning and due")


def test_real_review_log_study_and_quizzes(
    qtbot, open_page, bundled: Services, clock: FixedClock, screenshot, tmp_path: Path, monkeypatch
) -> None:
    clock.set(datetime(2024, 10, 7, 12, 0, tzinfo=UTC))
    bundled.revlog.import_csv(JOSH)
    deck = bundled.decks.list_decks()[0].deck_id
    for factor in ("central-sensitization", "sleep", "genetics"):  # learn three factors
        for card_id in bundled.focus.factor_cards(deck, factor).card_ids:
            state = bundled.study.card(card_id).state
            bundled.study.answer(card_id, Rating.GOOD, 5000, shown_state=state)
            state = bundled.study.card(card_id).state
    for seed in (1, 2):
        sitting = bundled.quiz.start(QuizSetup(deck, length=10, seed=seed))
        for position, question in enumerate(sitting.questions[:7]):
            if question.kind.value == "typed-recall":
                bundled.quiz.answer(sitting.session_id, position, question.accepted[0])
            else:
                bundled.quiz.answer(sitting.session_id, position, question.correct)
        bundled.quiz.finish(sitting.session_id)

    page = open_page(bundled)
    charts = page.history.charts
    assert charts is not None
    assert_charts_drawn(
        page, with_data=("reviews", "minutes", "calendar", "retention", "states", "quizzes")
    )
    assert "12,580 of them about cards not in this collection" in page.totals.text()
    assert charts.calendar.summary.text().startswith("Studied on 58 days of the last 365")
    assert charts.retention.summary.text().startswith("78 % of 6,339 reviews of learnt cards")
    assert charts.quizzes.summary.text().startswith("2 quizzes; latest 7 of 10 (70 %)")
    sleep = next(f for f in page.mastery.map_view.map.factors if f.key == "sleep")
    assert sleep.studied == sleep.cards and sleep.recall_now > 0.9
    assert page.notice.isVisible()  # enough history: optimizing is suggested
    full_page(page, screenshot, "progress-04-real-log")
    # Counting the answers a fit learns from scans the whole log (0.3 s at a million): the
    # suggestion is judged on the total Progress has just read, at every refresh.
    exact_counts: list[object] = []
    monkeypatch.setattr(revlog_repo, "review_count", exact_counts.append)
    page.refresh()
    assert exact_counts == [] and page.notice.isVisible()

    page.history.span.setCurrentIndex(list(Span).index(Span.ALL))
    qtbot.waitUntil(lambda: Span.ALL in page.history._span_rows, timeout=10000)
    total = bundled.progress.overview().total_reviews  # the log and today's answers
    assert charts.reviews.summary.text().startswith(
        f"{total:,} reviews from 29 March 2024 to 7 October 2024, on 58 days"
    )
    screenshot(page, "progress-05-all-history")

    out = tmp_path / "log.csv"
    page.export_log(out)  # on the worker thread: the button is back once it is saved
    qtbot.waitUntil(page.export_button.isEnabled)
    assert len(out.read_text().splitlines()) - 1 == bundled.progress.overview().total_reviews
    pdf, png = tmp_path / "report.pdf", tmp_path / "report.png"
    page.save_report(pdf)
    page.save_report(png)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().count(b"/Type /Page\n") > 1
    assert png.stat().st_size > 10000


def optimize_dialog(qtbot, services: Services) -> tuple[ProgressPage, OptimizeDialog]:
    """Progress ▸ Optimize my schedule, open over a page whose worker runs the fit, counted."""
    page = ProgressPage()
    qtbot.addWidget(page)
    dialog = OptimizeDialog(services, page.tasks, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not page.tasks.busy)  # counted in the background
    return page, dialog


@needs_josh
def test_optimize_dialog_fits_in_the_background_and_applies(
    qtbot, bundled: Services, clock: FixedClock, screenshot
) -> None:
    clock.set(datetime(2024, 10, 7, 12, 0, tzinfo=UTC))
    bundled.revlog.import_csv(JOSH)
    page, dialog = optimize_dialog(qtbot, bundled)
    page.attach(bundled)  # as Progress is when the dialog opens from it
    assert dialog.start_button.isEnabled()
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert dialog.scores.item(0, 0).text() == "Default FSRS-6"
    assert float(dialog.scores.item(1, 1).text()) < float(dialog.scores.item(0, 1).text())
    assert dialog.apply_button.isVisible() and QApplication.focusWidget() is dialog.apply_button
    assert dialog._announcer.last == dialog.verdict.text()  # said as well as shown
    assert dialog.start_button.isHidden()  # not a disabled Start beside the fit to use
    screenshot(dialog, "progress-06-optimize")
    qtbot.keyClick(dialog.apply_button, Qt.Key.Key_Space)
    assert bundled.optimize.uses_fitted_parameters()
    page.tasks.wait()


@needs_josh
def test_optimize_dialog_compares_a_new_fit_with_the_fit_in_use(
    qtbot, services: Services, screenshot
) -> None:
    services.revlog.import_csv(JOSH)
    services.optimize.apply(services.optimize.fit())  # an earlier fit, in use now
    page, dialog = optimize_dialog(qtbot, services)
    assert "You already use parameters fitted to you earlier" in dialog.explanation.text()
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    names = [dialog.scores.item(row, 0).text() for row in range(dialog.scores.rowCount())]
    assert names == ["Default FSRS-6", "Your earlier fit (in use now)", "New fit"]
    # The same log gives the same fit: it is no better than itself, so it is not offered.
    assert dialog.scores.item(1, 1).text() == dialog.scores.item(2, 1).text()
    assert not dialog.apply_button.isVisible() and dialog.start_button.isHidden()
    assert "no better than the schedule you use now, with your earlier fit" in (
        dialog.verdict.text()
    )
    assert squashed(dialog) == []
    screenshot(dialog, "progress-11-optimize-fit-in-use")
    page.tasks.wait()


@needs_josh
def test_a_better_fit_on_a_read_only_collection_says_why_it_cannot_be_kept(
    qtbot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: "Use the new fit" was offered, and pressed, failed with the app's
    general "your last action was not saved", the dialog still asking "Use it?"."""
    services.revlog.import_csv(JOSH)
    monkeypatch.setattr(services.database, "read_only_because", StorageProblemKind.READ_ONLY)
    page, dialog = optimize_dialog(qtbot, services)
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert dialog.report is not None and dialog.report.improves
    assert not dialog.apply_button.isVisible()
    assert QApplication.focusWidget() is dialog.close_button
    assert dialog.verdict.text().endswith(
        "(lower log loss). It cannot be kept now: FibroLearn cannot write to its data folder. "
        "Make the data folder writable, choose Try again, then optimize again."
    )
    assert dialog._announcer.last == dialog.verdict.text()
    page.tasks.wait()


def test_optimize_dialog_refuses_politely_without_history(qtbot, services: Services) -> None:
    page, dialog = optimize_dialog(qtbot, services)
    assert not dialog.start_button.isEnabled()
    assert dialog.focusWidget() is dialog.close_button
    assert "needs at least 1,000" in dialog.explanation.text()
    assert dialog.accessibleDescription() == dialog.explanation.text()
    assert dialog._announcer.last == dialog.explanation.text()  # said once counted
    page.tasks.wait()


def test_import_runs_in_the_background_and_reports_bad_rows(
    qtbot, open_page, services: Services, tmp_path: Path
) -> None:
    page = open_page(services)
    good = tmp_path / "good.csv"
    good.write_text(
        "card_id,review_rating,review_time,review_duration\n5,3,2026-03-01T10:00:00+00:00,100\n"
    )
    page.import_log(good)
    qtbot.waitUntil(
        lambda: page.notice.text().startswith("Imported 1 answer about 1 card."), timeout=10000
    )
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    assert page.totals.text() == (
        "1 answer in your review log, 1 of them about cards not in this collection."
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("card_id,review_rating,review_time,review_duration\n5,9,x,1\n")
    page.import_log(bad)
    qtbot.waitUntil(lambda: "not imported" in page.notice.text(), timeout=10000)
    assert "line 2: review_rating '9'" in page.notice.text()
    page.tasks.wait()


def test_progress_page_does_not_load_the_plotting_library_until_shown() -> None:
    code = (
        "import sys\n"
        "import fibrolearn.ui.progress_page, fibrolearn.ui.quiz_page, fibrolearn.ui.main_window\n"
        "assert 'pyqtgraph' not in sys.modules and 'numpy' not in sys.modules, 'loaded early'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def choose_in_menu(qtbot, text: str) -> list[list[str]]:
    """Answer the next pop-up menu as a person would: move to the item starting with
    ``text`` and press Enter. Returns the items each menu offered."""
    shown: list[list[str]] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):  # not open yet: look again in a moment
            QTimer.singleShot(10, pick)
            return
        shown.append([action.text() for action in menu.actions()])
        menu.setActiveAction(next(a for a in menu.actions() if a.text().startswith(text)))
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)
    return shown


def test_a_click_or_enter_on_a_factor_offers_study_and_quiz(
    qtbot, open_page, bundled: Services
) -> None:
    page = open_page(bundled)
    view = page.mastery.map_view
    assert view.map is not None
    sleep_index = next(i for i, f in enumerate(view.map.factors) if f.key == "sleep")
    node = view._boxes[sleep_index].center().toPoint()

    menus = choose_in_menu(qtbot, "&Study")
    with qtbot.waitSignal(page.study_factor_requested) as study:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=node)
    assert study.args == [factor_cards(page, view.map.deck_id, "sleep")]
    assert menus == [["&Study Sleep dysfunction", "&Quiz me on Sleep dysfunction"]]

    choose_in_menu(qtbot, "&Quiz")
    with qtbot.waitSignal(page.quiz_factor_requested) as quiz:
        qtbot.keyClick(view, Qt.Key.Key_Return)  # the same menu, for the focused factor
    assert quiz.args == [view.map.deck_id, "sleep"]


def test_the_file_buttons_save_and_read_through_their_pickers(
    qtbot, open_page, bundled: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    deck = bundled.decks.list_decks()[0].deck_id
    for _ in range(3):
        card = bundled.study.next_card(deck)
        bundled.study.answer(card.card_id, Rating.GOOD, 3000, shown_state=card.state)
    page = open_page(bundled)
    report, log = tmp_path / "report.pdf", tmp_path / "log.csv"
    answers = iter([(str(report), "PDF report (*.pdf)"), (str(log), "Review log (*.csv)")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: next(answers))

    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    assert report.read_bytes().startswith(b"%PDF")
    assert f"Saved the report to {report}" in page.notice.text()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.export_button.isEnabled)  # saved on the worker thread
    assert len(log.read_text().splitlines()) == 1 + 3  # the header and three answers

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: ("", ""))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)  # cancelled: nothing
    assert bundled.progress.overview().total_reviews == 3


@needs_josh
def test_report_pages_never_cut_a_chart_or_heading(
    open_page, bundled: Services, clock: FixedClock, tmp_path: Path
) -> None:
    clock.set(datetime(2024, 10, 7, 12, 0, tzinfo=UTC))
    bundled.revlog.import_csv(JOSH)
    page = open_page(bundled)
    assert page.history.charts is not None
    pdf = tmp_path / "report.pdf"
    tops = page.save_report(pdf)
    assert len(tops) > 1 and f"({len(tops)} pages)" in page.notice.text()
    assert pdf.read_bytes().count(b"/Type /Page\n") == len(tops)
    for block in (page.history.heading, *page.history.charts.cards):
        top = block.mapTo(page.content, QPoint(0, 0)).y()
        cut = [t for t in tops if top < t < top + block.height()]
        assert not cut, f"the block at {top} is cut at {cut}"


# ------------------------------------------------------------- found by the QA pass
def answers_log(folder: Path, first: date, last: date, *, cards: int, every: int) -> Path:
    """A review log (py-fsrs layout): ``cards`` cards answered every ``every`` days, mostly Good."""
    rows = ["card_id,review_rating,review_time,review_duration"]
    for number, day in enumerate(range(first.toordinal(), last.toordinal() + 1, every)):
        moment = date.fromordinal(day).isoformat()
        for card in range(cards):
            rating = 1 if (number + card) % 5 == 0 else 3
            rows.append(f"{9_000_000 + card},{rating},{moment}T10:{card:02d}:00+00:00,8000")
    path = folder / "answers.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def old_history(services: Services, tmp_path: Path) -> Services:
    """Two years of answers that ended more than a year before today (2026-03-04)."""
    services.revlog.import_csv(
        answers_log(tmp_path, date(2023, 1, 2), date(2024, 12, 20), cards=3, every=9)
    )
    return services


def test_a_period_chosen_by_keyboard_is_said_with_its_totals(
    qtbot, open_page, old_history: Services
) -> None:
    """Found in a bug hunt: choosing another period said nothing of what changed; the new
    totals were heard only by going with Tab to a chart."""
    page = open_page(old_history)
    charts = page.history.charts
    assert charts is not None
    span = page.history.span
    span.setFocus()
    qtbot.waitUntil(span.hasFocus)
    qtbot.keyClick(span, Qt.Key.Key_End)  # all history, read in the background
    qtbot.waitUntil(lambda: Span.ALL in page.history._span_rows, timeout=10000)
    said = page.history._announcer.last
    assert said == f"{charts.reviews.summary.text()} {charts.minutes.summary.text()}"
    assert "reviews from" in said


def show_all_history(qtbot, page: ProgressPage) -> None:
    page.history.span.setCurrentIndex(list(Span).index(Span.ALL))
    qtbot.waitUntil(lambda: Span.ALL in page.history._span_rows, timeout=10000)


def ink_under_bar(card, x: float) -> int:
    """Pixels not in the chart's background colour in the x-axis label band under bar ``x``."""
    axis = card.axes["bottom"]
    band = axis.mapRectToScene(QRectF(axis.rect())).toAlignedRect()
    centre = card.view.mapViewToScene(QPointF(x, 0)).x()
    viewport = card.canvas.viewport().pos()
    image = card.canvas.grab().toImage()
    background = card.palette().color(QPalette.ColorRole.Base).rgb()
    return sum(
        image.pixel(viewport.x() + column, viewport.y() + row) != background
        for column in range(round(centre) - 4, round(centre) + 5)
        for row in range(band.top() + 4, band.bottom())
    )


def written_values(card) -> list[QRectF]:
    """Where the numbers written above a chart's bars are shown."""
    return [
        item.sceneBoundingRect()
        for item in card.view.addedItems
        if isinstance(item, pg.TextItem) and item.isVisible()
    ]


def test_the_first_bar_of_each_chart_has_its_label(qtbot, open_page, services: Services) -> None:
    page = open_page(services)
    charts = page.history.charts
    assert charts is not None
    assert charts.forecast.axes["bottom"]._tickLevels[0][0] == (0, "today")
    assert charts.forecast.labels["bottom"][1] == (1, "5 Mar")  # as dates are written, no "05"
    for card in (charts.forecast, charts.reviews, charts.minutes):
        assert ink_under_bar(card, 0) > 10, card.title.text()  # "today" and the first date


def test_all_history_over_years_is_readable(
    qtbot, open_page, old_history: Services, screenshot
) -> None:
    page = open_page(old_history)
    show_all_history(qtbot, page)
    charts = page.history.charts
    assert charts is not None
    years = [text for _, text in charts.reviews.axes["bottom"]._tickLevels[0]]
    assert years and all(re.search(r"\b20\d\d\b", text) for text in years), years
    assert len(set(years)) == len(years), years  # each month named once
    assert drawn_colours(charts.reviews)[charts.reviews.accent().rgb()] > 100  # not grey

    assert len(written_values(charts.states)) == 5  # numbers are written where they fit
    labels = written_values(charts.retention)  # 39 thin bars: all the numbers or none
    canvas = QRectF(charts.retention.canvas.viewport().rect())
    for index, label in enumerate(labels):
        assert canvas.contains(label), f"label {index} is cut at the edge"
        assert not any(label.intersects(other) for other in labels[index + 1 :]), "overlap"
    screenshot(page.history.charts_grid.parentWidget(), "progress-07-all-history-years")


def test_reading_all_history_is_said_by_the_charts_and_so_is_a_failure(
    qtbot, open_page, services: Services, monkeypatch, screenshot
) -> None:
    page = open_page(services)
    gone = sqlite3.OperationalError("disk I/O error")
    reading = threading.Event()

    def unread(span: Span) -> None:
        reading.wait(10)
        raise gone

    monkeypatch.setattr(services.progress, "activity", unread)
    page.history.span.setCurrentIndex(list(Span).index(Span.ALL))
    assert page.history.charts_note.isVisible()
    assert page.history.charts_note.text() == READING_ALL  # beside the period just chosen
    reading.set()

    problem = services.storage_problem(gone)
    assert problem is not None
    said = f"Your whole history could not be read. {problem.stopped('the chart')}"
    qtbot.waitUntil(lambda: page.history.charts_note.text() == said)
    assert page.history.charts_note.isVisible()
    assert page.history._announcer.last == said  # screen readers hear it too
    assert page.history.charts_drawn  # the year's charts stay as they were
    page.scroll.ensureWidgetVisible(page.history.charts_note)
    screenshot(page, "progress-all-history-unread")

    page.history.span.setCurrentIndex(list(Span).index(Span.MONTH))  # read at the visit
    assert not page.history.charts_note.isVisible()


def test_a_failed_read_of_all_history_is_not_said_once_another_period_is_chosen(
    qtbot, open_page, services: Services, monkeypatch
) -> None:
    page = open_page(services)
    reading, failed = threading.Event(), threading.Event()

    def unread(span: Span) -> None:
        reading.wait(10)
        failed.set()
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(services.progress, "activity", unread)
    page.history.span.setCurrentIndex(list(Span).index(Span.ALL))
    page.history.span.setCurrentIndex(list(Span).index(Span.MONTH))  # changed mind meanwhile
    reading.set()
    qtbot.waitUntil(failed.is_set)
    page.tasks.wait()  # its outcome handled on this thread
    qtbot.wait(50)

    assert not page.history.charts_note.isVisible()
    assert page.history._announcer.last == ""


def test_only_the_latest_read_of_all_history_is_said(
    qtbot, open_page, services: Services, monkeypatch
) -> None:
    """A first read that fails while a second waits behind it is not said: the second is."""
    page = open_page(services)
    real = services.progress.activity
    first_may_fail = threading.Event()
    calls: list[Span] = []

    def first_fails(span: Span):
        calls.append(span)
        if len(calls) == 1:
            first_may_fail.wait(10)
            raise sqlite3.OperationalError("disk I/O error")
        return real(span)

    monkeypatch.setattr(services.progress, "activity", first_fails)
    for span in (Span.ALL, Span.MONTH, Span.ALL):  # back to all before the first read ends
        page.history.span.setCurrentIndex(list(Span).index(span))
    first_may_fail.set()
    qtbot.waitUntil(lambda: Span.ALL in page.history._span_rows)

    assert len(calls) == 2
    assert not page.history.charts_note.isVisible()
    assert "could not be read" not in page.history._announcer.last


@pytest.fixture
def page_at_200(qtbot, make_window, bundled: Services) -> Iterator[ProgressPage]:
    """Progress in an 1100-pixel-wide main window with text at 200 %, as Preferences sets it."""
    window = make_window(bundled)
    tasks = TaskRunner()
    add_places(window, bundled, tasks)
    window.apply_preferences(AppPreferences(text_scale=200))
    window.resize(1100, 800)
    window.show_place("progress")
    page = window.places["progress"].widget
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    yield page
    window.apply_preferences(AppPreferences())
    tasks.wait()


def test_at_200_percent_the_page_fits_the_window(qtbot, page_at_200: ProgressPage, screenshot):
    page = page_at_200
    assert page.scroll.horizontalScrollBar().maximum() == 0, "the page scrolls sideways"
    assert page.content.width() <= page.scroll.viewport().width()
    for button in (page.report_button, page.mastery.study_button, page.mastery.quiz_button):
        right = button.mapTo(page.content, QPoint(button.width(), 0)).x()
        assert right <= page.scroll.viewport().width(), f"{button.text()} is cut off"
    charts = page.history.charts
    assert charts is not None
    for card in charts.cards:
        line = QFontMetricsF(card.font()).height()
        assert card.axes["bottom"].height() >= line, f"{card.title.text()}: labels cut"
    view = page.mastery.map_view
    assert all(view.rect().contains(box.toAlignedRect()) for box in view._boxes)
    image = view.grab().toImage()
    background = view.palette().color(QPalette.ColorRole.Base).rgb()
    edge = {
        image.pixel(x, y)
        for x in range(image.width() - 8, image.width())
        for y in range(image.height())
    }
    assert edge == {background}, "something is drawn up to the map's right edge (cut off)"
    screenshot(page.window(), "progress-08-200-percent-window")
    full_page(page, screenshot, "progress-09-200-percent-page")


def test_the_map_in_rows_moves_by_row_and_marks_what_the_factor_interacts_with(
    qtbot, page_at_200: ProgressPage, screenshot
) -> None:
    view = page_at_200.mastery.map_view
    assert view.map is not None
    factors = view.map.factors
    columns = view._columns(view.width())
    assert not view._ring_fits(view.width()) and 1 < columns < len(factors)
    view.setFocus()
    view.select(0)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.current == columns  # straight down, not the next factor
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.current == 0
    qtbot.keyClick(view, Qt.Key.Key_Up)  # the top row: stays
    assert view.current == 0
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current == len(factors) - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.current == 0

    first = factors[0]
    partners = [f for f in factors[1:] if f.key in first.links or first.key in f.links]
    others = [f for f in factors[1:] if f not in partners]
    assert partners and others
    description = view.accessibleDescription()
    assert f"Interacts with {', '.join(f.name for f in partners)}." in description
    image = view.grab().toImage()
    highlight = view.palette().color(QPalette.ColorRole.Highlight).rgb()

    def outlined(factor) -> bool:  # the highlight colour along the node's top edge
        box = view.node_rect(factors.index(factor))
        return any(image.pixel(x, box.top()) == highlight for x in range(box.left(), box.right()))

    assert all(outlined(f) for f in partners) and not any(outlined(f) for f in others)
    screenshot(view, "progress-10-map-rows-links")


def test_the_first_report_at_200_percent_has_every_label(
    page_at_200: ProgressPage, tmp_path: Path
) -> None:
    first = tmp_path / "first.png"
    save_report(page_at_200.content, first)  # the first time the charts are painted at all
    QApplication.processEvents()  # whatever that first painting changed is laid out
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    assert QImage(str(first)) == page_at_200.content.grab().toImage(), "a second save differs"


def test_old_history_is_pointed_to_not_denied(qtbot, open_page, old_history: Services) -> None:
    page = open_page(old_history)
    charts = page.history.charts
    assert charts is not None
    assert charts.retention.summary.text() == (
        "No reviews of learnt cards in the last 12 months; choose the period “all” "
        f"to include your older history. {RETENTION_MEANS}"
    )
    show_all_history(qtbot, page)
    assert re.match(r"\d+ % of \d+ reviews of learnt cards passed", charts.retention.summary.text())


def test_true_retention_starts_at_the_learners_first_month(
    qtbot, open_page, services: Services, tmp_path: Path
) -> None:
    """October to March: those six months are shown, not six empty ones before them."""
    services.revlog.import_csv(
        answers_log(tmp_path, date(2025, 10, 20), date(2026, 3, 1), cards=3, every=3)
    )
    page = open_page(services)
    charts = page.history.charts
    assert charts is not None
    shown = ["Oct 2025", "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]
    page.history.span.setCurrentIndex(list(Span).index(Span.YEAR))
    assert [text for _, text in charts.retention.labels["bottom"]] == shown
    show_all_history(qtbot, page)
    assert [text for _, text in charts.retention.labels["bottom"]] == shown
    assert drawn_colours(charts.retention)[charts.retention.accent().rgb()] > 20


def test_a_first_month_of_study_is_not_one_giant_bar(
    qtbot, open_page, services: Services, tmp_path: Path
) -> None:
    services.revlog.import_csv(
        answers_log(tmp_path, date(2026, 2, 10), date(2026, 3, 3), cards=3, every=2)
    )
    page = open_page(services)
    assert page.history.charts is not None
    months = [text for _, text in page.history.charts.retention.labels["bottom"]]
    assert months == ["Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]


def test_charts_side_by_side_line_up_when_one_summary_takes_more_lines(
    qtbot, open_page, services: Services
) -> None:
    page = open_page(services)
    charts = page.history.charts
    assert charts is not None
    assert page.history._chart_columns == 2
    long = "A summary long enough to wrap onto several lines. " * 6
    bars = charts.minutes.points.points  # the same bars, under a longer summary
    charts.minutes.describe(long, len(bars), lambda: bars)
    left, right = charts.reviews, charts.minutes

    def lined_up() -> None:
        assert right.summary.height() > left.summary.height()  # more lines on the right
        assert left.height() == right.height()
        for part in ("title", "canvas", "summary"):
            tops = [getattr(c, part).mapTo(page.content, QPoint(0, 0)).y() for c in (left, right)]
            assert tops[0] == tops[1], f"{part}: not level across the row ({tops})"

    qtbot.waitUntil(lined_up)  # nested layouts of wrapping text settle over a few turns


def test_after_a_fit_not_applied_progress_stops_suggesting_it(
    qtbot, open_page, services: Services, tmp_path: Path
) -> None:
    services.revlog.import_csv(
        answers_log(tmp_path, date(2025, 1, 1), date(2025, 7, 4), cards=12, every=2)
    )
    page = open_page(services)
    assert page.notice.isVisible() and "Optimize my schedule" in page.notice.text()
    seen: list[str] = []

    def fit_then_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, OptimizeDialog):
            QTimer.singleShot(20, fit_then_close)
            return
        qtbot.waitUntil(dialog.start_button.isEnabled)  # once counted, in the background
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
        seen.append(dialog.verdict.text())
        qtbot.keyClick(dialog.close_button, Qt.Key.Key_Space)  # the new fit is not used

    QTimer.singleShot(0, fit_then_close)
    page.open_optimizer()  # returns once the dialog is closed
    assert seen, "the fit did not finish"
    assert not services.optimize.uses_fitted_parameters()
    assert not page.notice.isVisible()
    page.refresh()  # the next visit to Progress
    assert not page.notice.isVisible() and page.notice.text() == ""
    page.tasks.wait()


def squashed(dialog: QWidget) -> list[str]:
    """The shown parts of ``dialog`` given less height than they need."""
    return [
        widget.accessibleName() or type(widget).__name__
        for widget in dialog.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
        if widget.isVisible() and widget.height() < widget.minimumSizeHint().height()
    ]


def test_optimize_dialog_keeps_its_parts_whole_after_fitting(
    qtbot, services: Services, tmp_path: Path, screenshot
) -> None:
    services.revlog.import_csv(
        answers_log(tmp_path, date(2025, 1, 1), date(2025, 7, 4), cards=12, every=2)
    )
    page, dialog = optimize_dialog(qtbot, services)
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert squashed(dialog) == []
    screenshot(dialog, "progress-10-optimize-fitted")
    page.tasks.wait()


def test_starting_and_cancelling_a_fit_are_said_at_once_and_cancelling_changes_nothing(
    qtbot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fit stops only after its step under way, seconds later on a long log: meanwhile
    Cancel (or Esc) showed nothing, and the learner pressed it again and again."""
    services.revlog.import_csv(
        answers_log(tmp_path, date(2025, 1, 1), date(2025, 7, 4), cards=12, every=2)
    )
    go_on = threading.Event()
    fit = optimizer.fit

    def long_fit(items):
        go_on.wait(10)
        return fit(items)

    monkeypatch.setattr(optimizer, "fit", long_fit)
    page, dialog = optimize_dialog(qtbot, services)
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    started = (dialog._announcer.last, dialog.focusWidget() is dialog.close_button)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    heard = (dialog.verdict.text(), dialog._announcer.last)
    go_on.set()
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=30000)

    assert started == ("Fitting… this takes a few seconds on a long log.", True)
    assert heard == ("Cancelling… nothing will be changed.",) * 2
    assert dialog.verdict.text() == "Cancelled. Nothing changed." and dialog.isVisible()
    assert services.optimize.suggested(services.progress.overview().total_reviews)  # no fit
    page.tasks.wait()


def test_the_mastery_table_and_map_select_the_same_factor(
    qtbot, open_page, bundled: Services
) -> None:
    page = open_page(bundled)
    view, table = page.mastery.map_view, page.mastery.map_table
    assert view.map is not None
    factors = [f.key for f in view.map.factors]
    page.mastery.tabs.setCurrentWidget(table)
    table.setFocus()
    assert table.selected_factor() == factors[0]  # the map's factor, never nothing
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.selected_factor() == factors[1]
    assert view.focused_factor().key == factors[1]
    with qtbot.waitSignal(page.study_factor_requested) as study:
        qtbot.keyClick(page.mastery.study_button, Qt.Key.Key_Space)
    assert study.args == [factor_cards(page, view.map.deck_id, factors[1])]

    page.mastery.tabs.setCurrentWidget(view)
    view.setFocus()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert table.selected_factor() == factors[4]
    with qtbot.waitSignal(page.quiz_factor_requested) as quiz:
        qtbot.keyClick(page.mastery.quiz_button, Qt.Key.Key_Space)
    assert quiz.args[1] == factors[4]


def test_a_place_that_cannot_be_written_gets_a_message_and_no_file(
    qtbot, open_page, services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = open_page(services)
    missing = tmp_path / "no such folder"
    folder = tmp_path / "reports"
    taken = folder / "report.pdf"  # a folder already has the name: the last step fails
    taken.mkdir(parents=True)
    choices = iter(
        [
            (str(missing / "log.csv"), "Review log (*.csv)"),
            (str(missing / "report.pdf"), "PDF report (*.pdf)"),
            (str(missing / "report.png"), "PNG picture (*.png)"),
            (str(taken), "PDF report (*.pdf)"),
        ]
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: next(choices))

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.export_button.isEnabled)  # tried on the worker thread
    # A missing folder in the words of the command line and the Export window.
    assert page.notice.text() == missing_folder(missing / "log.csv")
    for name in ("report.pdf", "report.png"):
        qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
        assert page.notice.text() == missing_folder(missing / name)
        assert page.notice.isVisible()
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    assert page.notice.text().startswith(f"Could not save the report to {taken}:")
    assert not missing.exists()
    assert list(folder.iterdir()) == [taken] and not list(taken.iterdir())  # no half file left


def test_a_factor_no_flashcard_teaches_is_said_to_have_nothing_to_study() -> None:
    assert nothing_to_study("Sleep dysfunction", 0) == (
        "No flashcard teaches “Sleep dysfunction”, so there is nothing to study."
    )
