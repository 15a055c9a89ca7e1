"""The Browse table's item model: a search's cards, read on demand, never all at once.

The row count comes with the first window of card ids (one query when the search finds less
than a window). Card ids are read in windows of a few thousand rows in the search's order (one
query per window, so even an expensive sort is paid rarely), and the columns of a card only
when a row is painted, a hundred rows at a time. Both caches are small
and bounded, so scrolling through 100,000 cards holds a few thousand rows at most.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from fibrolearn.domain.browse import BrowseRow, CardQuery, FoundCards, SortKey
from fibrolearn.domain.enums import CardState
from fibrolearn.services.browse import BrowseService
from fibrolearn.ui.formatting import long_interval, short_interval
from fibrolearn.ui.labels import plain_tip, whole_tip

WINDOW = 2000  # card ids per sorted query
PAGE = 100  # rows whose columns are read together
MAX_WINDOWS = 8
MAX_ROWS = 3000
TYPE_AHEAD_ROWS = 1000  # rows a question's first letters, typed in the table, are looked for in
_CELL_CHARS = 300  # a cell shows one line; a longer field is cut here (the tooltip has more)
# A tooltip shows a card side up to about a screenful at 200 % text: this many characters or
# lines.
_TOOLTIP_CHARS = 800
_TOOLTIP_LINES = 15
_STATE_WORDS = {
    CardState.NEW: "New",
    CardState.LEARNING: "Learning",
    CardState.REVIEW: "Review",
    CardState.RELEARNING: "Relearning",
}
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its title, the sort its header click asks for, and whether it shows at first."""

    title: str
    text: Callable[[BrowseRow], str]
    sort: SortKey | None = None
    shown: bool = True
    number: bool = False
    width: int = 12  # in average letters
    key_at: int = 0  # the title's letter that picks it in menus; no two columns share one
    # Texts as wide as the widest it shows, when its values have a set form (a date): the
    # column is never narrower than they need, whatever the font or the language.
    widest: Callable[[], list[str]] | None = None

    @property
    def menu_text(self) -> str:
        """The title with its menu key marked ("D&ue")."""
        return f"{self.title[: self.key_at]}&{self.title[self.key_at :]}"


def _date(moment: datetime) -> str:
    # Day, month name and year: unambiguous in every locale, unlike 03/04/2026.
    return QLocale().toString(moment.astimezone().date(), "d MMM yyyy")


def _widest_dates() -> list[str]:
    """A date of each month with a two-digit day, as the date columns show it."""
    return [_date(datetime(2026, month, 28, 12, tzinfo=UTC)) for month in range(1, 13)]


def _widest_due() -> list[str]:
    return [f"({date})" for date in _widest_dates()]  # a suspended or buried card's


def _due(row: BrowseRow) -> str:
    if row.state is CardState.NEW:
        return "new"
    text = _date(row.due)
    return f"({text})" if row.suspended or row.buried else text  # not shown in study


def _state(row: BrowseRow) -> str:
    flags = [word for word, on in (("suspended", row.suspended), ("buried", row.buried)) if on]
    return ", ".join([_STATE_WORDS[row.state], *flags])


def _widest_states() -> list[str]:
    """Each state, suspended and buried: "Relearning, suspended" was cut to "Relearning, su…"."""
    return [f"{word}, suspended, buried" for word in _STATE_WORDS.values()]


def _line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _CELL_CHARS else line[: _CELL_CHARS - 1] + "…"


