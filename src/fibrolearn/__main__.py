"""``python -m fibrolearn`` and the ``fibrolearn`` launcher."""

from __future__ import annotations

import gc
import os
import sys

# The status a shell shows for a command whose reader stopped early (128 + SIGPIPE), as for
# ``yes | head``; 1 already means "the command found a problem" (check, a missing deck, ...).
EXIT_CLOSED_PIPE = 141


def main() -> None:
    """Run FibroLearn with the process arguments and exit with its status.

    Output piped to a reader that stops early (``fibrolearn backups | head``) ends the command
    quietly, as Python's documentation recommends (its "Note on SIGPIPE"), not with a traceback.
    """
    # Off while the app starts: the window is painted sooner without the collector's passes
    # over what the imports and the window create, none of it garbage (10-15 ms). The window
    # turns it on once painted (fibrolearn.ui.app), a command as soon as it is known (cli).
    gc.disable()
    from fibrolearn.cli import main as cli_main  # noqa: PLC0415 - imported with it off

    _print_names_as_they_are()

    try:
        try:
            status = cli_main(sys.argv[1:])
        finally:  # also after --help and usage errors, which leave by SystemExit
            if sys.stdout is not None:  # None in the windowed launcher on Windows
                sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
    except BrokenPipeError:
        # Python flushes stdout once more at exit; nothing may be left for it to fail on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_CLOSED_PIPE)
    sys.exit(status)


def _print_names_as_they_are() -> None:
    """Let standard output write a file name's bytes that are not text in its encoding.

    A folder named in Latin-1 (from an old disk) reaches Python as text with those bytes
    kept aside; under a UTF-8 locale, printing it, as ``fibrolearn backups`` prints each
    backup's file, failed with a traceback. The bytes now go out as the system has them, so
    a script can use the name. (Standard error replaces them with escapes already.)
    """
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="surrogateescape")


if __name__ == "__main__":
    main()
