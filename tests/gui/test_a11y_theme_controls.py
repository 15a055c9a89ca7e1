"""Every control shows the same thick focus ring, and placeholder text is readable, in every theme.

The pictures are Qt's own: each test draws real widgets under the application's style sheet and
palette and reads the pixels, so a rule Qt ignores (or a colour it overrides) fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from ui_driving import shown_active

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.labels import tab_stop
from fibrolearn.ui.progress_page import ProgressPage
from fibrolearn.ui.theme import Appearance
from fibrolearn.ui.theme_palettes import Palette, Theme

THEMES = (Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST)
RING = 3  # pixels: the focus ring of buttons, lists and text fields
CORNER = RING + 1  # a rounded corner's inner curve reaches one pixel further in


@contextmanager
def app_theme(qapp: QApplication) -> Iterator[Callable[..., Palette]]:
    """Apply themes to the application as the app does; put its old look back afterwards."""
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    flash = qapp.cursorFlashTime()
    effects = {effect: qapp.isEffectEnabled(effect) for effect in Qt.UIEffect}
    appearance = Appearance(qapp)

    def apply(theme: Theme, text_scale: int = 100) -> Palette:
        appearance.apply(AppPreferences(theme=theme, text_scale=text_scale))
        return appearance.palette

    try:
        yield apply
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setFont(font)
        qapp.setCursorFlashTime(flash)
        for effect, enabled in effects.items():
            qapp.setEffectEnabled(effect, enabled)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[..., Palette]]:
    with app_theme(qapp) as apply:
        yield apply


class Controls(QWidget):
    """One of each control the app has, and a button to move the focus to."""

    def __init__(self) -> None:
        super().__init__()
        self.button = QPushButton("Start")
        self.combo = QComboBox()
        self.combo.addItems(["Causes of fibromyalgia", "Another deck"])
        self.spin = QSpinBox()
        self.spin.setRange(1, 50)
        self.spin.setValue(10)
        self.line = QLineEdit("Causes of fibromyalgia")
        self.line.setReadOnly(True)  # no text cursor: only the ring may differ once focused
        self.tabs = QTabWidget()
        self.tabs.addTab(QLabel("map"), "&Map")
        self.tabs.addTab(QLabel("table"), "&Table")
        self.navigation = QTabBar()  # as the main window sets up its places
        self.navigation.setObjectName("navigation")
        self.navigation.setDrawBase(False)
        self.navigation.setExpanding(False)
        for place in ("Decks", "Study", "Progress"):
            self.navigation.addTab(place)
        # As Check collection's problems: Tab stops there, to read them again or copy them.
        self.label = tab_stop(QLabel("The collection holds values of no known kind."))
        layout = QVBoxLayout(self)
        for widget in (
            self.button,
            self.combo,
            self.spin,
            self.line,
            self.tabs,
            self.navigation,
            self.label,
        ):
            layout.addWidget(widget)


@pytest.fixture
def controls(qtbot) -> Callable[[], Controls]:
    """Show the controls (after the theme is applied, so they are laid out for it)."""

    def make() -> Controls:
        host = Controls()
        qtbot.addWidget(host)
        host.resize(480, 360)
        return shown_active(qtbot, host)

    return make


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def ring_widths(image: QImage, box: QRect, colour: QColor) -> dict[str, int]:
    """How many pixels of ``colour`` run inward from the middle of each side of ``box``."""

    def run(start: QPoint, step: QPoint) -> int:
        count, point = 0, QPoint(start)
        while box.contains(point) and image.pixelColor(point) == colour:
            count += 1
            point += step
        return count

    middle = box.center()
    return {
        "left": run(QPoint(box.left(), middle.y()), QPoint(1, 0)),
        "right": run(QPoint(box.right(), middle.y()), QPoint(-1, 0)),
        "top": run(QPoint(middle.x(), box.top()), QPoint(0, 1)),
        "bottom": run(QPoint(middle.x(), box.bottom()), QPoint(0, -1)),
    }


def ring_box(image: QImage, within: QRect, colour: QColor) -> QRect:
    """The outer edge of the ring of ``colour`` in ``within`` (a tab's margin lies inside its
    rectangle), found along its middle row and column."""
    middle = within.center()
    row = [
        x
        for x in range(within.left(), within.right() + 1)
        if image.pixelColor(x, middle.y()) == colour
    ]
    column = [
        y
        for y in range(within.top(), within.bottom() + 1)
        if image.pixelColor(middle.x(), y) == colour
    ]
    if not row or not column:
        return QRect()
    return QRect(QPoint(row[0], column[0]), QPoint(row[-1], column[-1]))


def changed_inside(before: QImage, after: QImage, box: QRect, band: int) -> int:
    """Pixels that differ more than ``band`` pixels inside the edges of ``box``."""
    inner = box.adjusted(band, band, -band, -band)
    return sum(
        before.pixel(x, y) != after.pixel(x, y)
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(
    "name",
    ["combo", "spin", "line", "label", "button"],  # button: as it always was
)
def test_boxes_and_a_label_tab_stops_at_get_the_three_pixel_ring(
    qtbot, themed, controls: Callable[[], Controls], theme: Theme, name: str
) -> None:
    palette = themed(theme)
    shown = controls()
    ring = QColor(palette.focus)
    widget = getattr(shown, name)
    focus(qtbot, shown.navigation)
    unfocused = widget.grab().toImage()
    focus(qtbot, widget)
    if widget is shown.spin:
        # The text cursor to the end, off the left edge: Qt starts a spin box's editor there
        # whatever the padding (see app.qss), and the cursor would cross the ring.
        qtbot.keyClick(widget, Qt.Key.Key_End)
    if widget is shown.line:
        widget.deselect()  # Tab selects a line's text; the highlight is not what is compared
    focused = widget.grab().toImage()
    box = focused.rect()
    assert all(width == 0 for width in ring_widths(unfocused, box, ring).values())
    widths = ring_widths(focused, box, ring)
    assert all(width >= RING for width in widths.values()), widths
    if widget in (shown.combo, shown.line):  # the ring takes the frame's place: nothing moves
        assert changed_inside(unfocused, focused, box, CORNER) == 0
    if widget is shown.label:  # nor here: only a text cursor appears, a pixel wide
        assert changed_inside(unfocused, focused, box, CORNER) <= box.height()


@pytest.mark.parametrize("theme", THEMES)
def test_a_focused_tab_bar_rings_its_current_tab(
    qtbot, themed, controls: Callable[[], Controls], theme: Theme
) -> None:
    palette = themed(theme)
    shown = controls()
    ring = QColor(palette.focus)
    for bar in (shown.tabs.tabBar(), shown.navigation):
        focus(qtbot, shown.button)
        unfocused = bar.grab().toImage()
        focus(qtbot, bar)
        focused = bar.grab().toImage()
        tab = ring_box(focused, bar.tabRect(bar.currentIndex()), ring)
        widths = ring_widths(focused, tab, ring)
        assert all(width >= RING for width in widths.values()), (theme, bar.objectName(), widths)
        assert changed_inside(unfocused, focused, tab, CORNER) == 0, "the tab's text moved"
        # The other tabs stay as they were: the ring says which one the arrow keys move from.
        other = bar.tabRect(bar.currentIndex() + 1)
        assert changed_inside(unfocused, focused, other, 0) == 0


def test_the_progress_page_combo_boxes_and_tabs_show_focus(
    qtbot, themed, services: Services
) -> None:
    """The controls QA found without a ring, in place on the Progress page."""
    palette = themed(Theme.LIGHT)
    page = ProgressPage(services)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    shown_active(qtbot, page)
    # Its background reads done, before they close.
    qtbot.waitUntil(lambda: page.history.charts_drawn)
    ring = QColor(palette.focus)
    bar = page.mastery.tabs.tabBar()
    for widget, area in (
        (page.history.span, page.history.span.rect()),
        (bar, bar.tabRect(bar.currentIndex())),
    ):
        focus(qtbot, widget)
        image = widget.grab().toImage()
        widths = ring_widths(image, ring_box(image, area, ring), ring)
        assert all(width >= RING for width in widths.values()), (widget, widths)


def contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in colour.getRgbF()[:3]
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", [QLineEdit, QPlainTextEdit])
def test_placeholder_text_is_drawn_at_aa_contrast(
    qtbot, themed, theme: Theme, kind: type[QLineEdit | QPlainTextEdit]
) -> None:
    """The darkest (or, in a dark theme, lightest) ink of a placeholder reaches 4.5:1."""
    palette = themed(theme)
    host = QWidget()
    field = kind()
    field.setPlaceholderText("Type your answer, then press Enter")
    elsewhere = QPushButton("Elsewhere")  # the focus, so no text cursor is drawn in the field
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(elsewhere)
    qtbot.addWidget(host)
    host.resize(400, 120)
    with qtbot.waitExposed(host):
        host.show()
    elsewhere.setFocus()
    image = field.grab().toImage()
    base = QColor(palette.base)
    inside = image.rect().adjusted(4, 4, -4, -4)  # inside the frame
    ink = max(
        (
            image.pixelColor(x, y)
            for x in range(inside.left(), inside.right())
            for y in range(inside.top(), inside.bottom())
        ),
        key=lambda colour: contrast(colour, base),
    )
    ratio = contrast(ink, base)
    assert ratio >= 4.5, f"{theme}: placeholder {ink.name()} on {base.name()} is {ratio:.2f}:1"
    # Still unlike typed text, so an empty field does not look filled in.
    assert contrast(ink, QColor(palette.text)) > 1.2


@pytest.mark.parametrize("scale", [100, 200])
def test_a_bar_showing_its_percentage_is_tall_enough_for_it(qtbot, themed, scale: int) -> None:
    """The import and fitting bars show "40%" in them; only the study screen's is thin."""
    themed(Theme.LIGHT, scale)
    host = QWidget()
    qtbot.addWidget(host)
    with_text, thin = QProgressBar(), QProgressBar()
    thin.setTextVisible(False)
    thin.setProperty("role", "thin")  # as the study screen's
    layout = QVBoxLayout(host)
    for bar in (with_text, thin):
        bar.setValue(40)
        layout.addWidget(bar)
    shown_active(qtbot, host)
    assert with_text.height() >= with_text.fontMetrics().height()
    assert thin.height() < with_text.height()


