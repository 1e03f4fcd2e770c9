from django import forms
from django.utils.translation import gettext_lazy as _

from bank.matching import normaliseer
from dossiers.models import Dossier

MAX_AFSCHRIFT = 20 * 1024 * 1024


class BankafschriftForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bankafschrift (CAMT.053 of MT940)"),
        help_text=_("Een bestand wordt in zijn geheel verwerkt of, bij een fout, helemaal niet."),
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAX_AFSCHRIFT:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return bestand


class KoppelForm(forms.Form):
    dossier = forms.CharField(
        label=_("Dossiernummer of betalingskenmerk"),
        max_length=40,
        help_text=_("Bijvoorbeeld 2026-000012 of RF36 2026 0000 12."),
    )

    def clean_dossier(self):
        invoer = self.cleaned_data["dossier"].strip()
        gevonden = Dossier.objects.filter(nummer__iexact=invoer).first()
        if gevonden is None:
            kenmerk = normaliseer(invoer)
            for pk, bk in Dossier.objects.filter(betaalkenmerk__istartswith=kenmerk[:4]).values_list(
                "pk", "betaalkenmerk"
            ):
                if normaliseer(bk) == kenmerk:
                    gevonden = Dossier.objects.get(pk=pk)
                    break
        if gevonden is None:
            raise forms.ValidationError(_("Geen dossier gevonden met dit nummer of betalingskenmerk."))
        return gevonden


class AfwijsForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
