"""Implementations of the ports in gateway/ports.py, named by technology."""
