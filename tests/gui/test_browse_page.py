"""Drive the Browse page with the keyboard: search 100,000 cards, sort, add, edit, delete, undo."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QPushButton,
    QTextBrowser,
    QWidget,
)
from test_ui_accessibility import nameless
from ui_driving import CTRL, back_to, close_discarding, press, press_in, when_dialog_opens

from bulk_collection import NOW, BulkCollection, copy_collection
from driver_faults import locked_by_another_program
from fibrolearn.domain.browse import SortKey
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblem, StorageProblemKind
from fibrolearn.scheduling.study_day import StudyDay
from fibrolearn.services.container import Services
from fibrolearn.services.interop import ImportOptions
from fibrolearn.storage.migrate import open_collection
from fibrolearn.ui.app_preferences import AppPreferences
from fibrolearn.ui.browse_editor import NoteEditorDialog
from fibrolearn.ui.browse_model import COLUMNS
from fibrolearn.ui.browse_page import BrowsePage
from fibrolearn.ui.browse_place import add_browse_place
from fibrolearn.ui.shortcuts_help import shortcut_rows
from fibrolearn.ui.tags_dialog import tags_dialog
from fibrolearn.ui.tasks import TaskRunner
from fibrolearn.ui.theme_palettes import Theme
from schema_changes import change_definition

SHIFT = Qt.KeyboardModifier.ShiftModifier
ANKI_PACKAGE = Path(__file__).parents[1] / "data" / "interop" / "small-latest.apkg"


class Host:
    """A window holding only the Browse page, with a window-wide Ctrl+Z like the real one."""

    def __init__(self, qtbot, services: Services, settings: QSettings | None = None) -> None:
        self.tasks = TaskRunner()
        self.window = QMainWindow()
        self.page = BrowsePage(services.browse, services.notes, self.tasks, settings=settings)
        self.window.setCentralWidget(self.page)
        self.window_undos = 0
        undo = QAction("Undo answer", self.window)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(self._window_undo)
        self.window.addAction(undo)
        qtbot.addWidget(self.window)
        self.window.resize(1180, 560)
        with qtbot.waitExposed(self.window):
            self.window.show()
        with qtbot.waitActive(self.window):
            self.window.activateWindow()
        self.page.enter()

    def _window_undo(self) -> None:
        self.window_undos += 1

    def finish(self, qtbot) -> None:
        """Wait for the page's background change to end."""
        qtbot.waitUntil(lambda: self.page.job is None, timeout=60_000)

    def cells(self, column: str, rows: int = 10) -> list[str]:
        index = [c.title for c in COLUMNS].index(column)
        model = self.page.model
        return [model.index(r, index).data() for r in range(min(rows, model.rowCount()))]


@pytest.fixture
def host(qtbot, services: Services) -> Iterator[Host]:
    made = Host(qtbot, services)
    yield made
    made.tasks.wait()


def search(qtbot, host: Host, text: str) -> None:
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is host.page.search
    qtbot.keyClicks(host.page.search, text)
    press(qtbot, Qt.Key.Key_Return)


def focus_table(qtbot, host: Host) -> None:
    host.page.table.setFocus()
    qtbot.waitUntil(host.page.table.hasFocus)


# ---------------------------------------------------------------- 100,000 cards
def test_search_100k_cards_by_keyboard(
    qtbot, bulk: BulkCollection, bulk_services: Services, screenshot
) -> None:
    start = time.perf_counter()
    host = Host(qtbot, bulk_services)
    host.window.grab()  # paints the first screenful
    opened = time.perf_counter() - start
    assert host.page.count.text() == "100,000 cards"

    day_end = StudyDay(4).end(NOW)
    expected = [
        c.card_id
        for c in bulk.cards
        if any("serotonin" in v.lower() for v in c.note.fields.values())
        and c.state != 0
        and c.due < day_end
        and not c.suspended
        and not c.buried
        and "body" not in c.note.tags
    ]
    start = time.perf_counter()
    search(qtbot, host, "Serotonin is:due -tag:body")
    host.window.grab()
    searched = time.perf_counter() - start
    assert host.page.count.text() == f"{len(expected):,} cards"
    model = host.page.model
    assert [model.card_id(r) for r in range(40)] == expected[:40]
    assert all("serotonin" in q.lower() for q in host.cells("Question", 20))
    assert all(s in ("Learning", "Review", "Relearning") for s in host.cells("State", 20))
    screenshot(host.window, "browse-01-search-100k")
    print(f"\nBrowse at 100,000 cards: open and paint {opened * 1000:.0f} ms; "
          f"search, count and paint the first page {searched * 1000:.0f} ms")  # fmt: skip
    host.tasks.wait()


