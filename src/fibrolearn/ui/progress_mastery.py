"""Progress's mastery section: one deck's factors as a map or a table, and acting on one.

The map and the table always have the same factor chosen, so S, Q and the two buttons act on
the one in sight, from either view.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Signal, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.statistics import MasteryMap
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.mastery_map import MasteryMapView
from fibrolearn.ui.mastery_table import MasteryTable

# "Factor", as the quiz, the buttons and the map say, never "cause".
TITLE = "What you know about each factor"


class MasterySection(QWidget):
    """What the learner knows about each factor, for the deck chosen."""

    study_requested = Signal(int, str)  # deck id, factor key
    quiz_requested = Signal(int, str)
    factor_moved = Signal(int)  # the factor chosen (map or table), to keep in sight

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._maps: tuple[MasteryMap, ...] = ()
        title = QLabel(f"<h2>{TITLE}</h2>")
        title.setAccessibleDescription(TITLE)
        title.setWordWrap(True)  # at large text in a narrow window, not cut at the edge
        self.deck = QComboBox()
        # Sized by its names whenever they change, not once when first shown (then empty):
        # "Causes c" could be any of several decks.
        self.deck.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.deck.setAccessibleName("Deck of the mastery map")
        self.deck.currentIndexChanged.connect(self._show_map)
        # Named on screen too, and together with it where the row wraps at large text.
        self.deck_chooser = QWidget()
        chooser = QHBoxLayout(self.deck_chooser)
        chooser.setContentsMargins(0, 0, 0, 0)
        chooser.addWidget(QLabel("&Deck:", buddy=self.deck))
        chooser.addWidget(self.deck)
        self.map_view = MasteryMapView()
        self.map_table = MasteryTable()
        self.tabs = _TabsSizedToPageShown()
        self.tabs.setAccessibleName("Mastery map or table")
        self.tabs.tabBar().setAccessibleName("Mastery map or table")  # where Tab stops
        self.tabs.addTab(self.map_view, "&Map")
        self.tabs.addTab(self.map_table, "T&able")  # T is the Tools menu's
        for view in (self.map_view, self.map_table):
            view.study_requested.connect(lambda key: self._ask(self.study_requested, key))
            view.quiz_requested.connect(lambda key: self._ask(self.quiz_requested, key))
        self.map_view.current_changed.connect(self.map_table.selectRow)
        self.map_table.currentCellChanged.connect(lambda row, *_: self.map_view.select(row))
        self.map_view.current_changed.connect(self.factor_moved)
        self.study_button = QPushButton("&Study this factor")
        self.study_button.setAccessibleDescription("S in the map or the table")
        self.study_button.clicked.connect(lambda: self._act(self.study_requested))
        self.quiz_button = QPushButton("&Quiz me on it")
        self.quiz_button.setAccessibleDescription("Q in the map or the table")
        self.quiz_button.clicked.connect(lambda: self._act(self.quiz_requested))
        self.no_map = QLabel("No deck with causal factors yet.")
        # Why "Study this factor" opened nothing, next to it.
        self.message = described_line("Message")
        self.message.hide()  # until there is something to say
        controls = QWidget()
        row = FlowLayout(controls)
        row.addWidget(self.deck_chooser)
        row.addWidget(self.study_button)
        row.addWidget(self.quiz_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.no_map)
        layout.addWidget(controls)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs)

    @property
    def has_maps(self) -> bool:
        """Whether any deck has factors to map."""
        return bool(self._maps)

    def factor_area(self, index: int) -> tuple[QWidget, QRect] | None:
        """Where the factor at ``index`` shows, in the map or the table: None if in neither."""
        if self.map_view.isVisible():
            return self.map_view, self.map_view.node_rect(index)
        table = self.map_table
        if table.isVisible():
            return table.viewport(), table.visualRect(table.model().index(index, 0))
        return None

    def show_maps(self, maps: tuple[MasteryMap, ...]) -> None:
        """Offer these decks' maps, keeping the deck chosen before where it is still there."""
        self._maps = maps
        self.message.hide()  # said of the maps shown before
        selected = self.deck.currentData()
        self.deck.blockSignals(True)
        self.deck.clear()
        for mastery in maps:
            self.deck.addItem(mastery.deck_name, mastery.deck_id)
        self.deck.setCurrentIndex(max(0, self.deck.findData(selected)))
        self.deck.blockSignals(False)
        self.no_map.setVisible(not maps)
        for widget in (self.tabs, self.study_button, self.quiz_button):
            widget.setVisible(bool(maps))
        self.deck_chooser.setVisible(len(maps) > 1)
        self._show_map()

    def _show_map(self) -> None:
        if not self._maps:
            return
        deck_id = self.deck.currentData()
        mastery = next((m for m in self._maps if m.deck_id == deck_id), self._maps[0])
        self.map_view.set_map(mastery)
        self.map_table.set_map(mastery)
        self.map_table.selectRow(self.map_view.current)

    def _act(self, request: SignalInstance) -> None:
        factor = self.map_view.focused_factor()  # the table's selected row is the same one
        if factor is not None:
            self._ask(request, factor.key)

    def _ask(self, request: SignalInstance, factor_key: str) -> None:
        if self.map_view.map is not None:
            request.emit(self.map_view.map.deck_id, factor_key)


class _TabsSizedToPageShown(QTabWidget):
    """Tabs as tall as the page shown: the table no taller than its rows.

    Qt sizes tabs for their tallest page, and the map is tall at large text: under the
    table's twelve rows were a thousand pixels of blank. (The map's height for the width
    counts only while it is shown: Qt asks it of shown pages alone.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        """Qt override: the tallest page's height swapped for the shown page's."""
        hint = super().sizeHint()
        shown = self.currentWidget()
        if shown is None:
            return hint
        tallest = max(self.widget(index).sizeHint().height() for index in range(self.count()))
        return QSize(hint.width(), hint.height() - tallest + shown.sizeHint().height())
