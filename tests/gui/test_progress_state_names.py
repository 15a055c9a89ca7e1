"""Progress's charts name what is under each bar or point: every state, each quiz's day once.

Found in a bug hunt of Progress: at 200 % text in half a laptop screen, the chart showed
every other name (New, Review, Suspended), leaving two bars and their 0s unnamed. Dates may
be thinned out, as the ones between still read from their neighbours; names may not.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from test_a11y_theme_controls import app_theme

from fibrolearn.domain.statistics import QuizPoint, StateCounts
from fibrolearn.ui.progress_charts import ProgressCharts
from fibrolearn.ui.theme_palettes import Theme

STATES = ("New", "Learning", "Review", "Relearning", "Suspended")


@pytest.fixture
def themed(qapp: QApplication):
    with app_theme(qapp) as apply:
        yield apply


def drawn_labels(axis) -> list[tuple[QRectF, str]]:
    """Where pyqtgraph draws each label of ``axis``, and its text, as it would paint it now."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _line, _ticks, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _flags, text in texts]


@pytest.mark.parametrize("width", [1000, 620, 420])
def test_every_state_is_named_under_its_bar_at_200_percent(
    qtbot, themed, screenshot, width: int
) -> None:
    themed(Theme.LIGHT, 200)
    charts = ProgressCharts()
    host = QWidget()
    QVBoxLayout(host).addWidget(charts.states)
    qtbot.addWidget(host)
    host.resize(width, 600)
    with qtbot.waitExposed(host):
        host.show()
    charts.show_states(StateCounts(new=141, learning=3, review=20, relearning=1, suspended=2))
    QApplication.processEvents()
    screenshot(host, f"progress-state-names-{width}")

    axis = charts.states.axes["bottom"]
    labels = drawn_labels(axis)
    assert sorted(text.strip() for _, text in labels) == sorted(STATES)
    # A name a line lower is drawn under a blank line: names on the same line never touch,
    # and the axis is tall enough for every line.
    lines = {text.count("\n") for _, text in labels}
    line = QFontMetricsF(charts.states.font()).lineSpacing()
    assert axis.height() >= len(lines) * line
    for shared in lines:
        same_line = [rect for rect, text in labels if text.count("\n") == shared]
        assert not any(a.intersects(b) for a, b in itertools.combinations(same_line, 2))


def test_a_big_collections_counts_above_the_bars_read_as_the_summary_writes_them(qtbot) -> None:
    """Found in a bug hunt of Progress: 100,000 new cards read "100000" above their bar and
    "100,000" under the chart."""
    charts = ProgressCharts()
    qtbot.addWidget(charts.states)
    charts.show_states(StateCounts(new=100_000, review=12_345, suspended=1_000))
    shown = [label.textItem.toPlainText() for label in charts.states.values]
    assert shown == ["100,000", "0", "12,345", "0", "1,000"]
    assert charts.states.summary.text().startswith("100,000 new, 0 learning, 12,345 in review")


def test_quizzes_of_one_day_share_one_date_under_the_first(qtbot) -> None:
    """Found in a bug hunt of Progress: three quizzes on 7 September were labelled "7 Sep,
    7 Sep, 7 Sep", as if on three days."""
    charts = ProgressCharts()
    qtbot.addWidget(charts.quizzes)
    days = [date(2026, 9, 7)] * 3 + [date(2026, 9, 9)]
    charts.show_quizzes([QuizPoint(n, day, 8, 10) for n, day in enumerate(days)])
    assert charts.quizzes.labels["bottom"] == [(0, "7 Sep"), (3, "9 Sep")]
