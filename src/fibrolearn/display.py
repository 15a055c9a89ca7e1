"""Whether the app's window has a screen to be drawn on, asked before Qt loads."""

from __future__ import annotations

import os
import sys

# Qt's platforms on Linux that draw through a display server. Without one, Qt ends the
# process (an abort, with a core dump) saying that reinstalling the app may help.
_NEED_A_SERVER = frozenset({"xcb", "wayland", "wayland-egl"})


def missing_display() -> str | None:
    """Why the window cannot be shown here, in a sentence; None if it can.

    Only Linux without a display (over ssh, on a server) is known not to show it; a platform
    chosen with QT_QPA_PLATFORM other than a display server's decides for itself.
    """
    if not sys.platform.startswith("linux"):
        return None
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    platforms = {name.split(":")[0] for name in chosen.split(";") if name}
    if not platforms <= _NEED_A_SERVER:
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    if "wayland" in platforms and _wayland_without_a_name():
        return None
    return (
        "There is no screen to open FibroLearn's window on: neither DISPLAY nor "
        "WAYLAND_DISPLAY is set, as over ssh or on a server. Start FibroLearn from your "
        "desktop, or use one of its commands, which need no screen: `fibrolearn --help` "
        "lists them."
    )


def _wayland_without_a_name() -> bool:
    """Whether Wayland can be reached though WAYLAND_DISPLAY is not set.

    Through a socket handed over (WAYLAND_SOCKET), or the default one (wayland-0) in the
    session's runtime folder: Qt's Wayland platform, when chosen, connects to either.
    """
    if os.environ.get("WAYLAND_SOCKET"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "wayland-0"))
