"""The admin PIN: a salted scrypt hash in the settings file, and a gate that slows down guessing.

The PIN itself is never stored or logged. A stored hash looks like
`scrypt$16384$8$1$<salt, base64>$<hash, base64>`, so its cost can be raised later without
breaking PINs already written.
"""

from __future__ import annotations

import base64
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MIN_DIGITS, MAX_DIGITS = 4, 8
PIN_PATTERN = re.compile(rf"\d{{{MIN_DIGITS},{MAX_DIGITS}}}")
FREE_TRIES = 5  # wrong PINs allowed before the gate makes the next one wait
FIRST_WAIT = 30.0  # seconds after the fifth wrong PIN; doubles with each wrong PIN after it
LONGEST_WAIT = 300.0
# scrypt cost: about 10 ms and 4 MiB per check. No cost can make a 4-8 digit PIN safe from someone
# who can read the settings file (there are at most 10^8 PINs), so the file's permissions protect
# it there; the hash keeps the PIN from being read at a glance, and the waits after wrong tries
# protect the keypad. 16 MiB per check (n=2**14) showed up as a jump in the kiosk's peak memory.
# Hashes store their own cost, so older ones keep working.
_N, _R, _P = 2**12, 8, 1


def valid_pin(pin: str) -> bool:
    """True for 4 to 8 digits: what the on-screen keypad can type."""
    return PIN_PATTERN.fullmatch(pin) is not None


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The text stored in the settings file as `pin_hash` for this PIN."""
    if not valid_pin(pin):
        raise ValueError("a PIN is 4 to 8 digits")
    import hashlib  # see verify_pin

    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def well_formed(stored: str) -> bool:
    """True if `stored` is a hash `hash_pin` could have written (used to check settings)."""
    return _parse(stored) is not None


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or not (1 <= r <= 64 and 1 <= p <= 16) or len(salt) < 8 \
            or len(digest) < 16:
        return None
    return n, r, p, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """True only if `pin` is the PIN `stored` was made from (constant-time comparison)."""
    parsed = _parse(stored)
    if parsed is None or not valid_pin(pin):
        return False
    n, r, p, salt, digest = parsed
    # hashlib loads OpenSSL's libcrypto, 3.4 MiB resident: only once a PIN is typed, not at
    # start-up (the staff menu imports this module for MAX_DIGITS).
    import hashlib
    import hmac

    attempt = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(digest),
                             maxmem=256 * 1024 * 1024)
    return hmac.compare_digest(attempt, digest)


@dataclass
class PinGate:
    """Checks PINs; after FREE_TRIES wrong ones in a row, each further try must wait."""

    stored: str
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    _open_at: float = field(default=0.0, repr=False)

    def wait_seconds(self) -> float:
        """Seconds until the next try is allowed (0 when it is allowed now)."""
        return max(0.0, self._open_at - self.clock())

    def tries_left(self) -> int:
        """Wrong PINs still allowed before the waiting starts."""
        return max(0, FREE_TRIES - self.failures)

    def check(self, pin: str) -> bool:
        """True for the right PIN. A try during the wait is refused without checking it."""
        if self.wait_seconds() > 0:
            return False
        if verify_pin(pin, self.stored):
            self.failures = 0
            self._open_at = 0.0
            return True
        self.failures += 1
        if self.failures >= FREE_TRIES:
            extra = self.failures - FREE_TRIES
            self._open_at = self.clock() + min(LONGEST_WAIT, FIRST_WAIT * 2**extra)
        return False
