"""``python -m bench``: run every benchmark and rewrite docs/benchmarks.md."""

from __future__ import annotations

import sys

from bench.run_all import main

sys.exit(main())
