"""The beheerder's page for access requests (art. 15 AVG): start one, download its archive.

Only the beheerder: the archive holds everything about a person, so it is made and handed out by one role.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER
from dossiers.inzage import inzageverzoek_lever, inzageverzoek_maak
from dossiers.models import Client, Debiteur, Inzageverzoek


class InzageverzoekForm(forms.Form):
    soort = forms.ChoiceField(
        label=gettext_lazy("betrokkene"),
        choices=[("client", gettext_lazy("cliënt")), ("debiteur", gettext_lazy("debiteur"))],
    )
    betrokkene_id = forms.IntegerField(
        label=gettext_lazy("nummer (id) van de cliënt of debiteur"), min_value=1
    )
    gevraagd_door = forms.CharField(
        label=gettext_lazy("gevraagd door"), max_length=200, initial="betrokkene zelf"
    )
    ontvangen_op = forms.DateTimeField(label=gettext_lazy("verzoek ontvangen op"), required=False)

    def clean(self):
        data = super().clean()
        model = Client if data.get("soort") == "client" else Debiteur
        if data.get("betrokkene_id"):
            data["persoon"] = model.objects.filter(pk=data["betrokkene_id"]).first()
            if data["persoon"] is None:
                raise forms.ValidationError(_("Deze cliënt of debiteur bestaat niet."))
        return data


@staff_required(BEHEERDER)
def inzageverzoeken(request: HttpRequest) -> HttpResponse:
    form = InzageverzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        verzoek = inzageverzoek_maak(
            **{data["soort"]: data["persoon"]},
            gevraagd_door=data["gevraagd_door"],
            ontvangen_op=data["ontvangen_op"],
            door=request.user,
        )
        messages.success(request, _("Het archief van inzageverzoek %(nr)s staat klaar.") % {"nr": verzoek.pk})
        return redirect("dossiers:inzageverzoeken")
    verzoeken = Inzageverzoek.objects.select_related("client", "debiteur", "door")[:50]
    return render(request, "dossiers/inzageverzoeken.html", {"form": form, "verzoeken": verzoeken})


@staff_required(BEHEERDER)
def inzageverzoek_archief(request: HttpRequest, verzoek_id: int) -> FileResponse:
    verzoek = get_object_or_404(Inzageverzoek, pk=verzoek_id)
    if not verzoek.archief:
        raise Http404
    inzageverzoek_lever(verzoek=verzoek)
    return FileResponse(
        verzoek.archief.open("rb"), as_attachment=True, filename=f"inzageverzoek-{verzoek.pk}.zip"
    )
