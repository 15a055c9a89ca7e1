"""The Import window reads Quizlet's exports whatever the learner put between terms and rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.text_fit import screen_room

SEMICOLON_ROWS = (
    "serotonin,a neurotransmitter;noradrenaline,also called norepinephrine;"
    "substance P,pain neuropeptide"
)


def opened(qtbot, dialog: ImportDialog) -> ImportDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("From "))
    return dialog


def import_window(qtbot, services, tasks, path: Path, parent=None) -> ImportDialog:
    return opened(qtbot, ImportDialog(parent, services, tasks, path))


def first_card(dialog: ImportDialog) -> tuple[str, str]:
    table = dialog.cards_table
    return table.item(0, 1).text(), table.item(0, 2).text()


def test_a_dash_between_term_and_definition_is_found(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Neuro.txt"
    path.write_text(
        "serotonin - a neurotransmitter\nnoradrenaline - also called norepinephrine\n"
        "substance P - pain neuropeptide\n",
        encoding="utf-8",
    )
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    fields = dialog.csv_group.fields
    assert fields.box.currentText() == "Other text"
    assert fields.other.isVisible() and fields.other.text() == " - "
    assert not dialog.csv_group.rows.isVisible()  # lines are rows: nothing to choose
    assert "3 notes" in dialog.summary.text()
    assert first_card(dialog) == ("serotonin", "a neurotransmitter")
    screenshot(dialog, "import-separators-dash")

    # Enter in the separator's box reads the file with what was typed; it does not import.
    fields.other.setFocus()
    fields.other.selectAll()
    qtbot.keyClicks(fields.other, " - ")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 0
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert dialog.pages.currentIndex() == 0 and "3 notes" in dialog.summary.text()


def test_a_separator_typed_by_keyboard_reads_the_terms_apart(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Spanish.txt"
    path.write_text("perro = dog\ngato = cat\n", encoding="utf-8")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(lambda: "Every line has only one column" in dialog.summary.text())
    assert "Quizlet calls it “between term and definition”" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    screenshot(dialog, "import-separators-one-column")

    fields = dialog.csv_group.fields
    fields.box.setFocus()
    press(qtbot, Qt.Key.Key_End)  # Tab -> Other text
    assert fields.box.currentText() == "Other text" and fields.other.isVisible()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is fields.other
    qtbot.keyClicks(fields.other, " = ")
    press(qtbot, Qt.Key.Key_Return)  # reads the file with it; does not import yet
    qtbot.waitUntil(lambda: dialog.csv_group.columns_table.columnCount() == 2)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert dialog.pages.currentIndex() == 0
    assert first_card(dialog) == ("perro", "dog")
    assert fields.other.text() == " = " and QApplication.focusWidget() is fields.other
    screenshot(dialog, "import-separators-typed")

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    assert "Added 2 notes" in dialog.report_text.toPlainText()


def test_quizlets_semicolon_between_rows_is_found_and_can_be_changed(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Neuro rows.txt"
    path.write_text(SEMICOLON_ROWS, encoding="utf-8")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    reading = dialog.csv_group
    assert reading.rows.isVisible() and reading.rows.box.currentText() == "Semicolon"
    assert reading.fields.box.currentText() == "Comma"
    assert "3 notes" in dialog.summary.text()
    assert first_card(dialog) == ("serotonin", "a neurotransmitter")
    screenshot(dialog, "import-separators-rows")

    reading.rows.box.setFocus()
    press(qtbot, Qt.Key.Key_Up)  # Semicolon -> New line: the whole line is one row
    qtbot.waitUntil(lambda: "seems to hold several cards" in dialog.summary.text())
    assert reading.columns_table.columnCount() == 4
    assert reading.rows.isVisible()  # still there to go back
    press(qtbot, Qt.Key.Key_Down)  # back to Semicolon
    qtbot.waitUntil(lambda: "3 notes" in dialog.summary.text())
    assert reading.columns_table.columnCount() == 2


def test_rows_of_several_lines_between_blank_lines_are_read_whole(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Fibro terms.txt"
    path.write_bytes(
        b"allodynia\tpain from a touch\r\nthat does not hurt others\r\n\r\n"
        b"fibro fog\tslow thinking\r\n"
    )
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    reading = dialog.csv_group
    assert reading.rows.isVisible() and reading.rows.box.currentText() == "Blank line"
    assert not reading.rows.other.isVisible()
    assert "2 notes" in dialog.summary.text() and "Skipped" not in dialog.summary.text()
    assert first_card(dialog) == ("allodynia", "pain from a touch that does not hurt others")
    qtbot.wait(100)  # the page lays out the summary's lines
    screenshot(dialog, "import-separators-blank-lines")


def test_at_200_percent_text_both_separators_fit(
    qtbot, make_window, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    path = tmp_path / "Spanish rows.txt"
    path.write_text("perro - dog;gato - cat;sol - sun", encoding="utf-8")
    try:
        dialog = import_window(qtbot, services, tasks, path, parent=window)
        reading = dialog.csv_group
        assert reading.rows.isVisible()  # one line: its rows may be joined
        reading.rows.box.setFocus()
        press(qtbot, Qt.Key.Key_Down)  # New line -> Semicolon
        qtbot.waitUntil(lambda: "3 notes" in dialog.summary.text())
        assert reading.fields.other.text() == " - "
        qtbot.wait(200)  # the options' lines settle after the re-read
        room = screen_room(dialog)
        frame = dialog.frameGeometry().size()
        assert frame.width() <= room.width() and frame.height() <= room.height()
        options: list[QWidget] = [
            *reading.fields.controls(),
            *reading.rows.controls(),
            reading.header_box,
            reading.html_box,
        ]
        for option in options:
            right_edge = option.mapTo(reading, QPoint(option.width(), 0)).x()
            assert right_edge <= reading.width(), option  # the options wrap, not run off
            assert option.width() >= option.sizeHint().width(), option
        screenshot(dialog, "import-separators-200")
    finally:
        window.apply_preferences(AppPreferences())


def test_what_will_be_imported_is_said_as_it_changes(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path
) -> None:
    """Found in an accessibility review: how many notes would come in, into which deck, and
    hints such as "Every line has only one column" were shown over the options, never said:
    a screen reader heard only "not checked" as the learner changed them."""
    path = tmp_path / "cards.csv"
    path.write_text("front;back\nWhat is A?;A is a\nWhat is B?;B is b\n", encoding="utf-8")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(lambda: "2 notes" in dialog.summary.text())
    assert dialog.announcer.last == dialog.summary.text()

    header = dialog.csv_group.header_box
    header.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # the first row is a card too
    qtbot.waitUntil(lambda: "3 notes" in dialog.summary.text())
    assert dialog.announcer.last == dialog.summary.text()
