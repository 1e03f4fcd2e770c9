"""Staff and portal pages of the collection workflow. Thin: parse, check access, call a service, render.

Portal views scope every object to the logged-in client (404 for anyone else's)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from dossiers.documenten import document_response
from dossiers.models import Dossier
from incasso import selectors, services, stuiting
from incasso.models import (
    Brief,
    LopendeAlimentatie,
    Printbatch,
    VerzoekAanDerde,
)
from incasso.selectors import dossier_achterstand, dossier_maandbedrag
from nlai.http import foutmelding
from staf.dossiers.views import _dossier_context
from staf.incasso.forms import (
    RegelingForm,
    TermijnFormSet,
    ToestemmingVraagForm,
    VerzoekDerdeForm,
)
from staf.incasso.grafiek import staafdiagram


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def dashboard(request: HttpRequest) -> HttpResponse:
    cijfers = selectors.dashboard_cijfers()
    grafieken = {
        "status": staafdiagram(
            titel=_("Dossiers per status"), reeks=[(code, n) for code, _label, n in cijfers["per_status"]]
        ),
        "op_tijd": staafdiagram(
            titel=_("Aanmaningen binnen 2 werkdagen per week (doel 100%)"),
            reeks=[
                (f"{w:%d-%m}", round(100 * op / tot) if tot else None) for w, op, tot in cijfers["op_tijd"]
            ],
            eenheid="%",
            maximum=100,
        ),
        "leeftijd": staafdiagram(
            titel=_("Achterstand in aanmaningen naar ouderdom"),
            reeks=[(label, bedrag) for label, bedrag in cijfers["leeftijd"]],
            euro=True,
        ),
    }
    grafieken["geind"] = staafdiagram(
        titel=_("Geïnd per week"), reeks=[(f"{w:%d-%m}", b) for w, b in cijfers["geind"]], euro=True
    )
    return render(request, "incasso/dashboard.html", {"cijfers": cijfers, "grafieken": grafieken})


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER, schrijven=(CASEMANAGER, BEHEERDER))
def post(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.printbatch_plan()
        messages.success(
            request, _("De printbatch van vandaag wordt gemaakt; ververs de pagina over enkele seconden.")
        )
        return redirect("incasso:post")
    return render(
        request,
        "incasso/post.html",
        {"wachtend": list(selectors.post_wachtend()), "batches": list(selectors.printbatches()[:30])},
    )


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def printbatch_gepost(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Printbatch, pk=pk)
    try:
        aantal = stuiting.printbatch_gepost_markeer(batch=batch, door=request.user)
    except stuiting.PostFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request,
            _("Printbatch van %(datum)s gemarkeerd als gepost: %(aantal)d brieven zijn verzonden.")
            % {"datum": date_format(batch.datum, "j F Y"), "aantal": aantal},
        )
    return redirect("incasso:post")


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def printbatch_pdf(request: HttpRequest, pk: int) -> FileResponse:
    batch = get_object_or_404(Printbatch.objects.select_related("document"), pk=pk)
    return document_response(batch.document)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def brief_pdf(request: HttpRequest, pk: int) -> FileResponse:
    brief = get_object_or_404(Brief.objects.select_related("document"), pk=pk)
    return document_response(brief.document)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def paneel(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """The 'Incasso' tab of the staff dossier page (the dossiers app's layout, tabs and view log)."""
    get_object_or_404(Dossier, pk=dossier_id)
    return render(request, "incasso/paneel_pagina.html", _dossier_context(request, dossier_id, "incasso"))


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def toestemming_vraag(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = get_object_or_404(Dossier.objects.select_related("debiteur"), pk=dossier_id)
    form = ToestemmingVraagForm(request.POST)
    if form.is_valid():
        try:
            services.toestemming_vraag(dossier=dossier, soort=form.cleaned_data["soort"], door=request.user)
        except ValidationError as exc:
            messages.error(request, foutmelding(exc))
        else:
            messages.success(request, _("Het toestemmingsverzoek is naar de cliënt gestuurd."))
    else:
        messages.error(request, _("Kies een geldige stap."))
    return redirect("incasso:paneel", dossier_id=dossier.pk)


@staff_required(CASEMANAGER, BEHEERDER)
def regeling_nieuw(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = get_object_or_404(Dossier.objects.select_related("debiteur", "client"), pk=dossier_id)
    form = RegelingForm(request.POST or None)
    termijnen = TermijnFormSet(request.POST or None, prefix="termijn")
    if request.method == "POST" and form.is_valid() and termijnen.is_valid():
        rijen = [
            (f.cleaned_data["vervaldatum"], f.cleaned_data["bedrag"])
            for f in termijnen
            if f.cleaned_data.get("vervaldatum") and f.cleaned_data.get("bedrag")
        ]
        try:
            services.betalingsregeling_maak(
                dossier=dossier,
                termijnen=rijen,
                door=request.user,
                toelichting=form.cleaned_data["toelichting"],
                lopende_alimentatie=form.cleaned_data["lopende_alimentatie"] or LopendeAlimentatie.NAAST,
            )
        except ValidationError as exc:
            form.add_error(None, foutmelding(exc))
        else:
            messages.success(
                request, _("De regeling is vastgelegd en ter goedkeuring aan de cliënt voorgelegd.")
            )
            return redirect("incasso:paneel", dossier_id=dossier.pk)
    return render(
        request,
        "incasso/regeling_nieuw.html",
        {
            **_dossier_context(request, dossier.pk, "incasso"),
            "form": form,
            "termijnen": termijnen,
            "achterstand": dossier_achterstand(dossier=dossier).te_betalen,
            "maandbedrag": dossier_maandbedrag(dossier=dossier)[0],
        },
    )


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def verzoek_derde(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = get_object_or_404(Dossier, pk=dossier_id)
    form = VerzoekDerdeForm(request.POST)
    if form.is_valid():
        try:
            services.verzoek_derde_maak(dossier=dossier, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, foutmelding(exc))
        else:
            messages.success(
                request, _("Het verzoek aan de derde is vastgelegd; u krijgt een rappel na 4 weken.")
            )
    else:
        messages.error(request, _("Vul de derde, wat is gevraagd en een geldige antwoorddatum in."))
    return redirect("incasso:paneel", dossier_id=dossier.pk)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def verzoek_derde_beantwoord(request: HttpRequest, pk: int) -> HttpResponse:
    verzoek = get_object_or_404(VerzoekAanDerde, pk=pk)
    try:
        services.verzoek_derde_beantwoord(verzoek=verzoek, door=request.user)
    except ValidationError as exc:
        messages.error(request, foutmelding(exc))
    return redirect("incasso:paneel", dossier_id=verzoek.dossier_id)
