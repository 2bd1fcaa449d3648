"""Numbers as papers write them: digits, words, magnitudes and ranges."""

from __future__ import annotations

import re

WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "dozen": 12,
    "half": 0.5, "couple": 2,
}
MAGNITUDES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mil": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
    "billion": 1e9, "g": 1e9, "t": 1e12, "trillion": 1e12,
}
# Hours in one unit of time, singular and plural, as durations and table cells spell them.
HOURS = {
    "m": 1 / 60, "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    "h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0,
    "d": 24.0, "day": 24.0, "days": 24.0, "week": 168.0, "weeks": 168.0,
    "month": 720.0, "year": 8760.0, "years": 8760.0,
}
_NUM = re.compile(r"^[~≈∼]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_SCI = re.compile(r"^(\d+(?:\.\d+)?)[eE]([+-]?\d+)$")


def parse_number(token: str) -> float | None:
    """'12,000' -> 12000, 'eight' -> 8, '3.14e23' -> 3.14e23; anything else -> None."""
    t = token.strip().lower().rstrip(".")
    if t in WORDS:
        return float(WORDS[t])
    if m := _NUM.match(t):
        return float(m.group(1).replace(",", "") + (m.group(2) or ""))
    if m := _SCI.match(t):
        return float(m.group(1)) * 10.0 ** int(m.group(2))
    return None


def magnitude(token: str) -> float | None:
    return MAGNITUDES.get(token.strip().lower())


# FLOPs in one unit of an operation count: a multiply-add is two, a petaflop/s-day 8.64e19.
_FLOPS_PER = {"FLOPs": 1.0, "MACs": 2.0, "PF-days": 8.64e19}


def as_flops(value: float, unit: str) -> float:
    """An operation count in FLOPs (the warehouse's macro as_flops does the same in SQL)."""
    return value * _FLOPS_PER[unit]
