from django import forms
from django.utils.translation import gettext_lazy as _

from staf.uitbetaling.forms import BatchAfwijzenForm

__all__ = ["BatchAfwijzenForm", "MachtigingForm"]


class MachtigingForm(forms.Form):
    """A SEPA Core mandate: the debtor in the portal, or a case manager copying a paper form."""

    rekeninghouder = forms.CharField(label=_("Naam rekeninghouder"), max_length=70, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False)
    plaats = forms.CharField(label=_("Plaats van ondertekening"), max_length=70, required=False)
    # required at the service (a clear message for a form without a date), not here
    ondertekend_op = forms.DateField(
        label=_("Datum van ondertekening"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 03-12-2026.")},
    )
