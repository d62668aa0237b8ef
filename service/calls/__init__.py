"""Calls: uploads of recordings and transcripts to a deal, each with its job."""