COLUMNS = (
    Column("Question", lambda r: _line(r.question), SortKey.QUESTION, width=36),
    Column("Answer", lambda r: _line(r.answer), width=22),
    Column("Deck", lambda r: r.deck, SortKey.DECK, width=14),
    Column("Factor", lambda r: ", ".join(r.factors), SortKey.FACTOR, width=14),
    Column("Due", _due, SortKey.DUE, width=13, key_at=1, widest=_widest_due),
    Column(
        "Interval",
        lambda r: short_interval(r.interval) if r.interval else "",
        SortKey.INTERVAL,
        width=9,
    ),
    Column("State", _state, width=16, widest=_widest_states),
    Column("Reviews", lambda r: str(r.reviews), SortKey.REVIEWS, number=True, width=9),
    Column("Lapses", lambda r: str(r.lapses), SortKey.LAPSES, number=True, width=8),
    Column("Tags", lambda r: " ".join(r.tags), SortKey.TAGS),
    Column(
        "Created", lambda r: _date(r.created), SortKey.CREATED, shown=False, widest=_widest_dates
    ),
    Column(
        "Modified",
        lambda r: _date(r.modified),
        SortKey.MODIFIED,
        shown=False,
        widest=_widest_dates,
    ),
)


class CardTableModel(QAbstractTableModel):
    """The cards a :class:`CardQuery` finds, as rows of :data:`COLUMNS`."""

    def __init__(self, browse: BrowseService, parent: Any = None) -> None:
        super().__init__(parent)
        self._browse = browse
        self.query = CardQuery()
        self._count = 0
        self._windows: OrderedDict[int, list[int]] = OrderedDict()
        self._rows: OrderedDict[int, BrowseRow] = OrderedDict()

    # ---------------------------------------------------------------- queries
    def attach(self, browse: BrowseService) -> None:
        """Read from another collection's service (the collection was opened again)."""
        self._browse = browse
        self.set_query(self.query)

    def set_query(self, query: CardQuery) -> None:
        """Show the cards of ``query`` (counted now; their rows are read when shown)."""
        self.beginResetModel()
        self.query = query
        self._show(self._browse.find(query, WINDOW))
        self.endResetModel()

    def refresh(self) -> bool:
        """Read everything again after a change; a selection survives if the count does.

        Returns whether the rows were reset (the count changed), losing the selection.
        """
        found = self._browse.find(self.query, WINDOW)
        if found.count != self._count:
            self.beginResetModel()
            self._show(found)
            self.endResetModel()
            return True
        self._show(found)
        if found.count:
            last = self.index(found.count - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        return False

    def sort_column(self) -> int:
        """The column of the current sort."""
        return next(i for i, c in enumerate(COLUMNS) if c.sort is self.query.sort)

    # ---------------------------------------------------------------- reading
    def card_id(self, row: int) -> int | None:
        """The card shown in ``row``."""
        if not 0 <= row < self._count:
            return None
        window = self._window(row // WINDOW)
        offset = row % WINDOW
        return window[offset] if offset < len(window) else None

    def card_ids(self, row_ranges: Iterable[tuple[int, int]]) -> list[int]:
        """The cards in the given (first, last) row ranges, in row order."""
        ids: list[int] = []
        for first, last in sorted(row_ranges):
            if last - first + 1 > WINDOW:  # a big selection: straight from the database
                ids += self._browse.card_ids(self.query, first, last - first + 1)
            else:
                ids += [i for i in map(self.card_id, range(first, last + 1)) if i is not None]
        return ids

    def rows_of_cards(self, card_ids: Collection[int]) -> dict[int, int]:
        """The rows these cards are in now, by card id (cards not shown are left out).

        From the windows of ids read already when every card is in them (a search found
        them near the top); else one query numbering every card found.
        """
        loaded = {
            card: number * WINDOW + offset
            for number, window in self._windows.items()
            for offset, card in enumerate(window)
        }
        if all(card in loaded for card in card_ids):
            return {card: loaded[card] for card in card_ids}
        return self._browse.rows_of_cards(self.query, card_ids)

    def row(self, row: int) -> BrowseRow | None:
        """The card in ``row`` with all it shows (None if it was deleted meanwhile)."""
        card_id = self.card_id(row)
        if card_id is None:
            return None
        found = self._rows.get(card_id)
        if found is None:
            first = row - row % PAGE
            page = [
                i
                for i in map(self.card_id, range(first, min(first + PAGE, self._count)))
                if i is not None and i not in self._rows
            ]
            self._rows.update(self._browse.rows(page))
            while len(self._rows) > MAX_ROWS:
                self._rows.popitem(last=False)
            found = self._rows.get(card_id)
        else:
            self._rows.move_to_end(card_id)
        return found

    # ------------------------------------------------------------ Qt's model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Rows: the cards the search found (a table has no children)."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Columns: see :data:`COLUMNS`."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, spoken text, tooltip, alignment or font."""
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            alignment = Qt.AlignmentFlag.AlignRight if column.number else Qt.AlignmentFlag.AlignLeft
            return alignment | Qt.AlignmentFlag.AlignVCenter
        show = _ROLES.get(role)
        if show is None:
            return None
        row = self.row(index.row())
        if row is None:
            return "(deleted)" if role == Qt.ItemDataRole.DisplayRole else None
        return show(row, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles; rows have no header."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return COLUMNS[section].title

    def match(
        self,
        start: AnyIndex,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
    ) -> list[QModelIndex]:
        """Qt override: the cells from ``start`` on whose text begins with ``value``.

        Only the table's type-ahead asks (letters typed in it go to the next card whose
        cell in the cursor's column begins with them, case aside; ``flags`` are always
        those). It looks in the next :data:`TYPE_AHEAD_ROWS` rows, wrapping round to the
        first: Qt's own looked in every row, and at 100,000 cards a letter no question begins
        with read them all while the window stood still for ten seconds.
        """
        typed = str(value).casefold()
        first, count = start.row(), self._count
        found: list[QModelIndex] = []
        for step in range(min(count, TYPE_AHEAD_ROWS)):
            index = self.index((first + step) % count, start.column())
            if str(self.data(index, role) or "").casefold().startswith(typed):
                found.append(index)
                if len(found) == hits:
                    break
        return found

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column, in SQL; columns without a sort keep the current order."""
        key = COLUMNS[column].sort
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.query.sort, self.query.descending):
            self.set_query(CardQuery(self.query.search, key, descending))

    # ---------------------------------------------------------------- helpers
    def _window(self, number: int) -> list[int]:
        window = self._windows.get(number)
        if window is None:
            window = self._browse.card_ids(self.query, number * WINDOW, WINDOW)
            self._windows[number] = window
            while len(self._windows) > MAX_WINDOWS:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(number)
        return window

    def _show(self, found: FoundCards) -> None:
        """Start again from what a query found: its count and its first window."""
        self._count = found.count
        self._windows.clear()
        self._windows[0] = found.card_ids
        self._rows.clear()


def _font(row: BrowseRow, _column: Column) -> QFont | None:
    if not (row.suspended or row.buried):
        return None
    font = QFont()
    font.setItalic(True)  # besides the words in the State column, never instead of them
    return font


def _tooltip(row: BrowseRow, column: Column) -> str | None:
    if column.title == "Question":
        return plain_tip(_screenful(row.question))
    if column.title == "Answer":
        return plain_tip(_screenful(row.answer))
    if column.title == "Deck":
        return whole_tip(row.deck)  # a long name is cut with "…"
    return None


def _screenful(text: str) -> str:
    """A card side for its tooltip: cut, with "…", where it would run off the screen.

    A tooltip holding a long side whole was taller than the screen and began above it; the
    note's editor shows it all.
    """
    lines = text.splitlines()[:_TOOLTIP_LINES]
    shown = "\n".join(lines)
    if len(shown) > _TOOLTIP_CHARS:
        shown = shown[:_TOOLTIP_CHARS].rsplit(maxsplit=1)[0]
    return text if shown == text else f"{shown} …"


def _spoken(row: BrowseRow, column: Column) -> str:
    if column.title == "Interval" and row.interval is not None:
        return long_interval(row.interval)
    if column.title == "Due" and row.state is CardState.NEW:
        return "new, not studied yet"
    return column.text(row) or f"no {column.title.lower()}"


_ROLES: dict[int, Callable[[BrowseRow, Column], Any]] = {  # Qt passes roles as ints
    Qt.ItemDataRole.DisplayRole: lambda row, column: column.text(row),
    Qt.ItemDataRole.AccessibleTextRole: _spoken,
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.FontRole: _font,
}
