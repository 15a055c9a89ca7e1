"""The Import and Export windows, driven with the keyboard on a real collection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox, QWidget
from shiboken6 import isValid
from sqlalchemy import text
from ui_driving import ALT, back_to, when_dialog_opens

from driver_faults import locked_by_another_program
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.paths import AppPaths
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.export_dialog import ExportDialog
from fibrolearn.ui.import_dialog import ImportDialog, choose_and_import
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.text_fit import screen_room

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"


def shown(qtbot, dialog) -> None:
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def key(qtbot, dialog, key_: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, key_, modifier)


def note_count(services: Services) -> int:
    return sum(deck.total for deck in services.decks.list_decks())


def test_a_preview_the_collection_cannot_give_says_it_changed_nothing(
    qtbot, services: Services, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(services.importer, "preview", busy)
    dialog = ImportDialog(None, services, tasks, DATA / "small-latest.apkg")
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Nothing can be imported"))
    assert dialog.summary.text() == (
        "Nothing can be imported right now.\n\nAnother program is using your collection, so "
        "the preview could not finish; it changed nothing. Wait a moment, or close that "
        "program, then try again."
    )
    assert not dialog.import_button.isEnabled()


def test_anki_package_preview_import_and_report(
    qtbot, services: Services, tasks: TaskRunner, paths: AppPaths, screenshot
) -> None:
    before = note_count(services)
    dialog = ImportDialog(None, services, tasks, DATA / "small-latest.apkg")
    shown(qtbot, dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert "3 notes (3 new, 0 already in your collection), 4 cards" in dialog.summary.text()
    assert dialog.cards_table.item(0, 1).text() == "Where is pain processed?"
    assert dialog.history_box.isVisible() and not dialog.csv_group.isVisible()
    screenshot(dialog, "import-preview-anki")

    key(qtbot, dialog, Qt.Key.Key_D, ALT)  # the Deck box, by its mnemonic
    assert QApplication.focusWidget() is dialog.deck_edit
    qtbot.keyClicks(dialog.deck_edit, "From Anki")
    qtbot.waitUntil(lambda: "into 1 deck: From Anki" in dialog.summary.text())
    qtbot.waitUntil(dialog.import_button.isEnabled)

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as signal:
        key(qtbot, dialog, Qt.Key.Key_Return)  # Import is the default button
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2)
    report = dialog.report_text.toPlainText()
    assert report.splitlines()[1] == "Added 3 notes (4 cards), updated 0, unchanged 0."
    assert signal.args[0].added == 3
    assert note_count(services) == before + 4
    assert (paths.media_dir / "heart.png").exists()
    assert any(b.reason == "before-import" for b in services.backups.list_backups())
    screenshot(dialog, "import-report")
    assert QApplication.focusWidget() is dialog.close_button
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_csv_mapping_chosen_with_the_keyboard(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Quizlet set.txt"
    path.write_text("dog\tperro\tanimals\ncat\tgato\tanimals\nsun\tsol\tsky\n", encoding="utf-8")
    dialog = ImportDialog(None, services, tasks, path)
    shown(qtbot, dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert dialog.csv_group.isVisible() and not dialog.history_box.isVisible()
    assert dialog.csv_group.delimiter_box.currentText() == "Tab"
    assert dialog.cards_table.item(0, 1).text() == "dog"

    # Front and back are the wrong way round for a Spanish learner: swap them by keyboard.
    first: QComboBox = dialog.csv_group.columns_table.cellWidget(0, 0)
    second: QComboBox = dialog.csv_group.columns_table.cellWidget(0, 1)
    third: QComboBox = dialog.csv_group.columns_table.cellWidget(0, 2)
    first.setFocus()
    key(qtbot, dialog, Qt.Key.Key_Down)  # Front -> Back
    second.setFocus()
    key(qtbot, dialog, Qt.Key.Key_Up)  # Back -> Front
    third.setFocus()
    key(qtbot, dialog, Qt.Key.Key_Up)  # Ignore -> Note id
    key(qtbot, dialog, Qt.Key.Key_Up)  # -> Deck
    key(qtbot, dialog, Qt.Key.Key_Up)  # -> Tags
    assert [first.currentText(), second.currentText(), third.currentText()] == [
        "Back",
        "Front",
        "Tags",
    ]
    qtbot.waitUntil(lambda: dialog.cards_table.item(0, 1).text() == "perro")
    qtbot.waitUntil(dialog.import_button.isEnabled)
    screenshot(dialog, "import-preview-csv")

    dialog.import_button.setFocus()
    key(qtbot, dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    assert "Added 3 notes" in dialog.report_text.toPlainText()
    decks = {deck.name: deck.total for deck in services.decks.list_decks()}
    assert decks["Quizlet set"] == 3


def test_a_reimport_report_says_which_edits_were_kept(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "Quizlet set.txt"
    path.write_text("perro\tdog\ngato\tcat\n", encoding="utf-8")
    services.importer.run(path, ImportOptions())
    with services.database.read() as session:
        perro = session.execute(
            text("SELECT id FROM notes WHERE json_extract(fields, '$.front') = 'perro'")
        ).scalar_one()
    services.notes.edit_fields(perro, {"back": "hound"})
    path.write_text("perro\tthe dog\ngato\tthe cat\n", encoding="utf-8")
    dialog = ImportDialog(None, services, tasks, path)
    shown(qtbot, dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    dialog.import_button.setFocus()
    key(qtbot, dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    report = dialog.report_text.toPlainText().splitlines()
    assert report[1] == "Added 0 notes (0 cards), updated 1, unchanged 1."
    assert report[2] == (
        "1 note you edited since the last import keeps your words where the import "
        "changed them too."
    )
    screenshot(dialog, "import-report-kept-edit")


def test_escape_during_the_import_cancels_it(
    qtbot, services: Services, tasks: TaskRunner, held, screenshot
) -> None:
    before = note_count(services)
    release = held(services.backups, "backup")
    dialog = ImportDialog(None, services, tasks, DATA / "small-legacy.apkg")
    shown(qtbot, dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    key(qtbot, dialog, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1)
    qtbot.waitUntil(lambda: "Backing up" in dialog.progress_label.text())
    screenshot(dialog, "import-progress")
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Esc cancels the import; it does not walk away from it
    assert dialog.progress_label.text() == "Cancelling…"
    release.set()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    assert dialog.report_heading.text() == "The import was cancelled."
    assert note_count(services) == before


@pytest.mark.parametrize("reading", ["inspect", "preview"])
def test_closing_the_window_while_the_file_is_read_leaves_nothing_to_fail(
    qtbot,
    services: Services,
    tasks: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
    held,
    reading: str,
) -> None:
    """Esc while a large package was still read: when the reading ended, it wrote into the
    closed window's deleted parts, and the app said an unexpected error had happened."""
    release = held(services.importer, reading)
    chosen = (str(DATA / "small-latest.apkg"), "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: chosen)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = choose_and_import(parent, services, tasks)
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    if reading == "preview":
        qtbot.waitUntil(lambda: dialog._source is not None)  # read; its preview is under way
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    release.set()
    tasks.wait()
    qtbot.waitUntil(lambda: not isValid(dialog))  # freed once its reading is over


def test_a_broken_file_is_explained_and_cannot_be_imported(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    broken = tmp_path / "broken.apkg"
    broken.write_bytes((DATA / "small-latest.apkg").read_bytes()[:5000])
    dialog = ImportDialog(None, services, tasks, broken)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: "cannot be imported" in dialog.summary.text())
    assert "not a readable zip archive" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    screenshot(dialog, "import-refused")
    key(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_stray_quote_refuses_the_file_aloud_and_focus_goes_to_cancel(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    rows = [f"q{n},a{n}\n" for n in range(1, 101)]
    rows[4] = '"Substance P, a neuropeptide,a5\n'  # line 6 of the file: never closed
    path = tmp_path / "quote-mid.csv"
    path.write_text("front,back\n" + "".join(rows), encoding="utf-8")
    before = note_count(services)
    dialog = ImportDialog(None, services, tasks, path)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: "cannot be imported" in dialog.summary.text())
    reason = (
        'Line 6 opens a quote (") that is not closed before the end of the file, so lines '
        "6–101 would be read as one field. Add the missing quote, or remove the stray one, "
        "then import again."
    )
    assert dialog.summary.text() == f"This file cannot be imported.\n\n{reason}"
    assert dialog.announcer.last == f"This file cannot be imported. {reason}"
    assert QApplication.focusWidget() is dialog.cancel  # not an empty table of cards
    assert not dialog.cards_table.isVisible() and not dialog.deck_edit.isVisible()
    screenshot(dialog, "import-refused-stray-quote")
    key(qtbot, dialog, Qt.Key.Key_Return)  # Cancel is the default button now
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert note_count(services) == before


def test_a_busy_collection_ends_on_a_plain_report_with_a_working_close(
    qtbot, services: Services, tasks: TaskRunner, paths: AppPaths, tmp_path: Path, screenshot
) -> None:
    path = tmp_path / "words.csv"
    path.write_text("perro,dog\ngato,cat\n", encoding="utf-8")
    before = note_count(services)
    dialog = ImportDialog(None, services, tasks, path)
    shown(qtbot, dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    with locked_by_another_program(services):
        key(qtbot, dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    busy = StorageProblem(StorageProblemKind.BUSY, "").message
    assert dialog.report_heading.text() == "Nothing was imported."
    assert dialog.report_text.toPlainText() == f"{busy}\n\nYour collection is as it was before."
    assert dialog.announcer.last.startswith(f"Nothing was imported. {busy}")
    screenshot(dialog, "import-failed-busy")
    assert QApplication.focusWidget() is dialog.close_button
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert note_count(services) == before


def test_an_unexpected_error_while_importing_still_ends_on_the_report(
    qtbot, services: Services, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_run(*_args, **_kwargs):
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(services.importer, "run", broken_run)
    dialog = ImportDialog(None, services, tasks, DATA / "small-legacy.apkg")
    shown(qtbot, dialog)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    key(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=20_000)
    assert dialog.report_text.toPlainText().startswith(
        "Something unexpected went wrong (RuntimeError: the worker fell over)."
    )
    key(qtbot, dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_at_200_percent_text_the_import_window_fits_the_screen(
    qtbot, make_window, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    window = make_window(services)
    window.apply_preferences(AppPreferences(text_scale=200))
    path = tmp_path / "cp1252.csv"
    path.write_bytes(
        "front;back\nCaf\xe9;cr\xe8me br\xfbl\xe9e\n\xc4pfel;M\xfcll\n".encode("cp1252")
    )
    try:
        dialog = ImportDialog(window, services, tasks, path)
        shown(qtbot, dialog)
        qtbot.waitUntil(dialog.import_button.isEnabled)
        room = screen_room(dialog)
        frame = dialog.frameGeometry().size()
        assert frame.width() <= room.width() and frame.height() <= room.height()
        group = dialog.csv_group
        for option in (
            dialog.csv_group.delimiter_box,
            dialog.csv_group.header_box,
            dialog.csv_group.html_box,
        ):
            right_edge = option.mapTo(group, QPoint(option.width(), 0)).x()
            assert right_edge <= group.width(), option  # the options wrap, not run off
            assert option.width() >= option.sizeHint().width()
        table = dialog.cards_table
        assert table.viewport().height() >= 2 * table.rowHeight(0)  # both cards, not one
        screenshot(dialog, "import-preview-200")
    finally:
        window.apply_preferences(AppPreferences())


def test_export_a_deck_with_the_keyboard(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    key(qtbot, dialog, Qt.Key.Key_D, ALT)
    key(qtbot, dialog, Qt.Key.Key_Down)  # All decks -> the small deck
    assert dialog.deck_box.currentText() == "Small deck"
    key(qtbot, dialog, Qt.Key.Key_F, ALT)
    dialog.path_edit.selectAll()
    target = tmp_path / "small.apkg"
    qtbot.keyClicks(dialog.path_edit, str(target))
    key(qtbot, dialog, Qt.Key.Key_H, ALT)  # include history (a mnemonic clicks after a beat)
    qtbot.waitUntil(dialog.history_box.isChecked)
    key(qtbot, dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Exported"), timeout=20_000)
    assert target.exists()
    assert str(target) in dialog.status.text()
    assert dialog._announcer.last == dialog.status.text()  # said as well as shown
    screenshot(dialog, "export-done")

    key(qtbot, dialog, Qt.Key.Key_T, ALT)  # text file: history and media do not apply
    qtbot.waitUntil(lambda: dialog.path_edit.text().endswith(".txt"))
    assert not dialog.history_box.isEnabled() and not dialog.media_box.isEnabled()


def export_to(qtbot, dialog: ExportDialog, typed: str) -> None:
    key(qtbot, dialog, Qt.Key.Key_F, ALT)
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, typed)
    key(qtbot, dialog, Qt.Key.Key_E, ALT)


def test_export_asks_before_replacing_a_file_and_keeping_it_is_the_default(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, screenshot
) -> None:
    precious = tmp_path / "precious.apkg"
    precious.write_bytes(b"something else entirely")
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    asked: list[str] = []

    def keep(question: QMessageBox) -> None:
        asked.append(question.text())
        assert question.defaultButton().text() == "Cancel"
        screenshot(question, "export-replace-question")
        key(qtbot, question, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, keep)
    export_to(qtbot, dialog, str(precious))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Nothing was exported"))
    assert asked == [f"precious.apkg already exists in {tmp_path}. Replace it?"]
    assert precious.read_bytes() == b"something else entirely"

    back_to(qtbot, dialog)
    when_dialog_opens(qtbot, lambda question: key(qtbot, question, Qt.Key.Key_R, ALT))
    key(qtbot, dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Exported"), timeout=20_000)
    assert precious.read_bytes().startswith(b"PK")  # replaced, as asked


def test_a_bare_file_name_is_exported_into_the_home_folder(
    qtbot,
    services: Services,
    tasks: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    screenshot,
) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "started-here"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    export_to(qtbot, dialog, "relative-name.apkg")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Exported"), timeout=20_000)
    target = home / "relative-name.apkg"
    assert target.exists() and not (elsewhere / "relative-name.apkg").exists()
    assert f"to {target}." in dialog.status.text()
    assert dialog.path_edit.text() == str(target)
    screenshot(dialog, "export-bare-name")


def test_a_busy_collection_while_exporting_is_said_and_the_window_stays_usable(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(services.exporter, "export_apkg", busy)
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    export_to(qtbot, dialog, str(tmp_path / "deck.apkg"))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Nothing was exported."))
    assert dialog.status.text() == (
        "Nothing was exported. Another program is using your collection, so the export could "
        "not finish; it changed nothing. Wait a moment, or close that program, then try again."
    )
    assert dialog.export_button.isEnabled() and not (tmp_path / "deck.apkg").exists()


@pytest.mark.parametrize(
    ("text_file", "typed", "written"),
    [
        (False, "/my cards", "my cards.apkg"),
        (False, "/cards.csv", "cards.csv.apkg"),  # a package, whatever the name said
        (True, "/notes", "notes.txt"),
        (True, "/notes.csv", "notes.csv"),  # Anki reads .csv, .tsv and .txt alike
        (False, "", "FibroLearn.apkg"),  # the folder: in it, under the suggested name
        (True, "/", "FibroLearn.txt"),
    ],
)
def test_a_typed_file_name_gets_the_ending_anki_opens_it_by(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path, text_file, typed, written
) -> None:
    """As Choose… gives it: without it, Anki did not offer the file, or read a package as text.

    A folder named in the box is where the file goes; writing to the folder itself failed.
    """
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    if text_file:
        key(qtbot, dialog, Qt.Key.Key_T, ALT)
        qtbot.waitUntil(lambda: dialog.format == "csv")
    export_to(qtbot, dialog, f"{folder}{typed}")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Exported"), timeout=20_000)
    target = folder / written
    assert [path.name for path in folder.iterdir()] == [written]
    assert f"to {target}." in dialog.status.text()
    assert dialog.path_edit.text() == str(target)


def test_a_name_the_learner_typed_stays_when_the_format_or_deck_changes(
    qtbot, services: Services, tasks: TaskRunner, tmp_path: Path
) -> None:
    """Switching to a text file put the deck's name back over the learner's own."""
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    key(qtbot, dialog, Qt.Key.Key_F, ALT)
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "cards for Anne.apkg"))
    key(qtbot, dialog, Qt.Key.Key_T, ALT)  # a text file after all
    qtbot.waitUntil(lambda: dialog.format == "csv")
    assert dialog.path_edit.text() == str(tmp_path / "cards for Anne.txt")
    key(qtbot, dialog, Qt.Key.Key_D, ALT)
    key(qtbot, dialog, Qt.Key.Key_Down)  # All decks -> the small deck
    assert dialog.deck_box.currentText() == "Small deck"
    assert dialog.path_edit.text() == str(tmp_path / "cards for Anne.txt")
    key(qtbot, dialog, Qt.Key.Key_A, ALT)  # and back to a package
    qtbot.waitUntil(lambda: dialog.format == "apkg")
    assert dialog.path_edit.text() == str(tmp_path / "cards for Anne.apkg")


def test_an_untouched_suggestion_follows_the_deck_and_format(
    qtbot, services: Services, tasks: TaskRunner
) -> None:
    dialog = ExportDialog(None, services, tasks)
    shown(qtbot, dialog)
    assert dialog.path_edit.text() == str(Path.home() / "FibroLearn.apkg")
    key(qtbot, dialog, Qt.Key.Key_D, ALT)
    key(qtbot, dialog, Qt.Key.Key_Down)
    assert dialog.path_edit.text() == str(Path.home() / "Small deck.apkg")
    key(qtbot, dialog, Qt.Key.Key_T, ALT)
    qtbot.waitUntil(lambda: dialog.path_edit.text() == str(Path.home() / "Small deck.txt"))
