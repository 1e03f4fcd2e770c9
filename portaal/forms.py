"""Forms of the portal: the seven steps of the order form, and a message to the case manager.

Forms only parse and check input; the draft and the order are written by `portaal.services`.
"""

from __future__ import annotations

import gettext as gettext_module
import re
import unicodedata
from datetime import date
from functools import cache

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from dossiers.models import Titel, Verplichting
from nlai.velden import BedragField

VOORWAARDEN_VERSIE = "2026-1"

# --- helpers -----------------------------------------------------------------------------------------------


@cache
def _landnamen(taal: str) -> tuple[tuple[str, str], ...]:
    vertaling = gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[taal], fallback=True
    )
    namen = [(c.alpha_2, vertaling.gettext(c.name)) for c in pycountry.countries]
    namen.sort(key=lambda c: unicodedata.normalize("NFKD", c[1]).casefold())
    return tuple(namen)


def landkeuzes() -> list[tuple[str, str]]:
    """All countries, named in the page's language, the Netherlands first."""
    taal = (get_language() or "nl")[:2]
    namen = _landnamen(taal)
    nl = [c for c in namen if c[0] == "NL"]
    return nl + [c for c in namen if c[0] != "NL"]


def landnaam(code: str) -> str:
    return dict(landkeuzes()).get(code, code)


_TITULATUUR = {"mevr", "mevrouw", "mw", "dhr", "heer", "hr", "de heer", "mr", "dr", "ir", "drs", "ing"}
_TUSSENVOEGSELS = {"de", "der", "den", "van", "het", "ter", "ten", "te", "t", "la", "le", "du", "da", "von"}


def naam_woorden(naam: str) -> list[str]:
    """Lowercase words without accents and punctuation; initials (single letters) and titles dropped."""
    kaal = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode().casefold()
    woorden = re.split(r"[^a-z0-9]+", kaal)
    return [w for w in woorden if len(w) > 1 and w not in _TITULATUUR]


def namen_komen_overeen(rekeninghouder: str, client_naam: str) -> bool:
    """Is the account held in the client's name? Case, accents, initials and punctuation do not matter.

    Every word of the holder's name must occur in the client's name (so "C. de Vries" matches
    "Clara de Vries", but "Maria de Vries" does not) and the holder's name must contain at least one of the
    client's surname words (so the first name alone is not enough).
    """
    houder = naam_woorden(rekeninghouder)
    client = naam_woorden(client_naam)
    if not houder or not client:
        return False
    if not set(houder) <= set(client):
        return False
    achternaam = [w for w in client[1:] if w not in _TUSSENVOEGSELS] or client
    return any(w in houder for w in achternaam)


