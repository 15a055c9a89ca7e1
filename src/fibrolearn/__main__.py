"""``python -m fibrolearn`` and the ``fibrolearn`` launcher."""

from __future__ import annotations

import sys

from fibrolearn.cli import main as _cli_main


def main() -> None:
    """Run FibroLearn with the process arguments and exit with its status."""
    sys.exit(_cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
