"""The quiz-score chart dates a quiz by its study day, as the review charts date answers.

Found in a bug hunt of Progress: a quiz finished at 01:30 was put on that calendar date,
while the reviews of the same sitting counted on the study day before (it begins at 04:00).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.domain.quiz_session import QuizSetup
from fibrolearn.services.container import Services
from fibrolearn.ui.progress_page import ProgressPage


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_quiz_after_midnight_is_on_the_same_day_as_that_nights_reviews(
    qtbot, services: Services, clock: FixedClock, new_york: None
) -> None:
    clock.set(datetime(2026, 3, 5, 6, 30, tzinfo=UTC))  # 01:30 on 5 March there
    card = services.study.next_card(1)
    assert card is not None
    services.study.answer(card.card_id, Rating.GOOD, 60000, shown_state=card.state)
    sitting = services.quiz.start(QuizSetup(1, length=5, seed=3))
    for position in range(len(sitting.questions)):
        services.quiz.answer(sitting.session_id, position, None)
    services.quiz.finish(sitting.session_id)

    page = ProgressPage(services)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    with qtbot.waitExposed(page):
        page.show()
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    charts = page.history.charts
    assert charts is not None
    assert charts.reviews.summary.text().endswith("to 4 March 2026, on 1 day.")
    assert charts.quizzes.labels["bottom"] == [(0, "4 Mar")]
