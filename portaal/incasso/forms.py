"""Forms of the collection pages. Bad input gets a Dutch message; nothing typed is lost (bound forms)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class ToestemmingAntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        label=_("Uw antwoord"),
        choices=[("ja", _("Ja, ik geef toestemming")), ("nee", _("Nee, ik geef geen toestemming"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegelingBeoordeelForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Uw besluit"),
        choices=[
            ("akkoord", _("Ik ga akkoord met deze regeling")),
            ("afwijzen", _("Ik wijs deze regeling af")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


class RegelingregelsForm(forms.Form):
    """The client's rules for a debtor's own arrangement proposal (validated again by the service)."""

    max_maanden = forms.IntegerField(
        label=_("Hoogstens aantal maanden"),
        min_value=1,
        max_value=60,
        help_text=_("Een regeling van de debiteur duurt niet langer dan dit aantal maanden (hoogstens 60)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    min_maandbedrag = forms.DecimalField(
        label=_("Minimaal bedrag per maand in euro"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("De debiteur betaalt elke maand ten minste dit bedrag van de achterstand."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    direct_akkoord = forms.ChoiceField(
        label=_("Een voorstel binnen deze regels"),
        choices=[
            ("ja", _("gaat direct in: ik hoef het niet meer goed te keuren")),
            ("nee", _("legt u mij eerst voor: ik keur het zelf goed of af")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
