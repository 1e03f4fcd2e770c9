"""Staff pages of the bailiff track: registers, the dossier's track with its forms, the instruction letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from beslag import selectors, services
from beslag.models import Beslag, BeslagStap, DeurwaarderOpdracht
from beslag.rekenhulp import bvv_invoer_van
from dossiers.models import Dossier
from dossiers.services import dossier_inzage_log
from nlai.http import fouten_op_form
from staf.beslag import forms
from staf.dossiers.views import _dossier_context


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def index(request: HttpRequest) -> HttpResponse:
    vandaag = timezone.localdate()
    termijnen = list(selectors.termijnen_open(tot=vandaag + timezone.timedelta(days=14))[:200])
    ontbrekend = list(selectors.ontbrekende_ontvangsten())
    return render(
        request,
        "beslag/index.html",
        {
            "termijnen": termijnen,
            "ontbrekend": ontbrekend,
            "aantal": len(termijnen) + len(ontbrekend),
            "vandaag": vandaag,
        },
    )


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER, schrijven=(CASEMANAGER, BEHEERDER))
def kantoren(request: HttpRequest) -> HttpResponse:
    form = forms.KantoorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kantoor_maak(**form.cleaned_data)
        except ValidationError as fout:
            fouten_op_form(form, fout)
        else:
            messages.success(request, _("Deurwaarderskantoor toegevoegd."))
            return redirect("beslag:kantoren")
    return render(request, "beslag/kantoren.html", {"form": form, "kantoren": selectors.kantoren_lijst()})


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER, schrijven=(CASEMANAGER, BEHEERDER))
def derden(request: HttpRequest) -> HttpResponse:
    form = forms.DerdeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.derde_maak(**form.cleaned_data)
        except ValidationError as fout:
            fouten_op_form(form, fout)
        else:
            messages.success(request, _("Derde toegevoegd."))
            return redirect("beslag:derden")
    return render(request, "beslag/derden.html", {"form": form, "derden": selectors.derden_lijst()})


FORMS = {
    "instrueer": forms.InstrueerForm,
    "bevestig": forms.BevestigForm,
    "stap": forms.StapForm,
    "bezoek": forms.BezoekForm,
    "beslag": forms.BeslagForm,
    "ontvangst": forms.OntvangstForm,
    "samenloop": forms.SamenloopForm,
    "voorstel": forms.VoorstelForm,
    "bvv": forms.BvvBeoordeelForm,
}


def _maak_form(
    naam: str, dossier: Dossier, data=None, beslag_pk: int | None = None, opgaven: tuple = (None, None)
):
    """``opgaven``: the dossier's latest questionnaire and the one that holds today (either may be None)."""
    kwargs = {"prefix": f"{naam}-{beslag_pk}" if beslag_pk else naam}
    laatste, geldig = opgaven
    if naam == "stap":
        kwargs["dossier"] = dossier
    if naam == "bvv" and laatste is not None:
        kwargs["initial"] = forms.BvvBeoordeelForm.initial_van(laatste)
    if naam == "beslag" and geldig is not None:
        # the debtor's questionnaire feeds the garnishment's BVV while it holds (12 months)
        kwargs["initial"] = selectors.bvv_opgave_beslagvelden(geldig)
    return FORMS[naam](data, **kwargs)