class Indicators(QWidget):
    """A tick box and a radio button each way, and a list with a ticked item."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes = {ticked: QCheckBox(f"Box {ticked}") for ticked in (False, True)}
        self.radios = {ticked: QRadioButton(f"Radio {ticked}") for ticked in (False, True)}
        self.list = QListWidget()
        item = QListWidgetItem("Factor A")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.list.addItem(item)
        layout = QVBoxLayout(self)
        for ticked in (False, True):
            self.boxes[ticked].setChecked(ticked)
            self.radios[ticked].setAutoExclusive(False)
            self.radios[ticked].setChecked(ticked)
            layout.addWidget(self.boxes[ticked])
            layout.addWidget(self.radios[ticked])
        layout.addWidget(self.list)


def indicator_pixels(button: QCheckBox | QRadioButton) -> tuple[QImage, QRect]:
    """The button as drawn, and where its indicator is in that picture."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    element = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(button, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    box = button.style().subElementRect(element, option, button)
    return button.grab().toImage(), box


def inked(image: QImage, box: QRect, ink: QColor) -> int:
    """Pixels of ``box`` within a small distance of ``ink`` (anti-aliased edges count too)."""
    return sum(
        1
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
        if contrast(image.pixelColor(x, y), ink) < 1.5
    )


@pytest.mark.parametrize("theme", THEMES)
def test_tick_boxes_and_radio_buttons_show_their_state_in_the_text_colour(
    qtbot, themed, theme: Theme
) -> None:
    palette = themed(theme)
    host = Indicators()
    qtbot.addWidget(host)
    shown_active(qtbot, host)
    ink, base = QColor(palette.text), QColor(palette.base)

    for buttons in (host.boxes, host.radios):
        drawn = {ticked: indicator_pixels(button) for ticked, button in buttons.items()}
        image, box = drawn[False]
        middle = box.center()
        # The outline is in the text colour, so it stands out from any background.
        assert image.pixelColor(box.left(), middle.y()) == ink
        assert image.pixelColor(middle.x(), box.top()) == ink
        # Empty inside; ticked, a tick or a dot in the text colour fills some of it.
        inside = box.adjusted(4, 4, -4, -4)
        assert image.pixelColor(middle) == base and inked(image, inside, ink) == 0
        ticked_image, ticked_box = drawn[True]
        assert inked(ticked_image, ticked_box.adjusted(4, 4, -4, -4), ink) >= 8
    radio_image, radio_box = drawn[True]
    assert radio_image.pixelColor(radio_box.center()) == ink

    # A ticked item in a list shows its tick in the text colour too.
    assert inked(*ticked_item(host.list), ink) > 20

    # Disabled, all of them are drawn in the disabled colour instead.
    grey = QColor(palette.disabled_text)
    for button in (host.boxes[True], host.radios[True]):
        button.setEnabled(False)
        image, box = indicator_pixels(button)
        assert image.pixelColor(box.left(), box.center().y()) == grey
        assert inked(image, box, ink) == 0
    host.list.setEnabled(False)
    picture, square = ticked_item(host.list)
    assert inked(picture, square, grey) > 20 and inked(picture, square, ink) == 0


