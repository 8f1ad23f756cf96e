"""Chronique benchmarks and the synthetic corpus generator (``python -m bench.make_corpus``)."""
