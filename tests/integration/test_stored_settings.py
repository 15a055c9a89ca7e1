"""A setting whose stored value no version writes: damage where read, repaired by the check.

A damaged byte can leave a setting's JSON valid but of another shape: a key renamed, a
letter of a word changed, a number where an object was. Each place that reads the setting
must then say that a setting is damaged, never fail as if mistaken; and since a setting has a
default, the check's Repair puts it back, with no backup and no card or review lost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from fibrolearn.cli import open_services
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.faults import StorageProblemKind
from fibrolearn.domain.gentle import Energy, SessionGoal
from fibrolearn.domain.statistics import FitReport, FitScore
from fibrolearn.domain.study import StudyPosition, StudySet
from fibrolearn.paths import AppPaths
from fibrolearn.scheduling.fsrs_scheduler import DEFAULT_PARAMETERS
from fibrolearn.services.container import Services
from fibrolearn.services.health import check_health, repair
from fibrolearn.services.storage_errors import storage_problem


def _first_deck(services: Services) -> int:
    return services.decks.list_decks()[0].deck_id


def _show_first_card(services: Services) -> None:
    services.study.next_card(_first_deck(services))  # its four intervals need the scheduler


# Each setting, a value of the wrong shape (as a damaged byte leaves one), what reads it.
CASES: list[tuple[str, str, Callable[[Services], object]]] = [
    ("day_rollover_hour", '"4"', lambda s: s.decks.list_decks()),
    ("day_rollover_hour", "25", lambda s: s.decks.list_decks()),
    ("fsrs_parameters", "[0.4, 0.6]", _show_first_card),
    ("fsrs_parameters", "[" + ", ".join(["-5"] * 21) + "]", _show_first_card),  # out of bounds
    ("fsrs_fit", '{"reviewz": 1200, "at": "2026-01-01"}', lambda s: s.optimize.suggested(1200)),
    ("fsrs_fit", '{"reviews": 1200, "log_total": "2400"}', lambda s: s.optimize.suggested(1200)),
    ("energy_check_in", '{"day": "2026-03-04", "energy": "lox"}', lambda s: s.decks.list_decks()),
    ("energy_check_in", "5", lambda s: s.gentle.energy_today()),
    ("energy_check_in", '{"day": "2026-03-04", "energy": "low"', lambda s: s.decks.list_decks()),
    ("quiz_missed_brings_cards_forward", '"yes"', lambda s: s.quiz.brings_cards_forward()),
    (
        "custom_study_today",
        '{"day": "2026-03-04", "new": {"1": "5"}, "reviews": {}}',
        lambda s: s.decks.list_decks(),
    ),
    (
        "custom_study_today",
        '{"day": "2026-03-04", "new": {"x": 5}}',
        lambda s: s.decks.list_decks(),
    ),
    (
        "backlog_plan:1",
        '{"since": "2026-0x-04T04:00:00+00:00", "days": 3, "per_day": 4}',
        lambda s: s.decks.list_decks(),
    ),
    (
        "backlog_plan:1",
        '{"sinze": "2026-03-04T04:00:00+00:00", "days": 3, "per_day": 4}',
        lambda s: s.decks.list_decks(),
    ),
    (  # found in review: the deck list then failed with OverflowError
        "backlog_plan:1",
        '{"since": "9999-12-31T00:00:00+00:00", "days": 3, "per_day": 4}',
        lambda s: s.decks.list_decks(),
    ),
    ("study_position", '{"deck_id": 1, "card_id": "x"}', lambda s: s.study.saved_position()),
    ("study_position", '{"deck_ie": 1}', lambda s: s.study.saved_position()),
    ("loaded_deck_files", "[]", lambda s: s.deck_manage.deletion(_first_deck(s))),
    ("deleted_deck_files", "7", lambda s: s.decks.load_deck_files([])),
    ("renamed_deck_files", '{"small": 5}', lambda s: s.deck_manage.rename(_first_deck(s), "New")),
    ("deck_former_names", '["small"]', lambda s: s.deck_manage.rename(_first_deck(s), "New")),
]


@pytest.mark.parametrize(("key", "value", "reading"), CASES)
def test_a_setting_of_another_shape_is_damage_where_read_and_repair_sets_its_default(
    services: Services,
    paths: AppPaths,
    key: str,
    value: str,
    reading: Callable[[Services], object],
) -> None:
    _store(paths.collection, key, value)

    with pytest.raises(Exception) as raised:  # which kind, is what this tests
        reading(services)

    problem = storage_problem(raised.value)
    assert problem is not None, f"{type(raised.value).__name__}: {raised.value}"
    assert problem.kind is StorageProblemKind.SETTING_DAMAGED
    report = check_health(services.database)
    assert report.settings_unreadable == 1 and report.repairable and not report.restorable
    assert report.problems[0].startswith("FibroLearn cannot read 1 setting of the collection")
    assert repair(services.database).settings == 1
    reading(services)  # with the setting's default
    assert check_health(services.database).ok


def test_settings_as_the_app_writes_them_are_read_and_pass_the_check(
    services: Services, clock: FixedClock, deck_file: Path
) -> None:
    deck_id = _first_deck(services)
    card = services.study.next_card(deck_id)
    assert card is not None
    services.decks.set_day_rollover_hour(5)
    services.deck_manage.rename(deck_id, "Renamed")  # the renamed title and the former name
    services.gentle.check_in(Energy.LOW)
    services.custom_study.raise_limit(deck_id, "new", 3)
    services.quiz.set_brings_cards_forward(True)
    position = StudyPosition(
        deck_id,
        card_id=card.card_id,
        reps=1,
        revealed=True,
        answered=2,
        goal=SessionGoal(minutes=5),
        study_seconds=12.5,
        card_seconds=3,
        paused=True,
        started_at=clock.now(),
        focus=StudySet(deck_id, (card.card_id,), "Missed in your quiz"),
    )
    services.study.save_position(position)
    fitted = tuple(round(w * 1.02, 4) for w in DEFAULT_PARAMETERS)
    score = FitScore(log_loss=0.3, rmse=0.05)
    services.optimize.apply(FitReport(1200, 900, 300, clock.now(), score, score, fitted))

    assert services.decks.day_rollover_hour() == 5
    assert services.gentle.energy_today() is Energy.LOW
    assert services.quiz.brings_cards_forward()
    assert services.study.saved_position() == position
    assert services.optimize.uses_fitted_parameters()
    assert check_health(services.database).ok

    services.deck_manage.delete(deck_id)  # a deck loaded at start: listed as deleted
    services.decks.load_deck_files([deck_file])  # and so not loaded again
    assert services.decks.list_decks() == []
    assert check_health(services.database).ok


def _store(collection: Path, key: str, value: str) -> None:
    with sqlite3.connect(collection) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
        )
    connection.close()


def test_a_damaged_setting_is_replaced_by_a_new_choice_without_being_read(
    services: Services, paths: AppPaths
) -> None:
    _store(paths.collection, "energy_check_in", '{"day": "2026-03-0')  # not even JSON
    services.gentle.check_in(Energy.GOOD)
    assert services.gentle.energy_today() is Energy.GOOD
    assert check_health(services.database).ok


@pytest.mark.parametrize("key", ["loaded_deck_files", "deleted_deck_files"])
def test_a_damaged_list_of_deck_files_leaves_the_collection_opening_as_it_is(
    services: Services, paths: AppPaths, clock: FixedClock, deck_file: Path, key: str
) -> None:
    decks = services.decks.list_decks()
    services.close()
    _store(paths.collection, key, "7")

    reopened = open_services(paths, clock, deck_files=[deck_file])  # not set aside
    try:
        assert reopened.decks.files_unread  # said in the window and by commands
        assert reopened.decks.list_decks() == decks
        report = check_health(reopened.database)
        assert report.settings_unreadable == 1 and not report.restorable
        repair(reopened.database)
    finally:
        reopened.close()
    assert not list(paths.data_dir.glob("*.damaged-*"))
    again = open_services(paths, clock, deck_files=[deck_file])
    try:
        assert not again.decks.files_unread
        assert check_health(again.database).ok
        assert again.decks.list_decks() == decks  # the file loaded as on a first start
    finally:
        again.close()
