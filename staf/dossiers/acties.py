"""Staff actions on a dossier (POST): accepting or refusing an order, state, next action, notes, tasks,
messages, documents, statutory interest, the arrears PDF; and the order taken by phone.

Each parses its form, calls one service and redirects; an invalid form redisplays the tab it came from
(``staf.dossiers.views``) with the errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from dossiers import services
from dossiers.documenten import document_toevoeg
from dossiers.models import Dossier, Taak
from dossiers.telefoon import telefonische_opdracht_registreer
from incasso import services as incasso_services
from inning.tasks import achterstand_pdf_maak
from nlai.http import fouten_op_form
from staf.dossiers.forms import (
    TELEFOON_VELDEN,
    AccepteerForm,
    BerichtForm,
    DocumentForm,
    ExtraVerplichtingFormSet,
    NotitieForm,
    StatusForm,
    TaakForm,
    TelefonischeOpdrachtForm,
    TelefoonnotitieForm,
    VolgendeActieForm,
    WeigerForm,
    WettelijkeRenteForm,
    fouten_naar_formulier,
)
from staf.dossiers.views import documenten, overzicht_tab, taken

# The phone form's client fields, "client_<veld>", as the phone order service takes them.
CLIENT_VELDEN = ("naam", "email", "telefoon", "straat", "postcode", "woonplaats", "iban", "tenaamstelling")


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def accepteer(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = AccepteerForm(request.POST)
    if form.is_valid():
        try:
            incasso_services.opdracht_accepteer(
                dossier=d, door=request.user, casemanager=form.cleaned_data["casemanager"]
            )
        except ValidationError as exc:
            fouten_op_form(form, exc)
        else:
            messages.success(request, _("Opdracht %(nummer)s is geaccepteerd.") % {"nummer": d.nummer})
            return redirect("dossiers:dossier", d.pk)
    return overzicht_tab(request, dossier_id, accepteer_form=form)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def weiger(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = WeigerForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_weiger(dossier=d, door=request.user, reden=form.cleaned_data["reden"])
        except ValidationError as exc:
            fouten_op_form(form, exc)
        else:
            messages.success(request, _("Opdracht %(nummer)s is geweigerd.") % {"nummer": d.nummer})
            return redirect("dossiers:dossier", d.pk)
    return overzicht_tab(request, dossier_id, weiger_form=form)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def status_wijzig(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = StatusForm(request.POST, dossier=d)
    if form.is_valid():
        c = form.cleaned_data
        try:
            services.dossier_status_wijzig(
                dossier=d,
                naar=c["naar"],
                door=request.user,
                reden=c["reden"],
                opgeschort_tot=c["opgeschort_tot"],
            )
        except ValidationError as exc:
            fouten_op_form(form, exc)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("dossiers:dossier", d.pk)
    return overzicht_tab(request, dossier_id, status_form=form)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def volgende_actie(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = VolgendeActieForm(request.POST)
    if form.is_valid():
        try:
            services.volgende_actie_wijzig(
                dossier=d,
                actie=form.cleaned_data["actie"],
                datum=form.cleaned_data["datum"],
                door=request.user,
            )
        except ValidationError as exc:
            fouten_op_form(form, exc)
        else:
            messages.success(request, _("De volgende actie is bijgewerkt."))
            return redirect("dossiers:dossier", d.pk)
    return overzicht_tab(request, dossier_id, actie_form=form)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
@require_POST
def notitie(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = NotitieForm(request.POST)
    if form.is_valid():
        services.notitie_maak(dossier=d, tekst=form.cleaned_data["tekst"], door=request.user)
        messages.success(request, _("De notitie is toegevoegd."))
        return redirect("dossiers:dossier", d.pk)
    return overzicht_tab(request, dossier_id, notitie_form=form)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
@require_POST
def telefoonnotitie(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = TelefoonnotitieForm(request.POST)
    if form.is_valid():
        services.telefoonnotitie_maak(
            dossier=d,
            tekst=form.cleaned_data["tekst"],
            gesprek_met=form.cleaned_data["gesprek_met"],
            door=request.user,
        )
        messages.success(request, _("De telefoonnotitie is toegevoegd."))
        return redirect("dossiers:dossier", d.pk)
    return overzicht_tab(request, dossier_id, telefoon_form=form)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
@require_POST
def taak_nieuw(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = TaakForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        services.taak_maak(
            dossier=d,
            omschrijving=c["omschrijving"],
            deadline=c["deadline"],
            toegewezen_aan=c["toegewezen_aan"],
        )
        messages.success(request, _("De taak is aangemaakt."))
        return redirect("dossiers:taken", d.pk)
    return taken(request, dossier_id, taak_form=form)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
@require_POST
def taak_afronden(request: HttpRequest, dossier_id: int, taak_id: int) -> HttpResponse:
    taak = get_object_or_404(Taak.objects.select_related("dossier"), pk=taak_id, dossier_id=dossier_id)
    services.taak_rond_af(taak=taak, door=request.user)
    messages.success(request, _("De taak is afgerond."))
    return redirect("dossiers:taken", dossier_id)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def bericht(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier.objects.select_related("client"), pk=dossier_id)
    form = BerichtForm(request.POST)
    if form.is_valid():
        services.bericht_stuur(
            dossier=d, afzender=request.user, tekst=form.cleaned_data["tekst"], van_client=False
        )
        messages.success(request, _("Het bericht is verstuurd."))
        return redirect("dossiers:taken", d.pk)
    return taken(request, dossier_id, bericht_form=form)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def document_upload(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        c = form.cleaned_data
        try:
            document_toevoeg(
                dossier=d,
                bestand=c["bestand"],
                soort=c["soort"],
                door=request.user,
                zichtbaar_voor_client=c["zichtbaar_voor_client"],
            )
        except ValidationError as exc:
            fouten_op_form(form, exc)
        else:
            messages.success(request, _("Het document is opgeslagen."))
            return redirect("dossiers:documenten", d.pk)
    return documenten(request, dossier_id, document_form=form)


# --- Order by phone -----------------------------------------------------------------------------------------


@staff_required(CASEMANAGER, BEHEERDER)
def telefonische_opdracht(request: HttpRequest) -> HttpResponse:
    form = TelefonischeOpdrachtForm(request.POST or None, request.FILES or None)
    # A post without the extra rows (a script, an old page) has one obligation: the main form's.
    met_extra = "extra-TOTAL_FORMS" in request.POST
    extra = ExtraVerplichtingFormSet(request.POST if met_extra else None, prefix="extra")
    if request.method == "POST" and form.is_valid() and (not met_extra or extra.is_valid()):
        rijen = [f for f in extra if not f.is_leeg()] if met_extra else []
        try:
            c = form.cleaned_data
            d = telefonische_opdracht_registreer(
                client={veld: c[f"client_{veld}"] for veld in CLIENT_VELDEN},
                opdracht=form.opdracht_gegevens([f.gegevens() for f in rijen]),
                titel_scan=c.get("titel_scan"),
                door=request.user,
            )
        except ValidationError as exc:
            fouten = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            # "verplichtingen.2.bedrag" belongs to the second extra row that was filled in
            for sleutel in [
                k for k in fouten if k.startswith("verplichtingen.") and not k.startswith("verplichtingen.0.")
            ]:
                _lijst, nr, veld = sleutel.split(".", 2)
                rij = rijen[int(nr) - 1]
                for bericht in fouten.pop(sleutel):
                    rij.add_error(veld if veld in rij.fields else None, bericht)
            fouten_naar_formulier(
                form, fouten, {**TELEFOON_VELDEN, "client.": "client_", "client_": "client_"}
            )
        else:
            for waarschuwing in d.waarschuwingen:
                messages.warning(request, waarschuwing)
            messages.success(request, _("Opdracht %(nummer)s is ingevoerd.") % {"nummer": d.nummer})
            return redirect("dossiers:dossier", d.pk)
    fout = request.method == "POST" and (bool(form.errors) or (met_extra and any(f.errors for f in extra)))
    return render(
        request, "dossiers/telefonisch.html", {"form": form, "extra": extra}, status=400 if fout else 200
    )


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def wettelijke_rente(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = WettelijkeRenteForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means "no", nothing can be invalid
    vorderen = bool(form.cleaned_data.get("vorderen"))
    services.dossier_wettelijke_rente_zet(dossier=d, vorderen=vorderen, door=request.user)
    messages.success(
        request,
        _("Wettelijke rente wordt gevorderd.")
        if vorderen
        else _("Er wordt geen wettelijke rente gevorderd."),
    )
    return redirect("dossiers:achterstand", dossier_id=d.pk)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
@require_POST
def achterstand_pdf(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Queue the PDF "specificatie achterstand"; the worker stores it under Documenten (never rendered here)."""
    d = get_object_or_404(Dossier, pk=dossier_id)
    peildatum = timezone.localdate()
    transaction.on_commit(lambda: achterstand_pdf_maak.delay(d.pk, peildatum.isoformat(), request.user.pk))
    messages.success(request, _("De specificatie wordt gemaakt en verschijnt zo onder Documenten."))
    return redirect("dossiers:achterstand", dossier_id=d.pk)
