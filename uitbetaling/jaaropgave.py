"""The yearly statement ("jaaropgave") for the tax return, made every January for the year before.

A client gets one statement over all their dossiers: what came in for them in the year, split by what the
allocation (``inning.models.Toerekening``) paid: kinderalimentatie, partneralimentatie, one-off claims,
statutory interest, bailiff costs, prepayment not yet allocated; via the agency and paid to them directly
(confirmed direct payments) apart. Then the commission and its VAT, and what was paid out to them.
A debtor gets one statement per dossier: what they paid in the year per kind, to the agency, and the direct
payments to the client that were confirmed in the year, listed separately.

Which year a receipt belongs to: the receipt's date (``Ontvangst.datum``), as allocated by its live match;
an undone match or a reversed receipt does not count. Commission and VAT are the figures booked with each
receipt (``Toewijzing.provisie``/``btw``, the same ones the payout specification and the commission invoices
add up, ``uitbetaling.factuur_btw``): never recomputed on a total. The year's invoices are listed with their
own figures. Paid out: the payouts booked in the year.

Flow: ``jaaropgaven_maak`` writes one row per recipient (unique per recipient and year, so running it again
adds nothing) and queues ``jaaropgave_pdf_maak`` per row; that renders the PDF outside any transaction,
stores it once, and places the e-mail once (outbox key ``jaaropgave:<id>``). A debtor without an e-mail
address gets the statement as a letter stored on the dossier. The PDF of one party never shows the address
or IBAN of the other party.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from dossiers.models import Client, Document, Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from incasso.outbox import email_plaats
from inning.models import DirecteBetaling, Ontvangst, Toerekening, Toewijzing
from nlai.pdf import pdf_render
from recht.geld import NUL, euro
from recht.termijnen import SOORT_LABELS

from .models import Factuur, Jaaropgave, Uitbetaling
from .tasks import jaaropgave_pdf_maak as jaaropgave_pdf_maak_task

__all__ = [
    "BELASTING_ZIN",
    "KINDER",
    "PARTNER",
    "SOORTEN",
    "jaaropgave_cijfers_client",
    "jaaropgave_cijfers_debiteur",
    "jaaropgave_pdf_maak",
    "jaaropgave_verstuur",
    "jaaropgaven_client",
    "jaaropgaven_maak",
]

BELASTING_ZIN = (
    "Partneralimentatie is voor de ontvanger belast en voor de betaler aftrekbaar; de kinderalimentatie niet."
)

# The rows of the table, in this order; a row other than the two alimony kinds is shown only when non-zero.
KINDER, PARTNER, EENMALIG, RENTE, KOSTEN, VOORUIT = (
    "kinderalimentatie",
    "partneralimentatie",
    "eenmalig",
    "rente",
    "kosten",
    "vooruit",
)
SOORTEN = {
    KINDER: "Kinderalimentatie",
    PARTNER: "Partneralimentatie",
    EENMALIG: "Eenmalige vorderingen",
    RENTE: "Wettelijke rente",
    KOSTEN: "Kosten (deurwaarder)",
    VOORUIT: "Vooruitbetaald, nog niet aan een termijn toegerekend",
}
_ALTIJD = (KINDER, PARTNER)


def _soort(toerekening_soort: str, omschrijving: str) -> str:
    """The row an allocated part belongs to. A termijn of an obligation is described "<Kind label> ...",
    built from the obligation's kind (``recht.termijnen``); any other termijn is a one-off claim."""
    if toerekening_soort == Toerekening.Soort.TERMIJN:
        for soort, label in SOORT_LABELS.items():
            if omschrijving.startswith(f"{label} "):
                return soort
        return EENMALIG
    return {Toerekening.Soort.RENTE: RENTE, Toerekening.Soort.KOSTEN: KOSTEN}.get(toerekening_soort, VOORUIT)


