"""The Browse table's columns: their values shown whole at every text size, and their sorts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip
from shown_text import shown_as
from test_browse_page import in_next_menu
from ui_driving import CTRL, back_to, press

from fibrolearn.domain.browse import NoteDraft
from fibrolearn.domain.enums import NoteKind
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ColumnRole, CsvSettings, ImportOptions
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_model import COLUMNS
from fibrolearn.ui.browse_page import BrowsePage
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.tasks import TaskRunner

DATES = ("Due", "Created", "Modified")


def cut_cells(table, titles: tuple[str, ...]) -> set[str]:
    """The texts of these columns' cells, in the first rows, too wide for their cells."""
    every = [c.title for c in COLUMNS]
    return {
        table.model().index(row, column).data()
        for column in map(every.index, titles)
        for row in range(40)
        if table.sizeHintForIndex(table.model().index(row, column)).width()
        > table.visualRect(table.model().index(row, column)).width()
    }


def browse_showing(
    qtbot, make_window, services: Services, search: str
) -> tuple[BrowsePage, TaskRunner]:
    """Browse in a window on ``services``, showing the cards ``search`` finds."""
    window = make_window(services)
    tasks = TaskRunner()
    page = add_browse_place(window, services, tasks)
    press(qtbot, Qt.Key.Key_3, CTRL)
    page.search.setText(search)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)
    return page, tasks


@pytest.mark.parametrize("scale", [100, 200])
def test_dates_are_shown_whole_in_their_columns(
    qtbot, make_window, bulk_services: Services, screenshot, scale: int
) -> None:
    """Found in a bug hunt: at the columns' first widths a date lost its year ("17 Mar 2…"),
    so a card due next year looked due this year."""
    window = make_window(bulk_services)
    tasks = TaskRunner()
    page = add_browse_place(window, bulk_services, tasks)
    window.apply_preferences(AppPreferences(text_scale=scale))
    press(qtbot, Qt.Key.Key_3, CTRL)
    table = page.table
    titles = [c.title for c in COLUMNS]
    for title in DATES:
        table.column_actions[titles.index(title)].setChecked(True)
    cut = cut_cells(table, DATES)
    screenshot(window, f"browse-dates-{scale}")
    window.apply_preferences(AppPreferences())  # the tests after this one get the usual size
    tasks.wait()
    assert cut == set()


def test_a_suspended_or_buried_cards_state_and_every_title_are_shown_whole(
    qtbot, make_window, bulk_services: Services, screenshot
) -> None:
    """Found in a bug hunt: "Learning, bu…", "New, suspen…"; and sorted by Reviews, its title
    lost a letter to the sort arrow ("Review▾")."""
    page, tasks = browse_showing(qtbot, make_window, bulk_services, "is:suspended")
    table = page.table
    table.sortByColumn([c.title for c in COLUMNS].index("Reviews"), Qt.SortOrder.DescendingOrder)
    header = table.horizontalHeader()
    clipped = [
        c.title
        for i, c in enumerate(COLUMNS)
        if not table.isColumnHidden(i)
        and header.sectionSize(i) < header.sectionSizeFromContents(i).width()
    ]
    screenshot(page.window(), "browse-suspended-states")
    tasks.wait()
    assert cut_cells(table, ("State",)) == set()
    assert clipped == []


def test_a_long_card_side_s_tooltip_is_cut_to_a_screenful(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: a 15,000-character answer's tooltip was 3,016 pixels tall on an
    800-pixel screen, and began above it."""
    deck_id = services.decks.list_decks()[0].deck_id
    long_answer = " ".join(f"word{n}" for n in range(3000))
    services.notes.add(deck_id, NoteDraft(NoteKind.BASIC, front="A lengthy one", back=long_answer))
    page, tasks = browse_showing(qtbot, make_window, services, "lengthy")
    table = page.table
    assert table.model().rowCount() == 1
    answer = [c.title for c in COLUMNS].index("Answer")
    tooltip = shown_as(table.model().index(0, answer).data(Qt.ItemDataRole.ToolTipRole))
    question = shown_as(table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    tasks.wait()
    assert long_answer.startswith(tooltip.removesuffix(" …")) and tooltip.endswith(" …")
    assert len(tooltip) <= 802
    assert question == "A lengthy one"  # a short side whole


def test_a_card_side_s_tooltip_shows_its_text_never_html_it_names(
    qtbot, make_window, services: Services, tmp_path: Path
) -> None:
    """Found in a bug hunt: a side whose text reads like HTML was shown as HTML in its tooltip.

    A plain-text CSV line ``<img src="/home/me/photo.png"> Who is this?`` made the tooltip
    show that picture, read from anywhere on the disk, instead of the words; ``<b>`` turned
    bold.
    """
    picture = tmp_path / "photo.png"
    sides = (f'<img src="{picture}"> Who is this?', "It is <b>bold</b> & it is <i>not</i>")
    lines = tmp_path / "plain.csv"
    lines.write_text(",".join(f'"{side.replace(chr(34), 2 * chr(34))}"' for side in sides))
    settings = CsvSettings(",", False, False, (ColumnRole.FRONT, ColumnRole.BACK))
    services.importer.run(lines, ImportOptions(csv=settings))
    page, tasks = browse_showing(qtbot, make_window, services, "who")
    model = page.table.model()
    assert model.rowCount() == 1
    tips = [model.index(0, column).data(Qt.ItemDataRole.ToolTipRole) for column in (0, 1)]
    tasks.wait()
    assert [shown_as(tip) for tip in tips] == list(sides)


def test_the_tags_column_sorts_by_keyboard_notes_without_tags_last(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: a click on the Tags header did nothing and Sort by had no Tags,
    as Anki's browser has, so cards of one tag could not be brought together."""
    services.notes.add_tags([1], ["Sleep"])
    services.notes.add_tags([3], ["Äpfel"])  # note 2, with card 2
    page, tasks = browse_showing(qtbot, make_window, services, "")
    page.table.setFocus()
    in_next_menu(qtbot, Qt.Key.Key_O, Qt.Key.Key_T)  # Sort by ▸ Tags
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, page.window())
    tags = [c.title for c in COLUMNS].index("Tags")
    shown = [page.model.index(row, tags).data() for row in range(page.model.rowCount())]
    page.table.sortByColumn(tags, Qt.SortOrder.DescendingOrder)  # a header click
    reversed_order = [page.model.index(row, tags).data() for row in range(3)]
    tasks.wait()
    assert shown == ["Äpfel", "Äpfel", "Sleep", "", ""]  # "Äpfel" with the A's, cased alike
    assert reversed_order == ["Sleep", "Äpfel", "Äpfel"]  # still before the untagged ones


def test_a_click_on_a_column_that_cannot_sort_says_so(
    qtbot, make_window, services: Services
) -> None:
    """Found in a bug hunt: a click on the Answer or State header did nothing at all, not even
    say why, as if the click were lost."""
    page, tasks = browse_showing(qtbot, make_window, services, "")
    header = page.table.horizontalHeader()
    answer = [c.title for c in COLUMNS].index("Answer")
    middle = header.sectionViewportPosition(answer) + header.sectionSize(answer) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))
    said = "Cards cannot be sorted by Answer; they stay sorted by Created."
    shown = QToolTip.text() if QToolTip.isVisible() else ""
    QToolTip.hideText()
    tasks.wait()
    assert page.table.announcer.last == said
    assert shown == said
    assert header.sortIndicatorSection() == [c.title for c in COLUMNS].index("Created")
