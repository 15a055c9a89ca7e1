"""``python -m fibrolearn`` and the ``fibrolearn`` launcher."""

from __future__ import annotations

import codecs
import gc
import os
import signal
import sys
from typing import NoReturn

# The status a shell shows for a command whose reader stopped early (128 + SIGPIPE), as for
# ``yes | head``; 1 already means "the command found a problem" (check, a missing deck, ...).
EXIT_CLOSED_PIPE = 141
# Likewise for a command stopped by Ctrl+C (128 + SIGINT).
EXIT_INTERRUPTED = 130
STOPPED = (
    "fibrolearn: Stopped (Ctrl+C): what was not yet saved is not saved, and nothing is left "
    "half-written."
)


def main() -> None:
    """Run FibroLearn with the process arguments and exit with its status.

    Output piped to a reader that stops early (``fibrolearn backups | head``) ends the command
    quietly, as Python's documentation recommends (its "Note on SIGPIPE"), not with a traceback.
    So does Ctrl+C: each write is whole or not at all (a transaction, a file that takes its
    name once complete), so what it cut short is simply not there. One that came while
    SQLite ran one of FibroLearn's own functions (a backup's fingerprint, Browse's search
    text) reaches the command as SQLite's error instead: it is a stop all the same.
    """
    # Off while the app starts: the window is painted sooner without the collector's passes
    # over what the imports and the window create, none of it garbage (10-15 ms). The window
    # turns it on once painted (fibrolearn.ui.app), a command as soon as it is known (cli).
    gc.disable()
    from fibrolearn.cli import main as cli_main  # noqa: PLC0415 - imported with it off

    _print_names_as_they_are()
    _note_ctrl_c()

    try:
        try:
            status = cli_main(sys.argv[1:])
        finally:  # also after --help and usage errors, which leave by SystemExit
            try:
                if sys.stdout is not None:  # None in the windowed launcher on Windows
                    sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
            finally:
                _ignore_ctrl_c()
    except BrokenPipeError:
        # Python flushes stdout once more at exit; nothing may be left for it to fail on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_CLOSED_PIPE)
    except KeyboardInterrupt:
        _stopped()
    except Exception:
        if not _ctrl_c_pressed:
            raise
        _stopped()
    sys.exit(status)


_ctrl_c_pressed: list[int] = []  # the signal, once Ctrl+C was pressed


def _note_ctrl_c() -> None:
    """Have Ctrl+C noted as it stops the command, as Python's own handler stops it.

    SQLite turns a KeyboardInterrupt raised in a function it calls into "user-defined
    function raised exception", which says nothing of Ctrl+C. Where Ctrl+C is ignored (a
    command started in the background by a script), it stays ignored.
    """
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return

    def noted(signum: int, frame: object) -> None:
        _ctrl_c_pressed.append(signum)
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, noted)


def _ignore_ctrl_c() -> None:
    """Let a Ctrl+C pressed from now on, with the command done and its output out, do nothing.

    Python gives SIGINT back to the system early in its exit, then tears the program down: a
    Ctrl+C in those last milliseconds killed the process (-2) instead of ending it with 130
    (about one in four at the end of a large `revlog export`). Ignored, it leaves the status
    the command had; one pressed until here is still a stop (130). Ctrl+C ignored from the
    start (a command a script started in the background) is left as it was.
    """
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stopped() -> NoReturn:
    print(STOPPED, file=sys.stderr)
    sys.exit(EXIT_INTERRUPTED)


def _print_names_as_they_are() -> None:
    """Let standard output write what its encoding has no bytes for, instead of failing.

    A folder named in Latin-1 (from an old disk) reaches Python as text with those bytes
    kept aside; under a UTF-8 locale, printing it, as ``fibrolearn backups`` prints each
    backup's file, failed with a traceback. The bytes now go out as the system has them, so
    a script can use the name. A character the output's encoding lacks (the quotes around a
    deck's name under a Latin-1 locale, or in a file on Windows) is written as an escape, as
    standard error already writes it: printing the report of a rename, made and saved, had
    ended in a traceback.
    """
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        codecs.register_error(_AS_THEY_ARE, _bytes_kept_or_escaped)
        sys.stdout.reconfigure(errors=_AS_THEY_ARE)


_AS_THEY_ARE = "fibrolearn.as_they_are"


def _bytes_kept_or_escaped(error: UnicodeError) -> tuple[bytes, int]:
    """An encoding error handler: bytes kept aside as they were, other characters escaped."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    kept_aside = range(0xDC80, 0xDD00)  # where Python keeps the bytes (PEP 383)
    written = b"".join(
        bytes([ord(char) - 0xDC00])
        if ord(char) in kept_aside
        else char.encode("ascii", "backslashreplace")
        for char in error.object[error.start : error.end]
    )
    return written, error.end


if __name__ == "__main__":
    main()
