"""Staff pages: the work queue (home), the dossier list, the dossier page with tabs, and the actions.

Views only parse input, check access (`staff_required`), call a selector or service and render. Every
view of a dossier is logged in DossierInzage (privacy audit).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from dossiers import selectors, services
from dossiers.bulk import dossiers_casemanager_wijs_toe, dossiers_volgende_actie_zet
from dossiers.documenten import document_opslaan, document_response
from dossiers.iban import client_iban_wijzig
from dossiers.models import Bericht, Client, Document, Dossier, Taak
from incasso import services as incasso_services
from staf.dossiers.forms import (
    TELEFOON_VELDEN,
    AccepteerForm,
    BerichtForm,
    BulkForm,
    DocumentForm,
    DossierFilterForm,
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

TABS = (
    ("overzicht", "dossiers:dossier", "Overzicht"),
    ("partijen", "dossiers:partijen", "Partijen"),
    ("titel", "dossiers:titel", "Titel en verplichtingen"),
    ("achterstand", "dossiers:achterstand", "Achterstand"),
    ("tijdlijn", "dossiers:tijdlijn", "Tijdlijn"),
    ("documenten", "dossiers:documenten", "Documenten"),
    ("taken", "dossiers:taken", "Taken en berichten"),
)


def _fouten_op_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for veld, lijst in exc.message_dict.items():
            for bericht in lijst:
                form.add_error(veld if veld in form.fields else None, bericht)
    else:
        for bericht in exc.messages:
            form.add_error(None, bericht)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def home(request: HttpRequest) -> HttpResponse:
    alleen_eigen = request.GET.get("mijn") == "1"
    context = selectors.werkvoorraad(gebruiker=request.user, alleen_eigen=alleen_eigen)
    context["alleen_eigen"] = alleen_eigen
    return render(request, "dossiers/home.html", context)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def lijst(request: HttpRequest, bulk_form: BulkForm | None = None) -> HttpResponse:
    form = DossierFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sorteer = filters.get("sorteer", "")
    qs = selectors.dossiers_zoek(
        status=filters.get("status", ""),
        casemanager=filters.get("casemanager", ""),
        land=filters.get("land", ""),
        titel=filters.get("titel", ""),
        stagnant=filters.get("stagnant", False),
        zoek=filters.get("zoek", ""),
        te_laat=filters.get("te_laat", False),
        sorteer=sorteer,
    )
    pagina = Paginator(qs, filters.get("per_pagina") or 25).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    zonder_sortering = params.copy()
    zonder_sortering.pop("sorteer", None)
    kolommen = [
        (naam, label, "-" + naam if sorteer == naam else naam, _aria_sort(sorteer, naam))
        for naam, label in (
            ("nummer", _("Dossier")),
            ("status", _("Status")),
            ("client", _("Cliënt")),
            ("debiteur", _("Debiteur")),
            ("casemanager", _("Casemanager")),
            ("actie", _("Volgende actie")),
        )
    ]
    return render(
        request,
        "dossiers/lijst.html",
        {
            "form": form,
            "pagina": pagina,
            "querystring": params.urlencode(),
            "sorteer_querystring": zonder_sortering.urlencode(),
            "kolommen": kolommen,
            "vandaag": timezone.localdate(),
            "bulk_form": bulk_form
            or BulkForm(
                casemanager_keuzes=[(k, v) for k, v in form.fields["casemanager"].choices if k.isdigit()]
            ),
        },
        status=400 if bulk_form else 200,
    )


def _aria_sort(sorteer: str, naam: str) -> str:
    if sorteer == naam:
        return "ascending"
    return "descending" if sorteer == f"-{naam}" else ""


@staff_required("casemanager", "beheerder")
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign a case manager or set a next action on the dossiers ticked in the list."""
    ids = [int(i) for i in request.POST.getlist("dossiers") if i.isdigit()]
    form = BulkForm(request.POST, dossier_ids=ids)
    terug = reverse("dossiers:lijst") + ("?" + request.POST["terug"] if request.POST.get("terug") else "")
    if not form.is_valid():
        return lijst(request, bulk_form=form)
    data = form.cleaned_data
    try:
        if data["actie"] == "toewijzen":
            cm = selectors.casemanagers().get(pk=int(data["casemanager"]))
            n = dossiers_casemanager_wijs_toe(dossier_ids=data["dossiers"], casemanager=cm, door=request.user)
            messages.success(
                request, _("%(n)s dossier(s) toegewezen aan %(naam)s.") % {"n": n, "naam": cm.get_full_name()}
            )
        else:
            n = dossiers_volgende_actie_zet(
                dossier_ids=data["dossiers"],
                actie=data["volgende_actie"],
                datum=data["datum"],
                door=request.user,
            )
            messages.success(request, _("Volgende actie gezet op %(n)s dossier(s).") % {"n": n})
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    return redirect(terug)