def test_sorting_by_header_click_on_100k_cards(qtbot, bulk_services: Services) -> None:
    host = Host(qtbot, bulk_services)
    search(qtbot, host, "tag:rare")
    header = host.page.table.horizontalHeader()
    reviews = [c.title for c in COLUMNS].index("Reviews")

    def click(column: int) -> None:
        middle = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, 5))

    click(reviews)
    assert host.page.model.query.sort is SortKey.REVIEWS
    values = [int(v) for v in host.cells("Reviews", 100)]
    assert values == sorted(values) and values[0] < values[-1]
    click(reviews)
    assert host.page.model.query.descending
    values = [int(v) for v in host.cells("Reviews", 100)]
    assert values == sorted(values, reverse=True)
    click([c.title for c in COLUMNS].index("Answer"))  # not sortable: nothing changes
    assert host.page.model.query.sort is SortKey.REVIEWS
    assert header.sortIndicatorSection() == reviews
    host.tasks.wait()


def test_the_table_remembers_its_columns_widths_and_sort_across_starts(
    qtbot, services: Services, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    titles = [c.title for c in COLUMNS]
    due, answer, question = (titles.index(t) for t in ("Due", "Answer", "Question"))
    first = Host(qtbot, services, settings)
    header = first.page.table.horizontalHeader()
    header.setSortIndicator(due, Qt.SortOrder.DescendingOrder)  # as two clicks on "Due" do
    first.page.column_actions[answer].trigger()  # as its entry in the header's menu does
    header.resizeSection(question, 400)  # as dragging its edge does
    first.tasks.wait()
    first.window.close()

    again = Host(qtbot, services, settings)

    table = again.page.table
    assert (again.page.model.query.sort, again.page.model.query.descending) == (SortKey.DUE, True)
    assert table.horizontalHeader().sortIndicatorSection() == due
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert table.isColumnHidden(answer) and not again.page.column_actions[answer].isChecked()
    assert abs(table.columnWidth(question) - 400) <= 1
    bigger = table.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    table.setFont(bigger)  # a larger text size widens the remembered width with it
    assert table.columnWidth(question) > 550
    again.tasks.wait()


@pytest.mark.parametrize(
    "stored",
    [
        '{"shown": [], "sort": "no such sort"',  # cut short
        '{"shown": [], "sort": "no such sort"}',
        '{"sort": "reviews", "widths": {"Question": Infinity, "Answer": -3, "Deck": NaN}}',
        "[" * 100_000,  # found in review: json.loads's RecursionError got through
    ],
)
def test_an_unreadable_remembered_layout_gives_the_usual_table(
    qtbot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored: str
) -> None:
    # As if a later version made "Reviews" unsortable while ui.ini still asks for it.
    reviews = [c.title for c in COLUMNS].index("Reviews")
    unsortable = (*COLUMNS[:reviews], replace(COLUMNS[reviews], sort=None), *COLUMNS[reviews + 1 :])
    monkeypatch.setattr("fibrolearn.ui.browse_model.COLUMNS", unsortable)
    monkeypatch.setattr("fibrolearn.ui.browse_table.COLUMNS", unsortable)
    monkeypatch.setattr("fibrolearn.ui.browse_layout._SORTS", {c.sort for c in unsortable})
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    settings.setValue("browse/table", stored)

    host = Host(qtbot, services, settings)

    assert host.page.model.query.sort is SortKey.CREATED
    shown = [not host.page.table.isColumnHidden(i) for i in range(len(COLUMNS))]
    assert shown == [c.shown for c in COLUMNS]
    letter = host.page.table.fontMetrics().averageCharWidth()
    widths = [host.page.table.columnWidth(i) for i in range(3)]
    assert widths == [round(letter * c.width) for c in COLUMNS[:3]]
    host.tasks.wait()


def test_bad_search_is_explained_and_its_part_selected(host: Host, qtbot, screenshot) -> None:
    search(qtbot, host, "sleep dek:causes")
    assert host.page.problem.isVisible()
    assert host.page.problem.text().startswith(
        'Cannot search: unknown search field "dek:" — did you mean "deck:"?'
    )
    assert host.page.search.selectedText() == "dek:"
    assert host.page.count.text() == "5 cards"  # the table still shows the last good search
    screenshot(host.window, "browse-02-bad-search")
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.keyClicks(host.page.search, "deck:")
    press(qtbot, Qt.Key.Key_Return)
    assert not host.page.problem.isVisible()
    assert host.page.count.text() == "No cards match"


# ------------------------------------------------------- changes on a small deck
def on_dialog(qtbot, handler: Callable[[QWidget], None]) -> None:
    """Drive the next dialog with ``handler``; it is closed afterwards even if a check fails."""

    def drive(dialog: QWidget) -> None:
        try:
            handler(dialog)
        finally:
            if dialog.isVisible():
                dialog.close()

    when_dialog_opens(qtbot, drive)


def type_note(qtbot, dialog: QWidget, *texts: str) -> None:
    """Type into the dialog's fields one after another (Tab between them), then Ctrl+Enter."""
    for text in texts:
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text=text)
        press_in(qtbot, dialog, Qt.Key.Key_Tab)


