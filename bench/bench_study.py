"""Studying: answering a card and showing the next one, building today's queue, and the costs
of keeping the collection safe (the start-up integrity check, a backup), per collection size.

In-process, on the real services with a fixed clock at the generator's "now". "Answer and
show the next card" is what the study screen asks of the services per answer: record the
answer, find the next card (rendered, with its four intervals) and the counts left today.
The screen's own work (setting the card's text, drawing it) is not in it. The rest of the
day in the largest deck is answered and timed, up to 400 answers: its learning cards, the
reviews its limit still allows, then its new cards, in the order the study screen brings
them; the table says how many of each kind.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from bench.context import BenchContext, percentile, table
from bench.generate import NOW
from fibrolearn.cli import open_services
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.domain.enums import CardState, Rating
from fibrolearn.storage.file_check import file_problems

ANSWERS = 400
QUEUE_REPEATS = 30
KINDS = ("new", "learning", "review")  # relearning cards count as learning
_KIND_OF = {
    CardState.NEW: "new",
    CardState.LEARNING: "learning",
    CardState.RELEARNING: "learning",
    CardState.REVIEW: "review",
}


def _millis(work: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(context: BenchContext, size: str) -> dict[str, float]:
    paths = context.data_dir(size, "study")
    started = time.perf_counter()
    problems = file_problems(paths.collection)
    quick_check = (time.perf_counter() - started) * 1000
    assert not problems, problems
    clock = FixedClock(NOW)
    services = open_services(paths, clock)
    try:
        decks = services.decks.list_decks()
        deck_id = max(decks, key=lambda d: d.total).deck_id
        deck_list = _millis(services.decks.list_decks, QUEUE_REPEATS)
        counts = _millis(lambda: services.study.queue_counts(deck_id), QUEUE_REPEATS)
        rng = random.Random(5)
        answer_only, answer_and_next = [], []
        kinds: Counter[str] = Counter()
        card = services.study.next_card(deck_id)
        while card is not None and len(answer_only) < ANSWERS:
            kinds[_KIND_OF[card.state.state]] += 1
            rating = rng.choices(list(Rating), (10, 10, 75, 5))[0]
            started = time.perf_counter()
            services.study.answer(card.card_id, rating, 5000, shown_state=card.state)
            answered = time.perf_counter()
            # The study screen reads the next card and the counts together, in one read.
            card, _counts = services.study.next_card_and_counts(deck_id)
            shown = time.perf_counter()
            answer_only.append((answered - started) * 1000)
            answer_and_next.append((shown - started) * 1000)
            clock.advance(timedelta(seconds=20))
        started = time.perf_counter()
        backup = services.backups.backup(BackupReason.MANUAL)
        backup_ms = (time.perf_counter() - started) * 1000
    finally:
        services.close()
    return {
        "answers": len(answer_only),
        **{f"answers_{kind}": kinds[kind] for kind in KINDS},
        "answer_next_p50": statistics.median(answer_and_next),
        "answer_next_p95": percentile(answer_and_next, 0.95),
        "answer_p50": statistics.median(answer_only),
        "answer_p95": percentile(answer_only, 0.95),
        "deck_list_p50": statistics.median(deck_list),
        "counts_p50": statistics.median(counts),
        "quick_check": quick_check,
        "backup": backup_ms,
        "backup_mb": backup.size_bytes / 1e6,
        "db_mb": context.collections[size].total_bytes / 1e6,
        "bytes_per_card": context.collections[size].bytes_per_card,
        "bytes_per_review": context.collections[size].bytes_per_review,
    }


def run(context: BenchContext) -> str:
    results = {size: measure(context, size) for size in context.collections}
    rows = [
        (
            f"{size} ({context.collections[size].size.reviews:,} reviews)",
            f"{r['answer_next_p50']:.1f} ms",
            f"**{r['answer_next_p95']:.1f} ms**",
            f"{r['answer_p50']:.1f} / {r['answer_p95']:.1f} ms",
            f"{r['deck_list_p50']:.1f} ms",
            f"{r['counts_p50']:.1f} ms",
            f"{r['answers']} ({' / '.join(str(r[f'answers_{kind}']) for kind in KINDS)})",
        )
        for size, r in results.items()
    ]
    header = (
        "collection",
        "answer + next p50",
        "answer + next p95 (target < 16 ms)",
        "answer alone p50 / p95",
        "today's queue: deck list",
        "today's queue: one deck",
        "answers timed (new / learning / review)",
    )
    safety = [
        (
            size,
            f"{r['db_mb']:.1f} MB",
            f"{r['bytes_per_card']:.0f} B",
            f"{r['bytes_per_review']:.0f} B",
            f"{r['quick_check']:.0f} ms",
            f"{r['backup']:.0f} ms ({r['backup_mb']:.1f} MB)",
        )
        for size, r in results.items()
    ]
    safety_header = (
        "collection",
        "database",
        "bytes per card",
        "bytes per review",
        "quick_check at start",
        "backup (zip size)",
    )
    first, last = next(iter(results)), list(results)[-1]
    growth = ", ".join(
        f"{label} {results[last][key] / results[first][key]:.2f}×"
        for label, key in (
            ("answer + next p95", "answer_next_p95"),
            ("deck list", "deck_list_p50"),
            ("quick_check", "quick_check"),
            ("backup", "backup"),
        )
    )
    return "\n\n".join(
        (
            " ".join(__doc__.split("\n\n")[1].split()),
            table(header, rows),
            "Storage and safety costs:",
            table(safety_header, safety),
            f"Growth from {first} to {last} cards: {growth}.",
        )
    )
