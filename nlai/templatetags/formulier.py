"""Template helpers shared by all pages: Bootstrap classes and ARIA on form widgets, Dutch amounts."""

from decimal import Decimal

from django import forms, template

from recht import geld

register = template.Library()


@register.filter
def widget(veld):
    """Render a bound field with the right Bootstrap class, is-invalid and aria-describedby."""
    w = veld.field.widget
    if isinstance(w, forms.Select | forms.SelectMultiple):
        klasse = "form-select"
    elif isinstance(w, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        klasse = ""
    else:
        klasse = "form-control"
    attrs = {"aria-describedby": f"{veld.id_for_label}-hulp"}
    if veld.errors:
        klasse += " is-invalid"
        attrs["aria-invalid"] = "true"
    bestaand = w.attrs.get("class", "")
    attrs["class"] = f"{bestaand} {klasse}".strip()
    return veld.as_widget(attrs=attrs)


@register.filter
def euro(bedrag) -> str:
    """€ 1.234,56 — the Dutch way of writing an amount (one helper: recht.geld.euro)."""
    if bedrag in (None, ""):
        return ""
    return geld.euro(Decimal(bedrag))
