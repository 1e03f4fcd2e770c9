from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from betaling.services import MAXIMUM, MINIMUM


class InloggenForm(forms.Form):
    dossiernummer = forms.CharField(
        label=_("Dossiernummer"),
        max_length=20,
        help_text=_("Dit staat bovenaan in de brief."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    code = forms.CharField(
        label=_("Persoonlijke code"),
        max_length=30,
        help_text=_("De code uit de brief, bijvoorbeeld ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )


class BetalenForm(forms.Form):
    GEHEEL, TERMIJN, ANDERS = "geheel", "termijn", "anders"

    keuze = forms.ChoiceField(label=_("Wat wilt u betalen?"), widget=forms.RadioSelect)
    bedrag = forms.DecimalField(
        label=_("Ander bedrag in euro"),
        required=False,
        min_value=MINIMUM,
        max_value=MAXIMUM,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def __init__(self, *args, geheel: Decimal | None, termijn: Decimal | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bedragen = {self.GEHEEL: geheel, self.TERMIJN: termijn}
        keuzes = []
        if geheel:
            keuzes.append((self.GEHEEL, _("Alles wat openstaat")))
        if termijn:
            keuzes.append((self.TERMIJN, _("De volgende termijn van uw regeling")))
        keuzes.append((self.ANDERS, _("Een ander bedrag")))
        self.fields["keuze"].choices = keuzes
        self.fields["keuze"].initial = keuzes[0][0]

    def clean(self):
        data = super().clean()
        keuze = data.get("keuze")
        if keuze == self.ANDERS:
            if not data.get("bedrag"):
                self.add_error("bedrag", _("Vul het bedrag in dat u wilt betalen."))
            else:
                data["te_betalen"] = data["bedrag"]
        elif keuze:
            data["te_betalen"] = self.bedragen[keuze]
        return data
