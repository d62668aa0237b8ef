"""Secrets handed out once and kept only as a SHA-256: API tokens and buyers' share links."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str) -> str:
    """A long random token (256 bits) that says what it is: `cp_...` or `share_...`."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    # A plain SHA-256 is enough: the tokens are 256 random bits, not passwords to guess.
    return hashlib.sha256(token.encode()).hexdigest()


def shown_prefix(token: str) -> str:
    return token[:10]