@dataclass
class Verdeling:
    """Amounts per row kind (``SOORTEN``)."""

    bedragen: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: NUL))

    def tel(self, soort: str, bedrag: Decimal) -> None:
        self.bedragen[soort] += bedrag

    def get(self, soort: str) -> Decimal:
        return self.bedragen.get(soort, NUL)

    @property
    def totaal(self) -> Decimal:
        return sum(self.bedragen.values(), NUL)


@dataclass
class DossierRegel:
    dossier: Dossier
    via_bureau: Verdeling = field(default_factory=Verdeling)
    direct: Verdeling = field(default_factory=Verdeling)


@dataclass
class ClientCijfers:
    client: Client
    jaar: int
    via_bureau: Verdeling
    direct: Verdeling
    dossiers: list[DossierRegel]
    provisie: Decimal  # commission incl. VAT booked on the year's receipts (bank and direct)
    btw: Decimal  # of which VAT
    voor_client: Decimal  # the client's share of the year's receipts via the agency, after commission
    uitbetaald: Decimal  # the payouts booked in the year (transferred)
    verrekend: Decimal  # commission set off against those payouts
    facturen: list[Factuur]


@dataclass
class DebiteurCijfers:
    dossier: Dossier
    jaar: int
    via_bureau: Verdeling
    direct: Verdeling
    directe_betalingen: list[tuple[date, Decimal]]  # (payment date, amount), confirmed in the year


def _jaar_bereik(jaar: int) -> tuple[date, date]:
    return date(jaar, 1, 1), date(jaar, 12, 31)


def _toerekeningen(jaar: int) -> QuerySet[Toerekening]:
    """The allocated parts of the year's receipts, by receipt date, of live matches only."""
    return Toerekening.objects.filter(
        toewijzing__ongedaan_op__isnull=True,
        toewijzing__ontvangst__status=Ontvangst.Status.GEMATCHT,
        toewijzing__ontvangst__datum__range=_jaar_bereik(jaar),
    )


# --- Selectors -------------------------------------------------------------------------------------------


def jaaropgave_cijfers_client(*, client: Client, jaar: int) -> ClientCijfers:
    dossiers = {d.pk: DossierRegel(d) for d in client.dossiers.select_related("debiteur").order_by("nummer")}
    via, direct = Verdeling(), Verdeling()
    rijen = (
        _toerekeningen(jaar)
        .filter(toewijzing__dossier__client=client)
        .order_by("id")
        .values_list(
            "toewijzing__dossier_id", "toewijzing__ontvangst__bron", "soort", "omschrijving", "bedrag"
        )
    )
    for dossier_id, bron, soort, omschrijving, bedrag in rijen:
        rij = _soort(soort, omschrijving)
        regel = dossiers[dossier_id]
        if bron == Ontvangst.Bron.DIRECT:
            direct.tel(rij, bedrag)
            regel.direct.tel(rij, bedrag)
        else:
            via.tel(rij, bedrag)
            regel.via_bureau.tel(rij, bedrag)
    toewijzingen = Toewijzing.objects.filter(
        dossier__client=client,
        ongedaan_op__isnull=True,
        ontvangst__status=Ontvangst.Status.GEMATCHT,
        ontvangst__datum__range=_jaar_bereik(jaar),
    ).aggregate(
        provisie=Sum("provisie"),
        btw=Sum("btw"),
        voor_client=Sum("naar_client", filter=~Q(ontvangst__bron=Ontvangst.Bron.DIRECT)),
    )
    uitbetaald = Uitbetaling.objects.filter(
        client=client, status=Uitbetaling.Status.GEBOEKT, geboekt_op__year=jaar
    ).aggregate(netto=Sum("netto"), verrekend=Sum("provisie_verrekend"))
    return ClientCijfers(
        client=client,
        jaar=jaar,
        via_bureau=via,
        direct=direct,
        dossiers=[r for r in dossiers.values() if r.via_bureau.totaal or r.direct.totaal],
        provisie=toewijzingen["provisie"] or NUL,
        btw=toewijzingen["btw"] or NUL,
        voor_client=toewijzingen["voor_client"] or NUL,
        uitbetaald=uitbetaald["netto"] or NUL,
        verrekend=uitbetaald["verrekend"] or NUL,
        facturen=list(
            Factuur.objects.filter(client=client, datum__range=_jaar_bereik(jaar))
            .exclude(status=Factuur.Status.VERVALLEN)
            .order_by("datum", "id")
        ),
    )


