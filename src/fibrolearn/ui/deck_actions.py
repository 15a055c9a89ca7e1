"""What the learner asks of one deck, from the deck list or the menus.

A gentle session, the deck's options, spreading its waiting reviews over several days,
offering them all again, renaming the deck and deleting it. Each acts on the deck given, or
else on the one studied on screen or selected in the deck list (``MainWindow.deck_in_sight``),
and only once the collection is open.

Deleting a large deck takes seconds (the backup first, then every card), so it runs
on a background worker behind a progress window that can cancel it, as Browse's bulk changes
do: the window keeps drawing, and nothing else can change the collection meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from fibrolearn.domain.progress import Cancelled, Progress
from fibrolearn.domain.words import (
    deck_delete_details,
    deck_delete_question,
    deck_deleted_words,
    deck_renamed_words,
)
from fibrolearn.ui.labels import breakable_words

# A delete's question not up by then is waiting for the worker: the learner is told why.
SLOW_COUNT_MS = 400

if TYPE_CHECKING:
    from fibrolearn.domain.browse import ChangeReport
    from fibrolearn.domain.custom_study import CustomSet
    from fibrolearn.domain.gentle import Energy, SessionGoal
    from fibrolearn.services.container import Services
    from fibrolearn.services.deck_manage import DeckDeletion
    from fibrolearn.ui.browse_jobs import ChangeJob
    from fibrolearn.ui.main_window import MainWindow
    from fibrolearn.ui.tasks import TaskRunner


class DeckActions:
    """Opens the dialogs behind the deck list's buttons and carries out their answers."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        # The app's background worker (install_collection_features hands it over), so a
        # delete waits behind an import or a bulk change rather than racing it.
        self.tasks: TaskRunner | None = None
        self.job: ChangeJob | None = None  # a delete under way
        self._reading_deletion = False  # what a delete would remove is being counted

    def start_gentle_session(
        self, deck_id: int | None = None, *, ended: SessionGoal | None = None
    ) -> None:
        """Ask for a small goal (and, optionally, today's energy), then start.

        ``ended``: the goal of the deck's gentle session that ended with its day.
        """
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        from fibrolearn.ui.gentle_dialog import GentleSessionDialog  # noqa: PLC0415

        name = services.decks.name(deck_id) or ""
        energy = services.gentle.energy_today()
        dialog = GentleSessionDialog(energy, name, self._window, ended=ended)
        if not self._window.ask(dialog):
            return
        unsaved = self._check_in(services, dialog.energy())
        self._window.start_study(deck_id, goal=dialog.goal())
        if unsaved is not None:
            self._window.say(unsaved)  # until something else is said: it has a remedy

    @staticmethod
    def _check_in(services: Services, energy: Energy | None) -> str | None:
        """Note today's energy; why not, when the collection refused it (the session starts).

        A collection opened read-only, or a disk that filled meanwhile, only loses the
        answer's lower new cards: that is no reason to refuse a low-energy day its session.
        """
        try:
            services.gentle.check_in(energy)
        except Exception as error:
            problem = services.storage_problem(error)
            if problem is None:
                raise
            return problem.refused(
                "your energy answer", "saved", "the gentle session started without it"
            )
        return None

    def custom_study(self, deck_id: int | None = None) -> None:
        """Tools ▸ Custom study: raise today's limits, or study a set of the deck's cards."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        from fibrolearn.ui.custom_study_dialog import CustomStudyDialog  # noqa: PLC0415

        dialog = CustomStudyDialog(
            services.custom_study,
            deck_id,
            services.decks.name(deck_id) or "",
            self._window,
            read_only=services.database.read_only,
            problem_of=services.storage_problem,
        )
        if not self._window.ask(dialog):
            return
        if dialog.found is None:  # a limit raised: the deck list shows it
            self._window.deck_changed()
            on_list = self._window.current_place() == "decks"
            self._window.say(dialog.raised + (" Press Enter to study." if on_list else ""), 8000)
            return
        self._start_set(dialog.found)

    def study_cards(self, card_ids: list[int]) -> None:
        """Browse's Study selected cards: a focused session on them (the first 1,000)."""
        services = self._window.services
        if services is None:
            return
        found = services.custom_study.selected(card_ids)
        words = found.nothing_words("These cards are gone (deleted meanwhile)")
        if words is not None:
            self._window.say(words, 8000)
            return
        self._start_set(found)

    def _start_set(self, found: CustomSet) -> None:
        """Study a custom set; say so when it holds only the first of the cards found."""
        self._window.start_study(found.study_set.deck_id, focus=found.study_set)
        cut = found.cap_words()
        if cut is not None:
            self._window.say(cut, 8000)

    def edit_deck_options(self, deck_id: int | None = None) -> None:
        """Open the deck's options."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        from fibrolearn.ui.deck_options import DeckOptionsDialog  # noqa: PLC0415

        name = services.decks.name(deck_id) or ""
        dialog = DeckOptionsDialog(services.decks, deck_id, name, self._window)
        if self._window.ask(dialog):
            self._window.deck_changed()

    def spread_backlog(self, deck_id: int | None = None) -> None:
        """Offer to spread a deck's waiting reviews over several days."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        waiting = services.gentle.spreadable(deck_id)
        if waiting == 0:
            self._window.say("No reviews are waiting from before today.", 6000)
            return
        from fibrolearn.ui.backlog_dialog import BacklogDialog  # noqa: PLC0415

        limit = services.decks.options(deck_id).reviews_per_day
        dialog = BacklogDialog(waiting, limit, self._window)
        if self._window.ask(dialog):
            services.gentle.spread_backlog(deck_id, dialog.days.value())
            self._window.deck_changed()

    def stop_spreading(self, deck_id: int) -> None:
        """Offer every waiting review of a deck again."""
        services = self._window.services
        if services is not None:
            services.gentle.stop_spreading(deck_id)
            self._window.deck_changed()

    def rename_deck(self, deck_id: int | None = None) -> None:
        """Ask for a deck's new name; a refused one is explained in the dialog."""
        found = self._deck_and_services(deck_id)
        if found is None:
            return
        deck_id, services = found
        name = services.decks.name(deck_id)
        if name is None:
            return
        from fibrolearn.ui.deck_name_dialog import DeckNameDialog  # noqa: PLC0415

        manage = services.deck_manage
        made: list[str] = []  # decks the new name put it under, made for it

        def rename(new: str) -> str:
            renamed = manage.rename(deck_id, new)
            made.extend(renamed.made)
            return renamed.name

        dialog = DeckNameDialog(
            name, rename, lambda new: manage.name_problem(deck_id, new), self._window
        )
        if self._window.ask(dialog) and dialog.name != name:
            self._window.deck_renamed(deck_id)
            self._window.say(deck_renamed_words(name, dialog.name, made), 8000)

    def delete_deck(self, deck_id: int | None = None) -> None:
        """Ask first, saying what goes; then back up and delete the deck in the background.

        What goes is counted on the worker too: the deck's answers in a long review log take
        a noticeable moment to count (~170 ms at a million).
        """
        found = self._deck_and_services(deck_id)
        if found is None or self.job is not None or self._reading_deletion:
            return
        deck_id, services = found
        name = services.decks.name(deck_id)
        if name is None:
            return  # deleted meanwhile (from the command line)
        self._reading_deletion = True

        def still_counting() -> None:  # behind other work on the worker (an import, say)
            if self._reading_deletion:
                self._window.say(f"Counting what “{name}” holds before deleting it…", 8000)

        QTimer.singleShot(SLOW_COUNT_MS, self._window, still_counting)

        def counted(what: DeckDeletion) -> None:
            self._reading_deletion = False
            if self._window.services is services:  # not restored meanwhile
                self._confirm_delete(deck_id, services, what)

        def not_counted(error: Exception) -> None:
            self._reading_deletion = False
            # Deleted meanwhile (from the command line), or another collection now: quiet.
            if self._window.services is services and not isinstance(error, LookupError):
                self._deleted(deck_id, name, error)

        self._runner().run(lambda: services.deck_manage.deletion(deck_id), counted, not_counted)

    def _confirm_delete(self, deck_id: int, services: Services, what: DeckDeletion) -> None:
        from fibrolearn.ui.questions import ask  # noqa: PLC0415

        details = deck_delete_details(
            what.cards,
            what.studied_cards,
            comes_with_app=what.comes_with_app,
            subdecks=[breakable_words(name) for name in what.subdecks],  # long names wrap
        )
        question = deck_delete_question(breakable_words(what.name))
        if not ask(self._window, "Delete deck", question, "&Delete deck", details=details):
            return
        window = self._window
        neighbour = window.deck_list.neighbour_of(deck_id)
        if neighbour is not None:  # what the deck list acts on while the delete runs
            window.deck_list.select_deck(neighbour)

        # Not at the top: Browse's domain (and the search parser) are not needed to start.
        from fibrolearn.domain.browse import ChangeReport  # noqa: PLC0415

        def work(progress: Progress) -> ChangeReport:
            done = services.deck_manage.delete(deck_id, progress)
            subdecks = len(done.subdecks)
            words = deck_deleted_words(done.name, done.cards, done.reviews, subdecks=subdecks)
            return ChangeReport(words)

        def finished(outcome: ChangeReport | Exception | None) -> None:
            self.job = None
            self._deleted(deck_id, what.name, outcome, what.subdeck_ids)

        from fibrolearn.ui.browse_jobs import ChangeJob  # noqa: PLC0415

        self.job = ChangeJob(self._runner(), window, f"Deleting “{what.name}”…", work, finished)

    def _deleted(
        self,
        deck_id: int,
        name: str,
        outcome: ChangeReport | Exception | None,
        subdeck_ids: tuple[int, ...] = (),
    ) -> None:
        """Say how the delete ended, and show the decks as they are now."""
        from fibrolearn.domain.browse import ChangeReport  # noqa: PLC0415

        window = self._window
        if isinstance(outcome, ChangeReport):
            gone = (*subdeck_ids, deck_id)
            for each in gone:  # a session in a subdeck ends too
                window.leave_deck(each)  # only now: a delete cancelled or failed keeps a session
            window.decks_deleted(gone)
            window.say(outcome.message, 15_000)
            return
        window.refresh_decks_if_shown()
        window.deck_list.select_deck(deck_id)  # still there
        if isinstance(outcome, Cancelled):
            window.say(f"Cancelled: “{name}” was not deleted.", 8000)
        elif isinstance(outcome, Exception):
            from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

            from fibrolearn.ui.questions import tell  # noqa: PLC0415

            title, words = self._not_deleted_words(name, outcome)
            tell(window, QMessageBox.Icon.Warning, title, words)

    def _not_deleted_words(self, name: str, error: Exception) -> tuple[str, str]:
        """The title and words of why the deck was not deleted, and what to do.

        That nothing changed is said once; a deletion that may be saved all the same is said
        to be maybe not deleted.
        """
        from fibrolearn.services.storage_errors import storage_problem  # noqa: PLC0415

        services = self._window.services
        problem = storage_problem(error) if services is None else services.storage_problem(error)
        if problem is None:
            return "Deck not deleted", f"“{name}” was not deleted; nothing changed. {error}."
        title = "Deck maybe not deleted" if problem.maybe_saved else "Deck not deleted"
        return title, problem.refused(f"“{name}”", "deleted", "nothing changed")

    def _runner(self) -> TaskRunner:
        if self.tasks is None:  # a window without the app's collection features has none
            from fibrolearn.ui.tasks import TaskRunner  # noqa: PLC0415

            self.tasks = TaskRunner(self._window)
        return self.tasks

    def no_deck(self) -> None:
        """A deck command with no deck to act on: say how to add one (it did nothing else)."""
        from fibrolearn.ui.formatting import ADD_A_DECK_FIRST  # noqa: PLC0415

        self._window.say(f"There is no deck yet. {ADD_A_DECK_FIRST}", 15_000)

    def _deck_and_services(self, deck_id: int | None) -> tuple[int, Services] | None:
        """The deck meant (given, else the one in sight) and the open collection.

        With no deck at all (the deck list selects one whenever there is one), says so.
        """
        window = self._window
        deck_id = deck_id if deck_id is not None else window.deck_in_sight()
        if window.services is None:
            return None
        if deck_id is None:
            self.no_deck()
            return None
        return deck_id, window.services
