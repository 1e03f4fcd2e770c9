"""The debtor's pages (/debiteur/): sign in with the letter's code or a one-time link, the arrears statement,
the letters, and paying now. Every page past the sign-in shows only the dossier of the debtor session
(``sessie.debiteur_required``); any other id answers 404.
"""

from __future__ import annotations

import contextlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.netwerk import client_ip
from betaling.models import Betaling
from betaling.providers import ProviderFout, actieve_provider
from betaling.services import BetalingFout, betaling_start, betaling_verwerk
from dossiers.debiteur_toegang import ToegangFout, code_controleer, link_gebruik
from dossiers.documenten import document_response
from inning.achterstand import dossier_achterstand_specificatie
from inning.achterstand_pdf import achterstand_pdf_context
from recht import OngeldigeInvoer, TariefOntbreekt

from .. import selectors as portaal_selectors
from . import selectors
from .forms import BetalenForm, InloggenForm
from .sessie import debiteur_required, sessie_dossier, sessie_start, sessie_stop


def inloggen(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and sessie_dossier(request) is not None:
        return redirect("debiteur:overzicht")
    form = InloggenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = code_controleer(
                dossiernummer=form.cleaned_data["dossiernummer"],
                code=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except ToegangFout as fout:
            form.add_error(None, fout.messages[0])
        else:
            sessie_start(request, dossier)
            return redirect("debiteur:overzicht")
    status = 400 if request.method == "POST" else 200
    return render(request, "portaal/debiteur/inloggen.html", {"form": form}, status=status)


def link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners that open links must not spend a one-time link."""
    fout = ""
    if request.method == "POST":
        try:
            dossier = link_gebruik(token=token, ip=client_ip(request))
        except ToegangFout as exc:
            fout = exc.messages[0]
        else:
            sessie_start(request, dossier)
            return redirect("debiteur:overzicht")
    return render(request, "portaal/debiteur/link.html", {"fout": fout}, status=400 if fout else 200)


@require_POST
def uitloggen(request: HttpRequest) -> HttpResponse:
    sessie_stop(request)
    return redirect("debiteur:inloggen")


def _te_betalen(dossier) -> tuple:
    """(whole claim, next arrangement term): the whole claim is the client's figure, from the one statement."""
    geheel = portaal_selectors.achterstand_open(dossier)
    termijn = selectors.volgende_regeltermijn(dossier)
    return geheel, termijn


@debiteur_required
def overzicht(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    try:
        achterstand = achterstand_pdf_context(dossier_achterstand_specificatie(dossier=dossier))
    except (TariefOntbreekt, OngeldigeInvoer):
        achterstand = None
    geheel, termijn = _te_betalen(dossier)
    context = {
        "dossier": dossier,
        "achterstand": achterstand,
        "geheel": geheel,
        "termijn": termijn,
        "brieven": selectors.brieven_voor_debiteur(dossier)[:3],
        "kan_betalen": actieve_provider() is not None,
    }
    return render(request, "portaal/debiteur/overzicht.html", context)


@debiteur_required
def brieven(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    return render(
        request,
        "portaal/debiteur/brieven.html",
        {"dossier": dossier, "brieven": selectors.brieven_voor_debiteur(dossier)},
    )


@debiteur_required
def brief(request: HttpRequest, brief_id: int) -> HttpResponse:
    brief = get_object_or_404(selectors.brieven_voor_debiteur(request.debiteur_dossier), pk=brief_id)
    return document_response(brief.document)


@debiteur_required
def betalen(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    geheel, termijn = _te_betalen(dossier)
    form = BetalenForm(
        request.POST or None,
        geheel=geheel if geheel and geheel > 0 else None,
        termijn=termijn.bedrag if termijn else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            betaling = betaling_start(
                dossier=dossier,
                bedrag=form.cleaned_data["te_betalen"],
                basis_url=request.build_absolute_uri("/"),
            )
        except BetalingFout as fout:
            form.add_error(None, fout.messages[0])
        else:
            return redirect(betaling.checkout_url)
    context = {
        "dossier": dossier,
        "form": form,
        "geheel": geheel,
        "termijn": termijn,
        "kan_betalen": actieve_provider() is not None,
    }
    return render(request, "portaal/debiteur/betalen.html", context, status=400 if form.errors else 200)


@debiteur_required
def betaling(request: HttpRequest, betaling_id: int) -> HttpResponse:
    """Where the provider sends the debtor back. Still open: ask the provider (the webhook may be slower)."""
    betaling = get_object_or_404(selectors.betalingen_voor_debiteur(request.debiteur_dossier), pk=betaling_id)
    if betaling.status == Betaling.Status.OPEN and betaling.provider_id:
        # Unreachable provider: the page says we are still waiting; the webhook will come.
        with contextlib.suppress(ProviderFout):
            betaling = (
                betaling_verwerk(provider=betaling.provider, provider_id=betaling.provider_id) or betaling
            )
    return render(
        request, "portaal/debiteur/betaling.html", {"dossier": request.debiteur_dossier, "betaling": betaling}
    )
