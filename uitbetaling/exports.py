"""The accountant's exports: one definition per kind, each a header plus a lazy row iterator.

Every query is a ``values_list`` read with ``.iterator(chunk_size=2000)``: the database cursor hands rows over
in chunks and nothing is collected in memory, so a year of journal lines streams in constant memory.
Amounts are Decimal; the dialect (``csv_export``) decides the decimal mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Q, Sum
from django.http import StreamingHttpResponse

from inning.models import Journaalregel, Kostenpost, Ontvangst, Toerekening
from recht.geld import NUL, rond_af

from .csv_export import DIALECTEN, csv_stroom
from .models import Uitbetaling

CHUNK = 2000

__all__ = ["EXPORTS", "Export", "export_response"]


@dataclass(frozen=True)
class Export:
    titel: str
    kop: list[str]
    rijen: Callable[[date, date], Iterator[tuple]]


def _ontvangsten(van: date, tot: date) -> Iterator[tuple]:
    qs = (
        Ontvangst.objects.filter(datum__gte=van, datum__lte=tot)
        .order_by("datum", "id")
        .values_list(
            "id",
            "datum",
            "bron",
            "bedrag",
            "status",
            "dossier__nummer",
            "bankregel__referentie",
            "bankregel__tegenrekening",
            "bankregel__tegenpartij",
            "omschrijving",
        )
    )
    yield from qs.iterator(chunk_size=CHUNK)


def _toerekeningen(van: date, tot: date) -> Iterator[tuple]:
    qs = (
        Toerekening.objects.filter(
            toewijzing__ontvangst__datum__gte=van, toewijzing__ontvangst__datum__lte=tot
        )
        .order_by("toewijzing__ontvangst__datum", "toewijzing_id", "id")
        .values_list(
            "toewijzing__ontvangst__datum",
            "toewijzing__ontvangst_id",
            "toewijzing__dossier__nummer",
            "soort",
            "vervaldatum",
            "omschrijving",
            "bedrag",
            "toewijzing__ongedaan_op",
        )
    )
    for datum, ontvangst, dossier, soort, verval, oms, bedrag, ongedaan in qs.iterator(chunk_size=CHUNK):
        yield datum, ontvangst, dossier, soort, verval, oms, bedrag, ongedaan is not None


def _provisie(van: date, tot: date) -> Iterator[tuple]:
    # Per journal entry: revenue and VAT lines (credit negative → shown positive; a reversal shows negative).
    qs = (
        Journaalregel.objects.filter(
            post__datum__gte=van,
            post__datum__lte=tot,
            rekening__code__in=["provisie_opbrengst", "btw_af_te_dragen"],
        )
        .values("post_id", "post__datum", "post__omschrijving", "post__bron_type", "post__bron_id")
        .annotate(
            excl=Sum("bedrag", filter=Q(rekening__code="provisie_opbrengst")),
            btw=Sum("bedrag", filter=Q(rekening__code="btw_af_te_dragen")),
        )
        .order_by("post__datum", "post_id")
        .values_list(
            "post__datum", "post_id", "post__omschrijving", "post__bron_type", "post__bron_id", "excl", "btw"
        )
    )
    for datum, post, oms, bron, bron_id, excl, btw in qs.iterator(chunk_size=CHUNK):
        excl, btw = rond_af(-(excl or NUL)), rond_af(-(btw or NUL))
        yield datum, post, oms, bron, bron_id, excl + btw, btw, excl


def _uitbetalingen(van: date, tot: date) -> Iterator[tuple]:
    qs = (
        Uitbetaling.objects.filter(geboekt_op__date__gte=van, geboekt_op__date__lte=tot)
        .order_by("geboekt_op", "id")
        .values_list(
            "geboekt_op",
            "batch__week",
            "end_to_end_id",
            "client_id",
            "naam",
            "iban",
            "bruto",
            "provisie_verrekend",
            "netto",
            "sepa_bestand__msg_id",
        )
    )
    yield from qs.iterator(chunk_size=CHUNK)


def _deurwaarderskosten(van: date, tot: date) -> Iterator[tuple]:
    qs = (
        Kostenpost.objects.filter(datum__gte=van, datum__lte=tot)
        .order_by("datum", "id")
        .values_list("datum", "id", "dossier__nummer", "omschrijving", "bedrag", "post_id")
    )
    yield from qs.iterator(chunk_size=CHUNK)


def _saldi(van: date, tot: date) -> Iterator[tuple]:
    """Client balances at ``tot`` (``van`` is not used: a balance is a point in time)."""
    qs = (
        Journaalregel.objects.filter(
            post__datum__lte=tot,
            rekening__client__isnull=False,
            rekening__code__in=["verschuldigd_aan_client", "provisie_te_verrekenen"],
        )
        .values("rekening__client_id", "rekening__client__naam")
        .annotate(
            schuld=Sum("bedrag", filter=Q(rekening__code="verschuldigd_aan_client")),
            provisie=Sum("bedrag", filter=Q(rekening__code="provisie_te_verrekenen")),
        )
        .order_by("rekening__client__naam", "rekening__client_id")
        .values_list("rekening__client_id", "rekening__client__naam", "schuld", "provisie")
    )
    for client_id, naam, schuld, provisie in qs.iterator(chunk_size=CHUNK):
        yield tot, client_id, naam, rond_af(-(schuld or NUL)), rond_af(provisie or NUL)


def _journaal(van: date, tot: date) -> Iterator[tuple]:
    qs = (
        Journaalregel.objects.filter(post__datum__gte=van, post__datum__lte=tot)
        .order_by("post__datum", "post_id", "id")
        .values_list(
            "post__datum",
            "post_id",
            "id",
            "post__omschrijving",
            "post__bron_type",
            "post__bron_id",
            "rekening__code",
            "rekening__dossier__nummer",
            "rekening__client_id",
            "bedrag",
            "post__tegenboeking_van_id",
        )
    )
    for datum, post, regel, oms, bron, bron_id, code, dossier, client, bedrag, tegen in qs.iterator(
        chunk_size=CHUNK
    ):
        debet = bedrag if bedrag > 0 else NUL
        credit = -bedrag if bedrag < 0 else NUL
        yield datum, post, regel, oms, bron, bron_id, code, dossier, client, debet, credit, tegen


EXPORTS: dict[str, Export] = {
    "ontvangsten": Export(
        "Ontvangsten",
        [
            "ontvangst",
            "datum",
            "bron",
            "bedrag",
            "status",
            "dossier",
            "bankreferentie",
            "tegenrekening",
            "tegenpartij",
            "omschrijving",
        ],
        _ontvangsten,
    ),
    "toerekeningen": Export(
        "Toerekeningen",
        ["datum", "ontvangst", "dossier", "soort", "vervaldatum", "omschrijving", "bedrag", "ongedaan"],
        _toerekeningen,
    ),
    "provisie": Export(
        "Provisie met btw",
        [
            "datum",
            "journaalpost",
            "omschrijving",
            "bron",
            "bron_id",
            "provisie_incl_btw",
            "btw",
            "provisie_excl_btw",
        ],
        _provisie,
    ),
    "uitbetalingen": Export(
        "Uitbetalingen",
        [
            "geboekt_op",
            "week",
            "end_to_end_id",
            "client",
            "naam",
            "iban",
            "bruto",
            "provisie_verrekend",
            "netto",
            "sepa_bericht",
        ],
        _uitbetalingen,
    ),
    "deurwaarderskosten": Export(
        "Deurwaarderskosten",
        ["datum", "kostenpost", "dossier", "omschrijving", "bedrag", "journaalpost"],
        _deurwaarderskosten,
    ),
    "saldi": Export(
        "Saldi cliënten per einddatum",
        ["peildatum", "client", "naam", "verschuldigd_aan_client", "provisie_te_verrekenen"],
        _saldi,
    ),
    "journaal": Export(
        "Journaal",
        [
            "datum",
            "journaalpost",
            "regel",
            "omschrijving",
            "bron",
            "bron_id",
            "rekening",
            "dossier",
            "client",
            "debet",
            "credit",
            "tegenboeking_van",
        ],
        _journaal,
    ),
}


def export_response(*, soort: str, van: date, tot: date, dialect: str) -> StreamingHttpResponse:
    export = EXPORTS[soort]
    d = DIALECTEN[dialect]
    if soort == "journaal" and connection.vendor == "postgresql":
        from .export_journaal import journaal_stroom  # the same bytes, formatted by the database

        inhoud = journaal_stroom(kop=export.kop, van=van, tot=tot, dialect=d)
    else:
        inhoud = csv_stroom(kop=export.kop, rijen=export.rijen(van, tot), dialect=d)
    response = StreamingHttpResponse(inhoud, content_type="text/csv; charset=utf-8")
    naam = f"{soort}_{van:%Y%m%d}-{tot:%Y%m%d}_{d.naam}.csv"
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    response["Cache-Control"] = "no-store"
    return response
