from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier
from nlai.velden import BedragField

MAX_AFSCHRIFT = 20 * 1024 * 1024


class DirecteBetalingForm(forms.Form):
    dossier = forms.ModelChoiceField(queryset=Dossier.objects.none(), label=_("Dossier"), empty_label=None)
    datum = forms.DateField(label=_("Datum van de betaling"), widget=forms.DateInput(attrs={"type": "date"}))
    bedrag = BedragField(label=_("Bedrag in euro"))
    toelichting = forms.CharField(
        label=_("Toelichting (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    bewijs = forms.FileField(
        label=_("Bewijs (optioneel)"),
        required=False,
        help_text=_("Bijvoorbeeld een afschrift: PDF, JPG of PNG."),
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = (
            Dossier.objects.filter(client=client).select_related("debiteur").order_by("nummer")
        )
        self.fields["dossier"].label_from_instance = lambda d: f"{d.nummer} — {d.debiteur.naam}"

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst."))
        return datum