class CheckableMenu(QMenu):
    """Browse's kinds of checkable items: tick boxes, and one-of-a-group (its sort column)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.boxes: dict[tuple[bool, bool], QAction] = {}
        for ticked, enabled in ((False, True), (True, True), (False, False), (True, False)):
            self.boxes[ticked, enabled] = self._item(f"Column {ticked} {enabled}", ticked, enabled)
        group = QActionGroup(self)
        self.chosen = self._item("Sort by due", True, True)
        self.other = self._item("Sort by deck", False, True)
        group.addAction(self.chosen)
        group.addAction(self.other)

    def _item(self, text: str, ticked: bool, enabled: bool) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(ticked)
        action.setEnabled(enabled)
        self.addAction(action)
        return action

    def box(self, action: QAction) -> QRect:
        """The square at the start of the item's row, where its box is."""
        row = self.actionGeometry(action)
        return QRect(row.topLeft(), QSize(row.height(), row.height()))


def ink_columns(image: QImage, row: QRect, ink: QColor) -> list[bool]:
    """For each pixel column of ``row``, whether any of its pixels is drawn in ``ink``."""
    return [
        any(contrast(image.pixelColor(x, y), ink) < 1.5 for y in range(row.top(), row.bottom()))
        for x in range(row.left(), row.right() + 1)
    ]