def jaaropgave_cijfers_debiteur(*, dossier: Dossier, jaar: int) -> DebiteurCijfers:
    """What the debtor paid on ``dossier``: to the agency by receipt date in ``jaar``; directly to the client
    when the agency confirmed the payment in ``jaar`` (whatever its own date), listed apart."""
    via, direct = Verdeling(), Verdeling()
    for soort, omschrijving, bedrag in (
        _toerekeningen(jaar)
        .filter(toewijzing__dossier=dossier)
        .exclude(toewijzing__ontvangst__bron=Ontvangst.Bron.DIRECT)
        .values_list("soort", "omschrijving", "bedrag")
    ):
        via.tel(_soort(soort, omschrijving), bedrag)
    bevestigd = DirecteBetaling.objects.filter(
        dossier=dossier, status=DirecteBetaling.Status.BEVESTIGD, beoordeeld_op__year=jaar
    ).order_by("datum", "id")
    for soort, omschrijving, bedrag in Toerekening.objects.filter(
        toewijzing__ongedaan_op__isnull=True,
        toewijzing__ontvangst__status=Ontvangst.Status.GEMATCHT,
        toewijzing__ontvangst__directe_betaling__in=bevestigd,
    ).values_list("soort", "omschrijving", "bedrag"):
        direct.tel(_soort(soort, omschrijving), bedrag)
    return DebiteurCijfers(
        dossier=dossier,
        jaar=jaar,
        via_bureau=via,
        direct=direct,
        directe_betalingen=[(d.datum, d.bedrag) for d in bevestigd],
    )


def jaaropgaven_client(*, client: Client) -> QuerySet[Jaaropgave]:
    """The client's own statements (the portal list)."""
    return Jaaropgave.objects.filter(ontvanger=Jaaropgave.Ontvanger.CLIENT, client=client).order_by("-jaar")


def _ontvangers(jaar: int) -> tuple[set[int], set[int]]:
    """(client ids, dossier ids) that get a statement for ``jaar``: a client with a receipt or a booked
    payout in the year; a dossier whose debtor paid the agency in the year or had a direct payment
    confirmed in it."""
    live = Toewijzing.objects.filter(
        ongedaan_op__isnull=True,
        ontvangst__status=Ontvangst.Status.GEMATCHT,
        ontvangst__datum__range=_jaar_bereik(jaar),
    )
    clients = set(live.values_list("dossier__client_id", flat=True).distinct())
    clients |= set(
        Uitbetaling.objects.filter(status=Uitbetaling.Status.GEBOEKT, geboekt_op__year=jaar)
        .values_list("client_id", flat=True)
        .distinct()
    )
    dossiers = set(
        live.exclude(ontvangst__bron=Ontvangst.Bron.DIRECT).values_list("dossier_id", flat=True).distinct()
    )
    dossiers |= set(
        DirecteBetaling.objects.filter(status=DirecteBetaling.Status.BEVESTIGD, beoordeeld_op__year=jaar)
        .values_list("dossier_id", flat=True)
        .distinct()
    )
    return clients, dossiers


# --- The PDF ---------------------------------------------------------------------------------------------


def _tabel(via: Verdeling, direct: Verdeling) -> list[dict]:
    return [
        {
            "soort": label,
            "via": euro(via.get(s)),
            "direct": euro(direct.get(s)),
            "totaal": euro(via.get(s) + direct.get(s)),
        }
        for s, label in SOORTEN.items()
        if s in _ALTIJD or via.get(s) or direct.get(s)
    ]


def _totaal(via: Verdeling, direct: Verdeling) -> dict:
    return {
        "via": euro(via.totaal),
        "direct": euro(direct.totaal),
        "totaal": euro(via.totaal + direct.totaal),
    }


