"""Short human labels for times and counts."""

from __future__ import annotations

from datetime import timedelta


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
