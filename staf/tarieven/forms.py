"""Forms of the public calculator pages (/rekenhulp/...): the same input as the JSON calculators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nlai.velden import BedragField
from recht.termijnen import SOORT_LABELS

EERSTE = date(1970, 1, 1)
LAATSTE = date(2100, 12, 31)
MAX_REGELS = 500


class DatumVeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d-%m-%Y"])
        super().__init__(**kwargs)

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not EERSTE <= value <= LAATSTE:
            raise ValidationError(_("Geef een datum tussen 1970 en 2100."))


def bedrag_veld(label: Any, **kwargs: Any) -> BedragField:
    return BedragField(label=label, nul_toegestaan=True, **kwargs)


class WerkdagenForm(forms.Form):
    datum = DatumVeld(label=_("Datum (telt zelf niet mee)"))
    werkdagen = forms.IntegerField(label=_("Aantal werkdagen"), min_value=0, max_value=1000)


class IndexeringForm(forms.Form):
    bedrag = bedrag_veld(_("Bedrag zoals vastgesteld (€)"))
    vastgesteld_op = DatumVeld(label=_("Vastgesteld op"))
    jaar = forms.IntegerField(label=_("Bedrag per 1 januari van jaar"), min_value=1970, max_value=2100)


class ProvisieForm(forms.Form):
    bedrag = bedrag_veld(_("Geïnd bedrag (€)"))
    datum = DatumVeld(label=_("Datum van ontvangst"))


def _regels(tekst: str) -> list[str]:
    regels = [r.strip() for r in tekst.splitlines() if r.strip()]
    if len(regels) > MAX_REGELS:
        raise ValidationError(_("Ten hoogste %(n)s regels."), params={"n": MAX_REGELS})
    return regels


def _datum(tekst: str, regelnr: int) -> date:
    try:
        d = date.fromisoformat(tekst)
    except ValueError:
        raise ValidationError(
            _("Regel %(n)s: geef de datum als JJJJ-MM-DD."), params={"n": regelnr}
        ) from None
    if not EERSTE <= d <= LAATSTE:
        raise ValidationError(_("Regel %(n)s: geef een datum tussen 1970 en 2100."), params={"n": regelnr})
    return d


def _bedrag(tekst: str, regelnr: int) -> Decimal:
    try:
        b = Decimal(tekst.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            _("Regel %(n)s: geef een bedrag, bijvoorbeeld 300.00."), params={"n": regelnr}
        ) from None
    if not b.is_finite() or b < 0 or b != b.quantize(Decimal("0.01")):
        raise ValidationError(
            _("Regel %(n)s: het bedrag moet positief zijn en ten hoogste 2 decimalen hebben."),
            params={"n": regelnr},
        )
    return b


class AchterstandForm(forms.Form):
    """One obligation, payments as lines "JJJJ-MM-DD bedrag", one-off claims and stuitingen as lines."""

    peildatum = DatumVeld(label=_("Peildatum"))
    soort = forms.ChoiceField(label=_("Soort alimentatie"), choices=list(SOORT_LABELS.items()))
    bedrag = bedrag_veld(_("Bedrag per maand zoals vastgesteld (€)"))
    vastgesteld_op = DatumVeld(label=_("Vastgesteld op"))
    ingangsdatum = DatumVeld(label=_("Ingangsdatum"))
    einddatum = DatumVeld(label=_("Einddatum (leeg: loopt door)"), required=False)
    vervaldag = forms.IntegerField(
        label=_("Vervaldag (dag van de maand)"),
        min_value=1,
        max_value=28,
        initial=1,
        error_messages={
            "min_value": _("De vervaldag moet tussen 1 en 28 liggen."),
            "max_value": _("De vervaldag moet tussen 1 en 28 liggen."),
        },
    )
    indexeren = forms.BooleanField(label=_("Wettelijk indexeren"), required=False, initial=True)
    betalingen = forms.CharField(
        label=_("Betalingen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Eén betaling per regel: JJJJ-MM-DD bedrag, bijvoorbeeld 2025-01-05 300.00"),
    )
    eenmalig = forms.CharField(
        label=_("Eenmalige vorderingen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén per regel: JJJJ-MM-DD bedrag omschrijving, bijvoorbeeld 2025-03-10 75.00 Schoolreis"
        ),
    )
    stuitingen = forms.CharField(
        label=_("Stuitingen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén datum per regel (JJJJ-MM-DD), bijvoorbeeld de datum van een aanmaning."),
    )

    def clean_betalingen(self) -> list[dict[str, Any]]:
        uit = []
        for n, regel in enumerate(_regels(self.cleaned_data["betalingen"]), start=1):
            delen = regel.split()
            if len(delen) != 2:
                raise ValidationError(_("Regel %(n)s: geef een datum en een bedrag."), params={"n": n})
            uit.append({"datum": _datum(delen[0], n), "bedrag": _bedrag(delen[1], n)})
        return uit

    def clean_eenmalig(self) -> list[dict[str, Any]]:
        uit = []
        for n, regel in enumerate(_regels(self.cleaned_data["eenmalig"]), start=1):
            delen = regel.split(maxsplit=2)
            if len(delen) < 2:
                raise ValidationError(
                    _("Regel %(n)s: geef een datum, een bedrag en een omschrijving."), params={"n": n}
                )
            omschrijving = delen[2][:200] if len(delen) == 3 else str(_("Eenmalige vordering"))
            uit.append(
                {"datum": _datum(delen[0], n), "bedrag": _bedrag(delen[1], n), "omschrijving": omschrijving}
            )
        return uit

    def clean_stuitingen(self) -> list[date]:
        return [_datum(r, n) for n, r in enumerate(_regels(self.cleaned_data["stuitingen"]), start=1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        begin, einde, peil = data.get("ingangsdatum"), data.get("einddatum"), data.get("peildatum")
        if begin and einde and einde < begin:
            self.add_error("einddatum", _("De einddatum ligt vóór de ingangsdatum."))
        if begin and peil and (peil.year - begin.year) > 60:
            self.add_error("ingangsdatum", _("De rekenhulp rekent ten hoogste 60 jaar terug."))
        return data

    def verplichting(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in (
                "soort",
                "bedrag",
                "vastgesteld_op",
                "ingangsdatum",
                "einddatum",
                "vervaldag",
                "indexeren",
            )
        }