def _pdf_context_client(c: ClientCijfers) -> dict:
    return {
        "jaar": c.jaar,
        "client": c.client,
        "rijen": _tabel(c.via_bureau, c.direct),
        "totaal": _totaal(c.via_bureau, c.direct),
        "heeft_kosten": bool(c.via_bureau.get(KOSTEN)),
        # per dossier: the other party's name only (never their address or IBAN)
        "dossiers": [
            {
                "nummer": r.dossier.nummer,
                "debiteur": r.dossier.debiteur.naam,
                "kinder": euro(r.via_bureau.get(KINDER) + r.direct.get(KINDER)),
                "partner": euro(r.via_bureau.get(PARTNER) + r.direct.get(PARTNER)),
                "totaal": euro(r.via_bureau.totaal + r.direct.totaal),
            }
            for r in c.dossiers
        ],
        "provisie": euro(c.provisie),
        "btw": euro(c.btw),
        "provisie_excl": euro(c.provisie - c.btw),
        "voor_client": euro(c.voor_client),
        "uitbetaald": euro(c.uitbetaald),
        "verrekend": euro(c.verrekend),
        "facturen": [
            {"nummer": f.nummer, "datum": f"{f.datum:%d-%m-%Y}", "bedrag": euro(f.bedrag), "btw": euro(f.btw)}
            for f in c.facturen
        ],
        "belasting_zin": BELASTING_ZIN,
        "gemaakt": f"{timezone.localdate():%d-%m-%Y}",
    }


def _pdf_context_debiteur(d: DebiteurCijfers) -> dict:
    return {
        "jaar": d.jaar,
        "debiteur": d.dossier.debiteur,
        "dossier": d.dossier,
        # the client's name only: the debtor needs it for the deduction, never the client's address or IBAN
        "client_naam": d.dossier.client.naam,
        "rijen": _tabel(d.via_bureau, d.direct),
        "totaal": _totaal(d.via_bureau, d.direct),
        "directe_betalingen": [
            {"datum": f"{dt:%d-%m-%Y}", "bedrag": euro(b)} for dt, b in d.directe_betalingen
        ],
        "belasting_zin": BELASTING_ZIN,
        "gemaakt": f"{timezone.localdate():%d-%m-%Y}",
    }


def _render(opgave: Jaaropgave) -> bytes:
    if opgave.ontvanger == Jaaropgave.Ontvanger.CLIENT:
        cijfers = jaaropgave_cijfers_client(client=opgave.client, jaar=opgave.jaar)
        return pdf_render(
            template_name="uitbetaling/pdf/jaaropgave_client.html", context=_pdf_context_client(cijfers)
        )
    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=opgave.dossier_id)
    cijfers_d = jaaropgave_cijfers_debiteur(dossier=dossier, jaar=opgave.jaar)
    return pdf_render(
        template_name="uitbetaling/pdf/jaaropgave_debiteur.html", context=_pdf_context_debiteur(cijfers_d)
    )


def _bestandsnaam(opgave: Jaaropgave) -> str:
    if opgave.ontvanger == Jaaropgave.Ontvanger.CLIENT:
        return f"jaaropgave-{opgave.jaar}-client-{opgave.client_id}.pdf"
    return f"jaaropgave-{opgave.jaar}-debiteur-{opgave.dossier.nummer}.pdf"


# --- Services --------------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def jaaropgaven_maak(*, jaar: int, in_wachtrij: bool = True) -> list[int]:
    """Make the statements of ``jaar``: one row per client and per debtor's dossier that had money in the
    year (a row that exists is kept), and queue the PDF and e-mail of every row not finished yet. Returns the
    ids of those unfinished rows. ``in_wachtrij=False``: queue nothing (the caller makes them itself)."""
    clients, dossiers = _ontvangers(jaar)
    Jaaropgave.objects.bulk_create(
        [Jaaropgave(ontvanger=Jaaropgave.Ontvanger.CLIENT, client_id=c, jaar=jaar) for c in sorted(clients)]
        + [
            Jaaropgave(ontvanger=Jaaropgave.Ontvanger.DEBITEUR, dossier_id=d, jaar=jaar)
            for d in sorted(dossiers)
        ],
        ignore_conflicts=True,  # the partial unique constraints: one per recipient and year
    )
    ids = list(
        Jaaropgave.objects.filter(jaar=jaar)
        .filter(Q(pdf="") | Q(document__isnull=True))
        .order_by("id")
        .values_list("id", flat=True)
    )
    if in_wachtrij:
        for i in ids:
            transaction.on_commit(lambda i=i: jaaropgave_pdf_maak_task.delay(i))
    return ids


