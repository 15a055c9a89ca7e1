"""Today's queue next to Anki's, on the same cards with the same schedules.

Anki's library gets a copy of each generated collection's notes (``bench_browse.anki_copy``)
and each card the schedule it has in FibroLearn: new cards in the same order, (re)learning
cards due the same number of minutes from now, review cards due the same number of days
from today with the same interval, suspended cards suspended; both use 20 new cards and 200
reviews a day. Timed in the same run, alternating, medians:

- the deck list: FibroLearn's ``DeckService.list_decks`` against ``sched.deck_due_tree()``;
- one deck's queue: what FibroLearn's study screen asks for the next card and the counts
  (``next_card_and_counts``) against ``sched.get_queued_cards()``, which Anki keeps until
  something changes, so the deck is selected anew before each call to make it build again;
- answering the next card Good, the service call alone: ``StudyService.answer`` against
  ``sched.answer_card`` with FSRS switched on in Anki (both save the answer and the card,
  and wait for the disk); after the rounds above, 100 answers each, alternating, as the
  disk's wait varies more from one answer to the next than the rest of the work.

Anki's copy has no review log, so its daily limits are untouched where FibroLearn's count
the answers the generator put on this morning (a quarter of each deck's limits at most). So
the work differs a little: FibroLearn counts today's answers, which Anki has none of, and
then gathers at most 150 reviews and 15 new cards a deck where Anki gathers 200 and 20.
Anki's copy is closed and opened again before timing, so that both apps start as a learner's
would, with an empty write-ahead log (answers that lengthen the log cost more than ones that
rewrite it).
"""

from __future__ import annotations

import math
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bench.bench_browse import anki_copy, anki_installed, open_services, reopened
from bench.context import BenchContext, table
from bench.generate import NOW
from fibrolearn.domain.enums import Rating

REPEATS = 15
ANSWERS = 100  # each, alternating; the first, warming the caches, is dropped
_DAY_SECONDS = 86_400


def _millis(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def anki_schedule(col: Any, source: str) -> None:
    """Give the Anki copy's cards the schedules of the FibroLearn collection ``source``."""
    with sqlite3.connect(source) as connection:
        rows = connection.execute(
            "SELECT state, due, stability, reps, lapses, suspended FROM cards ORDER BY note_id"
        ).fetchall()
    today, now = col.sched.today, int(time.time())
    cards = col.db.all("SELECT id, due FROM cards ORDER BY nid")  # one card a note, in order
    updates = [
        (*_anki_state(row, position, today, now), card_id)
        for row, (card_id, position) in zip(rows, cards, strict=True)
    ]
    col.db.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?, left = ?"
        " WHERE id = ?",
        updates,
    )


def _anki_state(row: tuple[Any, ...], position: int, today: int, now: int) -> tuple[int, ...]:
    state, due_text, stability, reps, lapses, suspended = row
    offset = (datetime.fromisoformat(due_text) - NOW.replace(tzinfo=None)).total_seconds()
    if state == 0:  # new: Anki keeps its order in "due"
        kind, queue, due, interval = 0, 0, position, 0
    elif state in (1, 3):  # (re)learning: due at a moment, in seconds
        kind, queue, due, interval = state, 1, now + int(offset), 0
    else:
        kind, queue, interval = 2, 2, max(1, round(stability))
        due = today + math.floor(offset / _DAY_SECONDS)
    if suspended:
        queue = -1
    return kind, queue, due, interval, reps, lapses, 1 if queue == 1 else 0


def measure(context: BenchContext, size: str) -> dict[str, float]:
    paths = context.data_dir(size, "queue")
    services = open_services(paths)  # the generated decks only, as Anki's copy holds
    col = anki_copy(context.collections[size].path, context.work / f"queue-anki-{size}")
    try:
        anki_schedule(col, str(paths.collection))
        col = reopened(col)
        ours = max(services.decks.list_decks(), key=lambda d: d.total)
        theirs = col.decks.id_for_name(ours.name)
        other = col.decks.id_for_name(min(services.decks.list_decks(), key=lambda d: d.total).name)

        def anki_queue() -> None:
            col.decks.select(other)  # a change of deck: Anki builds the queue again
            col.decks.select(theirs)
            col.sched.get_queued_cards()

        col.set_config("fsrs", True)
        names = ("ours list", "anki list", "ours", "anki", "ours answer", "anki answer")
        timed: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(REPEATS + 1):  # the first round warms caches and is dropped below
            timed["ours list"].append(_millis(services.decks.list_decks))
            timed["anki list"].append(_millis(col.sched.deck_due_tree))
            timed["ours"].append(_millis(lambda: services.study.next_card_and_counts(ours.deck_id)))
            timed["anki"].append(_millis(anki_queue))
        for _ in range(ANSWERS):
            answers = _answer_ours(services, ours.deck_id), _answer_anki(col)
            if None in answers:  # a small collection may run out of cards to answer
                break
            timed["ours answer"].append(answers[0])  # type: ignore[arg-type]
            timed["anki answer"].append(answers[1])  # type: ignore[arg-type]
    finally:
        services.close()
        col.close()
    return {
        name: statistics.median(values[1:]) if len(values) > 1 else math.nan
        for name, values in timed.items()
    }


def _answer_ours(services: Any, deck_id: int) -> float | None:
    card = services.study.next_card(deck_id)
    if card is None:
        return None
    return _millis(
        lambda: services.study.answer(card.card_id, Rating.GOOD, 5000, shown_state=card.state)
    )


def _answer_anki(col: Any) -> float | None:
    from anki.scheduler.v3 import CardAnswer  # Anki is optional: imported when measured

    cards = col.sched.get_queued_cards().cards
    if not cards:
        return None
    queued = cards[0]
    card = col.get_card(queued.card.id)
    card.start_timer()
    answer = col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
    return _millis(lambda: col.sched.answer_card(answer))


def run(context: BenchContext) -> str:
    if not anki_installed():
        return "Not measured: Anki's library is not installed (the `anki` extra)."
    rows, results = [], {}
    for size in context.collections:
        m = results[size] = measure(context, size)
        rows.append(
            (
                size,
                f"{m['ours list']:.1f} ms",
                f"{m['anki list']:.1f} ms",
                f"**{m['ours list'] / m['anki list']:.2f}×**",
                f"{m['ours']:.1f} ms",
                f"{m['anki']:.1f} ms",
                f"**{m['ours'] / m['anki']:.2f}×**",
                f"{m['ours answer']:.2f} ms",
                f"{m['anki answer']:.2f} ms",
                f"**{m['ours answer'] / m['anki answer']:.2f}×**",
            )
        )
    header = (
        "cards",
        "FibroLearn: deck list",
        "Anki: deck list",
        "ratio (target ≤ 1×)",
        "FibroLearn: one deck's queue",
        "Anki: one deck's queue",
        "ratio (target ≤ 1×)",
        "FibroLearn: answer",
        "Anki (FSRS): answer",
        "ratio (target ≤ 1×)",
    )
    first, last = next(iter(results)), list(results)[-1]
    growth = (
        f"From {first} to {last} cards: FibroLearn's deck list grows "
        f"{results[last]['ours list'] / results[first]['ours list']:.1f}×, Anki's "
        f"{results[last]['anki list'] / results[first]['anki list']:.1f}×; one deck's queue "
        f"{results[last]['ours'] / results[first]['ours']:.1f}× and "
        f"{results[last]['anki'] / results[first]['anki']:.1f}×."
    )
    intro = __doc__.split("\n\n", 1)[1].strip()
    return "\n\n".join((intro, table(header, rows), growth))
