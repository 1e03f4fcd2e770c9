"""The debtor proposes a payment arrangement (/debiteur/regeling/), within the rules the client set once in the
client portal (``incasso.Regelingregels``).

The debtor picks a monthly amount or a number of months and the first payment date, sees the schedule
computed on today's open arrears (the statement's figure) with the current alimony paid beside it, adds a
short explanation and sends it. ``incasso.services.betalingsregeling_voorstel_debiteur`` decides: inside the
rules with acceptance at once switched on, the arrangement runs at once; otherwise it waits for the client.
The page says which, plainly. Only the dossier of the debtor session; never the client's contact data.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from betaling.providers import actieve_provider
from incasso import selectors as incasso_selectors
from incasso.models import Betalingsregeling
from incasso.regeling import maand_later
from incasso.services import betalingsregeling_voorstel_debiteur
from nlai.http import foutmelding

from . import selectors
from .sessie import debiteur_required


class RegelingVoorstelForm(forms.Form):
    BEDRAG, MAANDEN = "bedrag", "maanden"

    keuze = forms.ChoiceField(
        label=_l("Hoe wilt u de regeling kiezen?"),
        choices=[(BEDRAG, _l("Ik kies een bedrag per maand")), (MAANDEN, _l("Ik kies het aantal maanden"))],
        initial=BEDRAG,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    maandbedrag = forms.DecimalField(
        label=_l("Bedrag per maand in euro"),
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    maanden = forms.IntegerField(
        label=_l("Aantal maanden"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    eerste_termijn = forms.DateField(
        label=_l("Eerste betaling op"),
        help_text=_l("Vandaag of later, binnen twee maanden. Daarna betaalt u elke maand op dezelfde dag."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    toelichting = forms.CharField(
        label=_l("Korte uitleg (niet verplicht)"),
        help_text=_l("Bijvoorbeeld waarom u niet alles in één keer kunt betalen, of wanneer uw loon komt."),
        required=False,
        max_length=incasso_selectors.TOELICHTING_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("keuze") == self.BEDRAG:
            data["maanden"] = None
            if data.get("maandbedrag") is None and "maandbedrag" not in self.errors:
                self.add_error("maandbedrag", _("Vul het bedrag in dat u per maand kunt betalen."))
        elif data.get("keuze") == self.MAANDEN:
            data["maandbedrag"] = None
            if data.get("maanden") is None and "maanden" not in self.errors:
                self.add_error("maanden", _("Vul in in hoeveel maanden u wilt betalen."))
        return data


def _regels_context(dossier) -> dict:
    """What the debtor may know of the client's rules: only the numbers, and only when a proposal inside
    them is accepted at once (otherwise the client decides every proposal anyway)."""
    regels = incasso_selectors.regelingregels_van(client_id=dossier.client_id)
    if not regels.direct_akkoord:
        return {"direct_regels": None}
    return {"direct_regels": {"max_maanden": regels.max_maanden, "min_maandbedrag": regels.min_maandbedrag}}


@debiteur_required
def regeling(request: HttpRequest) -> HttpResponse:
    """The debtor's arrangement: its schedule with each term's status, or the invitation to propose one."""
    dossier = request.debiteur_dossier
    huidige = incasso_selectors.regeling_van_debiteur(dossier_id=dossier.pk)
    kan_voorstellen = huidige is None or huidige.status not in (
        Betalingsregeling.Status.VOORGESTELD,
        Betalingsregeling.Status.LOOPT,
    )
    context = {
        "dossier": dossier,
        "regeling": huidige,
        "termijnen": list(huidige.termijnen.all()) if huidige else [],
        "volgende": selectors.volgende_regeltermijn(dossier),
        "kan_voorstellen": kan_voorstellen and dossier.status in incasso_selectors.VOORSTEL_STATUSSEN,
        "kan_betalen": actieve_provider() is not None,
        **_regels_context(dossier),
    }
    return render(request, "portaal/debiteur/regeling.html", context)


@debiteur_required
def regeling_voorstel(request: HttpRequest) -> HttpResponse:
    """Compute the schedule ("Bereken"), then send it ("Voorstel versturen"); one form, no script needed."""
    dossier = request.debiteur_dossier
    vandaag = timezone.localdate()
    form = RegelingVoorstelForm(request.POST or None, initial={"eerste_termijn": maand_later(vandaag, 1)})
    voorstel = None
    if request.method == "POST" and form.is_valid():
        invoer = {
            "eerste_termijn": form.cleaned_data["eerste_termijn"],
            "maandbedrag": form.cleaned_data["maandbedrag"],
            "maanden": form.cleaned_data["maanden"],
        }
        try:
            if request.POST.get("actie") == "versturen":
                nieuw = betalingsregeling_voorstel_debiteur(
                    dossier=dossier, toelichting=form.cleaned_data["toelichting"], **invoer
                )
            else:
                berekend = incasso_selectors.regelingvoorstel_bereken(
                    dossier=dossier, vandaag=vandaag, **invoer
                )
                # the figures only: the rules' row (and through it the client) stays out of the template
                voorstel = {k: v for k, v in berekend.items() if k != "regels"}
        except ValidationError as exc:
            form.add_error(None, foutmelding(exc))
        else:
            if voorstel is None:
                if nieuw.status == Betalingsregeling.Status.LOOPT:
                    messages.success(
                        request,
                        _(
                            "Uw betalingsregeling is aangenomen en gaat meteen in. "
                            "U krijgt de afspraken ook per brief."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Uw voorstel is verstuurd. Het gaat eerst naar de ontvanger van de alimentatie, "
                            "die beslist of het doorgaat. Wij laten u weten wat er besloten is."
                        ),
                    )
                return redirect("debiteur:regeling")
    context = {
        "dossier": dossier,
        "form": form,
        "voorstel": voorstel,
        "termijnen": [
            {"volgnummer": i, "vervaldatum": d, "bedrag": b}
            for i, (d, b) in enumerate(voorstel["termijnen"], start=1)
        ]
        if voorstel
        else [],
        **_regels_context(dossier),
    }
    return render(
        request, "portaal/debiteur/regeling_voorstel.html", context, status=400 if form.errors else 200
    )