def test_add_edit_delete_and_undo_by_keyboard(host: Host, qtbot, screenshot) -> None:
    def add(dialog: QWidget) -> None:
        type_note(qtbot, dialog, "Which hormone follows a daily rhythm?", "Cortisol", "hormones")
        screenshot(dialog, "browse-03-add-note")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)  # it waits for the next note

    on_dialog(qtbot, add)
    press(qtbot, Qt.Key.Key_N, CTRL)
    back_to(qtbot, host.window)
    assert host.page.status.text() == "Added 1 card to Small deck."
    assert host.page.count.text() == "6 cards"

    search(qtbot, host, "tag:hormones")
    assert host.cells("Question") == ["Which hormone follows a daily rhythm?"]
    focus_table(qtbot, host)

    def edit(dialog: QWidget) -> None:
        editor = dialog.focusWidget()
        editor.selectAll()
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Which stress hormone has a rhythm?")
        screenshot(dialog, "browse-04-edit-note")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    on_dialog(qtbot, edit)
    press(qtbot, Qt.Key.Key_Return)
    back_to(qtbot, host.window)
    assert host.page.status.text() == "Saved the note."
    assert host.cells("Question") == ["Which stress hormone has a rhythm?"]

    press(qtbot, Qt.Key.Key_Delete)
    host.finish(qtbot)
    assert host.page.status.text() == "Deleted 1 note (1 card)."
    assert host.page.count.text() == "No cards match"
    screenshot(host.window, "browse-05-deleted")

    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.page.status.text() == "Brought back 1 note (1 card)."
    assert host.cells("Question") == ["Which stress hormone has a rhythm?"]
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.cells("Question") == ["Which hormone follows a daily rhythm?"]
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.page.count.text() == "No cards match"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert host.page.status.text() == "Nothing to undo in Browse."
    assert host.window_undos == 0  # the page took Ctrl+Z: never ambiguous with the window's


def test_the_undo_button_says_what_it_would_take_back(host: Host, qtbot) -> None:
    """Found in an undo hunt: a screen reader heard only "Undo, Ctrl+Z" on the button, never
    what it would undo (the label stays "Undo" so the row does not shift)."""
    undo = next(b for b in host.page.buttons.findChildren(QPushButton) if b.text() == "&Undo")
    assert undo.accessibleDescription() == "Ctrl+Z"
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_Delete)
    host.finish(qtbot)
    assert undo.text() == "&Undo"
    assert undo.accessibleDescription() == "Undo delete 3 notes (Ctrl+Z)"
    assert undo.toolTip() == "Undo delete 3 notes (Ctrl+Z)"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert undo.accessibleDescription() == "Ctrl+Z"


