"""The BSN (burgerservicenummer) checks of the domain: the elfproef, and whether a text
holds something that is a BSN. Used by the rules (BSN fields, free text without a BSN),
the log scrubber and the commands; only the standard library."""

from __future__ import annotations

import re

__all__ = ["contains_bsn_like", "is_nine_digits", "passes_elfproef"]


def is_nine_digits(text: str) -> bool:
    """Nine ASCII digits: the shape of a BSN (``str.isdigit`` alone also admits "²")."""
    return len(text) == 9 and text.isascii() and text.isdigit()


def passes_elfproef(digits: str) -> bool:
    """BSN elfproef: 9 digits, 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11 and not 0."""
    if not is_nine_digits(digits):
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(w * int(d) for w, d in zip(weights, digits, strict=True))
    return total != 0 and total % 11 == 0


# Digit groups joined by single separators: "111222333", "111 222 333", "111.222.333".
_DIGIT_RUN_RE = re.compile(r"[0-9]+(?:[ .\-\u00a0\u2010-\u2015][0-9]+)*")
_DIGIT_GROUP_RE = re.compile(r"[0-9]+")


def contains_bsn_like(text: str) -> bool:
    """True when the text holds an elfproef-valid 9-digit number, also written in groups.

    Only whole digit groups count (a 9-digit window inside a longer number such
    as a phone number is not a BSN), so "2027 111 222 333" is found and
    "0612345678" is not.
    """
    for run in _DIGIT_RUN_RE.finditer(text):
        groups = _DIGIT_GROUP_RE.findall(run.group())
        for start in range(len(groups)):
            length = 0
            for end in range(start, len(groups)):
                length += len(groups[end])
                if length == 9 and passes_elfproef("".join(groups[start : end + 1])):
                    return True
                if length >= 9:
                    break
    return False