def jaaropgave_pdf_maak(*, jaaropgave_id: int) -> Jaaropgave:
    """Render the statement (outside any transaction, ``nlai.pdf``), store it once, then send it once.
    Safe to run again and alongside another run: the row lock decides who stores, the e-mail key who sends."""
    opgave = Jaaropgave.objects.select_related("client", "dossier").get(pk=jaaropgave_id)
    if not opgave.pdf:
        pdf = _render(opgave)
        with transaction.atomic():
            opgave = Jaaropgave.objects.select_for_update().get(pk=jaaropgave_id)
            if not opgave.pdf:
                opgave.pdf.save(_bestandsnaam(opgave), ContentFile(pdf), save=True)
    return jaaropgave_verstuur(jaaropgave_id=jaaropgave_id)


@transaction.atomic
def jaaropgave_verstuur(*, jaaropgave_id: int) -> Jaaropgave:
    """Once: a copy as a Document (the e-mail's attachment; for a debtor, the letter on the dossier), and the
    e-mail to the client or the debtor when their address is known. A debtor without one: the letter stays
    on the dossier for the post, and the timeline says so."""
    opgave = Jaaropgave.objects.select_for_update().get(pk=jaaropgave_id)
    if opgave.document_id or not opgave.pdf:
        return opgave
    opgave = Jaaropgave.objects.select_related("client", "dossier__client", "dossier__debiteur").get(
        pk=opgave.pk
    )
    with opgave.pdf.open("rb") as fh:
        pdf = fh.read()
    debiteur = opgave.ontvanger == Jaaropgave.Ontvanger.DEBITEUR
    dossier = opgave.dossier if debiteur else None
    document = Document(
        dossier=dossier,
        soort=Document.Soort.BRIEF if debiteur else Document.Soort.SPECIFICATIE,
        naam=f"Jaaropgave {opgave.jaar}{' debiteur' if debiteur else ''}.pdf",
        content_type="application/pdf",
        grootte=len(pdf),
        # the debtor's copy carries the debtor's address: never in the client's portal
        zichtbaar_voor_client=not debiteur,
    )
    document.bestand.save(_bestandsnaam(opgave), ContentFile(pdf), save=False)
    document.save()
    opgave.document = document
    update = ["document"]
    aan = opgave.dossier.debiteur.email if debiteur else opgave.client.email
    if aan:
        naam = opgave.dossier.debiteur.naam if debiteur else opgave.client.naam
        tekst = render_to_string(
            f"emails/jaaropgave_{opgave.ontvanger}.txt",
            {
                "naam": naam,
                "jaar": opgave.jaar,
                "dossier": dossier,
                "bureau": settings.BUREAU,
                "site_url": settings.SITE_URL,
            },
        )
        email_plaats(
            aan=aan,
            onderwerp=f"Uw jaaropgave alimentatie {opgave.jaar}",
            tekst=tekst,
            documenten=[document],
            dossier=dossier,
            sleutel=f"jaaropgave:{opgave.pk}",
        )
        opgave.gemaild_op = timezone.now()
        update.append("gemaild_op")
    opgave.save(update_fields=update)
    if debiteur:
        kanaal = "per e-mail aan de debiteur" if aan else "klaar om per post aan de debiteur te versturen"
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.BRIEF,
            tekst=f"Jaaropgave {opgave.jaar} voor de debiteur gemaakt, {kanaal}.",
            intern=True,
            document=document,
            sleutel=f"jaaropgave:{opgave.pk}",
        )
    return opgave