def test_an_imported_anki_note_is_edited_field_by_field_by_keyboard(
    host: Host, qtbot, services: Services, screenshot
) -> None:
    services.importer.run(ANKI_PACKAGE, ImportOptions())
    search(qtbot, host, "pain -processed -loss")  # the note of Anki's own note type
    assert host.page.count.text() == "1 card"
    seen: list[list[str]] = []

    def edit(dialog: QWidget) -> None:
        seen.append([label.text() for label in dialog.findChildren(QLabel) if label.buddy()])
        front = dialog.editors["Front"]
        front.moveCursor(front.textCursor().MoveOperation.End)
        press_in(qtbot, front, Qt.Key.Key_unknown, text=" and fatigue")
        screenshot(dialog, "browse-10-edit-anki-note")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    on_dialog(qtbot, edit)
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    back_to(qtbot, host.window)
    assert seen == [["&Front", "&Back", "&Tags"]]
    assert host.page.status.text() == "Saved the note."
    assert host.cells("Question") == ["Sleep and pain and fatigue"]
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: host.page.job is None)
    assert host.cells("Question") == ["Sleep and pain"]


def test_add_stays_open_for_the_next_note_with_its_deck_kind_and_tags(
    host: Host, qtbot, screenshot
) -> None:
    """As Anki's Add: making several cards was Ctrl+N, the deck and the tags again each time."""
    seen: list[tuple[object, ...]] = []

    def add(dialog: QWidget) -> None:
        type_note(qtbot, dialog, "Which hormone follows a daily rhythm?", "Cortisol", "hormones")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        fields = [dialog.editors[name].toPlainText() for name in ("front", "back")]
        seen.append((dialog.isVisible(), fields, dialog.tags.text(), dialog.added.text()))
        seen.append((dialog.focusWidget() is dialog.editors["front"], dialog.cancel_button.text()))
        assert dialog._announcer.last == dialog.added.text()  # said as well as shown
        screenshot(dialog, "browse-15-added-next-note")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)  # nothing typed: refused
        seen.append((dialog.error.isVisible(), dialog.added.isVisible()))
        type_note(qtbot, dialog, "Which hormone rises on waking?", "Cortisol")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        press_in(qtbot, dialog, Qt.Key.Key_Escape)  # nothing typed since: closes at once

    on_dialog(qtbot, add)
    press(qtbot, Qt.Key.Key_N, CTRL)
    back_to(qtbot, host.window)
    assert seen == [
        (
            True,
            ["", ""],
            "hormones",
            "Added to Small deck. Type the next note, or press Esc to close.",
        ),
        (True, "C&lose"),
        (True, False),  # the refusal, not "Added" beside it
    ]
    assert host.page.count.text() == "7 cards"
    search(qtbot, host, "tag:hormones")
    assert sorted(host.cells("Question")) == [
        "Which hormone follows a daily rhythm?",
        "Which hormone rises on waking?",
    ]


def test_add_says_in_its_window_that_the_note_may_be_a_duplicate(host: Host, qtbot) -> None:
    """Found in an editing hunt: a note whose front another note of the deck has was added
    with only "Added to Small deck." in the window still open, which was also what a screen
    reader said; the warning was in the status line behind it."""
    front = host.cells("Question", 1)[0]
    seen: list[str] = []

    def add(dialog: QWidget) -> None:
        type_note(qtbot, dialog, f"  {front.upper()} ", "Again")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        seen.extend([dialog.added.text(), dialog._announcer.last])
        press_in(qtbot, dialog, Qt.Key.Key_Escape)

    on_dialog(qtbot, add)
    press(qtbot, Qt.Key.Key_N, CTRL)
    back_to(qtbot, host.window)
    said = (
        "Added to Small deck. Another note in this deck already has the same front: this may "
        "be a duplicate. Type the next note, or press Esc to close."
    )
    assert seen == [said, said]
    assert host.page.status.text() == (
        "Added 1 card to Small deck. Another note in this deck already has the same front: "
        "this may be a duplicate (Ctrl+Z takes the new one back)."
    )


