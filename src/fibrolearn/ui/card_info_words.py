"""Card info in words: its details, its history's rows, and each row as a sentence.

Kept apart from the dialog so that what is shown, heard and copied is written once.
"""

from __future__ import annotations

from fibrolearn.domain.card_info import CardInfo, EntryKind, HistoryEntry, difficulty_percent
from fibrolearn.domain.enums import CardState, NoteKind
from fibrolearn.domain.study import FactNote
from fibrolearn.domain.words import counted, local_time_words
from fibrolearn.ui.card_html import how_sure
from fibrolearn.ui.formatting import date_words, duration_words, long_interval, short_interval

COLUMNS = ("When", "Kind", "Rating", "Interval", "Stability", "Difficulty", "Time")
_NOTE_KINDS = {
    NoteKind.BASIC: "Basic (question and answer)",
    NoteKind.REVERSED: "Basic and reversed",
    NoteKind.CLOZE: "Cloze (fill in the blank)",
}
_STATES = {
    CardState.LEARNING: "learning",
    CardState.REVIEW: "in review",
    CardState.RELEARNING: "relearning",
}


def details(info: CardInfo) -> list[tuple[str, str]]:
    """(caption, value) of each detail, in Anki's order; those a card lacks are left out."""
    memory = info.memory
    lines = [
        ("Deck", info.deck_name),
        ("Note type", _note_type(info)),
        ("Added", date_words(info.added.astimezone().date())),
    ]
    if info.first_answer is not None and info.latest_answer is not None:
        lines += [
            ("First review", date_words(info.first_answer.astimezone().date())),
            ("Latest review", date_words(info.latest_answer.astimezone().date())),
        ]
    lines.append(("Due", due_words(info)))
    if info.interval is not None:
        lines.append(("Interval", long_interval(info.interval)))
    if memory.stability is not None and memory.state != CardState.NEW:
        lines.append(("Stability", _days(memory.stability)))
    if memory.difficulty is not None and memory.state != CardState.NEW:
        lines.append(("Difficulty", _percent(difficulty_percent(memory.difficulty))))
    if info.recall_now is not None:
        lines.append(("Chance of recall now", _percent(100 * info.recall_now)))
    lines += [("Reviews", f"{memory.reps:,}"), ("Lapses", f"{memory.lapses:,}")]
    if info.average_ms is not None:
        lines += [
            ("Average time", _seconds(info.average_ms)),
            ("Total time", duration_words(info.total_ms / 1000)),
        ]
    return [*lines, ("Card id", str(info.card_id)), ("Note id", str(info.note_id))]


def due_words(info: CardInfo) -> str:
    """When the card is due, as a study day: "14 March 2026 (in 10 days)"; or why it is not."""
    memory = info.memory
    aside = []
    if info.suspended:
        aside.append("suspended")
    if info.buried_until is not None:
        aside.append(f"buried until {local_time_words(info.buried_until)}")
    if info.due_day is None or info.due_in_days is None:
        text = "New card: not studied yet"
    else:
        days = info.due_in_days
        when = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days)
        if when is None:
            when = f"in {days:,} days" if days > 0 else f"{-days:,} days ago"
        if days == 0 and memory.state != CardState.REVIEW:
            when += f" at {memory.due.astimezone():%H:%M}"
        text = f"{date_words(info.due_day)} ({when}, {_STATES[memory.state]})"
    return f"{text}; {', '.join(aside)}" if aside else text


def facts_words(facts: tuple[FactNote, ...], *, answer_shown: bool) -> str:
    """The facts the card teaches, one a line, with how sure the evidence is.

    While its answer is hidden (opened from Study), only how many: a fact's claim gives the
    answer away.
    """
    if not facts:
        return ""
    if not answer_shown:
        return (
            f"This card teaches {counted(len(facts), 'fact')}: shown here once its answer is "
            "shown, as they would give the answer away."
        )
    return "\n".join(f"{fact.claim} How sure: {how_sure(fact)}" for fact in facts)


def history_rows(info: CardInfo) -> list[tuple[tuple[str, ...], str]]:
    """The history, newest first (as Anki lists it): each row's cells and its sentence."""
    return [(_cells(entry), _sentence(entry)) for entry in reversed(info.history)]


def history_text(info: CardInfo) -> str:
    """The history as tab-separated lines under a header, to paste into a spreadsheet."""
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(cells) for cells, _said in history_rows(info)]
    return "\n".join(lines) + "\n"


def _cells(entry: HistoryEntry) -> tuple[str, ...]:
    when = local_time_words(entry.at)
    if entry.kind is EntryKind.RESET:
        return (when, "Reset (Forget)", "", "", "", "", "")
    return (
        when,
        entry.kind.value,
        entry.rating.label if entry.rating else "",
        short_interval(entry.interval) if entry.interval is not None else "",
        _days(entry.stability, short=True) if entry.stability is not None else "",
        _percent(difficulty_percent(entry.difficulty)) if entry.difficulty is not None else "",
        _seconds(entry.duration_ms, short=True),
    )


def _sentence(entry: HistoryEntry) -> str:
    when = local_time_words(entry.at)
    if entry.kind is EntryKind.RESET:
        return f"{when}: reset by Forget, made new again."
    parts = [f"{when}: {entry.kind.value.lower()}"]
    if entry.rating is not None:
        parts.append(f"rated {entry.rating.label}")
    if entry.interval is not None:
        parts.append(f"due again in {long_interval(entry.interval)}")
    if entry.stability is not None:
        parts.append(f"stability {_days(entry.stability)}")
    if entry.difficulty is not None:
        parts.append(f"difficulty {_percent(difficulty_percent(entry.difficulty))}")
    parts.append(f"answered in {_seconds(entry.duration_ms)}")
    return ", ".join(parts) + "."


def _note_type(info: CardInfo) -> str:
    if info.note_type is not None:
        return f"{info.note_type} (from Anki)"
    try:
        return _NOTE_KINDS[NoteKind(info.note_kind)]
    except ValueError:
        return info.note_kind


def _days(value: float, *, short: bool = False) -> str:
    number = f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if short:
        return f"{number} d"
    return f"{number} day" if number == "1.0" else f"{number} days"


def _percent(value: float) -> str:
    return f"{round(value)} %"


def _seconds(milliseconds: float, *, short: bool = False) -> str:
    seconds = milliseconds / 1000
    if short:
        return f"{seconds:.1f} s"
    return f"{seconds:.1f} seconds" if seconds < 60 else duration_words(seconds)
