"""The debtor's reports and questions (/debiteur/contact/, issue 16 points 5 and 7):

- "Ik heb rechtstreeks aan de ontvanger betaald": date, amount, explanation and proof (PDF/JPG/PNG, checked by
  content). It becomes a direct-payment report that the client confirms or rejects in the client portal.
- "Ik betwist de vordering" or a question to the case manager, with documents. A task for the case manager;
  the answer comes here and by e-mail.

Every page shows only the dossier of the debtor session: another id answers 404. A refused file costs the
debtor nothing else: the form comes back with everything typed still in it and a clear message.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from dossiers.models import DebiteurVraag
from dossiers.services.debiteur import MAX_TEKST, debiteurvraag_stel
from incasso.services.debiteurvraag import directe_betaling_van_debiteur_meld
from inning.models import DirecteBetaling
from nlai.http import fouten_op_form
from nlai.velden import BedragField

from .sessie import debiteur_required

BESTANDEN = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class MeerdereBestandenInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MeerdereBestandenField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MeerdereBestandenInput(attrs={"accept": BESTANDEN}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        enkel = super().clean
        if isinstance(data, list | tuple):
            return [enkel(d, initial) for d in data]
        return [enkel(data, initial)] if data else []


class DirectBetaaldForm(forms.Form):
    datum = forms.DateField(
        label=_l("Op welke datum heeft u betaald?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    bedrag = BedragField(label=_l("Bedrag in euro"))
    toelichting = forms.CharField(
        label=_l("Toelichting"),
        help_text=_l("Bijvoorbeeld: contant gegeven, of overgemaakt naar de rekening van de ontvanger."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bewijs = forms.FileField(
        label=_l("Bewijs van de betaling"),
        help_text=_l(
            "Een bankafschrift, een kwitantie of een foto daarvan: PDF, JPG of PNG, hoogstens 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": BESTANDEN}),
    )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_l("De datum ligt in de toekomst."))
        return datum


class VraagForm(forms.Form):
    soort = forms.ChoiceField(
        label=_l("Wat wilt u doen?"),
        choices=[
            (DebiteurVraag.Soort.BETWISTING, _l("Ik betwist de vordering")),
            (DebiteurVraag.Soort.VRAAG, _l("Ik heb een vraag voor de casemanager")),
        ],
        widget=forms.RadioSelect,
    )
    tekst = forms.CharField(
        label=_l("Uw reden of uw vraag"),
        max_length=MAX_TEKST,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    documenten = MeerdereBestandenField(
        label=_l("Documenten (niet verplicht)"),
        required=False,
        help_text=_l("Hoogstens 5 bestanden: PDF, JPG of PNG, elk hoogstens 10 MB."),
    )


@debiteur_required
def overzicht(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    return render(
        request,
        "portaal/debiteur/contact.html",
        {
            "dossier": dossier,
            "meldingen": DirecteBetaling.objects.filter(dossier=dossier, van_debiteur=True).order_by(
                "-gemeld_op", "-id"
            ),
            "vragen": DebiteurVraag.objects.filter(dossier=dossier).order_by("-gesteld_op", "-id"),
        },
    )


@debiteur_required
def direct_betaald(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    form = DirectBetaaldForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            melding = directe_betaling_van_debiteur_meld(
                dossier=dossier,
                datum=form.cleaned_data["datum"],
                bedrag=form.cleaned_data["bedrag"],
                toelichting=form.cleaned_data["toelichting"],
                bestand=form.cleaned_data["bewijs"],
            )
        except ValidationError as fout:
            fouten_op_form(form, fout)
        else:
            messages.success(
                request, _("Dank u. De ontvanger kijkt of het klopt. U ziet de uitkomst op deze pagina.")
            )
            return redirect("debiteur:melding", melding_id=melding.pk)
    return render(
        request,
        "portaal/debiteur/direct_betaald.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@debiteur_required
def melding(request: HttpRequest, melding_id: int) -> HttpResponse:
    dossier = request.debiteur_dossier
    melding = get_object_or_404(
        DirecteBetaling.objects.filter(dossier=dossier, van_debiteur=True), pk=melding_id
    )
    return render(request, "portaal/debiteur/melding.html", {"dossier": dossier, "melding": melding})


@debiteur_required
def vraag_nieuw(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    soort = request.GET.get("soort")
    form = VraagForm(
        request.POST or None,
        request.FILES or None,
        initial={"soort": soort if soort in DebiteurVraag.Soort.values else DebiteurVraag.Soort.VRAAG},
    )
    if request.method == "POST" and form.is_valid():
        try:
            vraag = debiteurvraag_stel(
                dossier=dossier,
                soort=form.cleaned_data["soort"],
                tekst=form.cleaned_data["tekst"],
                bestanden=form.cleaned_data["documenten"],
                taal=get_language() or "nl",
            )
        except ValidationError as fout:
            fouten_op_form(form, fout)
        else:
            messages.success(
                request, _("Dank u. Uw casemanager antwoordt binnen een paar werkdagen, hier en per e-mail.")
            )
            return redirect("debiteur:vraag", vraag_id=vraag.pk)
    return render(
        request,
        "portaal/debiteur/vraag_nieuw.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@debiteur_required
def vraag(request: HttpRequest, vraag_id: int) -> HttpResponse:
    dossier = request.debiteur_dossier
    vraag = get_object_or_404(DebiteurVraag.objects.filter(dossier=dossier), pk=vraag_id)
    return render(request, "portaal/debiteur/vraag.html", {"dossier": dossier, "vraag": vraag})
