"""File > Load deck file…: bring a deck file the learner wrote into the collection.

A deck file (docs/deck-format.md) is checked first: one with problems is refused, listing
each with its line, and nothing changes. A good one is loaded after a backup; a file with a
higher version than the one loaded before updates its deck in place, keeping progress.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from fibrolearn.domain.knowledge import DeckLoad
from fibrolearn.domain.progress import Phased
from fibrolearn.domain.words import counted, deck_load_words
from fibrolearn.services.container import Services
from fibrolearn.ui.dialogs import run_modal
from fibrolearn.ui.main_window import MainWindow
from fibrolearn.ui.phase_notice import PhaseNotice
from fibrolearn.ui.questions import message_box
from fibrolearn.ui.tasks import TaskRunner

DECK_FILTER = "FibroLearn deck files (*.toml)"
_SHOWN_PROBLEMS = 10  # in the message itself; every one is under "Show Details"


def choose_and_load_deck(window: MainWindow, tasks: TaskRunner) -> None:
    """Ask for a deck file, then load it."""
    if window.services is None:
        return
    name, _ = QFileDialog.getOpenFileName(window, "Load a deck file", "", DECK_FILTER)
    if name:
        load_deck_file(window, window.services, Path(name), tasks)


def load_deck_file(window: MainWindow, services: Services, path: Path, tasks: TaskRunner) -> bool:
    """Check ``path``, then back up and load it in the background; False if it has problems.

    The backup zips the collection and its media, which takes a while with many pictures:
    the window stays responsive, the status bar says each phase as it goes (the backup's
    share done, as ``fibrolearn deck load`` does), and the place on screen (a study session
    under way, say) stays as it is; the deck list shows the new deck selected.
    """
    problems = services.decks.deck_file_problems(path)
    if problems:
        _refuse(window, path, problems)
        return False

    def load(progress: Phased) -> DeckLoad:
        return services.decks.load_deck_file(path, progress)  # after a backup, if it changes

    def loaded(result: DeckLoad) -> None:
        # Where the learner is now, they stay: taken to the deck list mid-session, an Enter
        # meant for the card started a session in the new deck.
        window.deck_list.select_deck(result.deck_id)  # now, or once the decks are shown
        window.deck_changed()  # its cards, if it is the deck studied
        window.say(deck_load_words(result), 15_000)

    def failed(error: Exception) -> None:
        problem = services.storage_problem(error)
        if problem is None:
            said = f"Could not load {path.name}: {error}. Nothing was changed."
        else:  # the disk's or the folder's doing: said as any refused change, not in SQL
            said = problem.refused(path.name, "loaded", "nothing changed")
        window.say(said, 15_000)

    lead = f"Loading {path.name}"
    window.say(f"{lead}…")
    phases = PhaseNotice(lead, lambda text, heard: window.say(text, heard=heard))
    tasks.run_phased(load, loaded, failed, phases)
    return True


def _refuse(window: MainWindow, path: Path, problems: list[str]) -> None:
    box = message_box(
        window,
        QMessageBox.Icon.Warning,
        "Load deck file",
        f"{path.name} cannot be loaded: it has {counted(len(problems), 'problem')}. "
        "Nothing was changed.",
    )
    shown = "\n".join(problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    box.setInformativeText(shown + (f"\n…and {more} more (Show Details)." if more > 0 else ""))
    box.setDetailedText("\n".join(problems))
    run_modal(box)
