"""The main window: places (Decks, Study, and any other), menus and appearance.

How places are added and reached is told in ``ui/places.py``; where the window opens, in
``ui/window_geometry.py``.

Dialogs are imported where they open, not at the top: each brings Qt widget classes the
first window does not use (QMessageBox's Python type alone took 1 ms to make), and the first
window is drawn against a start-up budget.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from fibrolearn.domain.clock import Clock
from fibrolearn.domain.faults import REPAIR_SETTING_IN_APP
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.words import (
    deck_files_unread_words,
    deck_update_words,
    search_text_repaired_words,
)
from fibrolearn.ui.announce import Announcer
from fibrolearn.ui.app_preferences import (
    AppPreferences,
    load_preferences,
    not_kept_words,
    not_understood_words,
    save_preferences,
    stepped_text_scale,
    text_size_words,
)
from fibrolearn.ui.day_turn import DayTurnWatch
from fibrolearn.ui.deck_actions import DeckActions
from fibrolearn.ui.deck_list import DeckListPage
from fibrolearn.ui.dialogs import accepted
from fibrolearn.ui.enter_key import EnterPressesFocusedButtons
from fibrolearn.ui.guide_pointer import GuidePointer
from fibrolearn.ui.main_menus import build_menus
from fibrolearn.ui.paced import Paced
from fibrolearn.ui.places import PlaceSwitcher
from fibrolearn.ui.read_aloud import ReadAloud
from fibrolearn.ui.read_only_notice import ReadOnlyNotice
from fibrolearn.ui.status_bar import WrappingStatusBar, status_label
from fibrolearn.ui.study_actions import make_study_actions
from fibrolearn.ui.study_place import StudyPlace
from fibrolearn.ui.text_fit import WindowContent
from fibrolearn.ui.theme import Appearance
from fibrolearn.ui.window_geometry import restore_geometry, save_geometry

if TYPE_CHECKING:
    from fibrolearn.domain.study import StudySet
    from fibrolearn.services.container import Services
    from fibrolearn.services.deck_list import DeckList
    from fibrolearn.ui.study_page import StudyPage
    from fibrolearn.ui.undo_words import Named


DECK_UPDATE_MESSAGE_MS = 30_000  # long enough to read two sentences slowly


class MainWindow(QMainWindow):
    """Shows a loading message until the collection is open, then the deck list."""

    collection_ready = Signal(object)  # Services, once the collection is open
    place_changed = Signal(str)  # the key of the place now shown
    decks_changed = Signal()  # one added, renamed, its options changed: see refresh_decks_if_shown
    first_painted = Signal()  # once, as the window is first drawn (see ui.first_paint)

    def __init__(self, settings: QSettings, clock: Clock, data_dir: str) -> None:
        super().__init__()
        self.setWindowTitle("FibroLearn")
        self._status = WrappingStatusBar()
        self.setStatusBar(self._status)
        self._settings = settings
        self._data_dir = data_dir
        self.services: Services | None = None
        self._waiting_action: Callable[[], None] | None = None
        self._painted = False

        app = QApplication.instance()
        assert isinstance(app, QApplication), "the main window needs a QApplication"
        self.appearance = Appearance(app, self)
        not_understood: list[str] = []  # a hand edit's values: said until written anew
        self.preferences = load_preferences(settings, not_understood)
        self.appearance.take_text_size(self.preferences)  # before any widget: see there
        self.setFont(QFont())  # the window follows it now, not once shown
        self.read_aloud = ReadAloud(self)
        self._text_size_pace = Paced(self)

        self.loading = status_label("Opening your collection…")
        self.deck_list = DeckListPage(settings=settings)
        self.study_actions = make_study_actions(self)
        self._switcher = PlaceSwitcher(self)
        self._study = StudyPlace(self, self._switcher, clock, data_dir)
        self.places = self._switcher.places
        self.navigation = self._switcher.navigation
        self.pages = self._switcher.pages
        self.read_only_notice = ReadOnlyNotice()
        self.guide_pointer = GuidePointer(settings)  # on the first starts: where to begin
        self.pages.addWidget(self.loading)
        central = WindowContent()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        for above in (self.read_only_notice, self.guide_pointer, self.navigation):
            layout.addWidget(above)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._announcer = Announcer(self)
        EnterPressesFocusedButtons(self)  # the window, its parent, keeps it
        self.deck_actions = DeckActions(self)
        DayTurnWatch(self, clock)  # the window, its parent, keeps it
        self.menus = build_menus(self)
        self.add_place("decks", "&Decks", self.deck_list, "Ctrl+1", self._enter_decks)
        self.add_place("study", "&Study", self._study.build, "Ctrl+2", self._study.enter)
        self._connect_pages()
        self._use_preferences(self.preferences)  # as saved: nothing to write at start
        unread = not_understood_words(settings.fileName(), not_understood)
        self._status.stand(unread)
        # Heard once the window's first place has the focus (or says why none does).
        self._unheard = " ".join(words for words in (unread, self.guide_pointer.text()) if words)
        self._set_collection_actions(False)
        restore_geometry(self, settings)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: say :attr:`first_painted` after the first paint."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    @property
    def study(self) -> StudyPage:
        """The study screen, built now if it was not yet (see :meth:`StudyPlace.build`)."""
        return self._study.page

    @property
    def data_dir(self) -> str:
        """The data folder the window was opened on (Help ▸ About shows it)."""
        return self._data_dir

    @property
    def settings(self) -> QSettings:
        """The UI settings (``ui.ini``), where places remember how they were left."""
        return self._settings

    # ----------------------------------------------------------------- places
    def add_place(
        self,
        key: str,
        title: str,
        page: QWidget | Callable[[], QWidget],
        shortcut: str | None = None,
        on_enter: Callable[[], None] | None = None,
    ) -> QAction:
        """Add a place: a page (or a function that builds it), its tab, Go menu entry and keys.

        See :meth:`PlaceSwitcher.add`; returns the Go menu action.
        """
        return self._switcher.add(key, title, page, shortcut, on_enter)

    def show_place(self, key: str) -> None:
        """Go to a place (runs its ``on_enter``)."""
        self._switcher.show(key)

    def current_place(self) -> str | None:
        """The key of the place on screen (None while loading)."""
        return self._switcher.current()

    # ------------------------------------------------------------------ setup
    def _connect_pages(self) -> None:
        requests = (
            (self.deck_list.study_requested, self.start_study),
            (self.deck_list.gentle_requested, self.deck_actions.start_gentle_session),
            (self.deck_list.options_requested, self.deck_actions.edit_deck_options),
            (self.deck_list.spread_requested, self.deck_actions.spread_backlog),
            (self.deck_list.stop_spreading_requested, self.deck_actions.stop_spreading),
            (self.deck_list.rename_requested, self.deck_actions.rename_deck),
            (self.deck_list.delete_requested, self.deck_actions.delete_deck),
        )
        for signal, handler in requests:
            signal.connect(
                lambda deck_id, handler=handler: self._when_open(lambda: handler(deck_id))
            )
        self.deck_list.no_deck.connect(lambda: self._when_open(self.deck_actions.no_deck))

    def add_collection_action(self, action: QAction) -> None:
        """Have ``action``, added to a menu after start, enabled only while a collection is open."""
        actions = (*self.menus.collection_actions, action)
        self.menus = self.menus._replace(collection_actions=actions)
        action.setEnabled(self.services is not None)

    def _set_collection_actions(self, enabled: bool) -> None:
        for action in self.menus.collection_actions:
            action.setEnabled(enabled)
        self._switcher.set_enabled(enabled)

    # ------------------------------------------------------------ preferences
    def apply_preferences(self, preferences: AppPreferences, change: str = "") -> None:
        """Use these preferences now, everywhere, and remember them.

        ``change`` (say "Text size 150 %.") is said, and so is that they could not be kept
        for the next start, when the settings file could not be written.
        """
        self._use_preferences(preferences)
        if not save_preferences(self._settings, preferences):
            unkept = not_kept_words(self._settings.fileName())
            self.say(f"{change} {unkept}".lstrip())  # shown until something else is
            return
        self._status.stand("")  # written as FibroLearn reads it: no value not understood
        if change:
            self.say(change, 4000)

    def _use_preferences(self, preferences: AppPreferences) -> None:
        self.preferences = preferences
        self.appearance.apply(preferences)
        self._study.use_preferences(preferences)

    def change_text_size(self, step: int) -> None:
        """Make text bigger (positive step) or smaller, within 75-200 %; 0 resets to 100 %."""
        scale = 100 if step == 0 else stepped_text_scale(self.preferences.text_scale, step)
        self.preferences = self.preferences._replace(text_scale=scale)  # where the next step goes

        def restyle() -> None:  # to the size asked for last, saying it
            self.apply_preferences(self.preferences, text_size_words(self.preferences.text_scale))

        self._text_size_pace.run(restyle)  # held down, the keys repeat: once they stop

    def show_preferences(self) -> None:
        """Open the preferences; every change there applies at once."""
        from fibrolearn.ui.preferences_dialog import PreferencesDialog  # noqa: PLC0415

        dialog = PreferencesDialog(self.preferences, self.read_aloud, self)
        dialog.changed.connect(self.apply_preferences)
        self.ask(dialog)

    # ------------------------------------------------------------- lifecycle
    def show_first_deck_list(self, first: DeckList) -> None:
        """Show the decks read at start-up, while the collection is still opening."""
        self.deck_list.set_decks(first.decks, first.backlogs)
        self._switcher.turn_to("decks")
        self.deck_list.focus_table()

    def _when_open(self, action: Callable[[], None]) -> None:
        """Run ``action`` now, or once the collection is open (asked of the first deck list)."""
        if self.services is not None:
            action()
            return
        self._waiting_action = action
        self.say("Opening your collection…")

    def collection_opened(
        self, services: Services, *, then: Callable[[], None] | None = None, told: str = ""
    ) -> None:
        """The collection is ready: do ``then``, or what the learner asked meanwhile, or resume.

        An interrupted study session is resumed; otherwise the deck list is shown. ``then``
        comes back to where the learner was when the same collection is opened anew (see
        :meth:`set_place_aside`). What a newer bundled deck changed is said in the status bar,
        after ``told``: what else opening the collection did.
        """
        self.services = services
        self._study.collection_opened()
        self._set_collection_actions(True)
        self.read_only_notice.show_because(services.database.read_only_because, self._data_dir)
        self.collection_ready.emit(services)
        waiting, self._waiting_action = self._waiting_action, None
        if then is not None:
            then()
        elif waiting is not None:
            self.statusBar().clearMessage()
            self.show_decks()
            waiting()
        else:
            self._study.resume(services)
        decks = services.decks
        said = (
            told,
            search_text_repaired_words(decks.repaired_search_text),
            deck_update_words(decks.updates),
            deck_files_unread_words(decks.files_unread, REPAIR_SETTING_IN_APP),
        )
        updated = " ".join(words for words in said if words)
        if updated:  # what opening, and loading the bundled decks, did or could not do
            self.statusBar().showMessage(updated, DECK_UPDATE_MESSAGE_MS)
        # The read-only notice is seen over every place at once: heard with the rest, in one.
        notice = self.read_only_notice.text() if services.database.read_only_because else ""
        unheard = self._said_once()
        if heard := " ".join(words for words in (updated, notice, unheard) if words):
            self._announcer.announce(heard)

    def _said_once(self) -> str:
        """What the start has to say (values not understood, the guide), the first time asked."""
        unheard, self._unheard = self._unheard, ""
        return unheard

    def collection_closing(self) -> None:
        """The collection is about to be replaced (a restore): nothing may reach it meanwhile.

        The menus' collection commands and the places come back with the next opening.
        """
        self._set_collection_actions(False)

    def set_place_aside(self) -> Callable[[], None]:
        """Before the collection is opened anew (Try again): end any study session.

        Returns what comes back to the place shown, once the new collection is open: the
        study session on the same deck, as it was begun, or the same place.
        """
        place = self.current_place()
        study_again = self._study.set_aside()

        def come_back() -> None:
            if place == "study":
                if not study_again():
                    self.show_decks()
            elif place is not None:
                self.show_place(place)

        return come_back

    def collection_unavailable(self, message: str) -> None:
        """Opening gave no collection: drop the first deck list and any request made on it.

        A recovery may bring other decks, so nothing asked of the old list may run; the
        window shows ``message`` until a collection opens.
        """
        self._waiting_action = None
        self.statusBar().clearMessage()  # a standing message stays
        self.pages.setCurrentWidget(self.loading)
        self.loading.setText(message)

    def collection_failed(self, error: Exception, words: str | None = None) -> None:
        """Opening failed: say what happened (``words``, else the error's), keep the window up."""
        said = words or str(error)
        self.collection_unavailable(f"FibroLearn could not open your collection.\n\n{said}")
        from fibrolearn.ui.questions import QMessageBox, tell  # noqa: PLC0415 - not at start

        tell(self, QMessageBox.Icon.Critical, "FibroLearn", said)
        if unheard := self._said_once():  # after the message, which would cut it short
            self._announcer.announce(unheard)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window and the study position, then release the collection."""
        save_geometry(self, self._settings)
        self._text_size_pace.flush()  # a text size still waiting is kept for the next start
        self.read_aloud.stop()
        if self.services is not None:
            self._study.save()
            self.services.close()
            self.services = None
        super().closeEvent(event)

    # ------------------------------------------------------------- navigation
    def show_decks(self) -> None:
        """Go to the deck list, ending any study session."""
        self._study.stop()
        self.show_place("decks")

    def _enter_decks(self) -> None:
        self._read_decks()
        self.deck_list.focus_table()

    def _read_decks(self) -> None:
        assert self.services is not None
        shown = self.services.decks.deck_list()
        self.deck_list.set_decks(shown.decks, shown.backlogs)

    def start_study(
        self,
        deck_id: int,
        *,
        resume: bool = False,
        goal: SessionGoal | None = None,
        focus: StudySet | None = None,
    ) -> None:
        """Open the study screen on a deck.

        A gentle session when ``goal`` is given; with ``focus``, only those cards of it.
        """
        self._study.start(deck_id, resume=resume, goal=goal, focus=focus)

    def undo(self, *, redo: bool = False) -> None:
        """Ctrl+Z: take back the last step, wherever the learner is (``redo``: Ctrl+Shift+Z)."""
        if self.services is None:
            return
        if self.current_place() == "browse":  # Browse keeps its own undo of card edits
            self.places["browse"].widget.history.act(redo=redo)  # type: ignore[attr-defined]
        elif not (self._study.redo() if redo else self._study.undo()):
            from fibrolearn.ui.browse_undo import nothing_here  # noqa: PLC0415 - not at start

            self.say(nothing_here(self.services.notes, redo=redo), 8000)

    def undo_label(self, *, redo: bool = False) -> Named:
        """What :meth:`undo` (or ``redo``) would act on here ("delete 3 notes"), and if it can."""
        if self.services is None:
            return None
        if self.current_place() == "browse":
            from fibrolearn.ui.browse_undo import named  # noqa: PLC0415 - not at start

            return named(self.services.notes, redo=redo)
        label = self._study.redo_label() if redo else self._study.undo_label()
        return None if label is None else (label, True)

    @staticmethod
    def ask(dialog: QDialog) -> bool:
        """Run ``dialog``; True when accepted. It goes once read (see :func:`accepted`)."""
        return accepted(dialog)

    def say(self, text: str, timeout_ms: int = 0, *, heard: bool = True) -> None:
        """Show ``text`` in the status bar and, if ``heard``, have screen readers say it."""
        self.statusBar().showMessage(text, timeout_ms)
        if heard:
            self._announcer.announce(text)

    def refresh_decks_if_shown(self) -> None:
        """Read the deck list again when it is on screen (its numbers may have changed).

        The other places that list decks (Quiz's set-up, Progress) hear it by
        :attr:`decks_changed`: a deck loaded or renamed from the menus while one of them is on
        screen shows there at once.
        """
        if self.current_place() == "decks":
            self._enter_decks()
        elif self.services is not None and self.deck_list.selected_deck_id() is None:
            # Out of sight, a list read with no deck in it selects none, and the deck
            # commands (Tools ▸ Deck options…, Rename deck…) said there was no deck of one
            # loaded since: read again, it selects that one.
            self._read_decks()
        self.decks_changed.emit()

    def deck_in_sight(self) -> int | None:
        """The deck the menus' deck commands act on (Deck options, Gentle session, Spread).

        The deck studied while Study is on screen: the deck list's selection, out of sight,
        may be another deck (Study resumed at start, or opened from Progress or Ctrl+Z).
        Elsewhere, the deck selected in the deck list.
        """
        session = self._study.session()
        if session is not None and self.current_place() == "study":
            return session.deck_id
        return self.deck_list.selected_deck_id()

    def deck_changed(self) -> None:
        """A deck's cards, options or schedule changed: the deck list and Study, if shown, say so.

        Study's card as it now reads, its buttons' times (they change with the options) and
        its counts of what is left (Spread moves reviews away, a deck file adds cards). Not
        under a dialog open over it (a deck file loaded while the card's note is edited): the
        card would move on beneath the edit. Answering it then says what changed, as ever.
        """
        self.refresh_decks_if_shown()
        if self.current_place() == "study" and QApplication.activeModalWidget() is None:
            self._study.refresh()

    def deck_renamed(self, deck_id: int) -> None:
        """Show a deck's new name at once: in the deck list, and over its study session."""
        self._study.deck_renamed(deck_id)
        self.refresh_decks_if_shown()

    def leave_deck(self, deck_id: int) -> None:
        """Show the deck list; a study session in ``deck_id`` ends (the deck is going)."""
        if self._study.studies(deck_id):
            self.show_decks()
        else:
            self.show_place("decks")

    def decks_deleted(self, deck_ids: Collection[int]) -> None:
        """Decks are gone: the deck list shows what is left, and Quiz lets go of its quiz.

        A quiz in another deck carries on where it was (Quiz takes it up again from the
        collection). Nothing done before can be undone in it: the study steps in the deck are
        forgotten, and Browse's changes (whose ids a new deck or card may be given), as in Anki.
        """
        quiz = self.places.get("quiz")
        if quiz is not None and quiz.built and self.services is not None:
            quiz.widget.attach(self.services)  # type: ignore[attr-defined]
        if self.services is not None:
            self.services.notes.forget_undo()
        self._study.forget_decks(deck_ids)
        self.refresh_decks_if_shown()

    def cards_deleted(self, card_ids: Collection[int]) -> None:
        """Cards deleted (in Browse): study steps on them can no longer be taken back.

        A card added later may be given one of their ids, and an undo would act on it.
        """
        self._study.forget_cards(card_ids)