def test_an_incomplete_note_keeps_the_dialog_open_with_the_reason(
    host: Host, qtbot, screenshot
) -> None:
    seen: list[str] = []

    def add(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_Tab, SHIFT)  # from the first field back to Kind
        assert dialog.focusWidget() is dialog.kind
        press_in(qtbot, dialog, Qt.Key.Key_Down)
        press_in(qtbot, dialog, Qt.Key.Key_Down)
        assert dialog.kind.currentText() == "Cloze (fill in the blank)"
        press_in(qtbot, dialog, Qt.Key.Key_Tab)
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text="Sleep is {{c1:poor}}")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        seen.append(dialog.error.text())
        screenshot(dialog, "browse-06-add-refused")
        close_discarding(qtbot, dialog)

    on_dialog(qtbot, add)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert seen == ["“{{c1:poor}}” is not a cloze deletion; write one like {{c1::serotonin}}."]
    assert host.page.count.text() == "5 cards"


def test_adding_a_note_with_no_deck_says_to_add_a_deck_first_before_any_typing(
    qtbot, paths, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a bug hunt: on an empty collection Ctrl+N opened the dialog with no deck to
    choose; Add then said "Choose the deck to add the note to", and the note typed was lost."""
    opened: list[object] = []
    monkeypatch.setattr(NoteEditorDialog, "exec", opened.append)
    empty = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    host = Host(qtbot, empty)
    try:
        press(qtbot, Qt.Key.Key_N, CTRL)
        assert opened == []
        assert host.page.status.text() == (
            "There is no deck to add a note to yet. Load a deck file (File ▸ Load deck "
            "file…) or import cards (File ▸ Import…) first."
        )
        assert QApplication.focusWidget() is host.page.search  # where the learner was
    finally:
        host.tasks.wait()
        empty.close()


def test_an_edit_a_changed_search_text_trigger_stops_says_so_and_keeps_the_typing(
    host: Host, qtbot, services: Services
) -> None:
    change_definition(services.database.path, "note_text_update", "NEW.fields", "NEW.fie1ds")
    seen: list[str] = []

    def edit(dialog: QWidget) -> None:
        front = dialog.editors["front"]
        front.moveCursor(front.textCursor().MoveOperation.End)
        press_in(qtbot, front, Qt.Key.Key_unknown, text=" really")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        seen.extend((dialog.error.text(), front.toPlainText()))
        close_discarding(qtbot, dialog)

    on_dialog(qtbot, edit)
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_Return)
    back_to(qtbot, host.window)
    assert seen[0] == StorageProblem(StorageProblemKind.SEARCH_TEXT_UNKEPT, "").message
    assert seen[1].endswith(" really")  # still there, to save after the repair
    assert not any(cell.endswith(" really") for cell in host.cells("Question"))


BUSY = StorageProblem(StorageProblemKind.BUSY, "").message


def test_a_busy_collection_is_explained_and_the_typed_note_kept(
    host: Host, qtbot, services: Services, screenshot
) -> None:
    seen: list[tuple[bool, str, list[str]]] = []

    def add(dialog: QWidget) -> None:
        type_note(qtbot, dialog, "Which hormone follows a daily rhythm?", "Cortisol")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        texts = [dialog.editors[name].toPlainText() for name in ("front", "back")]
        seen.append((dialog.isVisible(), dialog.error.text(), texts))
        screenshot(dialog, "browse-11-add-while-busy")
        close_discarding(qtbot, dialog)

    with locked_by_another_program(services):
        on_dialog(qtbot, add)
        press(qtbot, Qt.Key.Key_N, CTRL)
        back_to(qtbot, host.window)
        focus_table(qtbot, host)
        press(qtbot, Qt.Key.Key_J, CTRL)
        host.finish(qtbot)
        screenshot(host.window, "browse-12-suspend-while-busy")
        assert host.page.status.text() == BUSY

    assert seen == [(True, BUSY, ["Which hormone follows a daily rhythm?", "Cortisol"])]
    assert host.page.count.text() == "5 cards"
    assert host.cells("State") == ["New"] * 5


def test_a_busy_collection_keeps_an_anki_note_edit_open_with_the_reason(
    host: Host, qtbot, services: Services
) -> None:
    services.importer.run(ANKI_PACKAGE, ImportOptions())
    search(qtbot, host, "pain -processed -loss")  # the note of Anki's own note type
    seen: list[tuple[bool, str, str]] = []

    def edit(dialog: QWidget) -> None:
        front = dialog.editors["Front"]
        front.moveCursor(front.textCursor().MoveOperation.End)
        press_in(qtbot, front, Qt.Key.Key_unknown, text=" and fatigue")
        press_in(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        seen.append((dialog.isVisible(), dialog.error.text(), front.toPlainText()))
        close_discarding(qtbot, dialog)

    with locked_by_another_program(services):
        on_dialog(qtbot, edit)
        focus_table(qtbot, host)
        press(qtbot, Qt.Key.Key_Return)
        back_to(qtbot, host.window)

    assert seen == [(True, BUSY, "<b>Sleep</b> and pain and fatigue")]
    assert host.cells("Question") == ["Sleep and pain"]


def test_adding_no_tags_asks_for_them_and_undoes_nothing(host: Host, qtbot, screenshot) -> None:
    focus_table(qtbot, host)
    on_dialog(qtbot, lambda dialog: press_in(qtbot, dialog, Qt.Key.Key_Return))
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    back_to(qtbot, host.window)
    host.finish(qtbot)
    assert host.page.status.text() == "Type the tags to add, separated by spaces or commas."
    screenshot(host.window, "browse-15-no-tags-typed")


def add_tags_typed(qtbot, host: Host, typed: str) -> None:
    """Add tags (Ctrl+Shift+A) to the selected cards, typing ``typed`` in its dialog."""

    def tag(dialog: QWidget) -> None:
        press_in(qtbot, dialog, Qt.Key.Key_unknown, text=typed)
        press_in(qtbot, dialog, Qt.Key.Key_Return)

    on_dialog(qtbot, tag)
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    back_to(qtbot, host.window)
    host.finish(qtbot)


def test_select_all_suspend_tag_and_undo(host: Host, qtbot, screenshot) -> None:
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_J, CTRL)
    host.finish(qtbot)
    assert host.page.status.text() == "Suspended 5 cards."
    assert host.cells("State") == ["New, suspended"] * 5
    assert len(host.page.selected_card_ids()) == 5  # the selection survives the change

    add_tags_typed(qtbot, host, "sleep pain")
    assert host.page.status.text() == "Added tags sleep, pain to 3 notes."
    assert host.cells("Tags") == ["sleep pain"] * 5
    screenshot(host.window, "browse-07-suspended-and-tagged")

    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    host.finish(qtbot)
    assert host.cells("State") == ["New"] * 5
    assert host.cells("Tags") == [""] * 5


def test_tags_typed_with_commas_are_added_apart(host: Host, qtbot) -> None:
    """As Anki's tag editor takes a typed comma: "sleep,pain" was one tag no tag:sleep found."""
    focus_table(qtbot, host)
    press(qtbot, Qt.Key.Key_A, CTRL)
    add_tags_typed(qtbot, host, "sleep,pain")
    assert host.page.status.text() == "Added tags sleep, pain to 3 notes."
    assert host.cells("Tags") == ["sleep pain"] * 5


def test_a_note_added_with_tags_typed_with_commas_has_them_apart(host: Host, qtbot) -> None:
    dialog = NoteEditorDialog(lambda *_: None, decks=host.page._notes.decks(), parent=host.page)
    qtbot.addWidget(dialog)
    dialog.editors["front"].setPlainText("Which hormone follows a daily rhythm?")
    dialog.editors["back"].setPlainText("Cortisol")
    qtbot.keyClicks(dialog.tags, "hormones, sleep,rhythm")
    assert dialog.draft().tags == ("hormones", "sleep", "rhythm")


def test_an_edit_leaves_a_comma_in_an_anki_tag_it_did_not_touch(host: Host, qtbot) -> None:
    """Anki splits tags only at spaces: a tag "sleep,pain" an Anki package brought stays one
    when only a field is edited; tags typed anew are split at commas."""
    note = host.page._notes.note_of_card(host.page.model.card_id(0))
    note = replace(note, draft=replace(note.draft, tags=("sleep,pain",)))
    dialog = NoteEditorDialog(lambda *_: None, note=note, parent=host.page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.editors["back"], " again")
    assert dialog.draft().tags == ("sleep,pain",)
    assert dialog.edited()

    dialog.tags.selectAll()
    qtbot.keyClicks(dialog.tags, "sleep,pain")
    assert dialog.draft().tags == ("sleep", "pain")


def test_cancelling_a_long_delete_changes_nothing(
    qtbot, bulk: BulkCollection, tmp_path: Path, screenshot
) -> None:
    path = copy_collection(bulk, tmp_path / "copy")
    services = Services.build(open_collection(path, tmp_path / "backups"), FixedClock(NOW))
    try:
        host = Host(qtbot, services)
        focus_table(qtbot, host)
        press(qtbot, Qt.Key.Key_A, CTRL)
        press(qtbot, Qt.Key.Key_Delete)
        job = host.page.job
        assert job is not None
        qtbot.waitUntil(lambda: job.dialog.isVisible() and job.dialog.value() > 0, timeout=30_000)
        assert isinstance(QApplication.activeModalWidget(), QProgressDialog)
        screenshot(host.window, "browse-08-long-delete")
        screenshot(job.dialog, "browse-09-progress")
        qtbot.keyClick(job.dialog, Qt.Key.Key_Escape)
        host.finish(qtbot)
        assert host.page.status.text() == "Cancelled. Nothing was changed."
        assert host.page.count.text() == "100,000 cards"
        assert services.notes.undo_label is None
        host.tasks.wait()
    finally:
        services.close()


def in_next_menu(qtbot, *keys: Qt.Key, seen: Callable[[QMenu], None] = lambda _m: None) -> None:
    """Press ``keys`` in the next popup menu, each in the (sub)menu open at that moment.

    ``seen`` gets each menu before its key. Every menu still open afterwards is closed, so a
    failed check cannot leave the test waiting in a menu's event loop.
    """

    def act() -> None:
        if QApplication.activePopupWidget() is None:  # not open yet
            QTimer.singleShot(0, act)
            return
        try:
            for key in keys:
                menu = QApplication.activePopupWidget()
                seen(menu)
                qtbot.keyClick(menu, key)
        finally:
            while (menu := QApplication.activePopupWidget()) is not None:
                menu.close()

    QTimer.singleShot(0, act)


def test_sorting_and_columns_by_keyboard_from_the_tables_menu(
    host: Host, qtbot, screenshot
) -> None:
    page, table = host.page, host.page.table
    titles = [c.title for c in COLUMNS]
    menus: list[QMenu] = []

    def look(menu: QMenu) -> None:
        menus.append(menu)
        screenshot(menu, f"browse-13-menu-{len(menus)}")

    focus_table(qtbot, host)
    in_next_menu(qtbot, Qt.Key.Key_O, Qt.Key.Key_R, seen=look)  # Sort by ▸ Reviews
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, host.window)  # closing a menu leaves no window active offscreen
    assert menus == [page.menu, table.sort_menu]
    assert (page.model.query.sort, page.model.query.descending) == (SortKey.REVIEWS, False)
    assert table.horizontalHeader().sortIndicatorSection() == titles.index("Reviews")

    in_next_menu(qtbot, Qt.Key.Key_O, Qt.Key.Key_V)  # Sort by ▸ Reversed
    press(qtbot, Qt.Key.Key_F10, SHIFT)
    back_to(qtbot, host.window)
    assert (page.model.query.sort, page.model.query.descending) == (SortKey.REVIEWS, True)
    assert table.sort_actions[titles.index("Reviews")].isChecked()
    assert table.reverse_action.isChecked()

    in_next_menu(qtbot, Qt.Key.Key_C, Qt.Key.Key_A)  # Columns ▸ Answer
    press(qtbot, Qt.Key.Key_Menu)
    back_to(qtbot, host.window)
    assert table.isColumnHidden(titles.index("Answer"))
    assert not page.column_actions[titles.index("Answer")].isChecked()
    assert QApplication.focusWidget() is table


