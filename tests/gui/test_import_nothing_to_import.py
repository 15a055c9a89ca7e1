"""A file that brings no note: the Import window says why its Import button is not available.

Found with an Anki package exported from an empty deck: the window showed "0 notes" and a
greyed Import button, and nothing said what was wrong or what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_interop_dialogs import shown

from anki_packages import write_anki_package
from fibrolearn.services.container import Services
from fibrolearn.ui.import_dialog import ImportDialog
from fibrolearn.ui.tasks import TaskRunner

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")


def empty_package(folder: Path) -> Path:
    """What Anki writes when the deck chosen for export holds no cards."""
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    package = folder / "Default.apkg"
    write_anki_package(col, package, media=True)
    col.close()
    return package


def previewed(qtbot, services: Services, tasks: TaskRunner, path: Path) -> ImportDialog:
    dialog = ImportDialog(None, services, tasks, path)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: "0 notes" in dialog.summary.text())
    return dialog


def test_a_package_without_notes_says_there_is_nothing_and_what_to_do(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path
) -> None:
    dialog = previewed(qtbot, services, tasks, empty_package(tmp_path))
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text().splitlines()[-1] == (
        "  Nothing can be imported: the file holds no notes. In Anki, export again the deck "
        "that holds your cards, or “All decks”."
    )


def test_a_file_whose_every_note_is_left_out_points_to_the_reasons(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path
) -> None:
    path = tmp_path / "fronts.txt"
    path.write_text("only fronts\nhere\n", encoding="utf-8")
    dialog = previewed(qtbot, services, tasks, path)
    assert not dialog.import_button.isEnabled()
    lines = dialog.summary.text().splitlines()
    reasons = lines.index("Skipped 2:")
    assert lines[reasons - 1] == (
        "  Nothing can be imported: every note in the file is left out, as said below."
    )
    assert lines[reasons + 1] == "  line 1: the back is empty"
