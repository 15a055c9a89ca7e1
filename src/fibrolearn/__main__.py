"""``python -m fibrolearn`` and the ``fibrolearn`` launcher."""

from __future__ import annotations

import os
import sys

from fibrolearn.cli import main as _cli_main

# The status a shell shows for a command whose reader stopped early (128 + SIGPIPE), as for
# ``yes | head``; 1 already means "the command found a problem" (check, a missing deck, ...).
EXIT_CLOSED_PIPE = 141


def main() -> None:
    """Run FibroLearn with the process arguments and exit with its status.

    Output piped to a reader that stops early (``fibrolearn backups | head``) ends the command
    quietly, as Python's documentation recommends (its "Note on SIGPIPE"), not with a traceback.
    """
    try:
        try:
            status = _cli_main(sys.argv[1:])
        finally:  # also after --help and usage errors, which leave by SystemExit
            if sys.stdout is not None:  # None in the windowed launcher on Windows
                sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
    except BrokenPipeError:
        # Python flushes stdout once more at exit; nothing may be left for it to fail on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_CLOSED_PIPE)
    sys.exit(status)


if __name__ == "__main__":
    main()
