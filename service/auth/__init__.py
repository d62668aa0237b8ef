"""Who is calling: API tokens (hashed at rest, revocable), users with a role in one org."""
