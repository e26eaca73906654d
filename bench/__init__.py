"""Benchmarks: the gateway's speed and memory against the cost of its unavoidable cryptography.

``python -m bench`` (``make bench``) prints figures and writes ``bench/results/latest.json``
and ``latest.md``; it never fails because of a time. See ``bench/README.md``.
"""
