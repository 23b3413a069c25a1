"""Speed and accuracy benchmarks; run with ``make bench`` (figures land in docs/benchmarks.md)."""
