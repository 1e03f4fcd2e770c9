"""Forms of the collection pages. Bad input gets a Dutch message; nothing typed is lost (bound forms)."""

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
