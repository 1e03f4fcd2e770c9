"""Forms of the collection pages. Bad input gets a Dutch message; nothing typed is lost (bound forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from incasso.models import LopendeAlimentatie, Toestemmingsverzoek
from nlai.velden import BedragField


class ToestemmingVraagForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Stap waarvoor toestemming nodig is"), choices=Toestemmingsverzoek.Soort.choices
    )


class RegelingForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Voorstel van de debiteur (toelichting)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lopende_alimentatie = forms.ChoiceField(
        label=_("Lopende alimentatie"),
        choices=LopendeAlimentatie.choices,
        initial=LopendeAlimentatie.NAAST,
        required=False,  # not chosen: the usual case, the alimony continues beside the arrangement
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )


class TermijnForm(forms.Form):
    vervaldatum = forms.DateField(
        label=_("Vervaldatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    bedrag = BedragField(label=_("Bedrag"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("vervaldatum")) != bool(data.get("bedrag")):
            raise forms.ValidationError(_("Vul bij een termijn zowel de datum als het bedrag in."))
        return data


TermijnFormSet = forms.formset_factory(TermijnForm, extra=6, max_num=60, absolute_max=60)


class VerzoekDerdeForm(forms.Form):
    derde_naam = forms.CharField(label=_("Derde (werkgever, UWV, gemeente, deurwaarder…)"), max_length=200)
    omschrijving = forms.CharField(label=_("Wat is gevraagd"), max_length=300)
    antwoord_uiterlijk = forms.DateField(
        label=_("Antwoord uiterlijk"), widget=forms.DateInput(attrs={"type": "date"})
    )
