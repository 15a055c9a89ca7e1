"""The Study place: its screen, built when first needed, the session on it, and study's undo.

The main window keeps one :class:`StudyPlace` and asks it to start, resume, leave and undo
study; the window's own methods of those names hand over to it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer

from fibrolearn.domain.enums import Undone
from fibrolearn.paths import resolve_paths
from fibrolearn.ui.browse_keys import KeyBinding, PageKeys

if TYPE_CHECKING:
    from collections.abc import Callable

    from fibrolearn.domain.clock import Clock
    from fibrolearn.domain.gentle import SessionGoal
    from fibrolearn.domain.study import StudySet
    from fibrolearn.services.container import Services
    from fibrolearn.services.session import StudySession
    from fibrolearn.services.study_steps import SessionShape, Step, StepHistory
    from fibrolearn.ui.app_preferences import AppPreferences
    from fibrolearn.ui.main_window import MainWindow
    from fibrolearn.ui.places import PlaceSwitcher
    from fibrolearn.ui.study_page import StudyPage

KEY = "study"
NO_CARD_FOR_INFO = "Card info needs a card on screen: there is none just now."
# What Edit ▸ Undo (and Redo) names, after "Undo".
_STEP_NAMES = {
    Undone.ANSWER: "answer",
    Undone.SUSPEND: "suspend card",
    Undone.BURY: "bury card",
    Undone.EDIT: "edit card",
}


class StudyPlace:
    """Study in ``window``: the screen, its session, and the steps Ctrl+Z takes back."""

    def __init__(
        self, window: MainWindow, switcher: PlaceSwitcher, clock: Clock, data_dir: str
    ) -> None:
        self._window = window
        self._switcher = switcher
        self._clock = clock
        self._data_dir = data_dir
        self._steps: StepHistory | None = None  # with the collection: steps to undo
        self._keys: PageKeys | None = None  # the study screen's own keys, once it is built

    @property
    def page(self) -> StudyPage:
        """The study screen, built now if it was not yet (see :meth:`build`)."""
        return cast("StudyPage", self._switcher.places[KEY].widget)

    def session(self) -> StudySession | None:
        """The session on the study screen, if any; asking does not build the screen."""
        return self.page.session if self._switcher.places[KEY].built else None

    def build(self) -> StudyPage:
        """Build the study screen: when first needed, or 10 ms after the collection opens.

        Not with the window: its import and widgets held the first paint back by 15-30 ms.
        """
        from fibrolearn.ui.study_page import StudyPage  # noqa: PLC0415

        window = self._window
        media = resolve_paths(self._data_dir).media_dir  # the only place card images load from
        page = StudyPage(media, window.read_aloud, window.study_actions)
        self._use(page, window.preferences)
        page.leave_requested.connect(window.show_decks)
        page.info_requested.connect(self.card_info)
        # Ctrl+Shift+I is File ▸ Import's too: Qt found the two ambiguous and ran neither.
        # Held with no card on screen (paused, all done): a learner asking about a card never
        # gets the Import window instead.
        info = window.study_actions.info
        self._keys = PageKeys(
            page,
            [KeyBinding(info.shortcut(), info, held=True)],
            refused=lambda _action: window.say(NO_CARD_FOR_INFO, 8000),  # and heard
        )
        page.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        return page

    def card_info(self) -> None:
        """Card info on the card on screen: its answer stays hidden, its clock stops (as E's)."""
        session, services = self.session(), self._window.services
        if session is None or session.card is None or services is None:
            return
        from fibrolearn.ui.card_info_dialog import show_card_info  # noqa: PLC0415 - on first use

        card_id = session.card.card_id
        with session.covered():  # reading Card info is not answering the card
            show_card_info(self.page, services.card_info, card_id, answer_shown=session.revealed)

    def use_preferences(self, preferences: AppPreferences) -> None:
        """Answer with two buttons or four, read cards aloud and play their sounds, as asked."""
        if self._switcher.places[KEY].built:  # else it starts with them (see build)
            self._use(self.page, preferences)

    @staticmethod
    def _use(page: StudyPage, preferences: AppPreferences) -> None:
        page.set_two_buttons(preferences.two_buttons)
        page.card_reading.every_side = preferences.read_aloud
        page.card_reading.sounds.autoplay = preferences.play_sounds

    # ---------------------------------------------------------------- sessions
    def collection_opened(self) -> None:
        """A collection opened: steps in another one cannot be undone in it."""
        from fibrolearn.services.study_steps import StepHistory  # noqa: PLC0415 - loaded by now

        self._steps = StepHistory()

    def resume(self, services: Services) -> None:
        """Carry on with the session the collection saved, if its deck is still there.

        A gentle session left on an earlier day is not: its goal was chosen for that day's
        energy, so today's is asked, the old goal offered first. Its place is let go of
        first, so a learner who declines is not asked again at every start.
        """
        position = services.study.saved_position()
        if position is None or self._deck_name(position.deck_id) is None:
            self._window.show_decks()
        elif position.goal is not None and not position.same_sitting(services.study.day_start()):
            from fibrolearn.services.session_place import keep_place  # noqa: PLC0415

            keep_place(services.study, None)
            self._window.show_decks()
            # Once the window is up: asked while the collection is still being opened, the
            # dialog would hold up what opening it says.
            deck_id, goal = position.deck_id, position.goal
            QTimer.singleShot(
                0, lambda: self._window.deck_actions.start_gentle_session(deck_id, ended=goal)
            )
        else:
            self.start(position.deck_id, resume=True, focus=position.focus)

    def enter(self) -> None:
        """The Study place: the session in progress, or a new one on the selected deck."""
        window = self._window
        session = self.page.session
        if session is not None:
            session.refresh()  # Browse may have edited its card, or added cards
            self.page.setFocus(Qt.FocusReason.OtherFocusReason)
            self.page.focusNextChild()
            return
        deck_id = window.deck_list.selected_deck_id()
        if deck_id is None and window.services is not None:
            decks = window.services.decks.list_decks()
            deck_id = decks[0].deck_id if decks else None
        if deck_id is None:
            window.show_place("decks")
        else:
            self.start(deck_id)

    def start(
        self,
        deck_id: int,
        *,
        resume: bool = False,
        goal: SessionGoal | None = None,
        focus: StudySet | None = None,
        reopened: SessionShape | None = None,
    ) -> None:
        """Open the study screen on a deck (see :meth:`MainWindow.start_study`).

        ``reopened``: the session Ctrl+Z goes back to, begun as it was.
        """
        window = self._window
        services = window.services
        if services is None:
            return
        # The services have loaded by now; the window itself must not wait for them.
        from fibrolearn.services.session import StudySession  # noqa: PLC0415

        page = self.page
        if page.session is not None:
            page.session.stop()
        session = StudySession(
            services.study,
            services.card_edits,
            self._clock,
            page,
            deck_id,
            goal=goal,
            focus=focus,
            reopened=reopened,
            history=self._steps,
            reading=services.database.read_only,
        )
        page.attach(session, self._title(deck_id, focus))
        self._switcher.turn_to(KEY)
        window.setWindowTitle("Study · FibroLearn")
        if not resume:
            session.start()
            return
        with page.card_reading.sounds.held():  # not sprung on a learner opening the app
            session.start(services.study.saved_position())

    def stop(self) -> None:
        """End the session, if any: nothing is left to resume."""
        session = self.session()
        if session is not None:
            session.stop()
            self.page.session = None

    def set_aside(self) -> Callable[[], bool]:
        """End the session before the collection is opened anew (Try again).

        Returns what begins it again on the new collection: the same deck, goal and focus;
        it returns False when there was no session, or its deck is gone.
        """
        session = self.session()
        self.stop()
        if session is None:
            return lambda: False
        deck_id, goal, focus = session.deck_id, session.goal, session.focus

        def again() -> bool:
            if self._deck_name(deck_id) is None:
                return False
            self.start(deck_id, goal=goal, focus=focus)
            return True

        return again

    def refresh(self) -> None:
        """Show the session as it now stands (a dialog over it changed its deck or options)."""
        session = self.session()
        if session is not None:
            session.refresh()

    def save(self) -> None:
        """Remember where the session stands (the window is closing)."""
        session = self.session()
        if session is not None and session.card is not None:
            session.save()

    # -------------------------------------------------------------------- undo
    def undo(self) -> bool:
        """Take back the newest study step, going to its deck's session if need be.

        Returns False, saying nothing, when there is no step to take back.
        """
        deck_id = self._newest_step_deck()
        if deck_id is None:
            return False
        assert self._steps is not None
        self._go_to(deck_id, self._steps.newest_shape())
        return self.page.undo()

    def redo(self) -> bool:
        """Do again the newest study step taken back, going to its deck's session if need be.

        Returns False, saying nothing, when there is no step to redo.
        """
        step = None if self._steps is None else self._steps.newest_undone()
        if step is None:
            return False
        self._go_to(step.deck_id, step.shape)
        return self.page.undo(redo=True)

    def _go_to(self, deck_id: int, shape: SessionShape) -> None:
        """Show the session in ``deck_id``, opening it again as it was if need be."""
        session = self.session()
        if session is None or session.deck_id != deck_id:
            self.start(deck_id, goal=shape.goal, focus=shape.focus, reopened=shape)
        elif self._window.current_place() != KEY:
            self._window.show_place(KEY)

    def undo_label(self) -> str | None:
        """What :meth:`undo` would take back ("answer in Small deck"), or None: nothing.

        The deck is named unless its session is on screen: the undo goes there first.
        """
        deck_id = self._newest_step_deck()
        step = None if self._steps is None or deck_id is None else self._steps.newest(deck_id)
        return None if step is None else self._step_name(step)

    def redo_label(self) -> str | None:
        """What :meth:`redo` would do again ("answer in Small deck"), or None: nothing."""
        step = None if self._steps is None else self._steps.newest_undone()
        return None if step is None else self._step_name(step)

    def _step_name(self, step: Step) -> str:
        """A step's name, with its deck's unless its session is on screen."""
        name = _STEP_NAMES[step.kind]
        if self.studies(step.deck_id) and self._window.current_place() == KEY:
            return name
        return f"{name} in {self._deck_name(step.deck_id)}"

    def _newest_step_deck(self) -> int | None:
        """The deck of the newest study step to undo, dropping steps in decks since deleted."""
        steps = self._steps
        deck_id = steps.newest_deck() if steps is not None else None
        while steps is not None and deck_id is not None and self._deck_name(deck_id) is None:
            gone = steps.newest(deck_id)
            assert gone is not None
            steps.drop(gone)
            deck_id = steps.newest_deck()
        return deck_id

    # ------------------------------------------------------------------- decks
    def deck_renamed(self, deck_id: int) -> None:
        """Show a deck's new name over its study session."""
        session = self.session()
        if session is not None and session.deck_id == deck_id:
            self.page.attach(session, self._title(deck_id, session.focus))

    def studies(self, deck_id: int) -> bool:
        """Whether a study session in ``deck_id`` is under way."""
        session = self.session()
        return session is not None and session.deck_id == deck_id

    def forget_decks(self, deck_ids: Collection[int]) -> None:
        """Decks are gone: their study steps can no longer be taken back.

        Nor can those on its cards in a session of a deck it was a subdeck of (studying a
        parent takes its subdecks' cards): kept, Ctrl+Z refused them with words about a card
        the learner never saw, or acted on a new card given one of their ids.
        """
        if self._steps is None:
            return
        for deck_id in deck_ids:
            self._steps.forget_deck(deck_id)
        services, on = self._window.services, self._steps.card_ids()
        if services is not None and on:
            self._steps.forget_cards(on - services.study.cards_there(on))

    def forget_cards(self, card_ids: Collection[int]) -> None:
        """Cards are gone: study steps on them can no longer be taken back."""
        if self._steps is not None:
            self._steps.forget_cards(card_ids)

    def _title(self, deck_id: int, focus: StudySet | None) -> str:
        """The study screen's header: the deck's name, and a focused session's set."""
        name = self._deck_name(deck_id) or ""
        return name if focus is None else f"{name}: {focus.label}"

    def _deck_name(self, deck_id: int) -> str | None:
        services = self._window.services
        assert services is not None
        return services.decks.name(deck_id)
