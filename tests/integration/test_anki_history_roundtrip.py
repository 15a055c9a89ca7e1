"""What Anki recorded about studying comes back to Anki whole after a stay in FibroLearn.

A deck goes from Anki's library into FibroLearn with its history, out again as a package with
history, and into a new Anki collection, where its review log and cards are compared with the
collection it started from.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from anki_packages import write_anki_package
from fibrolearn.domain.browse import CardQuery
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.domain.statistics import DayShift
from fibrolearn.interop.values import ImportOptions
from fibrolearn.paths import resolve_paths
from fibrolearn.services.container import Services
from fibrolearn.storage import revlog_repo
from fibrolearn.storage.migrate import open_collection

UTC_DAYS = (DayShift(None, 0),)  # study days are UTC dates
anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")

# How long each answer took, in milliseconds: Anki keeps up to an hour when a deck's
# "maximum answer seconds" allows it (its default stops the clock at a minute).
TAKEN_MS = (4_000, 59_000, 75_000, 240_000, 3_600_000)


def _studied_collection(folder: Path) -> Any:
    """An Anki collection whose one card was answered once for each time in TAKEN_MS."""
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "slow to recall", "answer"
    col.add_note(note, col.decks.id("Words"))
    card_id = note.cards()[0].id
    for _ in TAKEN_MS:
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, 3)
    log = col.db.list("select id from revlog where cid = ? order by id", card_id)
    for review_id, taken in zip(log, TAKEN_MS, strict=True):
        col.db.execute("update revlog set time = ? where id = ?", taken, review_id)
    return col


def _package(col: Any, path: Path) -> Path:
    return write_anki_package(col, path, scheduling=True)


def _into_anki(package: Path, folder: Path) -> Any:
    folder.mkdir()
    col = anki_collection.Collection(str(folder / "collection.anki2"))
    col.import_anki_package(
        anki_collection.ImportAnkiPackageRequest(
            package_path=str(package),
            options=anki_collection.ImportAnkiPackageOptions(with_scheduling=True),
        )
    )
    return col


def _through_fibrolearn(fibro: Services, package: Path, folder: Path) -> Any:
    """``package`` imported into FibroLearn with history, exported back, and opened in Anki."""
    fibro.importer.run(package, ImportOptions(with_history=True))
    exported = folder / "back.apkg"
    fibro.exporter.export_apkg(exported, with_history=True)
    return _into_anki(exported, folder / "anki-again")


def _review_log(col: Any) -> list[tuple[int, int]]:
    """(rating, time taken in ms) of every answer in the collection's log, oldest first."""
    return [tuple(row) for row in col.db.all("select ease, time from revlog order by id")]


@pytest.fixture
def now() -> FixedClock:
    """Anki's library answers at the real time: FibroLearn's clock starts there too."""
    return FixedClock(datetime.now(UTC))


@pytest.fixture
def fibro(tmp_path: Path, now: FixedClock) -> Iterator[Services]:
    paths = resolve_paths(tmp_path / "fibro")
    services = Services.build(open_collection(paths.collection, paths.backups_dir), now)
    yield services
    services.close()


