"""The mastery map's deck chooser: every deck's name readable, however many decks there are."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QStaticText
from PySide6.QtWidgets import QComboBox, QLabel
from shown_text import shown_as
from ui_driving import ALT, shown_active

from fibrolearn.domain.statistics import FactorMastery, MasteryMap
from fibrolearn.ui.mastery_map import MasteryMapView
from fibrolearn.ui.progress_mastery import MasterySection

FACTOR = FactorMastery("sleep", "Sleep", (), cards=1, studied=0, recall_now=0.0, recall_30d=0.0)


def mastery(deck_id: int, name: str) -> MasteryMap:
    return MasteryMap(deck_id, name, (FACTOR,), quiz_window_days=90)


def test_the_deck_chooser_grows_to_its_longest_name_after_showing_empty(qtbot) -> None:
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(1000, 700)
    section.show()
    section.show_maps(())  # a new collection: no deck with factors yet
    qtbot.waitExposed(section)
    names = ["Causes of fibromyalgia", "Causes copy 3", "Pharmacology of pain relief"]
    section.show_maps(tuple(mastery(number, name) for number, name in enumerate(names)))
    chooser: QComboBox = section.deck
    qtbot.waitUntil(chooser.isVisible)
    longest = max(chooser.fontMetrics().horizontalAdvance(name) for name in names)
    qtbot.waitUntil(lambda: chooser.width() > longest)  # the whole name, not "Causes c"


def test_a_deck_of_one_factor_draws_its_map(qtbot, screenshot) -> None:
    """A learner's own deck may teach one cause: its node sits alone, nothing is divided by 0."""
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(700, 500)
    section.show_maps((mastery(1, "My one-cause deck"),))
    section.show()
    qtbot.waitExposed(section)
    view = section.map_view
    assert 0 < view.sizeHint().width() < 10_000 and view.heightForWidth(600) < 10_000
    image = screenshot(section, "progress-mastery-one-factor")
    assert image.exists()


def test_the_deck_chooser_is_named_on_screen_and_alt_d_reaches_it(qtbot, screenshot) -> None:
    """Found in a bug hunt of Progress: with two decks with factors, a chooser showing a deck's
    name sat beside "Study this factor" with no word of what it chose, and, alone on the page
    without a mnemonic, no key reached it but Tab after Tab."""
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(900, 500)
    section.show_maps((mastery(1, "Causes of fibromyalgia"), mastery(2, "Pain relief")))
    shown_active(qtbot, section)
    labels = [label for label in section.findChildren(QLabel) if label.buddy() is section.deck]
    assert [label.text() for label in labels] == ["&Deck:"]
    assert labels[0].isVisible()
    screenshot(section, "progress-mastery-deck-chooser")

    section.map_view.setFocus()
    qtbot.waitUntil(section.map_view.hasFocus)
    qtbot.keyClick(section.map_view, Qt.Key.Key_D, ALT)
    assert section.deck.hasFocus()

    section.show_maps((mastery(1, "Causes of fibromyalgia"),))  # nothing to choose
    assert not labels[0].isVisible() and not section.deck.isVisible()


def test_the_table_s_tooltips_show_factor_names_as_written(qtbot, tmp_path) -> None:
    """Found in a bug hunt: a deck file's factor name holding a tag was shown as HTML in its
    tooltip (and an ``<img>`` there read a picture from anywhere on the disk)."""
    name = f'<img src="{tmp_path / "photo.png"}">IL-6 <i>in vivo</i>'
    factor = FactorMastery("il6", name, (), cards=1, studied=0, recall_now=0.0, recall_30d=0.0)
    section = MasterySection()
    qtbot.addWidget(section)
    section.show_maps((MasteryMap(1, "Cytokines", (factor,), quiz_window_days=90),))
    table = section.map_table
    assert shown_as(table.item(0, 0).toolTip()) == name


def test_a_screen_reader_hears_words_for_a_factor_never_quizzed_and_linked_to_none(qtbot) -> None:
    """Found in a bug hunt: the table's cell of a factor with no recent quiz answers was read
    out as "Quiz accuracy: –" (a dash, or nothing at all), and one linked to no other factor
    as a bare "Linked to:"."""
    section = MasterySection()
    qtbot.addWidget(section)
    section.show_maps((mastery(1, "My one-cause deck"),))
    table = section.map_table
    said = [table.item(0, c).data(Qt.ItemDataRole.AccessibleTextRole) for c in (4, 5)]
    assert said == ["Quiz accuracy: none in the last 90 days", "Linked to: none"]
    assert [table.item(0, c).text() for c in (4, 5)] == ["–", ""]  # the same on screen


def test_the_tabs_between_map_and_table_are_named_for_a_screen_reader(qtbot) -> None:
    """Found in a bug hunt: Tab stops on the tab bar, whose name was empty."""
    section = MasterySection()
    qtbot.addWidget(section)
    assert section.tabs.tabBar().accessibleName() == "Mastery map or table"


