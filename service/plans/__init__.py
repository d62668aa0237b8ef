"""Plans: a deal's working plan (what the rep accepted), published versions, diffs, shares."""
