"""The home screen: every deck with what is left to study today."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.deck_tree import DeckNode, deck_tree, subdeck_ids
from fibrolearn.domain.decks import DeckSummary
from fibrolearn.domain.gentle import BacklogStatus
from fibrolearn.domain.words import backlog_plan_words, counted
from fibrolearn.ui import deck_row_heights, deck_tree_rows
from fibrolearn.ui.deck_list_parts import FittingContent, empty_label, row_of, scrolling
from fibrolearn.ui.labels import tab_stop, whole_tip
from fibrolearn.ui.tables import read_only_table

_COLUMNS = ("Deck", "New", "Learning", "Due")
# From this many reviews waiting from before today, the deck list offers to spread them.
BACKLOG_OFFER_AT = 30
# A window too short for every deck shrinks the table to this many rows; the rest scroll.
ROWS_AT_LEAST = 3


_DESCRIBED = "Each deck with its new, learning and due cards for today. Press Enter to study."
_FOLDING = " On a deck's name, Left and Right collapse and expand its subdecks."
_EM = "\u2003"  # the indents are em spaces (deck_tree_rows.indent_name)
_SPREAD_DOES = "Spread the waiting reviews over several days"
_STOP_SPREADING_DOES = "Stop spreading: offer every waiting review again"


class DeckListPage(QWidget):
    """A table of decks; Enter or "Study" opens the selected one.

    F2 renames the selected deck and Del deletes it (after asking), while the page has focus;
    the table's context menu (Menu key, Shift+F10) offers every action on the deck. Subdecks
    are listed under their parent: Left collapses a parent (or goes up to it), Right expands
    it (or goes down to its first subdeck), and which are collapsed is kept in ``settings``.
    """

    study_requested = Signal(int)  # deck id
    gentle_requested = Signal(int)
    options_requested = Signal(int)
    spread_requested = Signal(int)
    stop_spreading_requested = Signal(int)
    rename_requested = Signal(int)
    delete_requested = Signal(int)
    no_deck = Signal()  # one of those asked with no deck listed
    _indented_for = -1  # the width of an em the names were last indented with

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._decks: list[DeckSummary] = []  # in tree order, a parent's counting its subdecks
        self._nodes: list[DeckNode] = []
        self._settings = settings
        self._collapsed = deck_tree_rows.load_collapsed(settings)  # decks' keys
        self._to_select: int | None = None  # a deck not listed yet, selected once it is
        self._backlogs: dict[int, BacklogStatus] = {}
        heading = QLabel("<h1>Your decks</h1>")
        heading.setAccessibleDescription("Your decks")
        self._refit_pending = False
        self.table = self._build_table()

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAccessibleDescription("Deck description")
        # A Tab stop after the buttons: a screen reader reads the deck's description and its
        # disclaimer ("not medical advice"), which nothing else says.
        tab_stop(self.details)
        self.empty_label = empty_label()

        self.backlog_label = QLabel()
        self.backlog_label.setWordWrap(True)
        self.backlog_label.setAccessibleDescription("Waiting reviews")
        self.spread_button = self._button("Sp&read over days…", _SPREAD_DOES, self.spread_requested)
        self.stop_spreading_button = self._button(
            "Show all waiting reviews", _STOP_SPREADING_DOES, self.stop_spreading_requested
        )
        self.backlog = QWidget()
        backlog_layout = QVBoxLayout(self.backlog)
        backlog_layout.setContentsMargins(0, 0, 0, 0)
        backlog_layout.addWidget(self.backlog_label)
        backlog_layout.addWidget(row_of(self.spread_button, self.stop_spreading_button))

        self.options_button = self._button(
            "&Options…",
            "Options of the selected deck: daily limits, retention",
            self.options_requested,
        )
        self.gentle_button = self._button(
            "Ge&ntle session…",  # G is the Go menu's
            "A short session of a few cards or minutes",
            self.gentle_requested,
        )
        self.study_button = self._button("&Study", "Study the selected deck", self.study_requested)
        self.study_button.setDefault(True)
        self.rename_button = self._button(
            "Rena&me…", "Give the selected deck another name (F2)", self.rename_requested
        )
        self.delete_button = self._button(
            "&Delete…",
            "Delete the selected deck with its cards, after asking (Del)",
            self.delete_requested,
        )
        self.rename_action = self._action("&Rename deck…", "F2", self.rename_requested)
        self.delete_action = self._action("&Delete deck…", "Del", self.delete_requested)
        self._add_context_menu()

        content = FittingContent(self.table)
        # Given to its scroll area empty: given it full, the page was laid out whole as it
        # was built, and again once shown (2 ms of the first paint).
        scroll = scrolling(content)
        layout = QVBoxLayout(content)
        layout.addWidget(heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)
        layout.addWidget(self.backlog)
        # The buttons right under the decks, so that large text in a small window cannot push
        # them out of sight below the deck's description.
        self.actions = row_of(
            self.options_button,
            self.gentle_button,
            self.study_button,
            self.rename_button,
            self.delete_button,
        )
        layout.addWidget(self.actions)
        layout.addWidget(self.details)
        layout.addStretch(1)  # room to spare goes below, not into empty table rows
        # Tab order follows creation: table, backlog buttons, options, gentle, study, rename,
        # delete (the everyday ones first, as they are shown).
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)

    def _build_table(self) -> QTableWidget:
        table = read_only_table(_COLUMNS, "Decks", deck_tree_rows.DeckTable)
        # A long deck name wraps onto more lines rather than being cut short: its row is
        # measured, the others are one line high (deck_row_heights, as the table is fitted).
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Its size hint is then its header and rows, as _fit_table sets them.
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        # A name wraps or unwraps (the window's width), or the text size changed. Qt says so
        # row by row, before the header has its new length: the refit waits for the last.
        rows.sectionResized.connect(self._refit_soon)
        table.horizontalHeader().geometriesChanged.connect(self._refit_soon)
        table.horizontalHeader().sectionResized.connect(self._refit_soon)  # names' room
        # The names' indents grow or shrink with the text (unchanged cells are left as they are).
        table.horizontalHeader().geometriesChanged.connect(self._reindent_names)
        table.activated.connect(lambda _index: self._request(self.study_requested))
        table.marker_clicked.connect(self._toggle_row)  # type: ignore[attr-defined]
        table.itemSelectionChanged.connect(self._show_details)
        return table

    def _button(self, text: str, description: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        # Named by what it shows, so voice control finds it by the words on screen; what it
        # does goes in the description.
        button.setAccessibleName(text.replace("&", "").removesuffix("…"))
        button.setAccessibleDescription(description)
        button.clicked.connect(lambda: self._request(signal))
        return button

    def _action(self, text: str, keys: str, signal: SignalInstance) -> QAction:
        """An action on the selected deck whose keys work while the page has focus.

        The Tools menu lists it with its keys; elsewhere Del must stay Browse's or a text
        field's.
        """
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: self._request(signal))
        self.addAction(action)
        return action

    def _add_context_menu(self) -> None:
        """Right-click, the Menu key or Shift+F10 on a deck: what can be done with it.

        The keys are the table's own shortcuts: Qt does not turn them into a context menu
        request on every platform.
        """
        self.deck_menu = QMenu(self.table)
        self.deck_menu.setAccessibleName("Deck actions")
        for button, signal in (
            (self.study_button, self.study_requested),
            (self.gentle_button, self.gentle_requested),
            (self.options_button, self.options_requested),
        ):
            action = self.deck_menu.addAction(button.text())
            action.triggered.connect(lambda _checked=False, s=signal: self._request(s))
        self.fold_action = self.deck_menu.addAction("Collapse subdecks")
        self.fold_action.triggered.connect(self._toggle_selected)
        self.deck_menu.aboutToShow.connect(self._name_fold_action)
        self.deck_menu.addSeparator()
        self.deck_menu.addActions([self.rename_action, self.delete_action])
        table = self.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda at: self.deck_menu.exec(table.viewport().mapToGlobal(at))
        )
        for keys, does in (
            (QKeySequence(Qt.Key.Key_Menu), self._menu_at_selected_deck),
            (QKeySequence("Shift+F10"), self._menu_at_selected_deck),
            (QKeySequence(Qt.Key.Key_Left), lambda: self._fold_or_move(collapse=True)),
            (QKeySequence(Qt.Key.Key_Right), lambda: self._fold_or_move(collapse=False)),
        ):
            shortcut = QShortcut(keys, table, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(does)

    def _menu_at_selected_deck(self) -> None:
        row = self.table.visualRect(self.table.currentIndex())
        corner = row.bottomLeft() if row.isValid() else QPoint(0, 0)
        self.deck_menu.exec(self.table.viewport().mapToGlobal(corner))

    def _node_of(self, deck_id: int | None) -> DeckNode | None:
        return next((node for node in self._nodes if node.deck.deck_id == deck_id), None)

    def _name_fold_action(self) -> None:
        """The menu's fold entry names what it will do, and is there only for a parent."""
        node = self._node_of(self.selected_deck_id())
        self.fold_action.setVisible(node is not None and node.subdecks > 0)
        if node is not None:
            folded = node.deck.key in self._collapsed
            self.fold_action.setText("Expand subdecks" if folded else "Collapse subdecks")

    def _toggle_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self._toggle_row(selected[0].row())

    def _toggle_row(self, row: int) -> None:
        node = self._nodes[row]
        if node.subdecks:
            self._set_collapsed(node, node.deck.key not in self._collapsed)
            self.table.selectRow(row)

    def _fold_or_move(self, *, collapse: bool) -> None:
        """Left and Right on the deck tree, as in a file manager's folder tree.

        On a deck's name, Left collapses an expanded parent, else goes up to the deck's
        parent; Right expands a collapsed parent, else goes down to its first subdeck.
        Otherwise they move along the row as before, so that a screen reader can still read
        a deck's counts cell by cell.
        """
        table = self.table
        node = self._node_of(self.selected_deck_id())
        on_name = table.currentColumn() <= 0
        folded = node is not None and node.deck.key in self._collapsed
        if node is not None and on_name and node.subdecks and folded != collapse:
            self._set_collapsed(node, collapse)
        elif node is not None and on_name and collapse and node.parent_id is not None:
            self.select_deck(node.parent_id)
        elif node is not None and on_name and not collapse and node.subdecks:
            table.selectRow(self._nodes.index(node) + 1)  # its first subdeck is right after
        elif 0 <= (column := table.currentColumn() + (-1 if collapse else 1)) < len(_COLUMNS):
            table.setCurrentCell(table.currentRow(), column)

    def _set_collapsed(self, node: DeckNode, collapsed: bool) -> None:
        key = node.deck.key
        if collapsed:
            self._collapsed.add(key)
        else:
            self._collapsed.discard(key)
        deck_tree_rows.save_collapsed(self._settings, self._collapsed)
        self._show_tree()

    def _show_tree(self) -> None:
        """Each deck's name as the tree shows it, and its row hidden under a collapsed one."""
        self._show_names()
        self._fit_table()

    def _reindent_names(self) -> None:
        """The names shown again when the text's size changed, which their indents follow.

        Not on the header's every move: it moves a score of times while the first window is
        laid out, and at 600 decks going through every name each time took most of a second.
        """
        if self.table.fontMetrics().horizontalAdvance(_EM) != self._indented_for:
            self._show_names()

    def _show_names(self) -> None:
        in_tree = any(node.level or node.subdecks for node in self._nodes)
        # How to fold is said only where there is something to fold.
        self.table.setAccessibleDescription(_DESCRIBED + (_FOLDING if in_tree else ""))
        hidden = deck_tree_rows.hidden_rows(self._nodes, self._collapsed)
        metrics = self.table.fontMetrics()
        self._indented_for = metrics.horizontalAdvance(_EM)
        for row, node in enumerate(self._nodes):
            collapsed = node.deck.key in self._collapsed
            item = self._show_cell(row, 0, deck_tree_rows.shown_name(node, collapsed))
            deck_tree_rows.indent_name(item, node, metrics)
            item.setToolTip(whole_tip(node.deck.name))  # a long name is cut with "…"
            said = deck_tree_rows.said_name(node, collapsed) if in_tree else None
            item.setData(Qt.ItemDataRole.AccessibleTextRole, said)
            self.table.setRowHidden(row, hidden[row])

    def neighbour_of(self, deck_id: int) -> int | None:
        """The deck to select once ``deck_id`` and its subdecks are gone.

        That is the next one shown, else the one before: not a subdeck folded away, which
        would unfold its parent to be selected.
        """
        ids = [deck.deck_id for deck in self._decks]
        if deck_id not in ids:
            return None
        at = ids.index(deck_id)
        hidden = deck_tree_rows.hidden_rows(self._nodes, self._collapsed)
        skip = {deck_id, *subdeck_ids(self._nodes, deck_id)}
        skip.update(ids[row] for row, folded in enumerate(hidden) if folded)
        others = [i for i in ids[at + 1 :] + ids[:at][::-1] if i not in skip]
        return others[0] if others else None

    def set_decks(
        self, decks: list[DeckSummary], backlogs: dict[int, BacklogStatus] | None = None
    ) -> None:
        """Show these decks, keeping the selection when the deck is still there."""
        selected = self.selected_deck_id() if self._to_select is None else self._to_select
        self._to_select = None
        self._nodes = deck_tree(decks)
        self._decks = decks = [node.deck for node in self._nodes]
        self._backlogs = backlogs or {}
        self.table.setRowCount(len(decks))
        for row, deck in enumerate(decks):
            for column, count in enumerate((deck.new, deck.learning, deck.due), start=1):
                self._show_cell(row, column, str(count))
        self._show_tree()
        self.empty_label.setVisible(not decks)
        # No empty header strip to Tab to, and no buttons that could only be disabled.
        self.table.setVisible(bool(decks))
        self.actions.setVisible(bool(decks))
        self._fit_table()
        if decks:
            self.select_deck(
                selected if selected in [d.deck_id for d in decks] else decks[0].deck_id
            )
        self._show_details()

    def _show_cell(self, row: int, column: int, text: str) -> QTableWidgetItem:
        """Put ``text`` in a cell, changing a shown cell's item only when its text differs.

        Replacing shown items made Qt measure the rows again after each one (22 ms for eleven
        decks, against 2 ms), and emptying the table first would move the cursor off and back,
        which a screen reader announces.
        """
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, column, item)
        if item.text() != text:
            item.setText(text)
            if column:
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text} {_COLUMNS[column]}")
        return item

    def _refit_soon(self) -> None:
        """Fit the table once the rows have their new heights, however many rows changed."""
        if not self._refit_pending:
            self._refit_pending = True
            # On the next turn of the event loop: Qt has given every row its height by then.
            QTimer.singleShot(0, self, self._fit_table)

    def _fit_table(self) -> None:
        """As tall as the header and every deck; when room is short, the first few decks.

        The height is set, not only hinted: Qt keeps a table tall enough for a scroll bar,
        which left an empty row or two under a single deck, pushing the buttons down.
        """
        self._refit_pending = False
        table = self.table
        deck_row_heights.fit_rows(table)
        header = table.horizontalHeader()
        # The header as the table places it (at least its size hint), its frame, and a
        # scroll bar under the columns when the window is too narrow for them.
        around = max(header.minimumHeight(), header.sizeHint().height()) + 2 * table.frameWidth()
        bar = table.horizontalScrollBar()
        if bar.isVisibleTo(table):
            around += bar.sizeHint().height()
        # Every row's height at once: asked row by row, 600 decks took 35 ms a fit.
        table.setMaximumHeight(around + table.verticalHeader().length())
        first = range(min(ROWS_AT_LEAST, table.rowCount()))
        table.setMinimumHeight(around + sum(table.rowHeight(row) for row in first))

    def selected_deck_id(self) -> int | None:
        """The deck under the selection, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self._decks[rows[0].row()].deck_id if rows and self._decks else None

    def select_deck(self, deck_id: int) -> None:
        """Select the row of ``deck_id``; one not listed yet, once the decks are next shown.

        A subdeck under a collapsed deck is shown first: a hidden row could be selected,
        and the buttons would act on a deck the learner cannot see.
        """
        ids = [deck.deck_id for deck in self._decks]
        if deck_id in ids:
            self._reveal(self._nodes[ids.index(deck_id)])
            self.table.selectRow(ids.index(deck_id))
        self._to_select = None if deck_id in ids else deck_id  # the latest choice wins

    def _reveal(self, node: DeckNode) -> None:
        parent = self._node_of(node.parent_id)
        while parent is not None:
            if parent.deck.key in self._collapsed:
                self._set_collapsed(parent, False)
            parent = self._node_of(parent.parent_id)

    def focus_table(self) -> None:
        """Put keyboard focus on the deck table, or with no decks on how to add one."""
        shown = self.table if self._decks else self.empty_label
        shown.setFocus(Qt.FocusReason.OtherFocusReason)

    def _request(self, signal: SignalInstance) -> None:
        deck_id = self.selected_deck_id()
        if deck_id is not None:
            signal.emit(deck_id)
        elif not self._decks:  # F2 or Del (also from the Tools menu) with no deck
            self.no_deck.emit()

    def _show_details(self) -> None:
        deck_id = self.selected_deck_id()
        deck = next((d for d in self._decks if d.deck_id == deck_id), None)
        self._show_backlog(None if deck is None else self._backlogs.get(deck.deck_id))
        if deck is None:
            self.details.clear()
            return
        below = len(subdeck_ids(self._nodes, deck.deck_id))
        where = f"this deck and its {counted(below, 'subdeck')}" if below else "this deck"
        parts = [deck.description, deck.disclaimer, f"{counted(deck.total, 'card')} in {where}."]
        self.details.setText("\n\n".join(p for p in parts if p))

    def _show_backlog(self, backlog: BacklogStatus | None) -> None:
        planned = backlog is not None and backlog.planned
        offer = backlog is not None and not planned and backlog.waiting >= BACKLOG_OFFER_AT
        if backlog is not None and planned:
            self.backlog_label.setText(backlog_plan_words(backlog))
        elif backlog is not None and offer:
            self.backlog_label.setText(
                f"{backlog.waiting} reviews have been waiting since before today. "
                "You can spread them over a few days instead of doing them all at once."
            )
        self.backlog.setVisible(planned or offer)
        self.spread_button.setVisible(offer)
        self.stop_spreading_button.setVisible(planned)
        # The line above them is no Tab stop: the buttons say it, then what they do.
        situation = self.backlog_label.text()
        for button, does in (
            (self.spread_button, _SPREAD_DOES),
            (self.stop_spreading_button, _STOP_SPREADING_DOES),
        ):
            button.setAccessibleDescription(f"{situation} {does}." if situation else does)
