"""Short human labels for times, dates and counts."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from fibrolearn.domain.decks import LONGEST_STEP, SHORTEST_STEP, QueueCounts
from fibrolearn.domain.enums import CardState
from fibrolearn.domain.faults import StorageProblem
from fibrolearn.domain.gentle import SessionGoal
from fibrolearn.domain.words import counted

if TYPE_CHECKING:
    from fibrolearn.domain.study import RecallInsight, SessionProgress, SessionSummary

# What to do when a command needs a deck and the collection has none.
ADD_A_DECK_FIRST = (
    "Load a deck file (File ▸ Load deck file…) or import cards (File ▸ Import…) first."
)


def short_interval(delta: timedelta) -> str:
    """A compact interval label as on the rating buttons: "1m", "10m", "3h", "4d", "2mo", "1.5y"."""
    seconds = max(0.0, delta.total_seconds())
    minutes = seconds / 60
    if minutes < 60:
        return f"{max(1, round(minutes))}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_trim(days / 30)}mo"
    return f"{_trim(days / 365)}y"


def long_interval(delta: timedelta) -> str:
    """The same interval in words, for screen readers: "10 minutes", "3 days"."""
    label = short_interval(delta)
    units = {"m": "minute", "h": "hour", "d": "day", "mo": "month", "y": "year"}
    number = label.rstrip("mohdy")
    unit = units[label[len(number) :]]
    return f"{number} {unit}{'' if number == '1' else 's'}"


def _trim(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def share_percent(part: float, whole: float) -> str:
    """``part`` of ``whole`` as a whole percentage, "100 %" and "0 %" only when it is so.

    Plain rounding said 199 answers of 200 were "100 % remembered", with one forgotten.
    """
    share = round(100 * part / whole)
    if 0 < part < whole:
        share = min(99, max(1, share))
    return f"{share} %"


def duration_words(seconds: float) -> str:
    """A duration in words: "45 seconds", "6 minutes", "1 hour 5 minutes"."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    text = f"{hours} hour{'s' if hours != 1 else ''}"
    return text + (f" {rest} minute{'s' if rest != 1 else ''}" if rest else "")


def date_words(day: date, *, weekday: bool = False) -> str:
    """A date in words, "23 February 2026", or with ``weekday`` "Monday 23 February 2026".

    Day, month name and year: unambiguous in every locale, unlike 2026-02-23 or 02/03/2026.
    """
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def time_ago(delta: timedelta) -> str:
    """How long ago, in words: "just now", "3 hours ago", "12 days ago"."""
    if delta < timedelta(minutes=1):
        return "just now"
    return f"{long_interval(delta)} ago"


def recall_words(insight: RecallInsight) -> str:
    """The "why now?" explanation of a card: last seen, predicted recall, due."""
    if insight.state == CardState.NEW or insight.last_seen is None:
        return "A new card: you have not seen it before, so there is nothing to forget yet."
    parts = [f"Last seen {time_ago(insight.as_of - insight.last_seen)}."]
    if insight.recall_now is not None:
        parts.append(
            f"The chance you still remember it now is about {round(insight.recall_now * 100)} %."
        )
    if insight.state in (CardState.LEARNING, CardState.RELEARNING):
        parts.append("You are still learning it, so it comes back after short steps.")
    elif insight.due <= insight.as_of:
        parts.append(f"It came due {time_ago(insight.as_of - insight.due)}.")
    else:
        parts.append(f"It is early: it falls due in {long_interval(insight.due - insight.as_of)}.")
    times = "time" if insight.reps == 1 else "times"
    if insight.state == CardState.LEARNING:  # never learnt yet: nothing to have forgotten
        parts.append(f"Answered {insight.reps} {times} while learning it.")
    else:
        parts.append(f"Answered {insight.reps} {times}, forgotten {insight.lapses} since learnt.")
    return " ".join(parts)


def counts_words(counts: QueueCounts) -> str:
    """Today's counts on one line, for the study screen: "New 20  ·  Learning 7  ·  Due 0"."""
    return f"New {counts.new}  ·  Learning {counts.learning}  ·  Due {counts.review}"


def progress_words(progress: SessionProgress) -> str:
    """The progress line (a screen reader hears it through ``announce.spoken``).

    "Card 3 of 5" with a goal of cards, "Card 3 · about 4 minutes left" with a timed one, and
    otherwise "Card 3 · 11 more after this", on the last "Card 6 · the last one for now".
    Not "of" a total there: a card in its learning steps comes back, so the total would grow
    with answers and the end move away (hence "for now" too).
    """
    if progress.goal is not None and progress.minutes_left is None:
        return f"Card {progress.number} of {progress.total}"
    if progress.minutes_left is not None:
        minutes = max(1, round(progress.minutes_left))
        rest = f"about {minutes} minute{'s' if minutes != 1 else ''} left"
    else:
        after = progress.counts.total - 1  # the count holds the card on screen
        rest = f"{after:,} more after this" if after > 0 else "the last one for now"
    return f"Card {progress.number} · {rest}"


