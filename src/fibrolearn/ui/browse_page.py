"""Browse: search every card, sort the table, and add, edit, delete, tag or suspend cards.

Keys while the page has focus: Ctrl+F search, Ctrl+N add, Enter edit, Del delete, Ctrl+J
suspend, Ctrl+Shift+A / Ctrl+Alt+Shift+A add / remove tags, Ctrl+D change deck, Ctrl+Alt+N
forget, Ctrl+Shift+D set due date (see :mod:`fibrolearn.ui.browse_bulk`), Ctrl+Z undo,
Ctrl+Shift+Z (or Ctrl+Y) redo (see :mod:`fibrolearn.ui.browse_undo`). The page handles these
keys itself (see :mod:`fibrolearn.ui.browse_keys`) instead of registering shortcuts, so a
window-wide action on the same keys, such as the study screen's Undo, never makes them
ambiguous, and the actions can sit in the window's menus (showing their keys) without acting
on a hidden page. :attr:`BrowsePage.menu` holds them with the table's sort and columns; it is
the window's Browse menu and the table's context menu (the menu key, Shift+F10, a right
click).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.browse import CardQuery, ChangeReport, NoteDraft, NoteError
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.progress import Progress
from fibrolearn.domain.search import SearchSyntaxError
from fibrolearn.domain.typed_tags import typed_tags
from fibrolearn.domain.words import counted
from fibrolearn.services.browse import BrowseService
from fibrolearn.services.notes import NoteService
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.browse_bulk import BulkActions
from fibrolearn.ui.browse_changes import ChangeRunner, refused_if_not_saved
from fibrolearn.ui.browse_editor import NoteEditorDialog, note_editor_of_card
from fibrolearn.ui.browse_jobs import ChangeJob
from fibrolearn.ui.browse_keys import KeyBinding, PageKeys, follow_action
from fibrolearn.ui.browse_layout import TableLayout, load_layout, save_layout
from fibrolearn.ui.browse_model import CardTableModel
from fibrolearn.ui.browse_search import search_box
from fibrolearn.ui.browse_table import CardTable, Place
from fibrolearn.ui.browse_undo import UndoActions
from fibrolearn.ui.dialogs import accepted
from fibrolearn.ui.flow_layout import FlowLayout
from fibrolearn.ui.formatting import ADD_A_DECK_FIRST
from fibrolearn.ui.labels import described_line
from fibrolearn.ui.tags_dialog import tags_dialog
from fibrolearn.ui.tasks import TaskRunner


class BrowsePage(QWidget):
    """The Browse place. Build it once the collection is open.

    Args:
        browse: Searches and reads the table's rows.
        notes: Changes notes and cards, and undoes the changes.
        tasks: The app's background worker; long changes run there.
        parent: The owning widget.
        settings: Where the table's columns and sort are remembered (nowhere if None).
    """

    message = Signal(str)  # what the last change did, for a status bar
    cards_deleted = Signal(object)  # the ids of the cards a delete removed
    study_requested = Signal(object)  # the ids of the cards to study now
    info_requested = Signal()  # Card info on the current card (Ctrl+Shift+I)

    def __init__(
        self,
        browse: BrowseService,
        notes: NoteService,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self._browse = browse
        self._notes = notes
        self._settings = settings
        layout = load_layout(settings)
        self.model = CardTableModel(browse, self)
        # The remembered sort, before the table is built: it sorts the model as it starts.
        self.model.query = CardQuery(sort=layout.sort, descending=layout.descending)
        search_row = self._build_search()
        self._build_table(layout)
        self._changes = ChangeRunner(
            self,
            tasks,
            self.table,
            changed=self._changed,
            say=self._say,
            busy_changed=self._update_actions,
            problem_of=self._storage_problem,
        )
        self.status = described_line("Last change", role="muted")
        self._announcer = Announcer(self.status)
        buttons = self._build_actions()
        self._build_menu()

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        layout.addWidget(self.status)
        self.setTabOrder(self.search, self.search_button)
        self.setTabOrder(self.search_button, self.table)

        # No search yet: the page searches each time it is shown (``enter``), and building it
        # is part of opening the collection (a search of 100,000 cards took 34 ms of 38).
        self._update_actions()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._show_selected)  # a reset clears it unsaid

    # ------------------------------------------------------------------ setup
    def _build_search(self) -> QHBoxLayout:
        self.search = search_box()
        self.search.returnPressed.connect(lambda: self._unless_busy(self.run_search))
        self.search_button = self._button("Sea&rch", "Search", self.run_search)
        self.search_button.setAccessibleDescription("Enter in the search box searches too")
        self.count = described_line("Cards found")
        self.selected = described_line("Cards selected")  # said when more than one is
        self.problem = described_line("Problem with the search", role="error")
        self.problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.count)
        row.addWidget(self.selected)
        return row

    def _build_table(self, layout: TableLayout) -> None:
        self.table = CardTable(self.model, layout)
        self.table.activated.connect(lambda _index: self._unless_busy(self.edit_note))
        self.table.layout_changed.connect(self._remember_layout)
        self.column_actions = self.table.column_actions

    def _remember_layout(self) -> None:
        if self._settings is not None:
            save_layout(self._settings, self.table.layout_now())

    def _build_actions(self) -> QWidget:
        # The buttons' mnemonics avoid the menu bar's letters (F, E, V, G, B, T, H) and each
        # other's (Sea&rch's too); Find cards has no button, only its place in the Browse menu,
        # beside S&ort by and &Columns.
        self.find_action = self._action("&Find cards", "Ctrl+F", self.focus_search)
        self.add_action = self._action("Add &note…", "Ctrl+N", self.add_note)
        # Shown as "Enter", as in every other list of keys; the table opens the note on
        # either Enter key (its "activated" signal), not through this shortcut.
        self.edit_action = self._action("Ed&it note…", "Enter", self.edit_note)
        self.delete_action = self._action("&Delete notes", "Del", self.delete_selected)
        self.suspend_action = self._action("&Suspend / unsuspend", "Ctrl+J", self.toggle_suspend)
        self.add_tags_action = self._action("&Add tags…", "Ctrl+Shift+A", self.add_tags)
        self.remove_tags_action = self._action(
            "Re&move tags…", "Ctrl+Alt+Shift+A", self.remove_tags
        )
        self.history = UndoActions(self._action, self._changes, lambda: self._notes, self._say)
        self.undo_action, self.redo_action = self.history.undo_action, self.history.redo_action
        self.bulk = BulkActions(
            self,
            self._action,
            self._changes,
            notes=lambda: self._notes,
            selected=self._bulk_selection,
            found=lambda: self.model.card_ids([(0, self.model.rowCount() - 1)]),
            say=self._say,
            study=self.study_requested.emit,
            info=self.info_requested.emit,
        )
        # On while the search finds cards. With none, their keys still stay the page's and
        # say so (held): passed on, Ctrl+Shift+I and Ctrl+Shift+S opened the window's Import
        # and Custom study. Return in the table is its "activated" signal (Edit); Del belongs
        # to the table: in the search box it deletes text.
        anywhere = (self.suspend_action, self.add_tags_action, self.remove_tags_action)
        anywhere += tuple(self.bulk.actions)
        self._card_actions = (self.edit_action, self.delete_action, *anywhere)
        bindings = [KeyBinding(a.shortcut(), a, held=True) for a in anywhere]
        bindings += [KeyBinding(a.shortcut(), a) for a in (self.find_action, self.add_action)]
        bindings += self.history.bindings()
        bindings.append(
            KeyBinding(self.delete_action.shortcut(), self.delete_action, self.table, held=True)
        )
        self._keys = PageKeys(self, bindings, refused=self._needs_card)
        self.buttons = QWidget()
        self.buttons.setAccessibleName("Card actions")
        row = FlowLayout(self.buttons)  # wraps at large text sizes instead of cutting labels
        for action in self.editing_actions():
            row.addWidget(self._button(action.text(), action.text(), action.trigger, action))
        return self.buttons

    def _build_menu(self) -> None:
        self.menu = QMenu("&Browse", self)
        self.menu.addAction(self.find_action)
        self.menu.addSeparator()
        # Undo and Redo are left to the window's Edit menu, which acts on Browse's changes here.
        shown = [a for a in self.editing_actions() if a not in (self.undo_action, self.redo_action)]
        self.menu.addActions(shown)
        self.menu.addActions(self.bulk.actions)
        self.menu.addSeparator()
        self.menu.addMenu(self.table.sort_menu)
        self.menu.addMenu(self.table.columns_menu)
        self.table.menu_requested.connect(self.menu.exec)

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        """An action whose keys the page dispatches (see :mod:`fibrolearn.ui.browse_keys`)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        # Added to no widget, so Qt never fires it by itself; in a window's menu, this context
        # keeps it that way: the menu shows the keys and the page alone acts on them.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: self._unless_busy(slot))
        return action

    def _unless_busy(self, slot: Callable[[], object]) -> None:
        """Run an action's slot, unless a change is still running (its menu item stays on)."""
        if self.job is None:
            slot()

    def _button(
        self, text: str, name: str, slot: Callable[[], object], action: QAction | None = None
    ) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name.replace("&", "").rstrip("…"))
        if action is not None:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button.setAccessibleDescription(keys)
            button.setToolTip(keys)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            # The label stays put; what Undo would take back ("Undo delete 3 notes", its
            # action's text) is heard and shown on hover instead.
            action.changed.connect(lambda: follow_action(button, action, keys))
        # Also pressed by a screen reader's "press", which no input filter sees.
        button.clicked.connect(lambda _checked=False: self._unless_busy(slot))
        return button

    def editing_actions(self) -> list[QAction]:
        """The page's actions, for a menu (their keys work whenever the page has focus)."""
        return [
            self.add_action,
            self.edit_action,
            self.delete_action,
            self.suspend_action,
            self.add_tags_action,
            self.remove_tags_action,
            self.undo_action,
            self.redo_action,
        ]

    # ----------------------------------------------------------------- places
    def _storage_problem(self, error: BaseException) -> StorageProblem | None:
        """Why a change was not saved, if the disk or the collection open now caused it."""
        return self._notes.storage_problem(error)

    def attach(self, browse: BrowseService, notes: NoteService) -> None:
        """Work on a collection opened again (after a restore): its cards, its undo history."""
        self._browse = browse
        self._notes = notes
        self._changes.deleted.clear()  # the other collection's cards
        self.model.attach(browse)
        self.status.clear()
        self.refresh()

    def enter(self) -> None:
        """The page is shown: re-read the cards (other places may have changed them)."""
        self.refresh()
        self.focus_search()

    def showEvent(self, event: QShowEvent) -> None:
        """Actions work only while the page is on screen."""
        super().showEvent(event)
        self._update_actions()

    def hideEvent(self, event: QHideEvent) -> None:
        """Leave no shortcut of a hidden page active."""
        super().hideEvent(event)
        self._update_actions()

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self, place: Place | None = None, *, undone: bool = False) -> None:
        """Read the cards again, keeping the learner's place (or ``place``) in the table.

        When the cards stayed in their rows, so do the selection and the cursor. Otherwise
        they go to the same cards in their rows now (a change may move them in the sort: an
        edited question, a note modified); after an undo (``undone``), the cards it brought
        back are selected instead; with the cursor's card gone, the card now in its row is
        the current one.
        """
        place = place or self.table.place()
        if self.model.refresh() or self._moved_from(place):
            back = self.table.return_to(
                place,
                prefer=self._changes.deleted if undone else (),
                scroll=QAbstractItemView.ScrollHint.EnsureVisible,
            )
            self._changes.deleted.difference_update(back)
        self._show_count()
        self._update_actions()

    def _moved_from(self, place: Place) -> bool:
        """Whether the rows of the cursor and the selection now hold other cards than at ``place``.

        Read from the rows as they are (cheap: the cursor's and a few selected ones).
        """
        now = self.table.place()
        return now.current != place.current or now.selected != place.selected

    def _selection_changed(self) -> None:
        self._show_selected()
        self._update_actions()

    def _show_selected(self) -> None:
        """How many cards a change would act on, when more than one (as Anki's title says)."""
        selected = self.table.selected_count()
        self.selected.setText(f"({selected:,} selected)" if selected > 1 else "")

    # ----------------------------------------------------------------- search
    def run_search(self) -> None:
        """Search for what the box holds; a mistake is explained and its part selected."""
        try:
            search = self._browse.parse(self.search.text())
        except SearchSyntaxError as error:
            self.search.setSelection(error.start, error.end - error.start)
            self._announcer.show(self.problem, f"Cannot search: {error.message}", focus=self.search)
            return
        self.problem.hide()
        query = self.model.query
        if search == query.search and self.table.currentIndex().isValid():
            self.refresh()  # searched again, to see changes: the place is kept, as in Anki
        else:
            before = self.table.place(by_id=True)
            self.model.set_query(CardQuery(search, query.sort, query.descending))
            self._show_count()
            self.table.keep_found(before)
        self._announcer.announce(self.count.text())
        self._update_actions()

    def _show_count(self) -> None:
        """How many cards the search found; with no search, that there are none yet."""
        count = self.model.rowCount()
        if count:
            self.count.setText(counted(count, "card"))
        else:
            self.count.setText(
                "No cards match" if self.model.query.search.terms else "No cards yet"
            )

    # ---------------------------------------------------------------- changes
    @property
    def job(self) -> ChangeJob | None:
        """The change running now (see :mod:`fibrolearn.ui.browse_changes`), or None."""
        return self._changes.job

    def selected_card_ids(self) -> list[int]:
        """The selected cards (or the current one when nothing is selected)."""
        return self.model.card_ids(self.table.selected_ranges())

    def _bulk_selection(self) -> tuple[list[int], int | None]:
        current = self.model.row(self.table.current_row())
        return self.selected_card_ids(), None if current is None else current.deck_id

    def add_note(self) -> None:
        """Ctrl+N: add a note to the deck of the current card (or another one)."""
        decks = self._notes.decks()
        if not decks:  # said before anything is typed: with no deck, no note could be added
            self._say(f"There is no deck to add a note to yet. {ADD_A_DECK_FIRST}")
            return
        add = partial(self._add, self.table.place())
        dialog = NoteEditorDialog(add, decks=decks, parent=self)
        current = self.model.row(self.table.current_row())
        if current is not None:
            dialog.select_deck(current.deck_id)
        accepted(dialog)  # kept, each closed one stayed in the page with all its widgets

    def _add(self, place: Place, deck_id: int, draft: NoteDraft) -> str:
        with refused_if_not_saved(self._storage_problem):
            report = self._notes.add(deck_id, draft)
            self._changes.deleted.clear()  # a new card may take a deleted one's id
            self.refresh(place)
            self._say(report.message, aloud=False)  # the Add window, still open, says it
        return report.warning

    def edit_note(self) -> None:
        """Enter: edit the current card's note."""
        card_id = self.model.card_id(self.table.current_row())
        if card_id is None:
            return
        place = self.table.place()
        saved: list[ChangeReport] = []
        try:
            editor = note_editor_of_card(self._notes, card_id, saved, self._storage_problem, self)
        except NoteError as error:
            self._say(str(error))
            return
        accepted(editor)
        # Said once the editor has closed: said while it was open, the outcome was cut short
        # by the screen reader's naming of where the focus went back to.
        for report in saved:
            self._changed(report, place)

    def delete_selected(self) -> None:
        """Del: delete the notes of the selected cards (Ctrl+Z brings them back)."""
        ids = self.selected_card_ids()
        if ids:
            self._changes.start(
                f"Deleting the notes of {counted(len(ids), 'card')}…",
                lambda progress: self._notes.delete(ids, progress),
                deleting=ids,
            )

    def toggle_suspend(self) -> None:
        """Ctrl+J: suspend the selected cards, or unsuspend them if all are suspended."""
        ids = self.selected_card_ids()
        if ids:
            self._changes.start(
                f"Changing {counted(len(ids), 'card')}…",
                lambda progress: self._notes.toggle_suspended(ids, progress),
            )

    def add_tags(self) -> None:
        """Ctrl+Shift+A: add tags to the notes of the selected cards."""
        self._retag("Add tags", "Tags to add, separated by spaces or commas:", self._notes.add_tags)

    def remove_tags(self) -> None:
        """Ctrl+Alt+Shift+A: remove tags from the notes of the selected cards."""
        self._retag(
            "Remove tags", "Tags to remove, separated by spaces or commas:", self._notes.remove_tags
        )

    def _retag(
        self,
        title: str,
        prompt: str,
        change: Callable[[list[int], list[str], Progress], ChangeReport],
    ) -> None:
        ids = self.selected_card_ids()
        if not ids:
            return
        dialog = tags_dialog(self, title, prompt)
        if accepted(dialog):
            tags = typed_tags(dialog.textValue())
            self._changes.start(f"{title}…", lambda progress: change(ids, tags, progress))

    # ---------------------------------------------------------------- helpers
    def _changed(
        self, report: ChangeReport | None, place: Place | None, undone: bool = False
    ) -> None:
        self.refresh(place, undone=undone)
        if report is not None:
            self._say(report.message)
            if report.deleted_card_ids:
                self.cards_deleted.emit(report.deleted_card_ids)

    def _say(self, text: str, *, aloud: bool = True) -> None:
        if aloud:
            self._announcer.show(self.status, text)
        else:
            self.status.setText(text)
            self.status.show()
        self.message.emit(text)

    def _needs_card(self, action: QAction) -> None:
        """A card action's keys with no card found: why nothing happened."""
        name = action.text().replace("&", "").rstrip("…")
        searched = bool(self.model.query.search.terms)
        why = "this search found none" if searched else "there are no cards yet"
        self._say(f"{name} needs a card chosen in the table, and {why}.")

    def _update_actions(self) -> None:
        """Actions work while the page shows; a change running keeps them on, only ignored.

        (Disabling them would disable their buttons, and move the focus off a button in use.)
        """
        ready = self.isVisible()
        has_rows = ready and self.model.rowCount() > 0
        for action in self._card_actions:
            action.setEnabled(has_rows)
        self.add_action.setEnabled(ready)
        self.find_action.setEnabled(ready)
        self.table.sort_menu.setEnabled(ready and self.job is None)
        self.table.columns_menu.setEnabled(ready and self.job is None)
        self.history.update(ready)
