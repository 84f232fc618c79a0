"""Benchmarks (`make bench`). Each topic is a subpackage runnable as `python -m bench.<topic>`;
it writes its figures to docs/bench-results/<topic>.md, which docs/benchmarks.md gathers."""
