"""The client confirms or rejects a direct payment the debtor reported in the debtor portal (issue 16 point 5).

Only the client who owns the dossier, only reports that came from the debtor and are still open: any other id
answers 404. Confirmed, it is booked as a receipt exactly like a report a case manager confirms
(``directe_betaling_bevestig``): the client's own confirmation is the evidence, so no case manager's check
follows; the case manager sees it on the timeline. The client's own reports keep their flow (case manager).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from accounts.permissions import client_required, eigen_client
from dossiers.documenten import document_response
from dossiers.services.debiteur import client_gegevens_controleer
from inning import services
from inning.models import DirecteBetaling


class DebiteurMeldingAfwijsForm(forms.Form):
    reden = forms.CharField(
        label=_l("Waarom klopt deze betaling niet?"),
        help_text=_l(
            "De betalingsplichtige leest deze reden. Zet er geen adres, telefoonnummer, e-mailadres of "
            "rekeningnummer van uzelf in."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _melding(request: HttpRequest, melding_id: int, *, open_: bool = True) -> DirecteBetaling:
    qs = DirecteBetaling.objects.filter(dossier__client=eigen_client(request), van_debiteur=True)
    if open_:
        qs = qs.filter(status=DirecteBetaling.Status.GEMELD)
    return get_object_or_404(qs.select_related("dossier", "dossier__client"), pk=melding_id)


@require_POST
@client_required
def bevestig(request: HttpRequest, melding_id: int) -> HttpResponse:
    melding = _melding(request, melding_id)
    try:
        services.directe_betaling_bevestig(melding=melding, door=request.user)
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
    else:
        messages.success(request, _("Bevestigd. De betaling is geboekt en telt mee in de achterstand."))
    return redirect("inning_portaal:melding", melding_id=melding.pk)


@require_POST
@client_required
def wijs_af(request: HttpRequest, melding_id: int) -> HttpResponse:
    melding = _melding(request, melding_id)
    form = DebiteurMeldingAfwijsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf op waarom de betaling niet klopt."))
        return redirect("inning_portaal:melding", melding_id=melding.pk)
    try:
        client_gegevens_controleer(
            tekst=form.cleaned_data["reden"], client=melding.dossier.client, veld="reden"
        )
        services.directe_betaling_wijs_af(
            melding=melding, reden=form.cleaned_data["reden"], door=request.user
        )
    except ValidationError as fout:
        messages.error(request, fout.messages[0])
    else:
        messages.success(request, _("Afgewezen. De betalingsplichtige ziet uw reden in zijn portaal."))
    return redirect("inning_portaal:melding", melding_id=melding.pk)


@client_required
def bewijs(request: HttpRequest, melding_id: int) -> HttpResponse:
    """The debtor's proof, for the client who decides (also after the decision)."""
    return document_response(_melding(request, melding_id, open_=False).bewijs)