def test_browse_commands_are_in_the_menu_bar_and_in_the_shortcut_list(
    qtbot, make_window, services: Services, screenshot
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    page = add_browse_place(window, services, tasks)

    titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Go", "Browse", "Tools", "Help"]
    listed = {
        keys: action for menu, action, keys in shortcut_rows(window.menuBar()) if menu == "Browse"
    }
    assert listed == {
        "Ctrl+F": "Find cards",
        "Ctrl+N": "Add note",
        "Enter": "Edit note",
        "Del": "Delete notes",
        "Ctrl+J": "Suspend / unsuspend",
        "Ctrl+Shift+A": "Add tags",
        "Ctrl+Alt+Shift+A": "Remove tags",
        "Ctrl+D": "Change deck",
        "Ctrl+Alt+N": "Forget",
        "Ctrl+Shift+D": "Set due date",
        "Ctrl+Alt+F": "Find and replace",
        "Ctrl+Shift+S": "Study selected cards",
        "Ctrl+Shift+I": "Card info",
    }
    items = [a for a in page.menu.actions() if not a.isSeparator()]
    assert not any(a.isEnabled() for a in items)  # the deck list is shown, not Browse
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert all(a.isEnabled() for a in items)

    shown: list[str] = []

    def read(dialog: QWidget) -> None:
        shown.append(dialog.findChild(QTextBrowser).toPlainText())
        screenshot(dialog, "browse-14-shortcuts")
        dialog.reject()

    when_dialog_opens(qtbot, read)
    press(qtbot, Qt.Key.Key_F1)
    assert all(keys in shown[0] for keys in [*listed, "Shift+F10"])
    assert "Return" not in shown[0]  # every list names that key "Enter"
    tasks.wait()


def test_actions_work_only_while_the_page_is_shown(host: Host, qtbot) -> None:
    assert host.page.add_action.isEnabled()
    host.page.hide()
    actions: list[Callable[[], object]] = [host.page.add_action, host.page.undo_action]
    assert not any(a.isEnabled() for a in actions)
    host.page.show()
    assert host.page.add_action.isEnabled()


# ------------------------------------------------------------ in the main window
@pytest.mark.parametrize(
    ("theme", "scale"),
    [(Theme.LIGHT, 100), (Theme.DARK, 100), (Theme.HIGH_CONTRAST, 100), (Theme.LIGHT, 200)],
)
def test_browse_as_a_place_of_the_main_window(
    qtbot, make_window, services: Services, screenshot, theme: Theme, scale: int
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    page = add_browse_place(window, services, tasks)  # as ui/app.py does (again: attaches)
    window.apply_preferences(AppPreferences(theme=theme, text_scale=scale))
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.current_place() == "browse"
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, "factor:b")
    press(qtbot, Qt.Key.Key_Return)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_J, CTRL)
    qtbot.waitUntil(lambda: page.job is None)
    assert page.status.text() == "Suspended 1 card."
    screenshot(window, f"browse-place-{theme}-{scale}")
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the page's undo, not the window's "undo answer"
    qtbot.waitUntil(lambda: page.job is None)
    assert page.status.text() == "1 card back in study."
    assert window.current_place() == "browse"
    assert window.statusBar().currentMessage() == "1 card back in study."
    tasks.wait()


