"""Where a webhook may be posted: a guard against server-side request forgery (SSRF).

A subscription's URL is checked when it is saved (`check_url`: https, a public host name or
address, no credentials) and its host again just before every attempt (`check_resolved_host`:
every address the name resolves to must be public), so a public name that later points at a
private address (DNS rebinding) is refused too. Plain http is allowed only to this machine
(localhost, 127.0.0.1, ::1) and only where WEBHOOK_ALLOW_LOCAL_HTTP is on (default: DEBUG), for
a developer's receiver and the tests' one. Redirects are never followed (see services.py)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iclon.core.errors import PortalError

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Names that only ever mean a machine inside some network.
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".intranet", ".lan", ".home.arpa", ".corp")
MAX_URL_LENGTH = 500


class BadTarget(PortalError):
    default_message = _("This URL cannot receive webhooks.")


def allow_local_http() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_LOCAL_HTTP", settings.DEBUG))


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _local_allowed(host: str) -> bool:
    return allow_local_http() and host in LOCAL_HOSTS


def check_url(url: str) -> str:
    """The URL, stripped, if webhooks may be posted to it; BadTarget (on the field "url") if not."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH:
        raise BadTarget(_("Enter a URL of at most %(max)d characters.") % {"max": MAX_URL_LENGTH}, field="url")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number or out of range)
    except ValueError:
        raise BadTarget(_("Enter a valid URL."), field="url") from None
    if parts.scheme not in ("https", "http") or not host:
        raise BadTarget(_("Enter a valid https URL."), field="url")
    if parts.username or parts.password:
        raise BadTarget(_("A webhook URL may not hold a user name or password."), field="url")
    if parts.scheme == "http" and not _local_allowed(host):
        raise BadTarget(_("Webhooks are only sent over https."), field="url")
    if _local_allowed(host):
        return url
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if not _is_public(address):
            raise BadTarget(_("Webhooks cannot be sent to a private, local or reserved address."), field="url")
        return url
    if host in LOCAL_HOSTS or "." not in host.strip(".") or host.endswith(PRIVATE_SUFFIXES):
        raise BadTarget(_("Webhooks cannot be sent to a private, local or reserved address."), field="url")
    return url


def check_resolved_host(url: str) -> None:
    """Raise BadTarget when the URL's host resolves to an address that is not public (just before an
    attempt; the URL itself was checked when it was saved)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _local_allowed(host):
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise BadTarget(f"The host name {host} cannot be resolved: {error}") from error
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not _is_public(address):
            raise BadTarget(f"The host name {host} resolves to a private address ({address}); not sent.")
