"""Signatures on webhook bodies, Stripe-style: the timestamp is signed with the body, so a
captured request replayed later fails the receiver's age check.

    Callplan-Signature: t=1795000000,v1=5f1c...   (hex HMAC-SHA256 of "1795000000.<body>")
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "Callplan-Signature"
TOLERANCE_S = 300


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(
    secret: str, header: str, body: bytes, now: float, tolerance_s: int = TOLERANCE_S
) -> bool:
    """What a receiver checks: a v1 signature matches and the timestamp is recent."""
    parts = [p.partition("=") for p in header.split(",")]
    stamps = [v for k, _, v in parts if k.strip() == "t"]
    signatures = [v.strip() for k, _, v in parts if k.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or not signatures:
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = sign(secret, timestamp, body).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, s) for s in signatures)
