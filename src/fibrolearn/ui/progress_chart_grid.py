"""How the Progress place's charts arrive and sit on the page.

Loaded in the background after start-up (:mod:`fibrolearn.ui.charts_preload`); a visit that
comes sooner shows the page's numbers and map meanwhile. The calendar on top, the others two
by two as the width allows; each a Tab stop. The charts themselves (pyqtgraph) are
:mod:`fibrolearn.ui.progress_charts`; importing this module does not load them.
"""

from __future__ import annotations

import gc
import importlib
import math
import os
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

if TYPE_CHECKING:
    from fibrolearn.ui.progress_charts import ChartCard, ProgressCharts

CHARTS_MODULE = "fibrolearn.ui.progress_charts"  # pyqtgraph and NumPy come with it
# Held while loading: the preload's thread and a page may both load at once, and each
# switches the cyclic collector off meanwhile.
_LOADING = threading.Lock()
# Set once a load has finished. The module's name is in sys.modules from the start of its
# import, so that cannot tell a page it need not wait.
_LOADED = threading.Event()
# Charts sit two by two while each is this many characters wide: room for the five state
# names side by side under their bars.
_CHART_CHARS = 65
WEEKS = 53  # in the study calendar: the year to today, from a Monday
_SMALLEST_DAY = 0.8  # a calendar day's square is never narrower than this many lines of text
CALENDAR_FRAME = 45  # pixels of the calendar's frame, margins and axis gap beside its squares
# A chart's focus ring, as app.qss rings other controls (each theme's focus colour is its
# highlight); there but transparent until focused, so the chart does not move.
_CHART_RING = (
    "QGraphicsView { border: 3px solid transparent; }"
    "QGraphicsView:focus { border: 3px solid palette(highlight); }"
)


def load_charts() -> type[ProgressCharts]:
    """Import the charts, with pyqtgraph and NumPy (after start-up; from any thread)."""
    limit_blas_threads()
    with _LOADING:
        first = CHARTS_MODULE not in sys.modules
        # The import makes some 60,000 objects that live as long as the app and no garbage;
        # the cyclic collector would walk them over and over meanwhile (~25 ms of ~200).
        collecting = gc.isenabled()
        gc.disable()
        try:
            charts = importlib.import_module(CHARTS_MODULE)
        finally:
            if collecting:
                gc.enable()
        if first:
            # And afterwards, as app.settle_memory does with the app's own objects.
            gc.freeze()
        _LOADED.set()
    return charts.ProgressCharts


def charts_loaded() -> bool:
    """Whether :func:`load_charts` has loaded them, so that it returns at once."""
    return _LOADED.is_set()


def limit_blas_threads() -> None:
    """Keep NumPy from starting OpenBLAS's thread pool, unless the user chose a thread count.

    The charts do no linear algebra, and the pool would add ~60 ms to NumPy's import on two
    cores. The app sets this at start (cli.main), before other threads run: changing the
    environment while another thread may read it is a race. This is for windows made without
    it (tests, benchmarks): call it on the UI thread before loading the charts elsewhere.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def columns_for(section: QWidget) -> int:
    """Charts to a row in ``section``: two, or one when two would be too narrow for their labels.

    Large text or a narrow window makes them too narrow.
    """
    chars = 2 * _CHART_CHARS * section.fontMetrics().averageCharWidth()
    wide_enough = section.width() >= chars
    return 2 if wide_enough else 1


def weeks_in_a_row(card: QWidget, width: int) -> int:
    """How many weeks side by side ``width`` pixels hold, each day big enough to see.

    All 53 where they fit; else the rows are made as even as can be.
    """
    metrics = card.fontMetrics()
    room = width - CALENDAR_FRAME - metrics.horizontalAdvance("Wed")
    fitting = max(1, int(room // (metrics.lineSpacing() * _SMALLEST_DAY)))
    if fitting >= WEEKS:
        return WEEKS
    return math.ceil(WEEKS / math.ceil(WEEKS / fitting))


def place_charts(grid: QGridLayout, charts: ProgressCharts, columns: int) -> None:
    """The calendar (a wide strip of 53 weeks) on top, the other charts ``columns`` to a row."""
    for card in charts.cards:
        grid.removeWidget(card)
    grid.addWidget(charts.calendar, 0, 0, 1, columns)
    for index, card in enumerate(_under_calendar(charts)):
        grid.addWidget(card, 1 + index // columns, index % columns)


def laid_out(charts: ProgressCharts) -> list[ChartCard]:
    """The charts in the order they are laid out: the calendar, then the others."""
    return [charts.calendar, *_under_calendar(charts)]


def make_tab_stops(cards: Sequence[ChartCard], after: QWidget) -> None:
    """Let the keyboard reach each chart, after ``after`` and down the page as they are shown.

    The page scrolls to the focus, so without a stop on each chart a keyboard user could
    never bring the lower ones into sight. On one, a screen reader says its title (the chart's
    name) and its summary (the chart's description); a focus ring shows it.
    """
    previous = after
    for card in cards:
        card.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        card.canvas.setStyleSheet(_CHART_RING)
        QWidget.setTabOrder(previous, card.canvas)
        previous = card.canvas
        card.show()  # now, not on the next turn of the event loop as layouts would


def _under_calendar(charts: ProgressCharts) -> list[ChartCard]:
    """The charts under the calendar, in the order they are laid out."""
    return [card for card in charts.cards if card is not charts.calendar]
