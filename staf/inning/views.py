"""Staff pages for client money (/staff/geld/) and the client's portal pages (/portaal/geld/).

Thin: parse input, check permission, call a service or selector, render. Money moves only in services.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from bank.bestand import BestandFout
from bank.services import bankafschrift_maak, bankafschrift_opnieuw
from bank.suggesties import ontvangsten_suggesties
from bank.tasks import bankafschrift_verwerk_taak
from dossiers.models import Dossier
from inning import selectors, services
from inning.models import Bankafschrift, Bankregel, DirecteBetaling, Ontvangst
from staf.dossiers.views import _dossier_context
from staf.inning.forms import AfwijsForm, BankafschriftForm, KoppelForm

GELD = ("financieel", "beheerder")
BEOORDELAARS = ("casemanager", "financieel", "beheerder")


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inning/index.html",
        {
            "ongematcht_aantal": selectors.ongematchte_ontvangsten().count(),
            "meldingen_aantal": selectors.te_bevestigen_directe_betalingen().count(),
            "afstemming": selectors.afstemming(),
            "controle_fout": selectors.laatste_controle_fout(),
            "afschriften": Bankafschrift.objects.select_related("geupload_door").defer("inhoud")[:10],
        },
    )


@staff_required(*GELD)
def afschriften(request: HttpRequest) -> HttpResponse:
    form = BankafschriftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        try:
            # The upload itself (above 2.5 MB a temporary file on disk): read in pieces, never whole.
            afschrift = bankafschrift_maak(bestandsnaam=bestand.name, inhoud=bestand, door=request.user)
        except BestandFout as fout:
            form.add_error(
                "bestand", _("Bestand afgewezen, er is niets opgeslagen. %(fout)s") % {"fout": fout}
            )
        else:
            transaction.on_commit(lambda: bankafschrift_verwerk_taak.delay(afschrift.pk, request.user.pk))
            return redirect("inning:afschrift", afschrift_id=afschrift.pk)
    lijst = Bankafschrift.objects.select_related("geupload_door").defer("inhoud")[:50]
    return render(request, "inning/afschriften.html", {"form": form, "afschriften": lijst})


@staff_required(*GELD)
def afschrift(request: HttpRequest, afschrift_id: int) -> HttpResponse:
    a = get_object_or_404(Bankafschrift.objects.defer("inhoud"), pk=afschrift_id)
    context = {"afschrift": a}
    if request.htmx:
        return render(request, "inning/_voortgang.html", context)
    regels = (
        Bankregel.objects.filter(afschrift=a).select_related("ontvangst", "ontvangst__dossier").order_by("id")
    )
    context["pagina"] = Paginator(regels, 100).get_page(request.GET.get("pagina"))
    return render(request, "inning/afschrift.html", context)


@require_POST
@staff_required(*GELD)
def afschrift_opnieuw(request: HttpRequest, afschrift_id: int) -> HttpResponse:
    a = get_object_or_404(Bankafschrift.objects.defer("inhoud"), pk=afschrift_id)
    try:
        bankafschrift_opnieuw(afschrift=a, door=request.user)
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
    else:
        transaction.on_commit(lambda: bankafschrift_verwerk_taak.delay(a.pk, request.user.pk))
        messages.success(request, _("Het afschrift wordt opnieuw verwerkt."))
    return redirect("inning:afschrift", afschrift_id=afschrift_id)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def ontvangsten(request: HttpRequest) -> HttpResponse:
    pagina = Paginator(selectors.ongematchte_ontvangsten(), 50).get_page(request.GET.get("pagina"))
    suggesties = ontvangsten_suggesties(list(pagina.object_list))
    rijen = [(o, suggesties.get(o.pk, [])) for o in pagina.object_list]
    return render(request, "inning/ontvangsten.html", {"pagina": pagina, "rijen": rijen})


def _ontvangst_context(ontvangst_id: int) -> dict:
    ontvangst = get_object_or_404(
        Ontvangst.objects.select_related("bankregel", "dossier", "suggestie", "suggestie__debiteur"),
        pk=ontvangst_id,
    )
    toewijzingen = ontvangst.toewijzingen.select_related("dossier", "door", "ongedaan_door").prefetch_related(
        "toerekeningen"
    )
    suggesties = []
    if ontvangst.status == Ontvangst.Status.ONGEMATCHT:
        suggesties = ontvangsten_suggesties([ontvangst])[ontvangst.pk]
    return {"ontvangst": ontvangst, "toewijzingen": toewijzingen, "suggesties": suggesties}


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def ontvangst(request: HttpRequest, ontvangst_id: int) -> HttpResponse:
    context = _ontvangst_context(ontvangst_id)
    eerste = context["suggesties"][0].nummer if context["suggesties"] else ""
    context["form"] = KoppelForm(initial={"dossier": eerste})
    return render(request, "inning/ontvangst.html", context)


@require_POST
@staff_required(*GELD)
def ontvangst_koppel(request: HttpRequest, ontvangst_id: int) -> HttpResponse:
    context = _ontvangst_context(ontvangst_id)
    form = KoppelForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            services.ontvangst_koppel(
                ontvangst=context["ontvangst"], dossier=form.cleaned_data["dossier"], door=request.user
            )
        except ValidationError as fout:
            form.add_error(None, fout.messages[0])
        else:
            messages.success(
                request,
                _("De ontvangst is gekoppeld aan dossier %(nr)s.")
                % {"nr": form.cleaned_data["dossier"].nummer},
            )
            return redirect("inning:ontvangst", ontvangst_id=ontvangst_id)
    return render(request, "inning/ontvangst.html", context, status=422)


@require_POST
@staff_required(*GELD)
def ontvangst_ontkoppel(request: HttpRequest, ontvangst_id: int) -> HttpResponse:
    o = get_object_or_404(Ontvangst, pk=ontvangst_id)
    try:
        services.ontvangst_ontkoppel(ontvangst=o, door=request.user)
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
    else:
        messages.success(request, _("De koppeling is ongedaan gemaakt met een tegenboeking."))
    return redirect("inning:ontvangst", ontvangst_id=ontvangst_id)


@staff_required(*BEOORDELAARS)
def meldingen(request: HttpRequest) -> HttpResponse:
    lijst = selectors.te_bevestigen_directe_betalingen()
    return render(request, "inning/meldingen.html", {"meldingen": lijst, "afwijs_form": AfwijsForm()})


@require_POST
@staff_required(*BEOORDELAARS)
def melding_bevestig(request: HttpRequest, melding_id: int) -> HttpResponse:
    melding = get_object_or_404(DirecteBetaling, pk=melding_id)
    try:
        services.directe_betaling_bevestig(melding=melding, door=request.user)
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
    else:
        messages.success(request, _("De rechtstreekse betaling is bevestigd en toegerekend."))
    return redirect("inning:meldingen")


@require_POST
@staff_required(*BEOORDELAARS)
def melding_wijs_af(request: HttpRequest, melding_id: int) -> HttpResponse:
    melding = get_object_or_404(DirecteBetaling, pk=melding_id)
    form = AfwijsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden voor de afwijzing."))
        return redirect("inning:meldingen")
    try:
        services.directe_betaling_wijs_af(
            melding=melding, reden=form.cleaned_data["reden"], door=request.user
        )
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
    else:
        messages.success(request, _("De melding is afgewezen."))
    return redirect("inning:meldingen")


@staff_required(*GELD)
def afstemming(request: HttpRequest) -> HttpResponse:
    onbekend = Bankregel.objects.filter(verwerking=Bankregel.Verwerking.ONBEKEND).order_by("-datum", "-id")[
        :100
    ]
    return render(
        request,
        "inning/afstemming.html",
        {
            "a": selectors.afstemming(),
            "controle_fout": selectors.laatste_controle_fout(),
            "onbekend": onbekend,
            # Our own payouts seen on the statement: booked on approval, matched on their end-to-end id.
            "uitbetalingen": Bankregel.objects.filter(verwerking=Bankregel.Verwerking.UITBETALING)
            .select_related("uitbetaling__batch")
            .order_by("-datum", "-id")[:100],
        },
    )


class _Echo:
    def write(self, waarde):
        return waarde


@staff_required(*GELD)
def afstemming_csv(request: HttpRequest) -> HttpResponse:
    a = selectors.afstemming()
    schrijver = csv.writer(_Echo(), delimiter=";")
    rijen = [
        ("post", "bedrag"),
        ("bank volgens grootboek", a["bank_grootboek"]),
        ("onderweg bij betaaldienst", a["onderweg_betaaldienst"]),
        (
            "bank volgens laatste afschrift",
            "" if a["bank_volgens_afschrift"] is None else a["bank_volgens_afschrift"],
        ),
        ("datum laatste afschrift", a["afschrift_datum"] or ""),
        ("verschuldigd aan cliënten", a["verschuldigd_aan_clienten"]),
        ("provisie nog over te boeken", a["provisie_nog_over_te_boeken"]),
        ("kosten nog over te boeken", a["kosten_nog_over_te_boeken"]),
        ("ongealloceerde ontvangsten", a["ongealloceerd"]),
        ("totaal verplichtingen", a["totaal_verplichtingen"]),
        ("verschil grootboek", a["verschil_grootboek"]),
        ("verschil afschrift", "" if a["verschil_afschrift"] is None else a["verschil_afschrift"]),
    ]
    inhoud = "\ufeff" + "".join(
        schrijver.writerow([str(c).replace(".", ",") if k else c for k, c in enumerate(r)]) for r in rijen
    )
    response = HttpResponse(inhoud, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="afstemming-derdengelden.csv"'
    return response


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def dossier_geld(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """The 'Geld' tab of the staff dossier page (the dossiers app's layout, tabs and view log)."""
    get_object_or_404(Dossier, pk=dossier_id)
    return render(request, "inning/dossier_geld_pagina.html", _dossier_context(request, dossier_id, "geld"))