def ink_bounds(image: QImage, area: QRect, ink: QColor) -> QRect:
    """The smallest rectangle of ``area`` holding every pixel drawn in ``ink``."""
    points = [
        QPoint(x, y)
        for x in range(area.left(), area.right() + 1)
        for y in range(area.top(), area.bottom() + 1)
        if contrast(image.pixelColor(x, y), ink) < 1.5
    ]
    xs, ys = [p.x() for p in points], [p.y() for p in points]
    return QRect(QPoint(min(xs), min(ys)), QPoint(max(xs), max(ys)))


@pytest.mark.parametrize("theme", THEMES)
def test_checkable_menu_items_show_a_box_in_the_text_colour(qtbot, themed, theme: Theme) -> None:
    """Browse's column menu: an unticked item shows its empty box, in every theme.

    Fusion drew it a shade off the menu's background: faint in the dark theme, not there at
    all in the high-contrast one, so nothing said the item could be ticked.
    """
    palette = themed(theme, 200)
    host = QWidget()
    qtbot.addWidget(host)
    menu = CheckableMenu(host)
    menu.popup(QPoint(0, 0))
    qtbot.waitExposed(menu)
    picture = menu.grab().toImage()
    ink, grey, base = QColor(palette.text), QColor(palette.disabled_text), QColor(palette.base)

    empty = inked(picture, menu.box(menu.boxes[False, True]), ink)
    assert empty > 20, "an unticked item shows a box outline"
    assert inked(picture, menu.box(menu.boxes[True, True]), ink) > empty + 8, "and a tick"
    for ticked in (False, True):
        square = menu.box(menu.boxes[ticked, False])
        assert inked(picture, square, grey) > 20 and inked(picture, square, ink) == 0

    # The box has room: at least half the row's height wide, with a gap before the text.
    row = menu.actionGeometry(menu.boxes[True, True])
    columns = ink_columns(picture, row, ink)
    columns = columns[columns.index(True) :]  # from the box's left edge
    box_width = columns.index(False)
    assert box_width >= row.height() / 2 and columns[box_width:].index(True) >= 4

    # One of a group is round, with a dot when chosen.
    assert picture.pixelColor(menu.box(menu.chosen).center()) == ink
    other = menu.box(menu.other)
    assert picture.pixelColor(other.center()) == base
    drawn = ink_bounds(picture, other, ink)
    assert contrast(picture.pixelColor(drawn.topLeft()), ink) >= 1.5, "a circle, not a square"

    # Highlighted, as under the keyboard, the box is drawn the same on the highlight.
    outline = ink_bounds(picture, menu.box(menu.boxes[False, True]), ink)
    menu.setActiveAction(menu.boxes[False, True])
    highlighted = menu.grab().toImage()
    assert highlighted.pixelColor(outline.left(), outline.center().y()) == ink
    assert highlighted.pixelColor(outline.center()) == base
    menu.close()


def ticked_item(view: QListWidget) -> tuple[QImage, QRect]:
    """The list as drawn, and the square at the start of its first item (where its tick is)."""
    view.clearSelection()
    row = view.visualItemRect(view.item(0))
    return view.viewport().grab().toImage(), QRect(row.topLeft(), QSize(row.height(), row.height()))
