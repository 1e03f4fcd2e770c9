"""Staff: the debtor's disputes and questions on a dossier (issue 16 point 7). The case manager reads the
question and its documents and answers; the answer reaches the debtor in the debtor portal and, when we have
the debtor's e-mail address, by e-mail (``incasso.services.debiteurvraag``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER
from dossiers.models import DebiteurVraag
from incasso.services.debiteurvraag import debiteurvraag_beantwoord
from nlai.http import fouten_op_form
from staf.dossiers.views import _render_tab


class AntwoordForm(forms.Form):
    antwoord = forms.CharField(
        label=_l("Antwoord aan de betalingsplichtige"),
        help_text=_l(
            "De betalingsplichtige leest dit in zijn portaal en per e-mail. Noem nooit het adres, "
            "telefoonnummer, e-mailadres of rekeningnummer van de cliënt."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


@staff_required(CASEMANAGER, BEHEERDER)
def debiteurvraag(request: HttpRequest, dossier_id: int, vraag_id: int) -> HttpResponse:
    vraag = get_object_or_404(
        DebiteurVraag.objects.select_related("beantwoord_door", "taak").prefetch_related("documenten"),
        pk=vraag_id,
        dossier_id=dossier_id,
    )
    if request.method == "POST" and vraag.status != DebiteurVraag.Status.OPEN:
        messages.info(request, _("Deze vraag is al beantwoord."))
        return redirect("dossiers:debiteurvraag", dossier_id, vraag.pk)
    form = AntwoordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            debiteurvraag_beantwoord(vraag=vraag, antwoord=form.cleaned_data["antwoord"], door=request.user)
        except ValidationError as fout:
            fouten_op_form(form, fout)
        else:
            messages.success(request, _("Het antwoord staat in het portaal van de betalingsplichtige."))
            return redirect("dossiers:debiteurvraag", dossier_id, vraag.pk)
    return _render_tab(
        request,
        dossier_id,
        "debiteurvraag",
        {"vraag": vraag, "form": form, "heeft_email": bool(vraag.dossier.debiteur.email)},
        status=400 if form.errors else 200,
    )
