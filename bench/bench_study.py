"""Studying: answering a card and showing the next one, building today's queue, and the costs
of keeping the collection safe (the start-up integrity check, a backup), per collection size.

In-process, with a fixed clock at the generator's "now". "On screen" is an answer in the
app's own window (offscreen Qt): from the rating's key to the next card painted
(``bench.study_screen`` says what is in it). "Answer + next" is what the study screen asks
of the services per answer, without its own work: record the answer, find the next card
(rendered, with its four intervals) and the counts left today. The rest of the day in the
largest deck is answered and timed, up to 400 answers, the same cards in both: its learning
cards, the reviews its limit still allows, then its new cards, in the order the study
screen brings them; the table says how many of each kind.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bench.context import BenchContext, percentile, table
from bench.generate import NOW
from bench.study_answers import ANSWERS, BETWEEN_ANSWERS, KINDS, kind_of, ratings
from bench.study_screen import ScreenAnswers, measure_screen
from fibrolearn.cli import open_services
from fibrolearn.domain.backups import BackupReason
from fibrolearn.domain.clock import FixedClock
from fibrolearn.storage.file_check import file_problems

QUEUE_REPEATS = 30


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
        answer_only, answer_and_next, kinds = [], [], []
        card = services.study.next_card(deck_id)
        for rating in ratings():
            if card is None or len(answer_only) == ANSWERS:
                break
            kinds.append(kind_of(card.state.state))
            started = time.perf_counter()
            services.study.answer(card.card_id, rating, 5000, shown_state=card.state)
            answered = time.perf_counter()
            # The study screen reads the next card and the counts together, in one read.
            card, _counts = services.study.next_card_and_counts(deck_id)
            shown = time.perf_counter()
            answer_only.append((answered - started) * 1000)
            answer_and_next.append((shown - started) * 1000)
            clock.advance(BETWEEN_ANSWERS)
        started = time.perf_counter()
        backup = services.backups.backup(BackupReason.MANUAL)
        backup_ms = (time.perf_counter() - started) * 1000
    finally:
        services.close()
    return {
        "answers": len(answer_only),
        **{f"answers_{kind}": kinds.count(kind) for kind in KINDS},
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
        **_screen(measure_screen(context, size), kinds),
    }


def _screen(screen: ScreenAnswers, service_kinds: list[str]) -> dict[str, float]:
    """The study screen's figures; its kinds of card only where they differ (they should not)."""
    figures = {
        "screen_p50": statistics.median(screen.times),
        "screen_p95": percentile(screen.times, 0.95),
    }
    if screen.kinds != service_kinds:
        figures |= {f"screen_answers_{kind}": screen.kinds.count(kind) for kind in KINDS}
    return figures


def _answers_timed(result: dict[str, float]) -> str:
    """How many of each kind were answered; on screen too, where that differs."""
    text = _kinds(result, "answers")
    if "screen_answers_new" in result:
        text += f"; on screen {_kinds(result, 'screen_answers')}"
    return text


def _kinds(result: dict[str, float], prefix: str) -> str:
    counts = [int(result[f"{prefix}_{kind}"]) for kind in KINDS]
    return f"{sum(counts)} ({' / '.join(map(str, counts))})"


def run(context: BenchContext) -> str:
    results = {size: measure(context, size) for size in context.collections}
    rows = [
        (
            f"{size} ({context.collections[size].size.reviews:,} reviews)",
            f"{r['screen_p50']:.1f} ms",
            f"**{r['screen_p95']:.1f} ms**",
            f"{r['answer_next_p50']:.1f} / {r['answer_next_p95']:.1f} ms",
            f"{r['answer_p50']:.1f} / {r['answer_p95']:.1f} ms",
            f"{r['deck_list_p50']:.1f} ms",
            f"{r['counts_p50']:.1f} ms",
            _answers_timed(r),
        )
        for size, r in results.items()
    ]
    header = (
        "collection",
        "on screen: key to next card painted p50",
        "on screen p95 (target < 16 ms)",
        "services: answer + next p50 / p95",
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
            ("on screen p95", "screen_p95"),
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
