"""Two columns set to the same role in the Import window: the preview says one is left out.

Choosing Back for a third column while the second held Back already took every answer from the
second, and the third column's text was left out of every card without a word.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from test_import_separators import first_card, import_window
from ui_driving import press

from fibrolearn.services.container import Services
from fibrolearn.ui.tasks import TaskRunner


def test_a_second_column_set_to_back_is_said_to_be_left_out(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Symptoms.csv"
    path.write_text("term,answer,example\nfog,slow thinking,lost words\nfatigue,tired,worn\n")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    table = dialog.csv_group.columns_table
    choosers: list[QComboBox] = [table.cellWidget(0, column) for column in range(3)]
    assert [c.currentText() for c in choosers] == ["Front", "Back", "Ignore"]

    choosers[2].setFocus()
    for _step in range(4):  # Ignore -> Note id -> Deck -> Tags -> Back
        press(qtbot, Qt.Key.Key_Up)
    assert choosers[2].currentText() == "Back"
    said = (
        "Columns 2 (answer) and 3 (example) are both set to Back: only column 2 (answer) goes "
        "into the cards, and the text of column 3 (example) was not imported. If you need it, "
        "choose what it holds in the Import window."
    )
    qtbot.waitUntil(lambda: said in dialog.summary.text())
    assert first_card(dialog) == ("fog", "slow thinking")
    qtbot.wait(100)  # the page lays out the summary's lines
    screenshot(dialog, "import-column-roles")


def test_ticking_the_header_row_chooses_the_columns_by_their_names(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    # A spreadsheet's export with its row numbers' column unnamed: not taken for a header.
    path = tmp_path / "Symptoms.csv"
    path.write_text(",Term,Definition,Tags\n1,fog,slow thinking,fibro\n2,fatigue,tired,fibro\n")
    dialog = import_window(qtbot, services, tasks, path)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    box = dialog.csv_group
    table = box.columns_table
    choosers: list[QComboBox] = [table.cellWidget(0, column) for column in range(4)]
    assert not box.header_box.isChecked()
    assert [c.currentText() for c in choosers] == ["Front", "Back", "Ignore", "Ignore"]

    box.header_box.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert [c.currentText() for c in choosers] == ["Ignore", "Front", "Back", "Tags"]
    qtbot.waitUntil(lambda: first_card(dialog) == ("fog", "slow thinking"))
    assert "2 notes" in dialog.summary.text()
    screenshot(dialog, "import-header-ticked")
