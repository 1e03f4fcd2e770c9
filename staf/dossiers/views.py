"""Staff pages: the work queue (home), the dossier list with its bulk actions, and the dossier page with its
tabs. The forms on those pages post to ``staf.dossiers.acties``.

Views only parse input, check access (`staff_required`), call a selector or service and render. Every
view of a dossier is logged in DossierInzage (privacy audit).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL, is_staff_rol
from dossiers import selectors, services
from dossiers.bulk import dossiers_casemanager_wijs_toe, dossiers_volgende_actie_zet
from dossiers.documenten import document_response
from dossiers.models import Bericht, Document, Dossier
from dossiers.wijzigingen import dossier_wijzigingen
from incasso import selectors as incasso_selectors
from inning import selectors as inning_selectors
from inning.achterstand import dossier_achterstand_specificatie
from inning.achterstand_pdf import achterstand_pdf_context
from staf.dossiers.forms import (
    AccepteerForm,
    BerichtForm,
    BulkForm,
    DocumentForm,
    DossierFilterForm,
    NotitieForm,
    StatusForm,
    TaakForm,
    TelefoonnotitieForm,
    VolgendeActieForm,
    WeigerForm,
    WettelijkeRenteForm,
)

TABS = (
    ("overzicht", "dossiers:dossier", "Overzicht"),
    ("partijen", "dossiers:partijen", "Partijen"),
    ("titel", "dossiers:titel", "Titel en verplichtingen"),
    ("achterstand", "dossiers:achterstand", "Achterstand"),
    ("tijdlijn", "dossiers:tijdlijn", "Tijdlijn"),
    ("documenten", "dossiers:documenten", "Documenten"),
    ("taken", "dossiers:taken", "Taken en berichten"),
    ("wijzigingen", "dossiers:wijzigingen", "Wijzigingen"),
)


# The work queue's section "Van de debiteur": each source returns at most WERKVOORRAAD_MAX rows, oldest first,
# as dicts {"dossier_id", "dossiernummer", "soort", "omschrijving", "sinds": datetime, "url"} in one query;
# the rows are merged and sorted here. With "Alleen mijn dossiers" each source gets ``casemanager_id`` and keeps
# only dossiers of that case manager.
VAN_DE_DEBITEUR = [
    selectors.debiteurvragen_voor_werkvoorraad,  # disputes and questions (dossiers.DebiteurVraag)
    inning_selectors.debiteur_meldingen_voor_werkvoorraad,  # direct payments waiting for the client
    incasso_selectors.regelingvoorstellen_voor_werkvoorraad,  # the debtor's arrangement proposals
]


def van_de_debiteur(vandaag, *, casemanager_id: int | None = None) -> list[dict]:
    rijen = sorted(
        (rij for bron in VAN_DE_DEBITEUR for rij in bron(casemanager_id=casemanager_id)),
        key=lambda r: (r["sinds"], r["dossier_id"]),
    )[: selectors.WERKVOORRAAD_MAX]
    for rij in rijen:
        rij["leeftijd"] = (vandaag - timezone.localdate(rij["sinds"])).days
    return rijen


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def home(request: HttpRequest) -> HttpResponse:
    alleen_eigen = request.GET.get("mijn") == "1"
    context = selectors.werkvoorraad(gebruiker=request.user, alleen_eigen=alleen_eigen)
    context["alleen_eigen"] = alleen_eigen
    context["van_de_debiteur"] = van_de_debiteur(
        context["vandaag"], casemanager_id=request.user.pk if alleen_eigen else None
    )
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
        # the debtor's open disputes and questions: a banner on every tab (a dispute is not paused by itself)
        "debiteur_open": selectors.debiteurvragen_open(dossier.pk),
    }


def _render_tab(
    request, dossier_id: int, tab: str, extra: dict | None = None, status: int = 200, dossier=None
) -> HttpResponse:
    context = _dossier_context(request, dossier_id, tab, dossier)
    context.update(extra or {})
    return render(request, f"dossiers/dossier_{tab}.html", context, status=status)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    return overzicht_tab(request, dossier_id)


def overzicht_tab(request, dossier_id, **forms) -> HttpResponse:
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
        "recent": d.tijdlijn.select_related("door")[:8],
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
    pagina = Paginator(d.tijdlijn.select_related("door", "document"), 50).get_page(request.GET.get("pagina"))
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


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def achterstand(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """The arrears statement, computed fresh from obligations and payments on every view."""
    d = get_object_or_404(Dossier, pk=dossier_id)
    context = {
        "achterstand": achterstand_pdf_context(dossier_achterstand_specificatie(dossier=d)),
        "rente_form": WettelijkeRenteForm(initial={"vorderen": d.wettelijke_rente}),
    }
    return _render_tab(request, dossier_id, "achterstand", context)


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def wijzigingen(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Who changed which field of the parties, titles, obligations and consents, when, from what to what."""
    d = selectors.dossier_voor_staf(dossier_id=dossier_id)
    rijen = dossier_wijzigingen(dossier_id=d.pk, iban_volledig=is_staff_rol(request.user))
    pagina = Paginator(rijen, 100).get_page(request.GET.get("pagina"))
    return _render_tab(request, dossier_id, "wijzigingen", {"pagina": pagina}, dossier=d)
