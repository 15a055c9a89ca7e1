"""Progress's "More statistics": the cards' memories, and answers by hour of the day.

As in Anki's statistics: the cards' intervals, stability, difficulty and chance of recall
today, and how well the learner remembers at each hour.

Collapsed until the learner asks for it: reading every card's memory takes a moment in a large
collection, so it is read then, off the UI thread, never as the page first opens. The charts
are drawn as the page's others are, and read bar by bar with the arrows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.card_statistics import CardSpreads, HourActivity
from fibrolearn.domain.search import Search, SearchSyntaxError
from fibrolearn.services.container import Services
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.browse_search import SEARCH_HELP
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.interop_words import failure_reason
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.progress_chart_grid import columns_for, load_charts, make_tab_stops
from fibrolearn.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from fibrolearn.ui.progress_charts import ChartCard
    from fibrolearn.ui.progress_more_charts import MoreCharts

SHOW = "Show more statisti&cs"
HIDE = "Hide more statisti&cs"
ALL_DECKS = "All decks"
READING = "Reading your cards…"
WHAT_IS_THERE = (
    "Your cards by interval, stability, difficulty and chance of recall today, and your answers "
    "by hour of the day."
)

CHOSEN = (
    "Which cards the charts count: a deck with its subdecks, or all, and of those the ones a "
    "search finds (as in Browse). Answers by hour count the answers to those cards; with all "
    "decks and no search, your whole review log."
)
KEPT = "The charts still show the cards chosen before."
# The least room, in characters, for a label and its field side by side.
_CHOOSER_CHARACTERS = 50

Read = tuple[CardSpreads, tuple[HourActivity, ...]]


class MoreStatistics(QWidget):
    """A section shown on demand, read in the background each time the page refreshes."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._services: Services | None = None
        self._reads = 0  # reads started; only the latest one's outcome counts
        self._shown: Read | None = None
        self._columns = 0
        self.charts: MoreCharts | None = None
        self._announcer = Announcer(self)
        self._redraw_soon = QTimer(self)  # as HistorySection's: a new theme or text size
        self._redraw_soon.setSingleShot(True)
        self._redraw_soon.setInterval(0)
        self._redraw_soon.timeout.connect(self._draw)

        title = QLabel("<h2>More statistics</h2>")
        title.setAccessibleDescription("More statistics")
        self.toggle = QPushButton(SHOW)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleDescription(WHAT_IS_THERE)
        self.toggle.toggled.connect(self._toggled)
        self.deck = QComboBox()
        self.deck.setAccessibleName("Which deck")
        self.deck.setAccessibleDescription(CHOSEN)
        self.deck.activated.connect(self._read)
        self.search = _search_box()
        self.search.returnPressed.connect(self._read)
        self.search.textChanged.connect(self._cleared)
        self._search = Search()  # the last search read well, used until another is
        self.note = described_line("More statistics")  # reading, or why it could not be
        self.note.hide()
        self.grid = QGridLayout()

        heading = QWidget()
        row = FlowLayout(heading)  # the button goes under the title where both do not fit
        row.addWidget(title)
        row.addWidget(self.toggle)
        self.body = QWidget()
        self.chooser = chooser = QFormLayout()
        chooser.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        chooser.addRow(QLabel("&Which deck:", buddy=self.deck), self.deck)
        chooser.addRow(QLabel("Only cards matchi&ng:", buddy=self.search), self.search)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(chooser)
        body.addWidget(self.note)
        body.addLayout(self.grid)
        self.body.hide()
        layout = QVBoxLayout(self)  # Qt's margins, as the sections above: in line with them
        layout.addWidget(heading)
        layout.addWidget(self.body)

    def cards(self) -> tuple[ChartCard, ...]:
        """The charts shown, each with its title and summary (none while the section is closed)."""
        return self.charts.cards if self.charts is not None and self.body.isVisible() else ()

    def refresh(self, services: Services) -> None:
        """Use this collection; read it again if the section is open."""
        self._services = services
        if self.toggle.isChecked():
            self._fill_decks(services)
            self._read()

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the charts in the new colours or text size when either changes."""
        super().changeEvent(event)
        redraw = (QEvent.Type.PaletteChange, QEvent.Type.FontChange)
        if event.type() in redraw and self._shown is not None:
            self._redraw_soon.start()
        if event.type() == QEvent.Type.FontChange:
            self._fit_chooser()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Put the charts one or two to a row, as the width allows."""
        super().resizeEvent(event)
        self._fit_chooser()
        self._place()

    # --------------------------------------------------------------- helpers
    def _fit_chooser(self) -> None:
        """The deck and the search beside their labels, or under them both where it is narrow.

        Qt wraps only a field whose least width does not fit: at 200 % text in a narrow
        window the deck went under its label, while the search stayed beside its own, too
        narrow to show its example.
        """
        room = self.fontMetrics().averageCharWidth() * _CHOOSER_CHARACTERS
        wrap = QFormLayout.RowWrapPolicy
        self.chooser.setRowWrapPolicy(
            wrap.WrapAllRows if self.width() < room else wrap.DontWrapRows
        )

    def _toggled(self, shown: bool) -> None:
        self.toggle.setText(HIDE if shown else SHOW)
        self.body.setVisible(shown)
        if shown and self._services is not None:
            self._fill_decks(self._services)
            self._read()

    def _fill_decks(self, services: Services) -> None:
        """Every deck by name after "All decks", keeping the one chosen if it is still there."""
        chosen = self.deck.currentData()
        self.deck.clear()
        self.deck.addItem(ALL_DECKS, None)
        for deck_id, name in services.card_stats.deck_names():
            self.deck.addItem(name, deck_id)
        self.deck.setCurrentIndex(max(0, self.deck.findData(chosen)))

    def _cleared(self, text: str) -> None:
        """An emptied search (its clear button) counts every card of the deck again."""
        if not text and self._search.terms:
            self._read()

    def _read(self) -> None:
        services = self._services
        if services is None:
            return
        try:
            search = self._search = services.browse.parse(self.search.text())
        except SearchSyntaxError as error:
            self.search.setSelection(error.start, error.end - error.start)
            words = f"Cannot search: {error.message.rstrip('.')}."
            kept = f" {KEPT}" if self._shown is not None else ""
            self._announcer.show(self.note, words + kept, focus=self.search)
            return
        deck_id = self.deck.currentData()
        self._reads += 1
        read = self._reads
        if self._shown is None:  # later reads keep the charts meanwhile, as they were
            self.note.setText(READING)
            self.note.show()
        else:
            self.note.hide()  # a mistake in the search said before is mended

        def work() -> Read:
            load_charts()  # at once once loaded; else here, not on the UI thread
            return services.card_stats.charts(deck_id, search)

        self._tasks.run(
            work,
            lambda result: self._arrived(read, result),
            lambda error: self._unread(read, services, error),
        )

    def _arrived(self, read: int, result: Read) -> None:
        if read != self._reads:
            return  # a later read (another deck chosen, say) brings newer numbers
        self._shown = result
        self.note.hide()
        self._draw()

    def _unread(self, read: int, services: Services, error: Exception) -> None:
        if read != self._reads:
            return
        reason = failure_reason(error, services, reading="your cards")
        self._announcer.show(self.note, f"These statistics could not be read. {reason}")

    def _draw(self) -> None:
        if self._shown is None:
            return
        charts = self._ensure_charts()
        spreads, hours = self._shown
        charts.show_spreads(spreads)
        charts.show_hours(hours)

    def _ensure_charts(self) -> MoreCharts:
        if self.charts is None:
            from fibrolearn.ui.progress_more_charts import MoreCharts  # noqa: PLC0415

            self.charts = MoreCharts()
            self._place()
            make_tab_stops(self.charts.cards, after=self.search)
        return self.charts

    def _place(self) -> None:
        """Lay the charts out again if the width or text size changed how many fit in a row."""
        if self.charts is None:
            return
        columns = columns_for(self)
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.charts.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.charts.cards):
            self.grid.addWidget(card, index // columns, index % columns)


def _search_box() -> QLineEdit:
    """Where a search narrows the cards counted, in Browse's language, told as in Browse."""
    search = QLineEdit()
    search.setAccessibleName("Only cards matching")
    search.setAccessibleDescription(f"{CHOSEN} Enter to apply. {SEARCH_HELP}")
    search.setToolTip(SEARCH_HELP)
    search.setPlaceholderText("e.g. tag:sleep -is:new")
    search.setClearButtonEnabled(True)
    return search
