"""The debtor's SEPA mandate for the running arrangement (/debiteur/machtiging/): give it (account holder,
IBAN, place; signed today), see it with the collections announced, and revoke it. Only the dossier of the
debtor session; the mandate of another dossier answers 404."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from automatische_incasso import selectors
from automatische_incasso.models import Machtiging
from automatische_incasso.services import machtiging_geef, machtiging_trek_in
from nlai.http import fouten_op_form
from recht.sepa_incasso import VOORAANKONDIGING_DAGEN

from .sessie import debiteur_required


class MachtigingForm(forms.Form):
    """The debtor signs online: the date of signature is today (set by the view)."""

    rekeninghouder = forms.CharField(label=gettext_lazy("Naam rekeninghouder"), max_length=70, required=False)
    iban = forms.CharField(label=gettext_lazy("IBAN"), max_length=42, required=False)
    plaats = forms.CharField(label=gettext_lazy("Plaats"), max_length=70, required=False)


def _context(dossier, form) -> dict:
    regeling = selectors.lopende_regeling(dossier)
    machtigingen = list(selectors.machtigingen_van(dossier))
    actief = next((m for m in machtigingen if m.status == Machtiging.Status.ACTIEF), None)
    return {
        "dossier": dossier,
        "regeling": regeling,
        "termijnen": list(regeling.termijnen.filter(status="open")) if regeling else [],
        "actief": actief,
        "eerdere": [m for m in machtigingen if m is not actief],
        "komend": list(selectors.komende_incasso_s(dossier)),
        "form": form,
        "bureau": settings.BUREAU["naam"],
        "incassant_id": settings.SEPA_CREDITOR_ID,
        "vandaag": timezone.localdate(),
        "dagen": VOORAANKONDIGING_DAGEN,
    }


@debiteur_required
def machtiging(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    form = MachtigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        regeling = selectors.lopende_regeling(dossier)
        if regeling is None:
            form.add_error(None, _("U hebt geen lopende betalingsregeling."))
        else:
            try:
                machtiging_geef(
                    regeling=regeling,
                    rekeninghouder=form.cleaned_data["rekeninghouder"],
                    iban=form.cleaned_data["iban"],
                    plaats=form.cleaned_data["plaats"],
                    ondertekend_op=timezone.localdate(),  # signed online: today
                )
            except ValidationError as exc:
                fouten_op_form(form, exc)
            else:
                return redirect("debiteur:machtiging")
    return render(
        request,
        "portaal/debiteur/machtiging.html",
        _context(dossier, form),
        status=400 if form.errors else 200,
    )


@require_POST
@debiteur_required
def machtiging_intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_object_or_404(selectors.machtigingen_van(request.debiteur_dossier), pk=pk)
    machtiging_trek_in(machtiging=m)
    return redirect("debiteur:machtiging")
