"""FibroLearn's benchmarks and long-running robustness checks (``python -m bench``)."""
