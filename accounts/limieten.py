"""Counting limits in the shared cache (Redis in production): a fixed window of one hour per key.

Used for the password-reset request, which may be asked per e-mail address and per client IP only a few times
an hour: per address so nobody can flood a user's mailbox, per IP so nobody can probe or flood many addresses.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

VENSTER_SECONDEN = 3600


def _sleutel(soort: str, waarde: str) -> str:
    # Hashed: e-mail addresses do not belong in cache keys in plain text.
    return f"limiet:{soort}:{hashlib.sha256(waarde.encode()).hexdigest()[:32]}"


def limiet_tel(*, soort: str, waarde: str, maximum: int, venster: int = VENSTER_SECONDEN) -> bool:
    """Count one try for (soort, waarde); True while the count within the window is at most ``maximum``."""
    sleutel = _sleutel(soort, waarde)
    cache.add(sleutel, 0, timeout=venster)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, timeout=venster)
        aantal = 1
    return aantal <= maximum