def _dossier_context(request: HttpRequest, dossier_id: int, tab: str, dossier: Dossier | None = None) -> dict:
    dossier = dossier or selectors.dossier_voor_staf(dossier_id=dossier_id)
    services.dossier_inzage_log(dossier=dossier, gebruiker=request.user, pagina=tab)
    titels = list(dossier.titels.all())
    vandaag = timezone.localdate()
    return {
        "dossier": dossier,
        "tab": tab,
        "tabs": [(naam, reverse(url, args=[dossier.pk]), _(label)) for naam, url, label in TABS],
        "titels": titels,
        "vandaag": vandaag,
        "actie_te_laat": bool(dossier.volgende_actie_datum and dossier.volgende_actie_datum < vandaag),
    }


def _render_tab(
    request, dossier_id: int, tab: str, extra: dict | None = None, status: int = 200, dossier=None
) -> HttpResponse:
    context = _dossier_context(request, dossier_id, tab, dossier)
    context.update(extra or {})
    return render(request, f"dossiers/dossier_{tab}.html", context, status=status)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return _overzicht(request, dossier_id)


def _overzicht(request, dossier_id, **forms) -> HttpResponse:
    # the page's dossier with its parties, read once for the panel and the header
    d = selectors.dossier_voor_staf(dossier_id=dossier_id)
    verplichtingen = list(d.verplichtingen.all())
    extra = {
        "accepteer_form": forms.get("accepteer_form") or AccepteerForm(),
        "weiger_form": forms.get("weiger_form") or WeigerForm(),
        "actie_form": forms.get("actie_form")
        or VolgendeActieForm(initial={"actie": d.volgende_actie, "datum": d.volgende_actie_datum}),
        "status_form": forms.get("status_form") or StatusForm(dossier=d),
        "notitie_form": forms.get("notitie_form") or NotitieForm(),
        "telefoon_form": forms.get("telefoon_form") or TelefoonnotitieForm(),
        "recent": d.tijdlijn.select_related("actor")[:8],
        "verplichtingen": verplichtingen,
        "totaal_per_maand": sum((v.bedrag for v in verplichtingen), Decimal("0.00")),
    }
    return _render_tab(request, dossier_id, "overzicht", extra, status=400 if forms else 200, dossier=d)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def partijen(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return _render_tab(request, dossier_id, "partijen")


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def titel(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    return _render_tab(
        request,
        dossier_id,
        "titel",
        {"verplichtingen": d.verplichtingen.all(), "eenmalig": d.eenmalige_vorderingen.all()},
    )


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def tijdlijn(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    pagina = Paginator(d.tijdlijn.select_related("actor", "document"), 50).get_page(request.GET.get("pagina"))
    return _render_tab(request, dossier_id, "tijdlijn", {"pagina": pagina})


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def documenten(request: HttpRequest, dossier_id: int, document_form=None) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    return _render_tab(
        request,
        dossier_id,
        "documenten",
        {
            "documenten": d.documenten.select_related("geupload_door"),
            "document_form": document_form or DocumentForm(),
        },
        status=400 if document_form else 200,
    )


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def taken(request: HttpRequest, dossier_id: int, taak_form=None, bericht_form=None) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    berichten = list(Bericht.objects.filter(dossier=d).select_related("afzender"))
    services.berichten_gelezen_markeer(dossier=d, door=request.user)
    return _render_tab(
        request,
        dossier_id,
        "taken",
        {
            "open_taken": d.taken.filter(afgerond_op__isnull=True).select_related("toegewezen_aan"),
            "afgeronde_taken": d.taken.filter(afgerond_op__isnull=False).select_related("toegewezen_aan"),
            "berichten": berichten,
            "taak_form": taak_form or TaakForm(),
            "bericht_form": bericht_form or BerichtForm(),
        },
        status=400 if (taak_form or bericht_form) else 200,
    )


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def document(request: HttpRequest, dossier_id: int, document_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    doc = get_object_or_404(Document, pk=document_id, dossier=d)
    services.dossier_inzage_log(dossier=d, gebruiker=request.user, pagina=f"document:{doc.pk}")
    return document_response(doc)


# --- Actions (POST) ----------------------------------------------------------------------------------------


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
            _fouten_op_form(form, exc)
        else:
            messages.success(request, _("Opdracht %(nummer)s is geaccepteerd.") % {"nummer": d.nummer})
            return redirect("dossiers:dossier", d.pk)
    return _overzicht(request, dossier_id, accepteer_form=form)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def weiger(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = WeigerForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_weiger(dossier=d, door=request.user, reden=form.cleaned_data["reden"])
        except ValidationError as exc:
            _fouten_op_form(form, exc)
        else:
            messages.success(request, _("Opdracht %(nummer)s is geweigerd.") % {"nummer": d.nummer})
            return redirect("dossiers:dossier", d.pk)
    return _overzicht(request, dossier_id, weiger_form=form)


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
            _fouten_op_form(form, exc)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("dossiers:dossier", d.pk)
    return _overzicht(request, dossier_id, status_form=form)


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
            _fouten_op_form(form, exc)
        else:
            messages.success(request, _("De volgende actie is bijgewerkt."))
            return redirect("dossiers:dossier", d.pk)
    return _overzicht(request, dossier_id, actie_form=form)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
@require_POST
def notitie(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = NotitieForm(request.POST)
    if form.is_valid():
        services.notitie_maak(dossier=d, tekst=form.cleaned_data["tekst"], door=request.user)
        messages.success(request, _("De notitie is toegevoegd."))
        return redirect("dossiers:dossier", d.pk)
    return _overzicht(request, dossier_id, notitie_form=form)


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
    return _overzicht(request, dossier_id, telefoon_form=form)


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
    services.taak_afronden(taak=taak, door=request.user)
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
            with transaction.atomic():
                doc = document_opslaan(
                    bestand=c["bestand"],
                    soort=c["soort"],
                    dossier=d,
                    geupload_door=request.user,
                    zichtbaar_voor_client=c["zichtbaar_voor_client"],
                )
                services.tijdlijn_voeg_toe(
                    dossier=d,
                    soort="document",
                    tekst=_("Document toegevoegd: %(naam)s") % {"naam": doc.naam},
                    actor=request.user,
                    document=doc,
                    intern=not doc.zichtbaar_voor_client,
                    sleutel=f"document:{doc.pk}",
                )
        except ValidationError as exc:
            _fouten_op_form(form, exc)
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
            d = _telefonische_opdracht_registreer(request, form, [f.gegevens() for f in rijen])
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
            messages.success(request, _("Opdracht %(nummer)s is ingevoerd.") % {"nummer": d.nummer})
            return redirect("dossiers:dossier", d.pk)
    fout = request.method == "POST" and (bool(form.errors) or (met_extra and any(f.errors for f in extra)))
    return render(
        request, "dossiers/telefonisch.html", {"form": form, "extra": extra}, status=400 if fout else 200
    )


@transaction.atomic
def _telefonische_opdracht_registreer(
    request, form: TelefonischeOpdrachtForm, extra_verplichtingen: list[dict]
) -> Dossier:
    c = form.cleaned_data
    client = Client.objects.filter(email__iexact=c["client_email"]).order_by("id").first()
    if client is not None and c["client_iban"]:
        # A known client naming another payout account by phone: the one IBAN service, so the hold starts.
        try:
            client = client_iban_wijzig(
                client=client,
                iban=c["client_iban"],
                tenaamstelling=c["client_tenaamstelling"] or client.uitbetaal_tenaamstelling,
                door=request.user,
            )
        except ValidationError as exc:
            raise ValidationError({"client_iban": exc.message_dict["uitbetaal_iban"]}) from exc
    if client is None:
        try:
            client = services.client_maak(
                naam=c["client_naam"],
                email=c["client_email"],
                telefoon=c["client_telefoon"],
                straat=c["client_straat"],
                postcode=c["client_postcode"],
                woonplaats=c["client_woonplaats"],
                uitbetaal_iban=c["client_iban"],
                uitbetaal_tenaamstelling=c["client_tenaamstelling"],
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"client_{k}" if k != "uitbetaal_iban" else "client_iban": v
                    for k, v in exc.message_dict.items()
                }
            ) from exc
    scan = None
    if c.get("titel_scan"):
        scan = document_opslaan(
            bestand=c["titel_scan"], soort=Document.Soort.TITEL, dossier=None, geupload_door=request.user
        )
    gegevens = form.opdracht_gegevens(extra_verplichtingen)
    dossier = services.opdracht_registreer(
        client=client,
        kanaal="telefoon",
        ingevoerd_door=request.user,
        voorwaarden_versie="telefonisch-2026-1",
        titel_document=scan,
        **gegevens,
    )
    for w in getattr(dossier, "waarschuwingen", []):
        messages.warning(request, w)
    return dossier


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def achterstand(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """The arrears statement, computed fresh from obligations and payments on every view."""
    from inning.achterstand import dossier_achterstand_specificatie
    from inning.achterstand_pdf import achterstand_pdf_context

    d = get_object_or_404(Dossier, pk=dossier_id)
    context = {
        "achterstand": achterstand_pdf_context(dossier_achterstand_specificatie(dossier=d)),
        "rente_form": WettelijkeRenteForm(initial={"vorderen": d.wettelijke_rente}),
    }
    return _render_tab(request, dossier_id, "achterstand", context)


@staff_required(CASEMANAGER, BEHEERDER)
@require_POST
def wettelijke_rente(request: HttpRequest, dossier_id: int) -> HttpResponse:
    d = get_object_or_404(Dossier, pk=dossier_id)
    form = WettelijkeRenteForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means "no", nothing can be invalid
    vorderen = bool(form.cleaned_data.get("vorderen"))
    services.dossier_wettelijke_rente_zet(dossier=d, vorderen=vorderen, actor=request.user)
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
    from inning.tasks import achterstand_pdf_maak

    d = get_object_or_404(Dossier, pk=dossier_id)
    peildatum = timezone.localdate()
    transaction.on_commit(lambda: achterstand_pdf_maak.delay(d.pk, peildatum.isoformat(), request.user.pk))
    messages.success(request, _("De specificatie wordt gemaakt en verschijnt zo onder Documenten."))
    return redirect("dossiers:achterstand", dossier_id=d.pk)