def test_a_collection_opened_again_is_attached_with_a_fresh_undo_history(
    qtbot, make_window, services: Services, paths, clock
) -> None:
    window = make_window(services)
    tasks = TaskRunner()
    page = add_browse_place(window, services, tasks)
    services.notes.delete(services.browse.card_ids(page.model.query, 0, 1))
    window.show_place("browse")
    assert page.count.text() == "4 cards"
    assert page.undo_action.text() == "&Undo delete 1 note"
    reopened = Services.build(open_collection(paths.collection, paths.backups_dir), clock)
    try:
        assert add_browse_place(window, reopened, tasks) is page
        assert page.count.text() == "4 cards"
        assert page.undo_action.text() == "&Undo"  # the old collection's changes stay there
    finally:
        tasks.wait()
        reopened.close()


def test_every_control_of_browse_and_its_dialogs_has_a_name(host: Host, qtbot) -> None:
    assert nameless(host.page) == []
    note = host.page._notes.note_of_card(host.page.model.card_id(0))
    for dialog in (
        NoteEditorDialog(lambda *_: None, decks=host.page._notes.decks(), parent=host.page),
        NoteEditorDialog(lambda *_: None, note=note, parent=host.page),
        tags_dialog(host.page, "Add tags", "Tags to add, separated by spaces or commas:"),
    ):
        assert nameless(dialog) == []
