"""Where a webhook may point: http or https, and (unless the operator allows it) not at a
loopback, private, link-local or otherwise reserved address, so an org's webhook cannot be used
to reach the service's own network. Checked when an endpoint is registered and before each
attempt (a name can resolve differently later)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from pipeline.errors import InputError


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise `InputError` saying what is wrong with the receiver's URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"a webhook URL must be http:// or https:// with a host, not {url!r}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:  # UnicodeError: a name IDNA refuses
        raise InputError(
            f"the webhook's host {parts.hostname!r} does not resolve ({error})"
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InputError(
                f"the webhook's host {parts.hostname!r} is a private address ({address}); "
                "use a public receiver, or set CALLPLAN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true"
            )
