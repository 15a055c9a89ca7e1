"""Whether the window has a screen, asked before Qt loads (which would end the process)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fibrolearn.display import missing_display


@pytest.mark.parametrize(
    ("environment", "missing"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),  # tests, screenshots
        ({"QT_QPA_PLATFORM": "eglfs"}, False),  # a kiosk's own screen, Qt's to judge
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_SOCKET": "3"}, False),  # handed over
        ({"WAYLAND_SOCKET": "3"}, True),  # Qt chooses X11 then, which has no display
    ],
)
def test_only_linux_without_a_display_server_is_missing_a_screen(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], missing: bool
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert (missing_display() is not None) == missing


def test_other_systems_always_have_a_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert missing_display() is None


def test_wayland_chosen_reaches_its_default_socket_without_a_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Found in a review: a Wayland session that sets no WAYLAND_DISPLAY was refused, though
    Qt's Wayland platform connects to the default socket there."""
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert missing_display() is not None  # no socket there yet
    (tmp_path / "wayland-0").touch()
    assert missing_display() is None
