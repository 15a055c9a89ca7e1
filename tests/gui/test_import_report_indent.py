"""The import report's and preview's lines wrap with a hanging indent; their text stays as printed.

Found in a wording review: a long line under "Worth knowing:" or "Skipped 3:" wrapped to the
window's left edge, under the heading, so its second half looked like a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QFont, QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QWidget
from test_import_dialog_layout import EXCEL_1252
from ui_driving import press

from fibrolearn.interop.values import ImportReport
from fibrolearn.services.container import Services
from fibrolearn.services.interop import report_lines
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.report_view import HANG, ReportView
from fibrolearn.ui.tasks import TaskRunner

REPORT = (
    "Imported from text file Symptoms.txt.\n"
    "Skipped 2:\n"
    "  line 2: the front is empty, so no card could be made of it and nothing was imported\n"
    "  line 5: it repeats the note on line 1\n"
    "Worth knowing:\n"
    "    a deeper line, indented four spaces, goes on further in than it starts as well"
)


def badly_wrapped(view: QWidget) -> list[str]:
    """Each line of the report whose wrapped part does not go on further in than it starts.

    Indented by as many spaces more than its own start as ``HANG``, the same for every part.
    """
    space = QFontMetricsF(view.document().defaultFont()).horizontalAdvance(" ")
    problems, indented = [], 0
    block = view.document().begin()
    while block.isValid():
        text = block.text()
        spaces = len(text) - len(text.lstrip(" "))
        layout = block.layout()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + spaces)
        first = view.cursorRect(cursor).left()
        for number in range(1, layout.lineCount()):
            indented += spaces > 0
            cursor.setPosition(block.position() + layout.lineAt(number).textStart())
            if abs(view.cursorRect(cursor).left() - first - HANG * space) > 1:
                problems.append(f"{text[:30]!r}, line {number + 1}")
        block = block.next()
    assert indented, "no indented line wrapped: the check checked nothing"
    return problems


def test_indented_lines_wrap_under_their_first_word_at_any_text_size(qtbot) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    view.resize(320, 400)
    view.show()
    view.set_report(REPORT)
    assert badly_wrapped(view) == []
    bigger = QFont(view.font())
    bigger.setPointSizeF(2 * bigger.pointSizeF())
    view.setFont(bigger)  # the text size doubled with the report open
    assert badly_wrapped(view) == []
    assert view.toPlainText() == REPORT  # what Copy and a screen reader get


@pytest.fixture(params=[100, 200])
def excel_dialog(
    request, qtbot, make_window, services: Services, tasks: TaskRunner, tmp_path: Path
) -> Iterator[tuple[ImportDialog, int]]:
    """The Import window on a file worth knowing about at length, and its text size (%)."""
    scale = request.param
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=scale))
    path = tmp_path / "excel-semicolon-1252.csv"
    path.write_bytes(EXCEL_1252)
    try:
        dialog = ImportDialog(window, services, tasks, path)
        qtbot.addWidget(dialog)
        yield dialog, scale
    finally:
        window.apply_preferences(AppPreferences())


def test_the_import_report_keeps_its_indents_where_lines_wrap(
    qtbot, excel_dialog: tuple[ImportDialog, int], screenshot
) -> None:
    dialog, scale = excel_dialog
    reports: list[ImportReport] = []
    dialog.imported.connect(reports.append)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(dialog.import_button.isEnabled)
    dialog.resize(640, dialog.height())
    dialog.import_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    qtbot.wait(100)  # the report lays out its lines
    screenshot(dialog, f"import-report-indents-{scale}")
    assert badly_wrapped(dialog.report_text) == []
    shown = dialog.report_text.toPlainText()
    assert shown == "\n".join(report_lines(reports[0]))  # as the command line prints it
    assert "\nWorth knowing:\n  " in shown


def test_the_preview_summary_wraps_its_items_further_in_and_scrolls_with_the_page(
    qtbot, excel_dialog: tuple[ImportDialog, int], screenshot
) -> None:
    """At 200 % in 800×600 an item of the preview went on at its left edge, as a new one."""
    dialog, scale = excel_dialog
    dialog.resize(800, 600)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(dialog.import_button.isEnabled)
    qtbot.wait(100)  # the summary lays out its lines
    screenshot(dialog, f"import-preview-indents-{scale}")
    summary = dialog.summary
    if scale == 200:  # at 100 % no indented line wraps
        assert badly_wrapped(summary) == []
    assert "\nWorth knowing:\n  " in summary.text()  # as a screen reader gets it
    # All of it is there to read on the page, which scrolls: it scrolls in no box of its own.
    assert summary.verticalScrollBar().maximum() == 0
    assert summary.viewport().height() >= summary.document().size().height() - 1


def test_a_screen_reader_is_offered_the_report_s_lines_to_read(qtbot) -> None:
    """Found in review: as a text browser, the report was static text to a screen reader,
    which may read only its name; a read-only text edit offers its lines, as before."""
    view = ReportView()
    qtbot.addWidget(view)
    view.set_report("Imported 2 notes.\nWorth knowing:\n  one line")
    view.show()
    reader = QAccessible.queryAccessibleInterface(view)
    assert reader.role() == QAccessible.Role.EditableText
    assert reader.state().readOnly
    assert reader.textInterface().text(0, reader.textInterface().characterCount()) == view.text()
