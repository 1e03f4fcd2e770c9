"""The "specificatie achterstand" as a PDF (WeasyPrint): the dossier's arrears statement per termijn.

Amounts in the Dutch form (``recht.geld.euro``: € 1.234,56), dates written out in Dutch (``2 april 2026``).
Rendering takes ~100 ms a page: call it from a Celery task (ARCHITECTURE: never inside a request or a
database transaction); the function itself only reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from dossiers.models import Dossier
from inning.achterstand import AchterstandSpecificatie, dossier_achterstand_specificatie
from recht.geld import euro
from recht.termijnen import MAANDEN

__all__ = ["achterstand_pdf", "achterstand_pdf_context", "datum_voluit"]

TEMPLATE = "inning/specificatie_achterstand.html"


def datum_voluit(d: date) -> str:
    """``2 april 2026``: the way a Dutch letter writes a date (independent of the active locale)."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def toerekeningsregel(aanwijzing: tuple[int, int] | None, *, bediend: bool = True) -> str:
    """How a payment was allocated, in words (art. 6:43 BW): to the month the debtor named (when a termijn of
    that month was still open, ``bediend``), or oldest first."""
    if aanwijzing is None or not bediend:
        return "oudste termijn eerst (art. 6:43 lid 2 BW)"
    return f"aangewezen: {MAANDEN[aanwijzing[1] - 1]} {aanwijzing[0]} eerst (art. 6:43 lid 1 BW)"


def _bediende_aanwijzingen(spec: AchterstandSpecificatie) -> set[tuple[date, tuple[int, int]]]:
    """(payment date, month) of every periodic termijn that received a part of a payment on that date: a
    designation of that month on that date was honoured."""
    return {
        (d, (t.vervaldatum.year, t.vervaldatum.month))
        for t in spec.overzicht.termijnen
        if t.verplichting is not None
        for d, _ in t.toegerekend
    }


def achterstand_pdf_context(spec: AchterstandSpecificatie) -> dict[str, Any]:
    """The template context with every amount and date already formatted."""
    o = spec.overzicht
    t = o.totaal
    bediend = _bediende_aanwijzingen(spec)
    return {
        "dossier": spec.dossier,
        "peildatum": datum_voluit(o.peildatum),
        "onbevestigd": spec.onbevestigd,
        "voorlopig": spec.voorlopig,
        "wettelijke_rente": None if spec.wettelijke_rente is None else euro(spec.wettelijke_rente),
        "rente_betaald": None if spec.rente_betaald is None else euro(spec.rente_betaald),
        "rente_open": None if spec.rente_open is None else euro(spec.rente_open),
        "termijnen": [
            {
                "vervaldatum": datum_voluit(s.vervaldatum),
                "omschrijving": s.omschrijving,
                "bedrag": euro(s.bedrag),
                "betaald": euro(s.betaald),
                "open": euro(s.open),
                "indexering": euro(s.indexering_open),
                "verjaard": s.verjaard,
                "verjaringseinde": datum_voluit(s.verjaringseinde),
                "voorlopig": s.voorlopig,
            }
            for s in o.termijnen
        ],
        "betalingen": [
            {
                "datum": datum_voluit(b.datum),
                "bedrag": euro(b.bedrag),
                "regel": toerekeningsregel(b.aanwijzing, bediend=(b.datum, b.aanwijzing) in bediend),
            }
            for b in o.betalingen
        ],
        "totaal": {
            "verschuldigd": euro(t.verschuldigd),
            "betaald": euro(t.betaald),
            "open": euro(t.open),
            "verjaard": euro(t.verjaard),
            "teveel_betaald": euro(t.teveel_betaald),
            "waarvan_indexering": euro(t.waarvan_indexering),
            "heeft_verjaard": t.verjaard > 0,
            "heeft_teveel": t.teveel_betaald > 0,
        },
    }


def achterstand_html(*, dossier: Dossier, peildatum: date | None = None) -> str:
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=peildatum)
    with translation.override("nl"):
        return render_to_string(TEMPLATE, achterstand_pdf_context(spec))


def achterstand_pdf(*, dossier: Dossier, peildatum: date | None = None) -> bytes:
    """The PDF bytes of the arrears specification of ``dossier`` on ``peildatum`` (default today)."""
    from weasyprint import HTML  # heavy import: only where a PDF is made

    return HTML(string=achterstand_html(dossier=dossier, peildatum=peildatum)).write_pdf()


def achterstand_pdf_opslaan(*, dossier_id: int, peildatum: date, door_id: int | None = None) -> int:
    """Render the specification and store it as a dossier document (staff only), once per dossier per day.

    Called from a Celery task: the PDF is rendered outside any request and outside the transaction that
    stores it. Returns the document id.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from accounts.models import User
    from dossiers.documenten import document_opslaan
    from dossiers.models import Document, TijdlijnGebeurtenis
    from dossiers.services import tijdlijn_voeg_toe

    sleutel = f"specificatie:{peildatum.isoformat()}"
    dossier = Dossier.objects.get(pk=dossier_id)
    bestaand = (
        TijdlijnGebeurtenis.objects.filter(dossier=dossier, sleutel=sleutel)
        .select_related("document")
        .first()
    )
    if bestaand is not None and bestaand.document_id:
        return bestaand.document_id
    inhoud = achterstand_pdf(dossier=dossier, peildatum=peildatum)
    naam = f"specificatie-achterstand-{dossier.nummer}-{peildatum.isoformat()}.pdf"
    door = User.objects.filter(pk=door_id).first() if door_id else None
    with transaction.atomic():
        document = document_opslaan(
            bestand=SimpleUploadedFile(naam, inhoud, content_type="application/pdf"),
            soort=Document.Soort.SPECIFICATIE,
            dossier=dossier,
            geupload_door=door,
            zichtbaar_voor_client=False,
        )
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.DOCUMENT,
            tekst=f"Specificatie achterstand per {peildatum:%d-%m-%Y} gemaakt.",
            door=door,
            intern=True,
            document=document,
            sleutel=sleutel,
        )
    return document.pk
