"""The review pages: server-rendered (jinja2) pages for reps and managers, on the same services
as the API. Sign in with an API token (a signed session cookie after that; every form carries a
CSRF token), the deals list, a deal's plan, uploads with live progress, the review of suggestions
with the recording beside them, publishing and share links. `install(app, runtime)` adds them."""
