"""Evaluation: scorers that measure how good transcripts and drafts are."""
