"""A scroll bar's handle and the text size slider's handle can be seen in every theme.

Fusion draws both a shade off what is behind them: faint in the light and dark themes, and
black on black in the high-contrast one, where nothing showed that a page scrolled, how far
down it was, or where the text size stood. As in test_a11y_theme_controls, real widgets are
drawn under the application's style sheet and their pixels read.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QPushButton, QScrollBar, QSlider, QVBoxLayout, QWidget
from test_a11y_theme_controls import THEMES, app_theme, contrast

from fibrolearn.ui.app_preferences import TEXT_SCALE_MAX, TEXT_SCALE_MIN
from fibrolearn.ui.theme_palettes import Theme

NON_TEXT = 3.0  # WCAG 1.4.11: what shows a control's state against what is next to it


def drawn(qtbot, widget: QWidget, width: int, height: int) -> QImage:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget.grab().toImage()


def stand_out(image: QImage, line: list[tuple[int, int]], behind: QColor) -> int:
    """How many points of ``line`` reach 3:1 against ``behind``."""
    return sum(contrast(image.pixelColor(x, y), behind) >= NON_TEXT for x, y in line)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("scale", [100, 200])
def test_a_scroll_bars_handle_stands_out_from_its_groove(
    qtbot, qapp: QApplication, theme: Theme, scale: int
) -> None:
    with app_theme(qapp) as apply:
        apply(theme, scale)
        bar = QScrollBar(Qt.Orientation.Vertical)
        bar.setRange(0, 100)
        bar.setPageStep(25)  # the handle, at the top, is a fifth of the groove
        width = bar.sizeHint().width()
        image = drawn(qtbot, bar, width, 400)
    middle = image.width() // 2
    groove = image.pixelColor(middle, image.height() - 2 * width)  # above the down arrow
    track = [(middle, y) for y in range(width, image.height() - width)]
    assert stand_out(image, track, groove) >= width, "no handle to see on the groove"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("scale", [100, 200])
def test_the_text_size_sliders_handle_can_be_seen(
    qtbot, qapp: QApplication, theme: Theme, scale: int
) -> None:
    """A column taller than the groove, in ink that stands out, is the handle: it is there."""
    with app_theme(qapp) as apply:
        palette = apply(theme, scale)
        host = QWidget()  # as in Preferences: laid out, the focus elsewhere (no ring)
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(TEXT_SCALE_MIN, TEXT_SCALE_MAX)
        slider.setValue(100)
        elsewhere = QPushButton("Close")
        layout = QVBoxLayout(host)
        layout.addWidget(slider)
        layout.addWidget(elsewhere)
        drawn(qtbot, host, 300, host.sizeHint().height())
        elsewhere.setFocus()
        image = slider.grab().toImage()
    behind = QColor(palette.window)
    inked_heights = [
        stand_out(image, [(x, y) for y in range(image.height())], behind)
        for x in range(image.width())
    ]
    groove = max(set(inked_heights), key=inked_heights.count)  # most columns: the groove's
    handle = [x for x, height in enumerate(inked_heights) if height > groove + 4]
    assert handle, "no handle to see on the slider"
    # Wholly in the widget: its top and bottom not cut off at large text.
    assert all(image.pixelColor(x, 0) == behind for x in handle)
    assert all(image.pixelColor(x, image.height() - 1) == behind for x in handle)
