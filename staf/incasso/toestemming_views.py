"""Staff page action: record a consent the client gave by phone or letter (thin: form → service → redirect)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER
from dossiers.models import Dossier
from incasso.models import Toestemmingsverzoek
from incasso.toestemming import toestemming_vastleg


class ToestemmingVastlegForm(forms.Form):
    prefix = "vastleg"

    soort = forms.ChoiceField(label=gettext_lazy("Stap"), choices=Toestemmingsverzoek.Soort.choices)
    antwoord = forms.ChoiceField(
        label=gettext_lazy("Antwoord van de cliënt"),
        choices=[("gegeven", gettext_lazy("toestemming gegeven")), ("geweigerd", gettext_lazy("geweigerd"))],
    )
    kanaal = forms.ChoiceField(
        label=gettext_lazy("Gegeven via"),
        choices=[
            (Toestemmingsverzoek.Kanaal.TELEFOON, gettext_lazy("telefoon")),
            (Toestemmingsverzoek.Kanaal.BRIEF, gettext_lazy("brief")),
        ],
    )
    bewijs = forms.FileField(
        label=gettext_lazy("Bewijs (gespreksnotitie of brief; PDF, JPEG of PNG)"),
        error_messages={"required": gettext_lazy("Voeg het bewijs toe: de gespreksnotitie of de brief.")},
    )
    toelichting = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=500)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def toestemming_vastleggen(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = get_object_or_404(Dossier, pk=dossier_id)
    form = ToestemmingVastlegForm(request.POST, request.FILES)
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
        return redirect("incasso:paneel", dossier_id=dossier.pk)
    c = form.cleaned_data
    try:
        toestemming_vastleg(
            dossier=dossier,
            soort=c["soort"],
            gegeven=c["antwoord"] == "gegeven",
            kanaal=c["kanaal"],
            bewijs=c["bewijs"],
            door=request.user,
            toelichting=c["toelichting"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het antwoord van de cliënt is vastgelegd met het bewijs."))
    return redirect("incasso:paneel", dossier_id=dossier.pk)
