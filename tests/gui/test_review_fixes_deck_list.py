"""The deck list after a review: its table refits when the window changes, and an empty list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fresh_start import run_fresh
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QVBoxLayout
from ui_driving import laid_out

from fibrolearn.domain.decks import DeckSummary
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.ui import deck_list
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.deck_list_parts import FittingContent
from fibrolearn.ui.main_window import MainWindow

LONG_NAME = (
    "Sleep, stress hormones and the small nerve fibres: what the research says so far "
    "and where it is still unsure"
)


@pytest.fixture
def window(make_window, services: Services) -> Iterator[MainWindow]:
    shown = make_window(services)
    yield shown
    shown.apply_preferences(AppPreferences())  # the tests after this one get the usual size


def decks_like(services: Services, count: int, name: str = "Deck") -> list[DeckSummary]:
    deck = services.decks.list_decks()[0]
    return [deck._replace(deck_id=deck.deck_id + n, name=f"{name} {n + 1}") for n in range(count)]


def cut_or_empty_band(window: MainWindow) -> int:
    """How far the table's view is from its rows' height: < 0 rows cut, > 0 an empty band."""
    table = window.deck_list.table
    return table.viewport().height() - table.verticalHeader().length()


@pytest.mark.parametrize("count", [1, 2])
def test_the_deck_table_refits_when_the_window_narrows_and_widens(
    qtbot, window: MainWindow, services: Services, count: int, screenshot
) -> None:
    window.deck_list.set_decks(decks_like(services, count, LONG_NAME))
    window.resize(1280, 800)
    laid_out(qtbot)
    table = window.deck_list.table
    one_line = table.rowHeight(0)
    assert cut_or_empty_band(window) == 0

    window.resize(640, 800)  # each name wraps onto two lines
    laid_out(qtbot)
    screenshot(window, f"review-decks-{count}-narrow")
    assert table.rowHeight(0) > one_line
    assert cut_or_empty_band(window) == 0  # every line of every name shows

    window.resize(1280, 800)  # one line again
    laid_out(qtbot)
    screenshot(window, f"review-decks-{count}-wide")
    assert table.rowHeight(0) == one_line
    assert cut_or_empty_band(window) == 0  # and no empty band under the rows


def test_a_new_text_size_refits_the_table_once_not_once_a_deck(
    qtbot, make_window, services: Services, monkeypatch
) -> None:
    fits = []
    fit = deck_list.DeckListPage._fit_table

    def counted_fit(page: deck_list.DeckListPage) -> None:
        fits.append(page)
        fit(page)

    monkeypatch.setattr(deck_list.DeckListPage, "_fit_table", counted_fit)
    window = make_window(services)
    window.deck_list.set_decks(decks_like(services, 120))
    laid_out(qtbot)
    fits.clear()
    window.apply_preferences(AppPreferences(text_scale=150))
    laid_out(qtbot)
    window.apply_preferences(AppPreferences())
    assert 1 <= len(fits) <= 3  # it was 120 and more: a refit for each row that grew


def test_with_no_decks_the_page_says_how_to_add_one_and_has_no_empty_table(
    qtbot, window: MainWindow, services: Services, screenshot
) -> None:
    page = window.deck_list
    page.set_decks([])
    laid_out(qtbot)
    screenshot(window, "review-decks-none")
    assert not page.table.isVisible()  # no header strip taking the focus
    assert page.empty_label.isVisible()
    text = page.empty_label.text()
    assert "File ▸ Load deck file…" in text and "File ▸ Import…" in text
    assert not page.actions.isVisible()  # no buttons that could only be disabled

    page.set_decks(decks_like(services, 2))
    laid_out(qtbot)
    assert page.table.isVisible() and not page.empty_label.isVisible()
    assert page.actions.isVisible()


def test_the_page_height_for_a_width_is_none_when_its_layout_has_none(qtbot) -> None:
    table = QTableWidget()
    content = FittingContent(table)
    QVBoxLayout(content).addWidget(table)  # nothing in it wraps
    qtbot.addWidget(content)
    assert content.heightForWidth(400) == -1


def test_new_counts_keep_the_selected_deck_the_cursor_and_the_focus(
    qtbot, window: MainWindow, services: Services
) -> None:
    """Shown again with new counts, the list leaves the learner's cursor where it was.

    The cursor is not even moved away and back: a screen reader would announce that.
    """
    page = window.deck_list
    decks = decks_like(services, 3)
    page.set_decks(decks)
    page.focus_table()
    page.select_deck(decks[1].deck_id)
    qtbot.waitUntil(page.table.hasFocus)
    moves: list[int] = []
    page.table.selectionModel().currentChanged.connect(lambda now, _before: moves.append(now.row()))

    page.set_decks([deck._replace(new=deck.new + 5) for deck in decks])
    page.set_decks([deck._replace(new=deck.new + 5) for deck in decks])  # nothing new

    assert moves == []
    assert page.selected_deck_id() == decks[1].deck_id
    assert page.table.currentIndex().row() == 1
    assert page.table.hasFocus()
    new = page.table.item(1, 1)
    assert new.text() == str(decks[1].new + 5)
    assert new.data(Qt.ItemDataRole.AccessibleTextRole) == f"{decks[1].new + 5} New"


def test_fewer_decks_then_more_show_each_decks_own_counts(
    qtbot, window: MainWindow, services: Services
) -> None:
    page = window.deck_list
    three = decks_like(services, 3)
    page.set_decks(three)
    page.set_decks(three[:1])
    page.set_decks([deck._replace(due=7) for deck in three])

    shown = [[page.table.item(r, c).text() for c in range(4)] for r in range(3)]
    assert shown == [[d.name, str(d.new), str(d.learning), "7"] for d in three]
    for row in range(3):
        for column in range(1, 4):
            item = page.table.item(row, column)
            assert item.textAlignment() == Qt.AlignmentFlag.AlignCenter


def test_a_deck_chosen_after_one_not_listed_yet_stays_selected(
    qtbot, window: MainWindow, services: Services
) -> None:
    """Found in review: a deck loaded in the background, waiting to be selected, took the
    selection from one chosen after it once the list was shown again."""
    page = window.deck_list
    decks = decks_like(services, 3)
    page.set_decks(decks[:2])
    page.select_deck(decks[2].deck_id)  # not listed yet: selected when it is
    page.select_deck(decks[1].deck_id)  # chosen since
    page.set_decks(decks)
    assert page.selected_deck_id() == decks[1].deck_id


# As the first window builds the page: before the application's style sheet is set, which
# has Qt measure every widget given a parent.
_BUILT_AT_START = """
import json
from PySide6.QtWidgets import QApplication
from fibrolearn.ui.deck_list import DeckListPage
from fibrolearn.ui.flow_layout import FlowLayout

measured = []

def counted(method):
    def measuring(layout, *args):
        measured.append(method.__name__)
        return method(layout, *args)
    return measuring

FlowLayout.heightForWidth = counted(FlowLayout.heightForWidth)
FlowLayout.setGeometry = counted(FlowLayout.setGeometry)
app = QApplication([])
page = DeckListPage()
built = len(measured)
page.show()
app.processEvents()
print(json.dumps({"built": built, "shown": len(measured) - built}))
"""


def test_the_page_is_laid_out_once_shown_not_while_it_is_built(paths: AppPaths) -> None:
    """Found timing start-up: given to its scroll area once filled, the page was laid out
    whole as it was built, and again as the window showed it (2 ms of the first paint)."""
    laid = run_fresh(_BUILT_AT_START, paths)

    assert laid["built"] == 0
    assert laid["shown"] > 0  # its rows of buttons, once shown
