"""Staff and portal pages of the collection workflow. Thin: parse, check access, call a service, render.

Portal views scope every object to the logged-in client (404 for anyone else's)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import client_required, eigen_client
from dossiers.documenten import document_response
from dossiers.models import Dossier
from incasso import services
from incasso.models import (
    Betalingsregeling,
    Brief,
    Toestemmingsverzoek,
)
from incasso.regeling_ingang import regeling_voorbeeld
from incasso.selectors import regelingregels_van
from incasso.uitleg import toestemming_uitleg
from nlai.http import foutmelding

from .forms import RegelingBeoordeelForm, RegelingregelsForm, ToestemmingAntwoordForm


def _eigen_dossier(request: HttpRequest, dossier_id: int) -> Dossier:
    return get_object_or_404(
        Dossier.objects.filter(client__user=request.user).select_related("debiteur"), pk=dossier_id
    )


@client_required
def portaal_dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    dossier = _eigen_dossier(request, dossier_id)
    return render(request, "incasso/portaal/dossier.html", {"dossier": dossier})


@client_required
def portaal_toestemming(request: HttpRequest, pk: int) -> HttpResponse:
    verzoek = get_object_or_404(
        Toestemmingsverzoek.objects.filter(dossier__client__user=request.user).select_related(
            "dossier", "dossier__debiteur"
        ),
        pk=pk,
    )
    form = ToestemmingAntwoordForm(request.POST or None)
    if request.method == "POST" and verzoek.status == Toestemmingsverzoek.Status.GEVRAAGD and form.is_valid():
        try:
            services.toestemming_beantwoord(
                verzoek=verzoek,
                gegeven=form.cleaned_data["antwoord"] == "ja",
                door=request.user,
                toelichting=form.cleaned_data["toelichting"],
            )
        except ValidationError as exc:
            form.add_error(None, foutmelding(exc))
        else:
            messages.success(request, _("Dank u wel. Wij hebben uw antwoord vastgelegd."))
            return redirect("incasso_portaal:toestemming", pk=verzoek.pk)
    uitleg = toestemming_uitleg(verzoek=verzoek, datum=timezone.localdate())
    return render(
        request, "incasso/portaal/toestemming.html", {"verzoek": verzoek, "form": form, "uitleg": uitleg}
    )


@client_required
def portaal_regeling(request: HttpRequest, pk: int) -> HttpResponse:
    regeling = get_object_or_404(
        Betalingsregeling.objects.filter(dossier__client__user=request.user)
        .select_related("dossier")
        .prefetch_related("termijnen"),
        pk=pk,
    )
    form = RegelingBeoordeelForm(request.POST or None)
    if (
        request.method == "POST"
        and regeling.status == Betalingsregeling.Status.VOORGESTELD
        and form.is_valid()
    ):
        try:
            services.betalingsregeling_beoordeel(
                regeling=regeling, akkoord=form.cleaned_data["besluit"] == "akkoord", door=request.user
            )
        except ValidationError as exc:
            form.add_error(None, foutmelding(exc))
        else:
            messages.success(request, _("Dank u wel. Wij hebben uw besluit vastgelegd."))
            return redirect("incasso_portaal:regeling", pk=regeling.pk)
    return render(
        request,
        "incasso/portaal/regeling.html",
        {"regeling": regeling, "form": form, **regeling_voorbeeld(regeling=regeling)},
    )


@client_required
def portaal_regelingregels(request: HttpRequest) -> HttpResponse:
    """The client's rules for a debtor's own arrangement proposal in the debtor portal: set once, changeable."""
    client = eigen_client(request)
    regels = regelingregels_van(client_id=client.pk)
    form = RegelingregelsForm(
        request.POST or None,
        initial={
            "max_maanden": regels.max_maanden,
            "min_maandbedrag": regels.min_maandbedrag,
            "direct_akkoord": "ja" if regels.direct_akkoord else "nee",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.regelingregels_wijzig(
                client=client,
                max_maanden=form.cleaned_data["max_maanden"],
                min_maandbedrag=form.cleaned_data["min_maandbedrag"],
                direct_akkoord=form.cleaned_data["direct_akkoord"] == "ja",
                door=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, foutmelding(exc))
        else:
            messages.success(request, _("Uw regels voor betalingsregelingen zijn bewaard."))
            return redirect("incasso_portaal:regelingregels")
    return render(
        request,
        "incasso/portaal/regelingregels.html",
        {"form": form, "regels": regels, "ingesteld": regels.pk is not None},
        status=400 if form.errors else 200,
    )


@client_required
def portaal_brief_pdf(request: HttpRequest, pk: int) -> FileResponse:
    brief = get_object_or_404(
        Brief.objects.filter(
            dossier__client__user=request.user, document__zichtbaar_voor_client=True
        ).select_related("document"),
        pk=pk,
    )
    return document_response(brief.document)
