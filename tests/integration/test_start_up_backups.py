"""Backing up at start: only after real changes, and never at the cost of the safety backups.

A start opens the collection as the app does (loading the bundled decks), resumes study where
it stood (which saves that place again, with the time spent), and makes the start-up backup;
closing saves the place once more and closes the collection (which copies its log into the
main file). None of that is a change worth a backup; an answer is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from fibrolearn import cli
from fibrolearn.domain.backups import BackupInfo, BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import Rating
from fibrolearn.paths import AppPaths
from fibrolearn.services.backups import list_backups
from fibrolearn.services.container import Services
from fibrolearn.services.session import StudySession
from studying import answer


class QuietView:
    """A study screen with nothing to show: the study session only needs one to talk to."""

    def show_question(self, *_shown: object) -> None:
        """Nothing to see."""

    def show_answer(self, *_shown: object) -> None:
        """Nothing to see."""

    def show_paused(self, *_shown: object) -> None:
        """Nothing to see."""

    def show_finished(self, *_shown: object) -> None:
        """Nothing to see."""

    def show_notice(self, *_shown: object) -> None:
        """Nothing to see."""


@dataclass
class Sitting:
    """One run of the app: its services, the study it resumed, its start-up backup."""

    services: Services
    study: StudySession
    backup: BackupInfo | None


def start(paths: AppPaths, clock: FixedClock) -> Sitting:
    """Open the app as it starts: collection, resumed study, start-up backup."""
    services = cli.open_services(paths, clock)
    deck_id = services.decks.list_decks()[0].deck_id
    study = StudySession(services.study, services.card_edits, clock, QuietView(), deck_id)
    study.start(services.study.saved_position())
    return Sitting(services, study, services.backups.backup_if_changed(BackupReason.START))


def close(sitting: Sitting, clock: FixedClock) -> None:
    """Some minutes on the card shown, then close the window and the collection."""
    clock.advance(timedelta(minutes=3))
    sitting.study.save()  # as the window does on closing
    sitting.services.close()
    clock.advance(timedelta(minutes=1))


def test_starting_twice_without_changes_backs_up_once_and_an_answer_backs_up_again(
    paths: AppPaths, clock: FixedClock
) -> None:
    first = start(paths, clock)
    assert first.backup is not None  # a new collection: nothing was backed up before
    close(first, clock)

    for _ in range(2):  # opened, looked at, closed: nothing learnt
        unchanged = start(paths, clock)
        assert unchanged.backup is None
        close(unchanged, clock)
    assert [b.path for b in list_backups(paths.backups_dir)] == [first.backup.path]

    studied = start(paths, clock)
    studied.study.reveal()
    studied.study.rate(Rating.GOOD)  # a real change
    close(studied, clock)

    after = start(paths, clock)
    assert after.backup is not None and after.backup.reviews == 1
    close(after, clock)
    assert len(list_backups(paths.backups_dir)) == 2


def first_card(services: Services) -> int:
    card = services.study.next_card(services.decks.list_decks()[0].deck_id)
    assert card is not None
    return card.card_id


def edit_note_to_text_as_long(services: Services) -> None:
    note = services.card_edits.note(first_card(services))
    services.card_edits.update_note(note.note_id, {**note.fields, "back": "Factor Z"})


def change_learning_steps(services: Services) -> None:
    deck_id = services.decks.list_decks()[0].deck_id
    steps = (timedelta(minutes=2), timedelta(minutes=10))
    services.decks.set_options(
        deck_id, services.decks.options(deck_id)._replace(learning_steps=steps)
    )


CHANGES: dict[str, Callable[[Services], object]] = {
    "an answer": lambda services: answer(services, 1),
    "a suspended card": lambda services: services.card_edits.suspend(first_card(services)),
    "a buried card": lambda services: services.card_edits.bury_until_tomorrow(first_card(services)),
    "a note edited to a text as long, in the same instant": edit_note_to_text_as_long,
    "a deck's learning steps": change_learning_steps,
    "a deck renamed as long": lambda services: services.deck_manage.rename(
        services.decks.list_decks()[0].deck_id, "Small decs"
    ),
    "the hour a study day begins": lambda services: services.decks.set_day_rollover_hour(5),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_of_the_learner_s_counts_as_a_change(
    services: Services, change: Callable[[Services], object]
) -> None:
    services.backups.backup(BackupReason.START)
    assert not services.backups.changed_since_last_backup()
    change(services)
    assert services.backups.changed_since_last_backup()


def test_routine_backups_of_a_day_keep_that_day_s_backups_made_before_imports(
    services: Services, clock: FixedClock
) -> None:
    answer(services, 1)  # a collection with history: one group of backups
    before_imports = []
    for _ in range(4):  # four imports in the morning, each backed up first
        before_imports.append(services.backups.backup(BackupReason.BEFORE_IMPORT).path)
        clock.advance(timedelta(minutes=10))
    for reason in [BackupReason.START, BackupReason.PERIODIC] * 6:  # later that day
        services.backups.backup(reason)
        clock.advance(timedelta(minutes=10))

    listed = [b.path for b in services.backups.list_backups()]
    assert all(path in listed for path in before_imports)
    assert len(listed) == 4 + 10  # and the policy's ten most recent routine ones
