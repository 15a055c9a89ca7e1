"""Walk a screen's focus chain with Tab as a keyboard-only learner would, and judge it.

What is checked, for every screen the sweep visits: each widget Tab reaches is shown and
enabled and has a name a screen reader can say; Tab comes back to where it began (no trap);
and every control on the screen is among those reached.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)
MOST_STOPS = 150  # more Tabs than any screen has stops: past them, Tab never came back
STUCK_AFTER = 3  # Tabs in a row that leave the focus where it was


def said_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget`` (a combo box's is its label's)."""
    if isinstance(widget, QComboBox):
        # On Linux Qt names a combo box by its value; its label comes as "labelled by".
        labels = [
            label.text()
            for label in widget.window().findChildren(QLabel)
            if label.buddy() is widget
        ]
        return widget.accessibleName() or " ".join(labels)
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName() or text!r}"


def all_controls(root: QWidget) -> Iterator[QWidget]:
    """``root`` and the controls in it, but not the parts of one (a spin box's editor...)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue
        if isinstance(widget.parentWidget(), (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            continue  # a spin box's editor, a table's header: part of their owner
        yield widget


def controls(root: QWidget) -> list[QWidget]:
    """Shown, enabled controls under ``root`` that Tab should reach."""
    return [
        widget
        for widget in all_controls(root)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.isVisible()
        and widget.isEnabled()
    ]


def tab_walk(qtbot, root: QWidget) -> tuple[list[QWidget], list[str]]:
    """Press Tab from the focused widget until the focus comes back; what it met, what is wrong."""
    start = QApplication.focusWidget()
    if start is None or start.window() is not root.window():
        return [], [f"nothing in {root.window().windowTitle()!r} has the focus"]
    reached: list[QWidget] = [start]
    problems: list[str] = []
    stuck = 0
    for _ in range(MOST_STOPS):
        before = QApplication.focusWidget()
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is None:
            return reached, [*problems, f"Tab from {describe(before)} left nothing focused"]
        if now is start:
            return reached, problems
        if now is before:
            stuck += 1
            if stuck >= STUCK_AFTER:
                return reached, [*problems, f"Tab stays in {describe(now)} (a trap)"]
            continue
        stuck = 0
        if now not in reached:
            reached.append(now)
    return reached, [*problems, f"Tab never came back to {describe(start)}"]


def sweep(qtbot, root: QWidget, where: str) -> list[str]:
    """Everything wrong with the keyboard and screen-reader use of ``root``, as it is now."""
    reached, problems = tab_walk(qtbot, root)
    for widget in reached:
        if not (widget.isVisible() and widget.isEnabled()):
            problems.append(f"Tab reaches hidden or disabled {describe(widget)}")
        if not said_name(widget).strip():
            problems.append(f"{describe(widget)} has no name")
    missed = [w for w in controls(root) if w not in reached]
    problems += [f"Tab never reaches {describe(w)} (named {said_name(w)!r})" for w in missed]
    return [f"{where}: {problem}" for problem in problems]
