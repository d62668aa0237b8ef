"""Buyers' share links: long random tokens, read-only, revocable, published versions only."""