def _voer_uit(naam: str, form, *, dossier: Dossier, request: HttpRequest, beslag: Beslag | None):
    """Call the service for a valid form; returns a success message (or a proposal for `voorstel`)."""
    d = form.cleaned_data
    gebruiker = request.user
    opdracht = selectors.open_opdracht(dossier=dossier)
    if naam == "instrueer":
        services.deurwaarder_instrueer(dossier=dossier, kantoor=d["kantoor"], door=gebruiker)
        return _("Deurwaarder ingeschakeld; de opdrachtbrief wordt gemaakt en per e-mail verstuurd.")
    if naam == "voorstel":
        return services.stap_voorstel(
            dossier=dossier,
            stap=d["stap"],
            datum=timezone.localdate(),
            achterstand=d["achterstand"],
            beslagruimte_per_maand=d["beslagruimte"],
            maanden=d["maanden"],
            verwacht_saldo=d["verwacht_saldo"],
        )
    if naam == "bvv":
        opgave = selectors.bvv_opgave_laatste(dossier=dossier)
        if opgave is None:
            raise Http404
        services.bvv_opgave_beoordeel(
            opgave=opgave,
            door=gebruiker,
            correcties=services.BvvAntwoorden.uit(d),
            formule={k: d.get(k) for k in forms.BvvBeoordeelForm.FORMULE},
            toelichting=d["toelichting"],
        )
        return _("Vragenlijst beslagvrije voet beoordeeld.")
    if naam in ("ontvangst", "samenloop"):
        if beslag is None:
            raise Http404
        if naam == "ontvangst":
            services.beslag_ontvangst_registreer(
                beslag=beslag,
                maand=d["maand"],
                bedrag=d["bedrag"],
                datum=d["datum"],
                door=gebruiker,
                referentie=d["referentie"],
            )
            return _("Ontvangst geboekt.")
        services.samenloop_registreer(
            beslag=beslag,
            beslaglegger=d["beslaglegger"],
            deurwaarder=d["deurwaarder"],
            datum=d["datum"],
            coordinerend_kantoor=d["coordinerend_kantoor"],
            door=gebruiker,
        )
        return _("Samenloop vastgelegd.")
    if opdracht is None:
        raise ValidationError(_("Er is geen lopende deurwaarderopdracht; schakel eerst een deurwaarder in."))
    if naam == "bevestig":
        services.opdracht_beantwoord(opdracht=opdracht, datum=d["datum"], door=gebruiker)
        return _("Bevestiging van de deurwaarder vastgelegd.")
    if naam == "stap":
        services.stap_registreer(
            opdracht=opdracht,
            soort=d["soort"],
            datum=d["datum"],
            kosten_in_rekening=d["kosten_in_rekening"],
            beslag=d["beslag"],
            omschrijving=d["omschrijving"],
            door=gebruiker,
        )
        return _("Stap vastgelegd.")
    if naam == "bezoek":
        services.bezoek_plan(
            opdracht=opdracht, gepland_op=d["gepland_op"], omschrijving=d["omschrijving"], door=gebruiker
        )
        return _("Bezoek gepland.")
    if naam == "beslag":
        bvv = None
        if d["bvv_bepalen"]:
            bvv = bvv_invoer_van({**d, "datum": d["datum"]})
        services.beslag_leg(
            opdracht=opdracht,
            soort=d["soort"],
            datum=d["datum"],
            kosten_in_rekening=d["kosten_in_rekening"],
            derde=d["derde"],
            bvv=bvv,
            eerste_maand=d["eerste_maand"],
            door=gebruiker,
        )
        return _("Beslag vastgelegd.")
    raise Http404


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER, schrijven=(CASEMANAGER, BEHEERDER))
def dossier(
    request: HttpRequest, pk: int, actie: str | None = None, beslag_pk: int | None = None
) -> HttpResponse:
    """The dossier's bailiff track with every form; a POST to /<actie>/ runs one form and redisplays."""
    dossier = get_object_or_404(Dossier.objects.select_related("debiteur", "client"), pk=pk)
    beslag = get_object_or_404(Beslag, pk=beslag_pk, dossier=dossier) if beslag_pk else None
    gebonden = {}
    voorstel = None
    if actie is not None:
        if actie not in FORMS:
            raise Http404
        data = request.GET if actie == "voorstel" else (request.POST if request.method == "POST" else None)
        if data:
            form = _maak_form(actie, dossier, data, beslag_pk)
            if form.is_valid():
                try:
                    uitkomst = _voer_uit(actie, form, dossier=dossier, request=request, beslag=beslag)
                except ValidationError as fout:
                    fouten_op_form(form, fout)
                else:
                    if actie == "voorstel":
                        voorstel = uitkomst
                    else:
                        messages.success(request, uitkomst)
                        return redirect("beslag:dossier", pk=dossier.pk)
            gebonden[(actie, beslag_pk)] = form
    spoor = selectors.dossier_beslagspoor(dossier=dossier)
    achterstand = selectors.achterstand_open(dossier=dossier)
    opgaven = (
        selectors.bvv_opgave_laatste(dossier=dossier),
        selectors.bvv_opgave_geldig(dossier=dossier, op=timezone.localdate()),
    )
    formulieren = {
        naam: gebonden.get((naam, None)) or _maak_form(naam, dossier, opgaven=opgaven) for naam in FORMS
    }
    for b in spoor.beslagen:
        b.ontvangst_form = gebonden.get(("ontvangst", b.pk)) or _maak_form(
            "ontvangst", dossier, beslag_pk=b.pk
        )
        b.samenloop_form = gebonden.get(("samenloop", b.pk)) or _maak_form(
            "samenloop", dossier, beslag_pk=b.pk
        )
    return render(
        request,
        "beslag/dossier.html",
        {
            **_dossier_context(request, dossier.pk, "beslag"),  # the dossier's header and tabs; logs the view
            "spoor": spoor,
            "f": formulieren,
            "voorstel": voorstel,
            "opdracht": selectors.open_opdracht(dossier=dossier),
            "buitenland": services.buitenland_reden(dossier),
            "vandaag": timezone.localdate(),
            "achterstand": achterstand,
            "bvv_opgave": opgaven[0],
            "bvv_geldig": opgaven[1],
            "kosten_per_stap": selectors.verwachte_kosten_per_stap(
                datum=timezone.localdate(), achterstand=achterstand
            ),
        },
    )


@staff_required(CASEMANAGER, BEHEERDER)
def beslag_actie(request: HttpRequest, pk: int, actie: str) -> HttpResponse:
    """Receipt and samenloop forms belong to one garnishment; their prefix carries its id."""
    beslag = get_object_or_404(Beslag, pk=pk)
    if request.method != "POST" or actie not in ("ontvangst", "samenloop"):
        raise Http404
    return dossier(request, pk=beslag.dossier_id, actie=actie, beslag_pk=beslag.pk)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def opdrachtbrief(request: HttpRequest, pk: int) -> FileResponse:
    opdracht = get_object_or_404(
        DeurwaarderOpdracht.objects.select_related("brief", "dossier"), pk=pk, brief__isnull=False
    )
    dossier_inzage_log(dossier=opdracht.dossier, gebruiker=request.user, pagina="beslag:brief")
    return FileResponse(
        opdracht.brief.bestand.open("rb"), content_type="application/pdf", filename=opdracht.brief.naam
    )


@staff_required("casemanager", "beheerder")
@require_POST
def termijn_afhandel(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a bailiff deadline as dealt with, from the work queue; back to where the user came from."""
    stap = get_object_or_404(BeslagStap, pk=pk)
    try:
        services.beslagstap_termijn_afhandel(
            stap=stap, door=request.user, toelichting=request.POST.get("toelichting", "")
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De termijn is afgehandeld."))
    terug = request.POST.get("volgende", "")
    if not url_has_allowed_host_and_scheme(terug, allowed_hosts={request.get_host()}):
        terug = ""
    return redirect(terug or "dossiers:home")