class Datum(forms.DateField):
    default_error_messages = {"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2024.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


def iban_controleer(waarde: str) -> str:
    try:
        return IBAN(waarde).compact
    except SchwiftyException as fout:
        raise ValidationError(
            _(
                "Dit is geen geldig IBAN. Controleer de letters en cijfers, bijvoorbeeld NL91 ABNA 0417 1643 00."
            ),
            code="iban",
        ) from fout


# --- step 1: the client ----------------------------------------------------------------------------------


class AdresVelden(forms.Form):
    straat = forms.CharField(label=_("Straat en huisnummer"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=20)
    woonplaats = forms.CharField(label=_("Woonplaats"), max_length=100)
    land = forms.ChoiceField(label=_("Land"), choices=landkeuzes, initial="NL")


class ClientForm(AdresVelden):
    naam = forms.CharField(
        label=_("Uw volledige naam"),
        max_length=200,
        help_text=_("Zoals op uw identiteitsbewijs, bijvoorbeeld Clara de Vries."),
    )
    email = forms.EmailField(label=_("E-mailadres"))
    telefoon = forms.CharField(label=_("Telefoonnummer"), max_length=30, required=False)

    field_order = ["naam", "email", "telefoon", "straat", "postcode", "woonplaats", "land"]

    def clean_telefoon(self):
        telefoon = self.cleaned_data["telefoon"].strip()
        if telefoon and not re.fullmatch(r"[0-9+()\- ]{6,30}", telefoon):
            raise ValidationError(_("Vul een telefoonnummer in met alleen cijfers, spaties, + of -."))
        return telefoon


# --- step 2: the debtor ----------------------------------------------------------------------------------


class DebiteurForm(AdresVelden):
    naam = forms.CharField(label=_("Naam van de betalingsplichtige"), max_length=200)
    geboortedatum = Datum(label=_("Geboortedatum"), required=False)
    adres_onbekend = forms.BooleanField(label=_("Ik weet het huidige adres niet"), required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    telefoon = forms.CharField(label=_("Telefoonnummer"), max_length=30, required=False)
    werkgever = forms.CharField(
        label=_("Werkgever of uitkeringsinstantie"),
        max_length=200,
        required=False,
        help_text=_("Als u dat weet. Bijvoorbeeld de naam van het bedrijf, of UWV."),
    )
    iban = forms.CharField(label=_("Rekeningnummer (IBAN)"), max_length=34, required=False)

    field_order = ["naam", "geboortedatum", "straat", "postcode", "woonplaats", "land", "adres_onbekend"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in ("straat", "postcode", "woonplaats"):
            self.fields[veld].required = False

    def clean_geboortedatum(self):
        geboren = self.cleaned_data["geboortedatum"]
        if geboren and geboren >= date.today():
            raise ValidationError(_("De geboortedatum moet in het verleden liggen."))
        return geboren

    def clean_iban(self):
        iban = self.cleaned_data["iban"].strip()
        return iban_controleer(iban) if iban else ""

    def clean(self):
        data = super().clean()
        if not data.get("adres_onbekend"):
            for veld in ("straat", "woonplaats"):
                if not data.get(veld) and veld not in self.errors:
                    self.add_error(veld, _("Vul dit in, of vink aan dat u het huidige adres niet weet."))
        return data


# --- step 3: the title -----------------------------------------------------------------------------------


class TitelForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Waar staat de alimentatie in?"),
        choices=[("", _("Kies …")), *((k, capfirst(v)) for k, v in Titel.Soort.choices)],
        help_text=_(
            "Een uitspraak van de rechter (beschikking of vonnis) of een notariële akte is een executoriale "
            "titel. Zonder titel kunnen wij alleen minnelijk innen: zonder deurwaarder en zonder beslag."
        ),
    )
    datum = Datum(label=_("Datum van de uitspraak of akte"), required=False)
    instantie = forms.CharField(label=_("Rechtbank of notaris"), max_length=200, required=False)
    zaaknummer = forms.CharField(label=_("Zaaknummer"), max_length=100, required=False)
    indexering_uitgesloten = forms.BooleanField(
        label=_(
            "In de uitspraak of akte staat dat de alimentatie niet jaarlijks wordt verhoogd (geen indexering)"
        ),
        required=False,
    )
    bestand = forms.FileField(
        label=_("Kopie van de uitspraak of akte"),
        required=False,
        help_text=_("Een PDF, JPEG of PNG-bestand van maximaal 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, heeft_document: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.heeft_document = heeft_document

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort and soort != Titel.Soort.GEEN:
            if not data.get("datum") and "datum" not in self.errors:
                self.add_error("datum", _("Vul de datum van de uitspraak of akte in."))
            if not data.get("instantie"):
                self.add_error("instantie", _("Vul de rechtbank of de notaris in."))
            if not self.heeft_document and not data.get("bestand") and "bestand" not in self.errors:
                self.add_error("bestand", _("Voeg een kopie van de uitspraak of akte toe."))
        if data.get("datum") and data["datum"] > date.today():
            self.add_error("datum", _("De datum mag niet in de toekomst liggen."))
        return data


# --- step 4: obligations -----------------------------------------------------------------------------------


class VerplichtingForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort alimentatie"),
        choices=[
            (Verplichting.Soort.KINDERALIMENTATIE, _("Kinderalimentatie")),
            (Verplichting.Soort.PARTNERALIMENTATIE, _("Partneralimentatie")),
        ],
    )
    kind_naam = forms.CharField(label=_("Naam van het kind"), max_length=200, required=False)
    kind_geboortedatum = Datum(label=_("Geboortedatum van het kind"), required=False)
    bedrag = BedragField(label=_("Bedrag per maand in euro"))
    vervaldag = forms.IntegerField(
        label=_("Betaaldag in de maand"),
        min_value=1,
        max_value=28,
        initial=1,
        help_text=_("Op welke dag van de maand moet er betaald worden? Een getal van 1 tot en met 28."),
        error_messages={
            "min_value": _("Kies een dag van 1 tot en met 28."),
            "max_value": _("Kies een dag van 1 tot en met 28."),
            "invalid": _("Vul een getal in van 1 tot en met 28."),
        },
    )
    vastgesteld_op = Datum(
        label=_("Datum waarop dit bedrag is vastgesteld"),
        help_text=_("Meestal de datum van de uitspraak of akte."),
    )
    ingangsdatum = Datum(label=_("Vanaf wanneer moet er betaald worden?"))
    einddatum = Datum(
        label=_("Tot wanneer? (als u dat weet)"),
        required=False,
        help_text=_("Bijvoorbeeld de 18e of 21e verjaardag van het kind."),
    )
    indexeren = forms.BooleanField(
        label=_("Het bedrag wordt elk jaar geïndexeerd"), required=False, initial=True
    )

    def clean(self):
        data = super().clean()
        if data.get("soort") == Verplichting.Soort.KINDERALIMENTATIE:
            if not data.get("kind_naam"):
                self.add_error("kind_naam", _("Vul de naam van het kind in."))
            if not data.get("kind_geboortedatum") and "kind_geboortedatum" not in self.errors:
                self.add_error("kind_geboortedatum", _("Vul de geboortedatum van het kind in."))
        begin, einde = data.get("ingangsdatum"), data.get("einddatum")
        if begin and einde and einde < begin:
            self.add_error("einddatum", _("De einddatum moet na de begindatum liggen."))
        return data


class EerstePlichtFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        ingevuld = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not ingevuld:
            raise ValidationError(_("Vul minstens één alimentatieverplichting in."))


def verplichting_formset(extra: int = 0) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        VerplichtingForm,
        formset=EerstePlichtFormSet,
        extra=extra,
        min_num=1,
        can_delete=True,
        max_num=20,
        validate_max=True,
        absolute_max=20,
    )


# --- step 5: one-off claims ---------------------------------------------------------------------------------


class EenmaligForm(forms.Form):
    omschrijving = forms.CharField(
        label=_("Omschrijving"), max_length=200, help_text=_("Bijvoorbeeld: schoolkosten 2024.")
    )
    datum = Datum(label=_("Datum waarop het bedrag betaald had moeten zijn"))
    bedrag = BedragField(label=_("Bedrag in euro"))

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum and datum > date.today():
            raise ValidationError(_("De datum mag niet in de toekomst liggen."))
        return datum


def eenmalig_formset(extra: int = 0) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        EenmaligForm, extra=extra, can_delete=True, max_num=20, validate_max=True, absolute_max=20
    )


# --- step 6: payout account -----------------------------------------------------------------------------------


class RekeningForm(forms.Form):
    iban = forms.CharField(
        label=_("Uw rekeningnummer (IBAN)"),
        max_length=42,
        help_text=_("Hierop storten wij elke week het geïnde geld, min onze vergoeding."),
    )
    tenaamstelling = forms.CharField(
        label=_("Naam van de rekeninghouder"),
        max_length=200,
        help_text=_("Zoals de bank de rekening noemt. De rekening moet op uw naam staan."),
    )

    def __init__(self, *args, client_naam: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.client_naam = client_naam

    def clean_iban(self):
        return iban_controleer(self.cleaned_data["iban"])

    def clean_tenaamstelling(self):
        houder = self.cleaned_data["tenaamstelling"].strip()
        if self.client_naam and not namen_komen_overeen(houder, self.client_naam):
            raise ValidationError(
                _(
                    "De rekening moet op uw eigen naam staan (%(naam)s). Wij kunnen geld alleen uitbetalen "
                    "op een rekening van uzelf."
                ),
                params={"naam": self.client_naam},
                code="tenaamstelling",
            )
        return houder


# --- step 7: terms ------------------------------------------------------------------------------------------------


class VoorwaardenForm(forms.Form):
    akkoord = forms.BooleanField(
        label=_(
            "Ik geef NLAI opdracht de alimentatie te innen en ga akkoord met de voorwaarden: 12% van wat "
            "wordt geïnd (inclusief btw), geen dossierkosten en geen voorschot."
        ),
        error_messages={"required": _("Vink aan dat u akkoord gaat met de voorwaarden.")},
    )
    handtekening = forms.CharField(
        label=_("Uw naam als handtekening"), max_length=200, help_text=_("Typ uw volledige naam.")
    )
    brieven_per_email = forms.BooleanField(
        label=_("Ik ontvang brieven en berichten liever per e-mail dan per post"),
        required=False,
        initial=True,
    )
    toelichting = forms.CharField(
        label=_("Wilt u ons nog iets laten weten? (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, client_naam: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.client_naam = client_naam

    def clean_handtekening(self):
        naam = self.cleaned_data["handtekening"].strip()
        if self.client_naam and naam_woorden(naam) != naam_woorden(self.client_naam):
            raise ValidationError(
                _("Typ uw naam precies zoals bij stap 1: %(naam)s."), params={"naam": self.client_naam}
            )
        return naam


class BerichtForm(forms.Form):
    tekst = forms.CharField(
        label=_("Uw bericht aan de casemanager"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Typ eerst uw bericht.")},
    )
