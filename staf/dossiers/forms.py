"""Staff forms: accept/refuse an order, notes, tasks, the next action, state changes and phone orders.

Forms only parse input; every write goes through `dossiers.services`.
"""

from __future__ import annotations

from functools import cache

import pycountry
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Document, Dossier, Titel, Verplichting
from nlai.velden import BedragField


class DatumInput(forms.DateInput):
    """The date input of every other form (the portal's order form, arrangements, bailiff steps): the
    browser's date picker, which sends the ISO date. A date typed as dd-mm-jjjj (no picker, a script) is
    still accepted by ``DatumVeld``."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})}, format="%Y-%m-%d")


class DatumVeld(forms.DateField):
    widget = DatumInput
    input_formats = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")
    default_error_messages = {"invalid": _("Vul een datum in als dd-mm-jjjj, bijvoorbeeld 01-04-2026.")}


@cache
def landkeuzes() -> tuple[tuple[str, str], ...]:
    landen = sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda c: c[1])
    return (("NL", "Nederland"), *[c for c in landen if c[0] != "NL"])


class AccepteerForm(forms.Form):
    prefix = "acc"

    casemanager = forms.ModelChoiceField(
        label=_("Casemanager"), queryset=None, required=False, empty_label=_("ikzelf")
    )

    def __init__(self, *args, **kwargs):
        from dossiers.selectors import casemanagers

        super().__init__(*args, **kwargs)
        self.fields["casemanager"].queryset = casemanagers()


class WeigerForm(forms.Form):
    prefix = "weiger"

    reden = forms.CharField(
        label=_("Reden van de weigering (de cliënt ziet deze reden)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class NotitieForm(forms.Form):
    prefix = "notitie"

    tekst = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class TelefoonnotitieForm(forms.Form):
    prefix = "tel"

    gesprek_met = forms.CharField(label=_("Gesprek met"), max_length=200, required=False)
    tekst = forms.CharField(
        label=_("Wat is besproken"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class BerichtForm(forms.Form):
    prefix = "bericht"

    tekst = forms.CharField(
        label=_("Bericht aan de cliënt"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class TaakForm(forms.Form):
    prefix = "taak"

    omschrijving = forms.CharField(label=_("Taak"), max_length=300)
    deadline = DatumVeld(label=_("Deadline"))
    toegewezen_aan = forms.ModelChoiceField(
        label=_("Toegewezen aan"), queryset=None, required=False, empty_label=_("casemanager van het dossier")
    )

    def __init__(self, *args, **kwargs):
        from dossiers.selectors import casemanagers

        super().__init__(*args, **kwargs)
        self.fields["toegewezen_aan"].queryset = casemanagers()


class VolgendeActieForm(forms.Form):
    prefix = "actie"

    actie = forms.CharField(label=_("Volgende actie"), max_length=200)
    datum = DatumVeld(label=_("Uiterste datum"))


class StatusForm(forms.Form):
    prefix = "status"

    naar = forms.ChoiceField(label=_("Nieuwe status"), choices=())
    reden = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    opgeschort_tot = DatumVeld(label=_("Opgeschort tot (alleen bij opschorten)"), required=False)

    def __init__(self, *args, dossier: Dossier, **kwargs):
        from dossiers.services import _opgeschort_vanuit
        from dossiers.statemachine import toegestane_overgangen

        super().__init__(*args, **kwargs)
        vanuit = _opgeschort_vanuit(dossier) if dossier.status == Dossier.Status.OPGESCHORT else None
        toegestaan = toegestane_overgangen(dossier.status, opgeschort_vanuit=vanuit)
        # No state is preselected: a status change is a deliberate choice, never the first option by default.
        self.fields["naar"].choices = [("", _("— kies een status —"))] + [
            (k, v) for k, v in Dossier.Status.choices if k in toegestaan
        ]
        self.fields["naar"].error_messages["required"] = _("Kies de nieuwe status.")


class DocumentForm(forms.Form):
    prefix = "doc"

    bestand = forms.FileField(label=_("Bestand (PDF, JPEG of PNG)"))
    soort = forms.ChoiceField(label=_("Soort"), choices=Document.Soort.choices, initial=Document.Soort.OVERIG)
    zichtbaar_voor_client = forms.BooleanField(
        label=_("Zichtbaar voor de cliënt"), required=False, initial=True
    )


class DossierFilterForm(forms.Form):
    """The filters of the staff dossier list (GET)."""

    zoek = forms.CharField(label=_("Zoeken"), required=False, help_text=_("Nummer, kenmerk of naam"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("alle"))] + Dossier.Status.choices
    )
    casemanager = forms.ChoiceField(label=_("Casemanager"), required=False)
    land = forms.ChoiceField(
        label=_("Woonland debiteur"),
        required=False,
        choices=[("", _("alle")), ("NL", _("Nederland")), ("buitenland", _("buitenland"))],
    )
    titel = forms.ChoiceField(
        label=_("Executoriale titel"),
        required=False,
        choices=[("", _("alle")), ("ja", _("met titel")), ("nee", _("zonder titel"))],
    )
    stagnant = forms.BooleanField(label=_("Alleen stagnerend"), required=False)
    te_laat = forms.BooleanField(label=_("Alleen te laat"), required=False)
    sorteer = forms.CharField(required=False, widget=forms.HiddenInput)
    per_pagina = forms.TypedChoiceField(
        label=_("Per pagina"), required=False, coerce=int, choices=[(25, "25"), (50, "50"), (100, "100")]
    )

    def __init__(self, *args, **kwargs):
        from dossiers.selectors import casemanagers

        super().__init__(*args, **kwargs)
        self.fields["casemanager"].choices = [("", _("alle")), ("geen", _("niet toegewezen"))] + [
            (str(u.pk), u.get_full_name() or u.email) for u in casemanagers()
        ]


class TelefonischeOpdrachtForm(forms.Form):
    """An order taken by phone: the client (existing by e-mail, or new), debtor, title, one or two
    obligations and an optional one-off claim. Validation of the order itself is in the service."""

    # Client
    client_email = forms.EmailField(label=_("E-mailadres cliënt"))
    client_naam = forms.CharField(
        label=_("Naam cliënt"),
        max_length=200,
        required=False,
        help_text=_("Alleen nodig voor een nieuwe cliënt."),
    )
    client_telefoon = forms.CharField(label=_("Telefoon cliënt"), max_length=30, required=False)
    client_straat = forms.CharField(label=_("Straat en huisnummer cliënt"), max_length=200, required=False)
    client_postcode = forms.CharField(label=_("Postcode cliënt"), max_length=20, required=False)
    client_woonplaats = forms.CharField(label=_("Woonplaats cliënt"), max_length=100, required=False)
    client_iban = forms.CharField(label=_("IBAN voor uitbetaling"), max_length=34, required=False)
    client_tenaamstelling = forms.CharField(
        label=_("Tenaamstelling rekening"), max_length=200, required=False
    )
    # Debtor
    debiteur_naam = forms.CharField(label=_("Naam debiteur"), max_length=200)
    debiteur_geboortedatum = DatumVeld(label=_("Geboortedatum debiteur"), required=False)
    debiteur_straat = forms.CharField(
        label=_("Straat en huisnummer debiteur"), max_length=200, required=False
    )
    debiteur_postcode = forms.CharField(label=_("Postcode debiteur"), max_length=20, required=False)
    debiteur_woonplaats = forms.CharField(label=_("Woonplaats debiteur"), max_length=100, required=False)
    debiteur_land = forms.ChoiceField(label=_("Woonland debiteur"), choices=(), initial="NL")
    debiteur_adres_onbekend = forms.BooleanField(label=_("Adres debiteur onbekend"), required=False)
    debiteur_telefoon = forms.CharField(label=_("Telefoon debiteur"), max_length=30, required=False)
    debiteur_werkgever = forms.CharField(
        label=_("Werkgever of uitkeringsinstantie"), max_length=200, required=False
    )
    debiteur_iban = forms.CharField(label=_("IBAN debiteur"), max_length=34, required=False)
    # Title
    titel_soort = forms.ChoiceField(label=_("Soort titel"), choices=Titel.Soort.choices)
    titel_datum = DatumVeld(label=_("Datum titel"), required=False)
    titel_instantie = forms.CharField(label=_("Rechtbank of notaris"), max_length=200, required=False)
    titel_zaaknummer = forms.CharField(label=_("Zaaknummer"), max_length=100, required=False)
    titel_indexering_uitgesloten = forms.BooleanField(label=_("Indexering uitgesloten"), required=False)
    # Obligation
    soort = forms.ChoiceField(label=_("Soort alimentatie"), choices=Verplichting.Soort.choices)
    kind_naam = forms.CharField(label=_("Naam kind"), max_length=200, required=False)
    kind_geboortedatum = DatumVeld(label=_("Geboortedatum kind"), required=False)
    bedrag = BedragField(label=_("Bedrag per maand (€)"))
    vervaldag = forms.IntegerField(label=_("Vervaldag"), min_value=1, max_value=28, initial=1)
    vastgesteld_op = DatumVeld(label=_("Bedrag vastgesteld op"))
    ingangsdatum = DatumVeld(label=_("Ingangsdatum"))
    einddatum = DatumVeld(label=_("Einddatum"), required=False)
    # One-off claim
    eenmalig_datum = DatumVeld(label=_("Datum eenmalige vordering"), required=False)
    eenmalig_bedrag = BedragField(label=_("Bedrag eenmalige vordering (€)"), required=False)
    eenmalig_omschrijving = forms.CharField(
        label=_("Omschrijving eenmalige vordering"), max_length=200, required=False
    )
    # Terms
    voorwaarden = forms.BooleanField(
        label=_(
            "De cliënt heeft de voorwaarden telefonisch geaccepteerd (12% provisie, geen kosten, geen voorschot)"
        )
    )
    brieven_per_email = forms.BooleanField(label=_("Brieven per e-mail"), required=False, initial=True)
    toelichting = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    titel_scan = forms.FileField(label=_("Scan van de titel (PDF, JPEG of PNG)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["debiteur_land"].choices = landkeuzes()

    def opdracht_gegevens(self, extra_verplichtingen: list[dict] | None = None) -> dict:
        c = self.cleaned_data
        verplichting = {
            "soort": c["soort"],
            "kind_naam": c["kind_naam"],
            "kind_geboortedatum": c["kind_geboortedatum"],
            "bedrag": c["bedrag"],
            "vervaldag": c["vervaldag"],
            "vastgesteld_op": c["vastgesteld_op"],
            "ingangsdatum": c["ingangsdatum"],
            "einddatum": c["einddatum"],
        }
        eenmalig = []
        if c.get("eenmalig_bedrag") or c.get("eenmalig_omschrijving") or c.get("eenmalig_datum"):
            eenmalig.append(
                {
                    "datum": c["eenmalig_datum"],
                    "bedrag": c["eenmalig_bedrag"],
                    "omschrijving": c["eenmalig_omschrijving"],
                }
            )
        return {
            "debiteur": {
                "naam": c["debiteur_naam"],
                "geboortedatum": c["debiteur_geboortedatum"],
                "straat": c["debiteur_straat"],
                "postcode": c["debiteur_postcode"],
                "woonplaats": c["debiteur_woonplaats"],
                "land": c["debiteur_land"],
                "adres_onbekend": c["debiteur_adres_onbekend"],
                "telefoon": c["debiteur_telefoon"],
                "werkgever": c["debiteur_werkgever"],
                "iban": c["debiteur_iban"],
            },
            "titel": {
                "soort": c["titel_soort"],
                "datum": c["titel_datum"],
                "instantie": c["titel_instantie"],
                "zaaknummer": c["titel_zaaknummer"],
                "indexering_uitgesloten": c["titel_indexering_uitgesloten"],
            },
            "verplichtingen": [verplichting, *(extra_verplichtingen or [])],
            "eenmalig": eenmalig,
            "ontvangen_op": timezone.now(),
            "brieven_per_email": c["brieven_per_email"],
            "toelichting": c["toelichting"],
        }


# Map service error keys ("debiteur.naam", "verplichtingen.0.bedrag") to the phone form's fields.
class ExtraVerplichtingForm(forms.Form):
    """Another child or obligation of a phone order (the first is on the main form). A row left empty is
    skipped; a row begun must be complete."""

    soort = forms.ChoiceField(
        label=_("Soort alimentatie"), required=False, choices=[("", "—"), *Verplichting.Soort.choices]
    )
    kind_naam = forms.CharField(label=_("Naam kind"), max_length=200, required=False)
    kind_geboortedatum = DatumVeld(label=_("Geboortedatum kind"), required=False)
    bedrag = BedragField(label=_("Bedrag per maand (€)"), required=False)
    vervaldag = forms.IntegerField(label=_("Vervaldag"), min_value=1, max_value=28, required=False)
    vastgesteld_op = DatumVeld(label=_("Bedrag vastgesteld op"), required=False)
    ingangsdatum = DatumVeld(label=_("Ingangsdatum"), required=False)
    einddatum = DatumVeld(label=_("Einddatum"), required=False)

    VERPLICHT = ("soort", "bedrag", "vastgesteld_op", "ingangsdatum")

    def is_leeg(self) -> bool:
        return not any(self.cleaned_data.get(k) for k in self.fields if k != "vervaldag")

    def clean(self):
        data = super().clean()
        if not self.is_leeg():
            for veld in self.VERPLICHT:
                if not data.get(veld) and veld not in self.errors:
                    self.add_error(veld, _("Vul dit in, of laat de hele regel leeg."))
        return data

    def gegevens(self) -> dict:
        c = self.cleaned_data
        return {
            "soort": c["soort"],
            "kind_naam": c["kind_naam"],
            "kind_geboortedatum": c["kind_geboortedatum"],
            "bedrag": c["bedrag"],
            "vervaldag": c["vervaldag"] or 1,
            "vastgesteld_op": c["vastgesteld_op"],
            "ingangsdatum": c["ingangsdatum"],
            "einddatum": c["einddatum"],
        }


ExtraVerplichtingFormSet = forms.formset_factory(ExtraVerplichtingForm, extra=3, max_num=12, absolute_max=12)


TELEFOON_VELDEN = {
    "debiteur.": "debiteur_",
    "titel.": "titel_",
    "verplichtingen.0.": "",
    "eenmalig.0.": "eenmalig_",
}


def fouten_naar_formulier(form: forms.Form, fouten: dict[str, list[str]], vertaling: dict[str, str]) -> None:
    """Put the service's per-field errors on the form's fields (or the form itself)."""
    for sleutel, berichten in fouten.items():
        veld = None
        for prefix, vervang in vertaling.items():
            if sleutel.startswith(prefix):
                veld = vervang + sleutel[len(prefix) :]
                break
        if veld is None:
            veld = sleutel
        if veld == "eenmalig_datum" and "eenmalig_datum" not in form.fields:
            veld = None
        for bericht in berichten:
            form.add_error(veld if veld in form.fields else None, bericht)


class WettelijkeRenteForm(forms.Form):
    vorderen = forms.BooleanField(
        label=_("Wettelijke rente vorderen (alleen op verzoek van de cliënt)"),
        required=False,
        help_text=_(
            "Betalingen gaan dan eerst naar de opgebouwde rente, daarna naar de termijnen (art. 6:44 BW)."
        ),
    )


class BulkForm(forms.Form):
    """One action on the dossiers ticked in the list: assign a case manager, or set the next action."""

    actie = forms.ChoiceField(
        label=_("Met de gekozen dossiers"),
        choices=[("toewijzen", _("Casemanager toewijzen")), ("volgende_actie", _("Volgende actie zetten"))],
    )
    dossiers = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Kies eerst een of meer dossiers in de lijst.")}
    )
    casemanager = forms.ChoiceField(label=_("Casemanager"), required=False)
    volgende_actie = forms.CharField(label=_("Volgende actie"), required=False, max_length=200)
    datum = DatumVeld(label=_("Uiterlijk"), required=False)

    def __init__(self, *args, dossier_ids=(), casemanager_keuzes=None, **kwargs):
        from dossiers.selectors import casemanagers

        super().__init__(*args, **kwargs)
        # Only dossiers that exist are choices, so a made-up or removed id is refused, not silently skipped.
        bestaand = (
            Dossier.objects.filter(pk__in=list(dossier_ids)).values_list("pk", flat=True)
            if dossier_ids
            else []
        )
        self.fields["dossiers"].choices = [(i, str(i)) for i in bestaand]
        if casemanager_keuzes is None:  # the list passes the filter's choices: one query fewer
            casemanager_keuzes = [(str(u.pk), u.get_full_name() or u.email) for u in casemanagers()]
        self.fields["casemanager"].choices = [("", _("— kies —")), *casemanager_keuzes]

    def clean(self):
        data = super().clean()
        if data.get("actie") == "toewijzen" and not data.get("casemanager"):
            self.add_error("casemanager", _("Kies de casemanager."))
        if data.get("actie") == "volgende_actie":
            if not (data.get("volgende_actie") or "").strip():
                self.add_error("volgende_actie", _("Beschrijf de volgende actie."))
            if not data.get("datum"):
                self.add_error("datum", _("Vul een uiterste datum in."))
        return data
