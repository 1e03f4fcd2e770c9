"""Who is asking: the client's IP address and the account name that login limits count on.

Behind a TLS proxy every request arrives from the proxy's address. `X-Forwarded-For` is trusted only when the
request comes from an address in ``settings.TRUSTED_PROXIES`` (addresses or networks); then the header is read
from the right, skipping our own proxies, and the first address that is not one of them is the client. A header
sent by anyone else is ignored, so a client cannot choose its own address by sending the header itself.
django-axes, DRF's throttles and the password-reset limit all use this one function.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Netwerk = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _netwerken(proxies: tuple[str, ...]) -> tuple[Netwerk, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _is_proxy(adres: str, netwerken: tuple[Netwerk, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(adres)
    except ValueError:
        return False
    return any(ip in n for n in netwerken)


def _geldig(adres: str) -> bool:
    try:
        ipaddress.ip_address(adres)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's IP address (see the module docstring). Never raises; '' when there is none."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    netwerken = _netwerken(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not netwerken or not _is_proxy(remote, netwerken):
        return remote
    keten = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for adres in reversed(keten):
        if not _geldig(adres):
            # A malformed entry: nothing to its left can be trusted; the last good hop is the client.
            break
        if not _is_proxy(adres, netwerken):
            return adres
        remote = adres
    return remote


def login_naam(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The account a login try counts against: the e-mail address, trimmed and in lower case, so that
    `client@…`, `Client@…` and `CLIENT@…` are one account for the lockout (AXES_USERNAME_CALLABLE)."""
    waarde = None
    if credentials:
        waarde = credentials.get("email") or credentials.get("username")
    if waarde is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        waarde = data.get("email") or data.get("username")
    return str(waarde or "").strip().lower()
