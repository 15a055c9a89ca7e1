"""Dialogs sized for their text, so wrapped sentences are never cut off at any text size.

Qt gives a window its layout's minimum height, which counts a word-wrapped label as a single
line, and caps a new window at two thirds of the screen. At large text sizes both cut off the
very sentences that explain things. A :class:`TextFitDialog` is as tall as its wrapped text
needs at its width, again whenever the text, what is shown or the width changes, and stays
within the screen, title bar included. Where even the whole screen is too short (a small
laptop screen, scaled, at 200 % text), its text scrolls and its buttons stay in view.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.ui.announce import spoken
from fibrolearn.ui.follow_focus import FocusFollower

_REFIT = (QEvent.Type.Show, QEvent.Type.FontChange)
_FOLLOW = (QEvent.Type.LayoutRequest, QEvent.Type.Resize)


def screen_room(widget: QWidget) -> QSize:
    """The free area (without panels and task bars) of the screen ``widget`` opens on.

    Asked of the application, not with ``widget.screen()``: PySide 6.11 can delete the screen
    when it frees a widget that was asked, and the next window then crashes.
    """
    window = (widget.parentWidget() or widget).window()  # a dialog opens over its parent
    screen = QGuiApplication.screenAt(window.geometry().center())
    return (screen or QGuiApplication.primaryScreen()).availableGeometry().size()


SMALLEST_WIDTH = 480
SMALLEST_LINES = 24  # a window's least content height, in lines of text at the current size


class WindowContent(QWidget):
    """A main window's content, never smaller than its places need at the current text size.

    No fixed minimum is set on the window: Qt then keeps the window's minimum at what this
    asks for, so large text cannot be squeezed until rating buttons and labels are cut.
    Wrapped lines are not in Qt's minimum heights, so the height also keeps room for
    :data:`SMALLEST_LINES` lines of text.
    """

    def minimumSizeHint(self) -> QSize:
        """What the places need, :data:`SMALLEST_WIDTH` wide and some lines of text high.

        The lines never ask for more than two thirds of the screen, so that with the menus
        the window still fits a small laptop's screen at 200 % text.
        """
        lines = self.fontMetrics().lineSpacing() * SMALLEST_LINES
        lines = min(lines, screen_room(self).height() * 2 // 3)
        return super().minimumSizeHint().expandedTo(QSize(SMALLEST_WIDTH, lines))


class LineLabel(QLabel):
    """A word-wrapped plain-text label that asks for its text on one line.

    Qt sizes a wrapped label for a few short lines, so in a row with room to spare it still
    broke "New 5 · Learning 0 · Due 0" in two. This one takes a line when the row has it and
    wraps only when the row is too narrow. A screen reader hears the line with commas for its
    " · " (see :func:`~fibrolearn.ui.announce.spoken`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # measured as it reads
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        """Show ``text``, and name the label with its spoken words (what a screen reader reads).

        In place of QLabel's, which is not virtual in Qt: only calls from Python, :meth:`clear`
        among them, come here.
        """
        super().setText(text)
        self.setAccessibleName(spoken(text))

    def clear(self) -> None:
        """No text, and no old line left for a screen reader to read."""
        self.setText("")

    def sizeHint(self) -> QSize:
        """Qt override: the whole text on one line, and that line's height."""
        hint = super().sizeHint()
        width = max(hint.width(), self._one_line_width())
        height = self.heightForWidth(width)  # -1 until the label is first given a text
        return QSize(width, height if height >= 0 else hint.height())

    def _one_line_width(self) -> int:
        """The least width that lays the text out on one line.

        The text's advance has fractions of a pixel, and Qt wraps a line a fraction too long
        for its width: rounded to the nearest pixel, "Due 0" went onto a second line.
        """
        text = math.ceil(QFontMetricsF(self.font()).horizontalAdvance(self.text()))
        margins = self.contentsMargins()  # the frame's width included
        return text + 2 * self.margin() + self._indent() + margins.left() + margins.right()

    def _indent(self) -> int:
        """The room Qt leaves beside the text: the indent, or an "x" beside a frame."""
        indent = self.indent()
        if indent < 0 and self.frameWidth():
            indent = self.fontMetrics().horizontalAdvance("x") - 2 * self.margin()
        beside = self.alignment() & (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignRight)
        return max(indent, 0) if beside else 0


def layout_height(layout: QLayout, width: int) -> int:
    """How tall ``layout`` must be at ``width`` to show every line of its text.

    Qt lays a layout out no shorter than its minimum height, which can be more than its
    height for the width: both count.
    """
    wanted = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    return max(wanted, layout.totalMinimumSize().height())


class TextFitDialog(QDialog):
    """Opens ``chars`` average characters wide and stays as tall as its text needs.

    The width follows the text size. The height grows and shrinks with the text; once the
    learner makes the dialog taller, it only grows. A dialog laid out with :meth:`arrange`
    scrolls its text, buttons staying put, when the screen is too short for all of it.
    """

    def __init__(self, parent: QWidget | None, chars: int) -> None:
        super().__init__(parent)
        self._chars = chars
        self._needed = 0  # the height last needed, to tell a fitted dialog from a stretched one
        self.scroller: QScrollArea | None = None

    def arrange(self, parts: Sequence[QWidget | QLayout], buttons: QWidget) -> None:
        """Lay out ``parts`` one under another, with ``buttons`` below them."""
        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, QLayout):
                content.addLayout(part)
            else:
                content.addWidget(part)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("dialogText")
        self.scroller.setAccessibleName(f"{self.windowTitle()}: text")
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(body)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # until there is something to scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(buttons)
        FocusFollower(self.scroller)  # Tab scrolls by itself; arrows between radios do not
        # A change in the text's height stays inside the scroller: the dialog hears of it here.
        body.installEventFilter(self)

    def event(self, event: QEvent) -> bool:
        """Qt override: refit on show (before Qt centres the dialog) and on a new text size.

        A hidden dialog is left alone: it refits when shown.
        """
        kind = event.type()
        shown = self.isVisible() and self.layout() is not None
        if kind in _REFIT and shown:
            self._open_fitted()
        handled = super().event(event)
        if kind in _FOLLOW and shown:
            self._follow_text()
        return handled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: refit when the scrolled text changes (a longer sentence, a new line)."""
        body = self.scroller.widget() if self.scroller is not None else None
        if watched is body and event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self._follow_text()
        return super().eventFilter(watched, event)

    def _room(self) -> QSize:
        """The free screen area less the window manager's frame (known once it framed us)."""
        frame = self.frameGeometry().size() - self.size()
        return screen_room(self) - QSize(max(0, frame.width()), max(0, frame.height()))

    def _needed_height(self, width: int) -> int:
        layout = self.layout()
        if self.scroller is None:
            return layout_height(layout, width)
        margins = layout.contentsMargins()
        text = layout_height(
            self.scroller.widget().layout(), width - margins.left() - margins.right()
        )
        buttons = layout.itemAt(1).sizeHint().height()
        whole = margins.top() + text + layout.spacing() + buttons + margins.bottom()
        # Nor shorter than the layout's minimum: a scroller asks for room for its scroll bar
        # (68 pixels in Fusion), more than a line of text; a dialog shorter squeezed its buttons.
        return max(whole, layout.totalMinimumSize().height())

    def _open_fitted(self) -> None:
        room = self._room()
        width = max(
            self.fontMetrics().averageCharWidth() * self._chars,
            self.layout().totalMinimumSize().width(),
        )
        width = min(width, room.width())
        if self._needed_height(width) > room.height():
            width = room.width()  # wider means fewer lines
        self._fit_height(width, room)
        self.resize(width, self._needed)

    def _follow_text(self) -> None:
        fitted = self.height() <= self._needed
        self._fit_height(self.width(), self._room())
        if fitted and self.height() != self._needed:
            self.resize(self.width(), self._needed)

    def _fit_height(self, width: int, room: QSize) -> None:
        needed = self._needed_height(width)
        self._needed = min(needed, room.height())
        self.setMinimumHeight(self._needed)
        if self.scroller is not None:  # a keyboard stop only while there is text out of view
            scrolls = needed > room.height()
            focus = Qt.FocusPolicy.StrongFocus if scrolls else Qt.FocusPolicy.NoFocus
            self.scroller.setFocusPolicy(focus)
