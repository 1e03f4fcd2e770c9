"""Portal pages. Every dossier, document and message is looked up through the logged-in client's own
dossiers (`selectors.dossiers_van_client`), so another client's ids answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from schwifty import IBAN

from accounts.permissions import client_required
from dossiers.models import Client, Opdracht, Titel
from inning.selectors import debiteur_meldingen_voor_client

from . import selectors, services
from .forms import BerichtForm, landnaam
from .models import OpdrachtConcept
from .stappen import (
    AANTAL_STAPPEN,
    STAP_NAMEN,
    STAPPEN,
    concept_controleer,
    formulier,
    oude_vorderingen_waarschuwingen,
    ruwe_invoer,
    stap_nummer,
    stap_van,
)


@client_required
def home(request: HttpRequest) -> HttpResponse:
    client = selectors.client_van_gebruiker(request.user)
    dossiers = [
        {
            "dossier": d,
            "uitleg": selectors.status_uitleg(d.status),
            "achterstand": selectors.achterstand_open(d),
        }
        for d in selectors.dossiers_van_client(client)
    ]
    concept = selectors.concept_van_client(client)
    context = {
        "dossiers": dossiers,
        "concept": concept,
        # direct payments the debtor reported: the client confirms or rejects them (issue 16 point 5)
        "debiteur_meldingen": (
            list(debiteur_meldingen_voor_client(client_id=client.pk)[:10]) if client is not None else []
        ),
    }
    return render(request, "portaal/home.html", context)


# --- the order form ------------------------------------------------------------------------------------


def _concept_voor_weergave(request: HttpRequest) -> OpdrachtConcept:
    """The draft to show: the stored one, or an unsaved empty one (a GET writes nothing)."""
    client = selectors.client_van_gebruiker(request.user)
    concept = selectors.concept_van_client(client)
    if concept is not None:
        return concept
    if client is None:
        client = Client(user=request.user, naam=request.user.get_full_name(), email=request.user.email)
    return OpdrachtConcept(client=client)


@client_required
def opdracht_start(request: HttpRequest) -> HttpResponse:
    concept = selectors.concept_van_client(selectors.client_van_gebruiker(request.user))
    if concept is not None and set(concept.geldige_stappen) >= set(STAP_NAMEN):
        return redirect("portaal:opdracht_controleren")
    stap = concept.stap if concept is not None and concept.stap in STAP_NAMEN else STAP_NAMEN[0]
    return redirect("portaal:opdracht_stap", stap=stap)


def _stap_context(concept: OpdrachtConcept, stap, form) -> dict:
    nummer = stap_nummer(stap.naam)
    return {
        "stap": stap,
        "stappen": [
            {"stap": s, "nummer": i, "geldig": s.naam in concept.geldige_stappen}
            for i, s in enumerate(STAPPEN, start=1)
        ],
        "nummer": nummer,
        "aantal": AANTAL_STAPPEN,
        "form": form,
        "is_formset": isinstance(form, BaseFormSet),
        "concept": concept,
        "vorige": STAP_NAMEN[nummer - 2] if nummer > 1 else None,
        "laatste": nummer == AANTAL_STAPPEN,
    }


@client_required
def opdracht_stap(request: HttpRequest, stap: str) -> HttpResponse:
    stap_def = stap_van(stap)
    if stap_def is None:
        raise Http404
    if request.method != "POST":
        concept = _concept_voor_weergave(request)
        form = formulier(stap_def, concept, nieuwe_rij=request.GET.get("rij") == "nieuw")
        return render(request, "portaal/opdracht_stap.html", _stap_context(concept, stap_def, form))

    actie = request.POST.get("actie", "verder")
    client = services.client_zorg_voor(user=request.user)
    concept = services.concept_zorg_voor(client=client)
    invoer = ruwe_invoer(request.POST, stap_def)

    bestand_fouten: list[str] = []
    if stap_def.naam == "titel" and request.FILES.get("bestand"):
        try:
            services.concept_titel_upload(
                concept=concept, bestand=request.FILES["bestand"], user=request.user
            )
        except ValidationError as fout:
            bestand_fouten = fout.messages
    form = formulier(stap_def, concept, data=request.POST)
    geldig = form.is_valid() and not bestand_fouten
    if bestand_fouten:
        form.errors.pop("bestand", None)
        for melding in bestand_fouten:
            form.add_error("bestand", melding)
    nummer = stap_nummer(stap_def.naam)
    verder = actie == "verder" and geldig and nummer < AANTAL_STAPPEN
    services.concept_stap_bewaar(
        concept=concept,
        stap=stap_def.naam,
        invoer=invoer,
        geldig=geldig,
        hervat_bij=STAP_NAMEN[nummer] if verder else stap_def.naam,
    )

    if actie == "terug":
        if nummer == 1:
            return redirect("portaal:home")
        return redirect("portaal:opdracht_stap", stap=STAP_NAMEN[nummer - 2])
    if actie == "later":
        messages.success(request, _("Uw concept is bewaard. U kunt later verder gaan waar u gebleven was."))
        return redirect("portaal:home")
    if actie == "toevoegen" and stap_def.formset_prefix:
        return redirect(
            reverse("portaal:opdracht_stap", kwargs={"stap": stap_def.naam}) + "?rij=nieuw#laatste-rij"
        )
    if not geldig:
        context = _stap_context(concept, stap_def, form)
        context["heeft_fouten"] = True
        return render(request, "portaal/opdracht_stap.html", context)

    if stap_def.formset_prefix:
        rijen = [
            fm.cleaned_data for fm in form.forms if fm.cleaned_data and not fm.cleaned_data.get("DELETE")
        ]
        for melding in oude_vorderingen_waarschuwingen({stap_def.naam: rijen}):
            messages.warning(request, melding)
    if stap_def.naam == "debiteur":
        land = form.cleaned_data.get("land")
        if land and land != "NL":
            messages.info(
                request,
                _(
                    "De betalingsplichtige woont in het buitenland (%(land)s). Dat kan: wij innen dan via "
                    "andere wegen, want Nederlandse beslagmaatregelen gelden daar niet."
                )
                % {"land": landnaam(land)},
            )
    if nummer == AANTAL_STAPPEN:
        return redirect("portaal:opdracht_controleren")
    return redirect("portaal:opdracht_stap", stap=STAP_NAMEN[nummer])


@client_required
def opdracht_controleren(request: HttpRequest) -> HttpResponse:
    concept = selectors.concept_van_client(selectors.client_van_gebruiker(request.user))
    if concept is None:
        return redirect("portaal:opdracht_start")
    controle = concept_controleer(concept)
    if controle.ongeldige_stap:
        messages.error(
            request,
            _("Stap %(nummer)s is nog niet compleet. Vul deze stap eerst aan.")
            % {"nummer": stap_nummer(controle.ongeldige_stap)},
        )
        return redirect("portaal:opdracht_stap", stap=controle.ongeldige_stap)

    fouten: list[str] = []
    if request.method == "POST":
        try:
            dossier = services.opdracht_indien(concept=concept, user=request.user)
        except services.ConceptOnvolledig as fout:
            return redirect("portaal:opdracht_stap", stap=fout.stap)
        except services.ConceptAlVerstuurd:
            messages.info(request, _("Deze opdracht is al verstuurd."))
            return redirect("portaal:home")
        except ValidationError as fout:
            fouten = fout.messages
        else:
            return redirect("portaal:opdracht_verstuurd", dossier_id=dossier.pk)

    g = controle.gegevens
    context = {
        "g": g,
        "waarschuwingen": controle.waarschuwingen,
        "fouten": fouten,
        "concept": concept,
        "titel_soort": dict(Titel.Soort.choices).get(g["titel"]["soort"], ""),
        "client_land": landnaam(g["client"]["land"]),
        "iban_weergave": IBAN(g["rekening"]["iban"]).formatted,
        "debiteur_land": landnaam(g["debiteur"]["land"]),
        "stappen": [{"stap": s, "nummer": i, "geldig": True} for i, s in enumerate(STAPPEN, start=1)],
        "aantal": AANTAL_STAPPEN,
    }
    return render(request, "portaal/opdracht_controleren.html", context)


@client_required
@require_POST
def opdracht_concept_verwijder(request: HttpRequest) -> HttpResponse:
    concept = selectors.concept_van_client(selectors.client_van_gebruiker(request.user))
    if concept is not None:
        services.concept_verwijder(concept=concept)
        messages.success(request, _("Uw concept is verwijderd."))
    return redirect("portaal:home")


@client_required
def opdracht_verstuurd(request: HttpRequest, dossier_id: int) -> HttpResponse:
    client = selectors.client_van_gebruiker(request.user)
    dossier = get_object_or_404(selectors.dossiers_van_client(client), pk=dossier_id)
    return render(request, "portaal/opdracht_verstuurd.html", {"dossier": dossier, "client": client})


# --- dossiers --------------------------------------------------------------------------------------------


def _eigen_dossier(request: HttpRequest, dossier_id: int):
    client = selectors.client_van_gebruiker(request.user)
    return get_object_or_404(selectors.dossiers_van_client(client), pk=dossier_id)


@client_required
def dossier_detail(
    request: HttpRequest, dossier_id: int, bericht_form: BerichtForm | None = None
) -> HttpResponse:
    dossier = _eigen_dossier(request, dossier_id)
    opdracht = Opdracht.objects.filter(dossier=dossier).first()
    context = {
        "dossier": dossier,
        "opdracht": opdracht,
        "uitleg": selectors.status_uitleg(dossier.status),
        "titels": list(dossier.titels.all()),
        "zonder_titel": not any(t.is_executoriaal for t in dossier.titels.all()),
        "tijdlijn": selectors.tijdlijn_voor_client(dossier),
        "documenten": selectors.documenten_voor_client(dossier),
        "berichten": selectors.berichten_van_dossier(dossier),
        "bericht_form": bericht_form or BerichtForm(),
        "debiteur_meldingen": list(
            debiteur_meldingen_voor_client(client_id=dossier.client_id, dossier_id=dossier.pk)
        ),
    }
    return render(request, "portaal/dossier.html", context, status=400 if bericht_form else 200)


@client_required
def dossier_bericht(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = _eigen_dossier(request, dossier_id)
    if request.method != "POST":
        return redirect(reverse("portaal:dossier", kwargs={"dossier_id": dossier.pk}) + "#berichten")
    form = BerichtForm(request.POST)
    if not form.is_valid():
        return dossier_detail(request, dossier_id=dossier.pk, bericht_form=form)
    services.bericht_van_client_stuur(dossier=dossier, user=request.user, tekst=form.cleaned_data["tekst"])
    messages.success(request, _("Uw bericht is verstuurd. Uw casemanager reageert binnen 2 werkdagen."))
    return redirect(reverse("portaal:dossier", kwargs={"dossier_id": dossier.pk}) + "#berichten")


@client_required
def dossier_document(request: HttpRequest, dossier_id: int, document_id: int) -> HttpResponse:
    from dossiers.documenten import document_response

    dossier = _eigen_dossier(request, dossier_id)
    document = get_object_or_404(selectors.documenten_voor_client(dossier), pk=document_id)
    return document_response(document)
