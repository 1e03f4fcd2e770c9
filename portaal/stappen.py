"""The steps of the order form and how a step's stored input becomes a form again.

A draft keeps each step's *raw* input (exactly what was typed, as strings), so a half-valid step comes back
as typed. The same raw input is validated again on the summary page and on submit: nothing that was not
checked by the form can slip into an order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from recht.verjaring import verjaringsgrens

from . import forms as f
from .models import OpdrachtConcept


@dataclass(frozen=True)
class Stap:
    naam: str
    titel: str | Promise
    uitleg: str | Promise
    formset_prefix: str = ""


STAPPEN: tuple[Stap, ...] = (
    Stap("client", _("Uw gegevens"), _("Wie bent u? Wij gebruiken dit om contact met u op te nemen.")),
    Stap(
        "debiteur",
        _("Wie moet betalen?"),
        _("De persoon die de alimentatie moet betalen. Vul in wat u weet."),
    ),
    Stap(
        "titel",
        _("Uitspraak of afspraak"),
        _("Waar is de alimentatie vastgelegd? Voeg als u die heeft een kopie toe."),
    ),
    Stap(
        "verplichtingen",
        _("Alimentatie"),
        _("Welke alimentatie moet er betaald worden? Vul per kind een regel in."),
        formset_prefix="verplichtingen",
    ),
    Stap(
        "eenmalig",
        _("Eenmalige bedragen"),
        _("Bijvoorbeeld schoolkosten of een afgesproken bijdrage. Heeft u die niet? Ga dan verder."),
        formset_prefix="eenmalig",
    ),
    Stap("rekening", _("Uw rekening"), _("Op welke rekening wilt u het geïnde geld ontvangen?")),
    Stap("voorwaarden", _("Voorwaarden"), _("Lees de voorwaarden en onderteken de opdracht.")),
)
STAP_NAMEN = tuple(s.naam for s in STAPPEN)
FORMULIEREN: dict[str, type[forms.Form]] = {
    "client": f.ClientForm,
    "debiteur": f.DebiteurForm,
    "titel": f.TitelForm,
    "rekening": f.RekeningForm,
    "voorwaarden": f.VoorwaardenForm,
}
AANTAL_STAPPEN = len(STAPPEN)


def stap_van(naam: str) -> Stap | None:
    return next((s for s in STAPPEN if s.naam == naam), None)


def stap_nummer(naam: str) -> int:
    return STAP_NAMEN.index(naam) + 1


MAX_RIJEN = 20
MAX_LENGTE = 5000


def ruwe_invoer(post, stap: Stap) -> dict[str, str]:
    """What the client typed on this step: only the step's own fields (so a draft cannot be stuffed with
    other data), each value cut at a sane length."""
    if stap.formset_prefix:
        basis = f.VerplichtingForm if stap.naam == "verplichtingen" else f.EenmaligForm
        velden = "|".join([*basis.base_fields, "DELETE"])
        patroon = re.compile(
            rf"{stap.formset_prefix}-((TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS|(1?[0-9])-({velden}))"
        )
        toegestaan = [k for k in post if patroon.fullmatch(k)]
    else:
        toegestaan = [k for k in post if k in FORMULIEREN[stap.naam].base_fields]
    return {k: str(post.get(k, ""))[:MAX_LENGTE] for k in toegestaan}


def client_naam(concept: OpdrachtConcept) -> str:
    return (concept.data.get("client") or {}).get("naam", "") or concept.client.naam


def _formset_rijen(ruw: dict[str, str], prefix: str, velden: list[str]) -> list[dict[str, Any]]:
    """The non-empty, non-deleted rows of a stored formset, as `initial` dicts."""
    try:
        totaal = int(ruw.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        totaal = 0
    rijen = []
    for i in range(min(totaal, MAX_RIJEN)):
        if ruw.get(f"{prefix}-{i}-DELETE"):
            continue
        rij = {v: ruw.get(f"{prefix}-{i}-{v}", "") for v in velden}
        if any(waarde for waarde in rij.values()):
            rijen.append(rij)
    return rijen


def formulier(
    stap: Stap,
    concept: OpdrachtConcept,
    *,
    data: dict | None = None,
    files=None,
    nieuwe_rij: bool = False,
) -> forms.Form | forms.BaseFormSet:
    """The step's form: bound to `data` when given, else filled in with what the draft holds (unbound, so a
    resumed step shows no errors until the client presses a button)."""
    opgeslagen = concept.data.get(stap.naam)
    kwargs: dict[str, Any] = {}
    if stap.naam in ("rekening", "voorwaarden"):
        kwargs["client_naam"] = client_naam(concept)
    if stap.naam == "titel":
        kwargs["heeft_document"] = concept.titel_document_id is not None

    if stap.formset_prefix:
        basis = f.VerplichtingForm if stap.naam == "verplichtingen" else f.EenmaligForm
        if data is not None:
            klasse = (f.verplichting_formset if stap.naam == "verplichtingen" else f.eenmalig_formset)()
            return klasse(data=data, prefix=stap.formset_prefix)
        rijen = _formset_rijen(opgeslagen or {}, stap.formset_prefix, list(basis.base_fields))
        for rij in rijen:  # unticked checkboxes are absent from POST data
            if "indexeren" in rij:
                rij["indexeren"] = bool(rij["indexeren"])
        if stap.naam == "verplichtingen":
            extra = 1 if (nieuwe_rij and rijen) else 0
            klasse = f.verplichting_formset(extra=extra)
        else:
            klasse = f.eenmalig_formset(extra=1 if (nieuwe_rij or not rijen) else 0)
        return klasse(initial=rijen or None, prefix=stap.formset_prefix)

    klasse = FORMULIEREN[stap.naam]
    if data is not None:
        return klasse(data=data, files=files, **kwargs)
    initial = dict(opgeslagen) if opgeslagen is not None else _beginwaarden(stap.naam, concept)
    if opgeslagen is not None:  # unticked checkboxes are absent from stored POST data
        for naam, veld in klasse.base_fields.items():
            if isinstance(veld, forms.BooleanField):
                initial[naam] = bool(opgeslagen.get(naam))
    return klasse(initial=initial, **kwargs)


def _beginwaarden(stap: str, concept: OpdrachtConcept) -> dict[str, Any]:
    client = concept.client
    if stap == "client":
        return {
            "naam": client.naam,
            "email": client.email or (client.user.email if client.user else ""),
            "telefoon": client.telefoon,
            "straat": client.straat,
            "postcode": client.postcode,
            "woonplaats": client.woonplaats,
            "land": client.land or "NL",
        }
    if stap == "debiteur":
        return {"land": "NL"}
    if stap == "rekening":
        return {"iban": client.uitbetaal_iban, "tenaamstelling": client.uitbetaal_tenaamstelling}
    return {}


@dataclass
class Controle:
    """The whole draft validated again: cleaned data per step, the first invalid step, warnings."""

    gegevens: dict[str, Any]
    ongeldige_stap: str | None
    waarschuwingen: list[str]


def concept_controleer(concept: OpdrachtConcept, *, vandaag: date | None = None) -> Controle:
    gegevens: dict[str, Any] = {}
    ongeldig = None
    for stap in STAPPEN:
        ruw = concept.data.get(stap.naam)
        if ruw is None:
            ongeldig = ongeldig or stap.naam
            continue
        form = formulier(stap, concept, data=ruw)
        if not form.is_valid():
            ongeldig = ongeldig or stap.naam
            continue
        if isinstance(form, forms.BaseFormSet):
            gegevens[stap.naam] = [
                {k: v for k, v in fm.cleaned_data.items() if k != "DELETE"}
                for fm in form.forms
                if fm.cleaned_data and not fm.cleaned_data.get("DELETE")
            ]
        else:
            gegevens[stap.naam] = form.cleaned_data
    return Controle(gegevens, ongeldig, oude_vorderingen_waarschuwingen(gegevens, vandaag=vandaag))


def oude_vorderingen_waarschuwingen(gegevens: dict[str, Any], *, vandaag: date | None = None) -> list[str]:
    """Claims older than 5 years: a warning, not an error (interruption may have kept them alive)."""
    grens = verjaringsgrens(vandaag or date.today())
    meldingen = []
    for v in gegevens.get("verplichtingen") or []:
        if v.get("ingangsdatum") and v["ingangsdatum"] < grens:
            meldingen.append(
                gettext(
                    "De alimentatie %(naam)s loopt al sinds %(begin)s. Wij kunnen alleen bedragen innen die "
                    "na %(grens)s betaald hadden moeten worden (5 jaar terug)."
                )
                % {
                    "naam": v.get("kind_naam") or gettext("partneralimentatie"),
                    "begin": v["ingangsdatum"].strftime("%d-%m-%Y"),
                    "grens": grens.strftime("%d-%m-%Y"),
                }
            )
    for e in gegevens.get("eenmalig") or []:
        if e.get("datum") and e["datum"] < grens:
            meldingen.append(
                gettext(
                    "Het eenmalige bedrag '%(omschrijving)s' van %(datum)s is ouder dan 5 jaar. Het kan "
                    "verjaard zijn; wij bekijken of er nog iets te innen is."
                )
                % {"omschrijving": e["omschrijving"], "datum": e["datum"].strftime("%d-%m-%Y")}
            )
    return meldingen
