"""Form fields every screen shares. An amount is typed the Dutch way ("3922,20", "1.234,56", "€ 450"), also
"450.50"; a bad amount gets a Dutch message and the form keeps what was typed."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def bedrag_lees(tekst: str) -> Decimal:
    """'3922,20' / '3.922,20' / '€ 450' / '450.50' → Decimal; ValueError when it is not an amount."""
    tekst = tekst.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in tekst and "." in tekst:
        decimaal = "," if tekst.rfind(",") > tekst.rfind(".") else "."
        duizend = "." if decimaal == "," else ","
        tekst = tekst.replace(duizend, "").replace(decimaal, ".")
    elif "," in tekst:
        tekst = tekst.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", tekst):  # "1.234" is a thousand separator in Dutch
        tekst = tekst.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", tekst):
        raise ValueError(tekst)
    try:
        return Decimal(tekst)
    except InvalidOperation as fout:  # pragma: no cover - the pattern above admits only valid numbers
        raise ValueError(tekst) from fout


class BedragField(forms.CharField):
    """An amount in euros typed the Dutch way. ``nul_toegestaan`` admits € 0,00 (costs, incomes)."""

    default_error_messages = {
        "invalid": _("Vul een bedrag in, bijvoorbeeld 450,00."),
        "positief": _("Het bedrag moet groter zijn dan € 0,00."),
        "te_groot": _("Dit bedrag is te groot."),
        "negatief": _("Het bedrag mag niet negatief zijn."),
    }

    def __init__(self, *, nul_toegestaan: bool = False, **kwargs):
        self.nul_toegestaan = nul_toegestaan
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):  # an initial amount shows the Dutch way too
            return f"{value:.2f}".replace(".", ",")
        return value

    def to_python(self, value):
        tekst = super().to_python(value)
        if not tekst.replace("€", "").strip():
            return None
        kaal = tekst.strip()
        negatief = kaal.startswith("-")
        try:
            bedrag = bedrag_lees(kaal[1:] if negatief else kaal)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if negatief and bedrag != 0:
            code = "negatief" if self.nul_toegestaan else "positief"
            raise ValidationError(self.error_messages[code], code=code)
        if bedrag >= Decimal("1e12"):
            raise ValidationError(self.error_messages["te_groot"], code="te_groot")
        if bedrag < 0 or (bedrag == 0 and not self.nul_toegestaan):
            raise ValidationError(self.error_messages["positief"], code="positief")
        return bedrag
