"""Parsing, signatures, encryption, certificate identity and trust, algorithm policy."""
