"""Pure domain: frozen dataclasses and functions, standard library only."""
