"""Staff pages for client money (/staff/geld/) and the client's portal pages (/portaal/geld/).

Thin: parse input, check permission, call a service or selector, render. Money moves only in services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import client_required, eigen_client
from dossiers.models import Dossier
from inning import selectors, services
from inning.models import DirecteBetaling

from .debiteur import DebiteurMeldingAfwijsForm
from .forms import DirecteBetalingForm


@client_required
def portaal_index(request: HttpRequest) -> HttpResponse:
    client = eigen_client(request)
    meldingen = (
        DirecteBetaling.objects.filter(dossier__client=client)
        .select_related("dossier")
        .order_by("-gemeld_op")[:50]
    )
    return render(
        request,
        "inning/portaal_index.html",
        {
            "meldingen": meldingen,
            "debiteur_meldingen": selectors.debiteur_meldingen_voor_client(client_id=client.pk),
            "heeft_dossiers": Dossier.objects.filter(client=client).exists(),
            "saldo": selectors.client_saldo(client_id=client.pk),
            "provisie_te_verrekenen": selectors.client_provisie_te_verrekenen(client_id=client.pk),
        },
    )


@client_required
def portaal_melden(request: HttpRequest) -> HttpResponse:
    client = eigen_client(request)
    form = DirecteBetalingForm(
        request.POST or None,
        request.FILES or None,
        client=client,
        initial={"dossier": request.GET.get("dossier")},
    )
    if request.method == "POST" and form.is_valid():
        dossier = form.cleaned_data["dossier"]  # limited to this client's dossiers by the form
        try:
            with transaction.atomic():
                bewijs = None
                if form.cleaned_data.get("bewijs"):
                    from dossiers.documenten import document_opslaan

                    bewijs = document_opslaan(
                        bestand=form.cleaned_data["bewijs"],
                        soort="bewijs",
                        dossier=dossier,
                        geupload_door=request.user,
                    )
                melding = services.directe_betaling_meld(
                    dossier=dossier,
                    datum=form.cleaned_data["datum"],
                    bedrag=form.cleaned_data["bedrag"],
                    toelichting=form.cleaned_data["toelichting"],
                    bewijs=bewijs,
                    door=request.user,
                )
        except ValidationError as fout:
            veld = "bewijs" if hasattr(fout, "error_dict") else None
            for bericht in fout.messages:
                form.add_error(veld, bericht)
        else:
            messages.success(request, _("Dank u. Uw casemanager controleert de melding."))
            return redirect("inning_portaal:melding", melding_id=melding.pk)
    return render(request, "inning/portaal_melden.html", {"form": form})


@client_required
def portaal_melding(request: HttpRequest, melding_id: int) -> HttpResponse:
    client = eigen_client(request)
    melding = get_object_or_404(
        DirecteBetaling.objects.filter(dossier__client=client).select_related("dossier", "ontvangst"),
        pk=melding_id,
    )
    toewijzing = None
    if melding.ontvangst_id:
        toewijzing = melding.ontvangst.toewijzingen.filter(ongedaan_op__isnull=True).first()
    return render(
        request,
        "inning/portaal_melding.html",
        {"melding": melding, "toewijzing": toewijzing, "afwijs_form": DebiteurMeldingAfwijsForm()},
    )