def test_a_factor_name_too_long_for_its_node_keeps_its_start_and_ends_in_an_ellipsis(
    qtbot, monkeypatch, screenshot
) -> None:
    """Found in a bug hunt: a learner's factor named in a long sentence was centred in its
    node's few lines, cut off above and below: its first words, which say what factor it
    is, were not drawn at all."""
    name = (
        "A very long factor name that goes on and on about many different things including "
        "sleep, pain, mood, fatigue and cognition in people with fibromyalgia"
    )
    factor = FactorMastery("long", name, (), cards=4, studied=2, recall_now=0.5, recall_30d=0.3)
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(700, 500)
    section.show_maps((MasteryMap(1, "Mine", (factor,), quiz_window_days=90),))
    shown_active(qtbot, section)
    drawn: list[QStaticText] = []
    real = QPainter.drawStaticText

    def recorded(painter: QPainter, *args) -> None:
        drawn.extend(arg for arg in args if isinstance(arg, QStaticText))
        real(painter, *args)

    monkeypatch.setattr(QPainter, "drawStaticText", recorded)
    section.map_view.grab()
    monkeypatch.undo()
    screenshot(section, "progress-mastery-long-name")
    text = next(d for d in drawn if d.text().startswith(name[:20]))
    assert text.text().endswith("…") and len(text.text()) < len(name)
    lines = QFontMetricsF(section.map_view.font()).lineSpacing()
    assert text.size().height() <= 3 * lines  # the name's lines, above the numbers


def test_a_chinese_factor_name_wraps_in_the_table_instead_of_pushing_the_numbers_away(
    qtbot, screenshot
) -> None:
    """Found in a bug hunt: the table kept a factor name's longest word on one line, and took
    a Chinese name, with no spaces, for one word: its column grew the width of the page, and
    the table scrolled sideways with every number out of sight."""
    name = "线粒体功能障碍与氧化应激在纤维肌痛综合征发病机制中的作用研究综述" * 2
    factor = FactorMastery("mito", name, (), cards=4, studied=2, recall_now=0.5, recall_30d=0.3)
    section = MasterySection()
    qtbot.addWidget(section)
    section.resize(800, 500)
    section.show_maps((MasteryMap(1, "线粒体", (factor,), quiz_window_days=90),))
    section.tabs.setCurrentWidget(section.map_table)
    shown_active(qtbot, section)
    table = section.map_table
    screenshot(section, "progress-mastery-table-chinese-name")
    assert table.columnWidth(0) <= table.viewport().width() // 2
    assert not table.horizontalScrollBar().isVisibleTo(table)


@pytest.mark.parametrize("room", [0, 100, 300])
def test_a_line_of_the_map_never_runs_under_a_factor_it_does_not_join(
    qtbot, monkeypatch, bundled, screenshot, room: int
) -> None:
    """Found in a bug hunt: around the ellipse, the straight line joining "Fibromyalgia as a
    network disorder" to "Central sensitization" ran under "What fibromyalgia is" between
    them, so that the map seemed to link it to both; "Immune system involvement" seemed
    linked to its two neighbours the same way."""
    deck_id = bundled.progress.decks_with_factors()[0][0]
    view = MasteryMapView()
    qtbot.addWidget(view)
    view.set_map(bundled.progress.mastery(deck_id))
    width = view.sizeHint().width() + room  # the smallest ellipse, and wider ones
    view.resize(width, view.heightForWidth(width))
    shown_active(qtbot, view)
    lines: list[QPainterPath] = []
    real_line, real_path = QPainter.drawLine, QPainter.drawPath

    def line(painter: QPainter, *args) -> None:
        if len(args) == 2 and isinstance(args[0], QPointF):
            path = QPainterPath(args[0])
            path.lineTo(args[1])
            lines.append(path)
        real_line(painter, *args)

    def path(painter: QPainter, drawn: QPainterPath) -> None:
        lines.append(QPainterPath(drawn))
        real_path(painter, drawn)

    monkeypatch.setattr(QPainter, "drawLine", line)
    monkeypatch.setattr(QPainter, "drawPath", path)
    view.repaint()
    monkeypatch.undo()
    screenshot(view, f"progress-mastery-map-lines-{room}")
    boxes = [QRectF(view.node_rect(i)) for i in range(len(view.map.factors))]
    assert len(lines) >= 20  # the bundled deck's links, drawn around the ellipse
    for drawn in lines:
        points = [drawn.pointAtPercent(step / 100) for step in range(101)]
        ends = {
            i for i, box in enumerate(boxes) if box.contains(points[0]) or box.contains(points[-1])
        }
        under = [view.map.factors[i].name for i, box in enumerate(boxes) if i not in ends
                 and any(box.contains(point) for point in points)]  # fmt: skip
        assert not under, f"a line runs under {under}"
