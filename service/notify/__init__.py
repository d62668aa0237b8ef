"""Email to reps: a call's changes are ready for review, or its job failed and how to retry.

mailer     `Mailer`: the outbox (`.eml` files, the default) or SMTP, chosen from settings
digest     what a finished job changed, read from the database (`CallDigest`, `JobFailure`)
messages   the digest rendered with jinja2 into an email with plain-text and HTML parts
service    the job hooks: build, send, and record the outcome in the deal's audit trail;
           a failing mail server never fails the job (the message is kept in `unsent/`)
"""