def test_each_answers_time_taken_goes_back_to_anki_as_anki_recorded_it(
    fibro: Services, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        recorded = _review_log(col)
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    back = _through_fibrolearn(fibro, package, tmp_path)
    try:
        assert [taken for _rating, taken in recorded] == list(TAKEN_MS)
        assert _review_log(back) == recorded
    finally:
        back.close()


def test_cards_buried_in_anki_are_still_buried_when_they_go_back_today(
    fibro: Services, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        for front in ("buried new", "suspended and buried"):
            note = col.new_note(col.models.by_name("Basic"))
            note["Front"], note["Back"] = front, "answer"
            col.add_note(note, col.decks.id("Words"))
        col.sched.suspend_cards(col.find_cards('"front:suspended and buried"'))
        col.sched.bury_cards(col.find_cards("front:buried* or front:slow*"), manual=True)
        col.sched.bury_cards(col.find_cards('"front:suspended and buried"'), manual=True)
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    back = _through_fibrolearn(fibro, package, tmp_path)
    try:
        queues = {
            back.get_note(back.get_card(card_id).nid)["Front"]: back.get_card(card_id).queue
            for card_id in back.find_cards("")
        }
    finally:
        back.close()
    # Anki's queues: -3 buried by the learner, -1 suspended (which a bury does not lift).
    assert queues == {"slow to recall": -3, "buried new": -3, "suspended and buried": -1}


def test_a_relearning_card_goes_back_with_an_interval_to_return_to(
    fibro: Services, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        card = col.get_card(col.find_cards("")[0])
        card.start_timer()
        col.sched.answerCard(card, 1)  # forgotten: relearning
        assert col.get_card(card.id).type == 3
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    back = _through_fibrolearn(fibro, package, tmp_path)
    try:
        card = back.get_card(back.find_cards("")[0])
        assert card.type == 3
        assert card.ivl >= 1  # Anki's own are never less: the days it returns to review for
        card.start_timer()
        back.sched.answerCard(card, 3)  # relearnt
        relearnt = back.get_card(card.id)
        assert relearnt.type == 2
        assert relearnt.due > back.sched.today  # not due again the same day
    finally:
        back.close()


def _answered_early_in_a_filtered_deck(col: Any, *, rescheduling: bool = True) -> None:
    """The studied card, due in ten days, answered today in a deck that reschedules it (or,
    a preview, leaves it as it was)."""
    card_id = col.find_cards("")[0]
    col.sched.set_due_date([card_id], "10")
    deck_id = col.decks.new_filtered("Ahead")
    deck = col.decks.get(deck_id)
    deck["terms"], deck["resched"] = [['"deck:Words"', 100, 0]], rescheduling
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(deck_id)
    card = col.get_card(card_id)
    card.start_timer()
    col.sched.answerCard(card, 3)


def test_a_review_answered_early_in_anki_is_early_here_and_filtered_back_in_anki(
    fibro: Services, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        _answered_early_in_a_filtered_deck(col)
        # Anki's kinds: 0 learning, 1 review, 3 "Filtered" (ahead of its day); 4, the due
        # date set by hand, is no answer.
        kinds = col.db.list("select type from revlog where type != 4 order by id")
        assert kinds[-1] == 3 and 1 in kinds
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    back = _through_fibrolearn(fibro, package, tmp_path)
    try:
        assert back.db.list("select type from revlog order by id") == kinds
    finally:
        back.close()
    with fibro.database.engine.connect() as connection:
        early = [
            row[0] for row in connection.execute(text("SELECT early FROM reviews ORDER BY id"))
        ]
    assert early == [kind == 3 for kind in kinds]


def test_a_review_answered_early_here_goes_to_anki_as_filtered(
    fibro: Services, now: FixedClock, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    fibro.importer.run(package, ImportOptions(with_history=True))
    now.advance(timedelta(hours=1))  # after Anki's answers, days before the due one
    with fibro.database.engine.connect() as connection:
        (card_id,) = connection.execute(text("SELECT id FROM cards")).scalars()
    shown = fibro.study.card(card_id).state
    assert shown.state is CardState.REVIEW and shown.due > now.now() + timedelta(days=1)
    fibro.study.answer(card_id, Rating.GOOD, 5000, shown_state=shown)
    exported = tmp_path / "back.apkg"
    fibro.exporter.export_apkg(exported, with_history=True)
    back = _into_anki(exported, tmp_path / "anki-again")
    try:
        kind, ease_factor = back.db.first("select type, factor from revlog order by id desc")
    finally:
        back.close()
    assert kind == 3 and ease_factor > 0  # Anki's review ahead of its day that rescheduled


def test_a_preview_in_anki_changes_no_card_here_nor_back_in_anki(
    fibro: Services, now: FixedClock, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        unpreviewed = _package(col, tmp_path / "unpreviewed.apkg")
        _answered_early_in_a_filtered_deck(col, rescheduling=False)
        # A filtered deck that reschedules nothing: "Filtered", with no ease.
        assert col.db.first("select type, factor from revlog order by id desc") == [3, 0]
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    back = _through_fibrolearn(fibro, package, tmp_path)
    try:
        assert back.db.first("select type, factor from revlog order by id desc") == [3, 0]
    finally:
        back.close()
    sql = (
        "SELECT early, before_state, before_due, after_state, after_due, after_stability"
        " FROM reviews ORDER BY id DESC LIMIT 2"
    )
    with fibro.database.engine.connect() as connection:
        preview, answer = connection.execute(text(sql)).all()
    # The card as the answer before left it, and its memory as if there was no preview.
    assert preview[0] and preview[1:3] == preview[3:5] == answer[3:5]
    paths = resolve_paths(tmp_path / "unpreviewed")
    without = Services.build(open_collection(paths.collection, paths.backups_dir), now)
    try:
        without.importer.run(unpreviewed, ImportOptions(with_history=True))
        assert _memory(fibro) == _memory(without)
    finally:
        without.close()


def test_the_optimizer_and_a_replay_leave_out_a_preview_in_anki(
    fibro: Services, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = _studied_collection(tmp_path / "anki")
    try:
        _answered_early_in_a_filtered_deck(col, rescheduling=False)
        fibro.importer.run(_package(col, tmp_path / "words.apkg"), ImportOptions(with_history=True))
    finally:
        col.close()
    with fibro.database.read() as session:
        fitted = [moment for *_card, moment in revlog_repo.fit_rows(session, UTC_DAYS)]
    with fibro.database.engine.connect() as connection:
        (card_id,) = connection.execute(text("SELECT id FROM cards")).scalars()
        answers = connection.execute(text("SELECT reviewed_at FROM reviews ORDER BY id")).all()
    # Anki's FSRS leaves the preview out: it moved no card.
    assert len(fitted) == len(answers) - 1 == len(TAKEN_MS)
    assert fibro.optimize.status().reviews == len(fitted)  # the history Optimize counts
    replayed = fibro.study.replay(card_id)
    assert (replayed.stability, replayed.difficulty) == _memory(fibro)


def test_a_card_previewed_in_anki_is_rated_and_introduced_today_here_as_there(
    fibro: Services, tmp_path: Path
) -> None:
    """Anki's rated: and introduced: count every answer, a preview's too (ease > 0); only
    its Manual entries (ease 0), which are no answers here, stay out."""
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        for front in ("the first", "the second"):
            note = col.new_note(col.models.by_name("Basic"))
            note["Front"], note["Back"] = front, "answer"
            col.add_note(note, col.decks.id("Words"))
        deck_id = col.decks.new_filtered("Preview")
        deck = col.decks.get(deck_id)
        deck["terms"], deck["resched"] = [['"deck:Words"', 1, 0]], False
        col.decks.save(deck)
        col.sched.rebuild_filtered_deck(deck_id)
        card = col.sched.getCard()
        card.start_timer()
        col.sched.answerCard(card, 3)
        previewed = card.note()["Front"]
        assert col.db.first("select type, ease, factor from revlog") == [3, 3, 0]
        found_in_anki = {
            term: [col.get_card(found).note()["Front"] for found in col.find_cards(term)]
            for term in ("rated:1", "introduced:1")
        }
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    fibro.importer.run(package, ImportOptions(with_history=True))

    found_here = {}
    for term in found_in_anki:
        ids = fibro.browse.card_ids(CardQuery(fibro.browse.parse(term)), 0, 10)
        found_here[term] = [previewed in fibro.study.card(found).question_html for found in ids]
    assert found_in_anki == {"rated:1": [previewed], "introduced:1": [previewed]}
    assert found_here == {"rated:1": [True], "introduced:1": [True]}


def test_an_answer_after_a_due_date_set_in_anki_was_given_to_the_review_card_it_made(
    fibro: Services, now: FixedClock, tmp_path: Path
) -> None:
    (tmp_path / "anki").mkdir()
    col = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = "still learning", "answer"
        col.add_note(note, col.decks.id("Words"))
        card_id = note.cards()[0].id
        for set_due in (False, True):  # a learning card, made a review card due in 30 days
            if set_due:
                col.sched.set_due_date([card_id], "30")
            card = col.get_card(card_id)
            card.start_timer()
            col.sched.answerCard(card, 3)
        kinds = col.db.list("select type from revlog order by id")
        assert kinds == [0, 4, 1]  # learning, Manual, then a review
        package = _package(col, tmp_path / "words.apkg")
    finally:
        col.close()
    back = _through_fibrolearn(fibro, package, tmp_path)
    try:
        assert back.db.list("select type from revlog order by id") == [0, 1]
    finally:
        back.close()
    sql = "SELECT before_state, before_due FROM reviews ORDER BY id DESC LIMIT 1"
    with fibro.database.engine.connect() as connection:
        state, due = connection.execute(text(sql)).one()
    assert state == int(CardState.REVIEW)
    due = datetime.fromisoformat(str(due)).replace(tzinfo=UTC)
    assert timedelta(days=29) < due - now.now() < timedelta(days=31)


def _memory(services: Services) -> tuple:
    """The one card's FSRS memory."""
    with services.database.engine.connect() as connection:
        return tuple(connection.execute(text("SELECT stability, difficulty FROM cards")).one())
