"""Benchmarks for ``make bench``: turn latency, ingest throughput, and HNSW recall."""
