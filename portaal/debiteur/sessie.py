"""The debtor's session: the dossier id and an expiry under one key of the ordinary Django session.

The debtor is never logged in as a Django user: staff and client auth (and their permissions) never see this
key, and this key opens nothing but the debtor pages of one dossier. The session is short
(``settings.DEBITEUR_SESSIE_MINUTEN``, renewed on every page) and a new sign-in gets a new session key.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from dossiers.models import Dossier

SLEUTEL = "debiteur_portaal"


def sessie_start(request: HttpRequest, dossier: Dossier) -> None:
    request.session.cycle_key()  # no session fixation: the signed-in debtor gets a fresh session key
    request.session[SLEUTEL] = {
        "dossier": dossier.pk,
        "tot": time.time() + settings.DEBITEUR_SESSIE_MINUTEN * 60,
    }


def sessie_stop(request: HttpRequest) -> None:
    request.session.pop(SLEUTEL, None)


def sessie_dossier(request: HttpRequest) -> Dossier | None:
    """The dossier of a live debtor session (renewed), or None (an expired session is ended)."""
    waarde = request.session.get(SLEUTEL)
    if not isinstance(waarde, dict) or float(waarde.get("tot", 0)) < time.time():
        sessie_stop(request)
        return None
    dossier = Dossier.objects.select_related("debiteur").filter(pk=waarde.get("dossier")).first()
    if dossier is None:
        sessie_stop(request)
        return None
    request.session[SLEUTEL] = {**waarde, "tot": time.time() + settings.DEBITEUR_SESSIE_MINUTEN * 60}
    return dossier


def debiteur_required(view: Callable) -> Callable:
    """Debtor pages: without a live debtor session, to the debtor's sign-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        dossier = sessie_dossier(request)
        if dossier is None:
            return redirect("debiteur:inloggen")
        request.debiteur_dossier = dossier
        return view(request, *args, **kwargs)

    return wrapped