def steps_text(steps: tuple[timedelta, ...]) -> str:
    """Learning steps as the deck options show them: "1m 10m 1d"."""
    return " ".join(_step_label(step) for step in steps)


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Read learning steps like "1m 10m 1d" (s, m, h, d units).

    Each step is from :data:`SHORTEST_STEP` to :data:`LONGEST_STEP` (see there why).

    Raises:
        ValueError: A step is not a whole number with a unit, or is too short or too long,
            saying which one and why.
    """
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    steps = []
    for token in text.replace(",", " ").split():
        number, unit = token[:-1], token[-1:].lower()
        if unit not in units or not (number.isascii() and number.isdigit()):
            raise ValueError(
                f"“{token}” is not a step: write a whole number and a unit, like 10m or 1d"
            )
        seconds = int(number) * units[unit]
        if seconds < SHORTEST_STEP.total_seconds():
            shortest = long_interval(SHORTEST_STEP)
            raise ValueError(f"“{token}” is too short: a step must be at least {shortest}")
        if seconds > LONGEST_STEP.total_seconds():
            longest = LONGEST_STEP.days
            raise ValueError(f"“{token}” is too long: a step can be at most {longest} days")
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def _step_label(step: timedelta) -> str:
    seconds = int(step.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def summary_words(summary: SessionSummary, goal: SessionGoal | None) -> str:
    """The end-of-session message (rich text); no figures after a gentle session."""
    if summary.read_unsaved:
        return _read_words(summary, goal)
    if goal:
        return _gentle_words(summary, goal)
    cards = counted(summary.reviewed, "card")
    held, new = summary.reviews_held, summary.new_waiting
    waiting = (
        f"<p>{counted(held, 'due review')} {_wait(held)} for another day, as your daily limits "
        "allow no more today (reviews a day: Tools ▸ Deck options).</p>"
        if held
        else ""
    ) + (_new_waiting_words(summary) if new else "")
    later = summary.learning_back_in
    if later is not None:  # not done for today: say so first
        waiting = f"{_back_in(later)}{waiting}"
    if summary.reviewed:
        remembered = share_percent(summary.reviewed - summary.again, summary.reviewed)
        # A focused set (a factor, Custom study) says nothing of the deck's day.
        heading = "That set is done" if summary.deck_cards is None else "All done for today"
        heading = heading if later is None else "Done for now"
        return (
            f"<h2>{heading}</h2><p>You answered {cards} in "
            f"{duration_words(summary.seconds)} and remembered {remembered} of them.</p>{waiting}"
        )
    if later is not None:
        return f"<h2>Nothing due right now</h2>{waiting}"
    if waiting:
        done = "" if held else "<p>No reviews are due, and today's new cards are done.</p>"
        return f"<h2>Nothing left for today</h2>{done}{waiting}"
    return _nothing_words(summary)


def _new_waiting_words(summary: SessionSummary) -> str:
    """Why the session's ``new_waiting`` new cards wait for another day.

    Not the daily limit, with room left: they wait as another card of their note was answered
    today (it would give their answer away), and raising the limit in Deck options, as the
    words said, brought none of them. Nor after a low-energy check-in, which held them while
    Deck options still showed its 20 a day.
    """
    new = summary.new_waiting
    if summary.new_room:
        return (
            f"<p>{counted(new, 'new card')} {_wait(new)} for tomorrow, as another card of the "
            "same note came up today and would give the answer away.</p>"
        )
    if summary.new_held_by_energy:
        return (
            f"<p>{counted(new, 'new card')} {_wait(new)} for another day, as today's energy "
            "check-in asked for fewer new cards.</p>"
        )
    return (
        f"<p>{counted(new, 'new card')} {_wait(new)} for the coming days (how many a day: "
        "Tools ▸ Deck options).</p>"
    )


def _back_in(later: timedelta) -> str:
    """When the next card being learnt comes back today (rich text)."""
    return (
        f"<p>The next card you are still learning comes back in {long_interval(later)}: "
        "study this deck again then.</p>"
    )


def _gentle_words(summary: SessionSummary, goal: SessionGoal) -> str:
    """The end of a gentle session (rich text): no figures of what waits.

    Not, when it found nothing to study, "138 new cards wait for the coming days (how many a
    day: Tools ▸ Deck options)": a pile to face after a session promised without counts, and
    on a low-energy day not even the reason (the energy answer holds them, not the options).
    """
    if summary.reviewed:
        cards = counted(summary.reviewed, "card")
        if summary.goal_met:
            done = f"You answered {cards}. That is enough for now; rest is part of learning too."
        else:  # nothing more was left: "enough" said of 2 cards in a 5-minute session
            done = f"You answered {cards}, all there was for now. Rest is part of learning too."
        return f"<h2>That is your session done</h2><p>{done}</p>"
    if summary.learning_back_in is not None:
        return f"<h2>Nothing due right now</h2>{_back_in(summary.learning_back_in)}"
    if summary.reviews_held or summary.new_waiting:
        return (
            "<h2>Nothing left for today</h2><p>Today's cards are done; the rest wait for "
            "another day. Rest is part of learning too.</p>"
        )
    return _nothing_words(summary)


def _nothing_words(summary: SessionSummary) -> str:
    """Nothing was studied, and nothing waits: why (rich text).

    "Come back later" only where coming back later helps: not on a deck with no cards left,
    or with every one suspended.
    """
    if summary.deck_cards == 0:
        return (
            "<h2>This deck has no cards</h2><p>Add some in Browse (Ctrl+3, then Ctrl+N), or "
            "import them (File ▸ Import…).</p>"
        )
    if summary.deck_cards == summary.deck_suspended:
        return (
            "<h2>Every card of this deck is suspended</h2><p>To study them again, unsuspend "
            "them in Browse (Suspend / unsuspend, Ctrl+J).</p>"
        )
    return "<h2>Nothing due right now</h2><p>Come back later, or study another deck.</p>"


def _read_words(summary: SessionSummary, goal: SessionGoal | None) -> str:
    """The end of a session that read cards it could not save answers to (rich text)."""
    read = summary.read_unsaved
    they = "it stays" if read == 1 else "they stay"
    saved = {0: "", 1: " Your answer before that is saved."}.get(
        summary.reviewed, f" Your {summary.reviewed} answers before that are saved."
    )
    heading = "That is your session done" if goal else "You have read them all for now"
    return (
        f"<h2>{heading}</h2><p>You read {counted(read, 'card')}. Nothing was saved, as "
        f"FibroLearn cannot write to its collection: {they} due.{saved}</p>"
    )


def _wait(count: int) -> str:
    return "waits" if count == 1 else "wait"


def stuck_words(problem: StorageProblem, answered: int) -> str:
    """Why study stopped on a card it could not read, and how to go on (rich text).

    ``answered``: the answers of this sitting, each saved as it was given.
    """
    saved = {
        0: "",
        1: "<p>Your answer in this sitting is saved.</p>",
        2: "<p>Both your answers in this sitting are saved.</p>",
    }.get(answered, f"<p>All {counted(answered, 'answer')} in this sitting are saved.</p>")
    if problem.needs_a_fresh_start:  # trying again would meet it again
        go_on = "Press Enter or Esc to go back to your decks."
    else:
        go_on = "Press Enter to try again, or Esc to go back to your decks."
    return (
        f"<h2>Study stopped here</h2><p>{escape(problem.stopped('showing a card'))}</p>"
        f"{saved}<p>{go_on}</p>"
    )


def system_words(problem: StorageProblem) -> str:
    """The system's own words for ``problem``, small, for a bug report (rich text)."""
    return f"<p><small>What the system said: {escape(problem.detail)}</small></p>"


def as_sentence(refusal: Exception) -> str:
    """Why a change was refused, as a sentence ("Type the tags to add, …")."""
    reason = str(refusal)
    return f"{reason[:1].upper()}{reason[1:]}."


def undo_refused(refusal: Exception) -> str:
    """The message when a step can no longer be taken back, as a sentence."""
    return f"Could not undo: {as_sentence(refusal)}"


def redo_refused(refusal: Exception) -> str:
    """The message when a step taken back cannot be done again now, as a sentence."""
    return f"Could not redo: {as_sentence(refusal)}"


def nothing_to_undo(browse_change: str | None, *, redo: bool = False) -> str:
    """Ctrl+Z (or ``redo``, Ctrl+Shift+Z) outside Browse with no study step to act on.

    Browse's own change is named: Browse's changes are undone (and redone) in Browse. Told
    just "Nothing to undo." after deleting notes there, a learner took the delete for final.
    """
    verb = "redo" if redo else "undo"
    if browse_change is None:
        return f"Nothing to {verb}."
    change = "change undone" if redo else "change"
    return (
        f"Nothing to {verb} here. Browse's last {change} ({browse_change}) is {verb}ne in Browse."
    )
