"""Writes of the weekly payout: prepare a batch, release and approve it (four eyes) or reject it, book it,
approve a new IBAN.

Four eyes: a batch a person prepared is approved by another person. A batch the weekly beat prepared has
had no human eyes yet, so one person releases it ("vrijgeven": the review) and a second one approves it.
Whoever approves may instead reject a batch that is not approved yet, with a reason: its payouts lapse
("vervallen"), which frees what they reserved, so the next batch pays that money.

Booking: approval commits first (status, SEPA files); then the booking task is queued on commit. If the
broker is down, the approval stands and the page says that booking follows: the sweep
(``uitbetaling_boeking_achtervang``, every few minutes on the beat) books every approved batch that is not
fully booked, also after a worker died halfway.

The money itself moves only through ``inning.ledger`` (recipe ``inning.boekingen.uitbetaling``). A payout is booked as one
journal entry with idempotency key ``uitbetaling:<end-to-end id>``::

    Dr verschuldigd_aan_client[c]   bruto
    Cr bank_derdengelden            netto                (the SEPA transfer)
    Cr provisie_nog_over_te_boeken  verrekend            (set-off of commission on direct payments:
    Dr vordering_op_derdengelden    verrekend             the money stays in the client-money account as
    Cr provisie_te_verrekenen[c]    verrekend             commission, and the client's debt is settled)

so a worker killed halfway and the task run again books every payout exactly once (the key is unique, and the
payout's status is set in the same transaction).

Preparing a batch (what each client may be paid) is in ``uitbetaling.voorbereiden``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerFout

from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL, heeft_rol
from dossiers.iban import client_iban_keur_goed
from dossiers.models import Client, Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from inning import boekingen
from inning.ledger import journaalpost_boek
from recht.geld import NUL, euro

from .models import Factuur, SepaBestand, Uitbetaling, UitbetalingBatch
from .selectors import GOEDGEKEURDE_STATUSSEN, batches_niet_geboekt, uitbetaling_dossier_ids
from .sepa import SepaBetaling, sepa_bestand_maak
from .tasks import specificatie_pdf_maak as specificatie_pdf_maak_task
from .tasks import uitbetaling_batch_boek as uitbetaling_batch_boek_task
from .voorbereiden import UitbetalingFout, iso_week, uitbetaling_batch_maak

__all__ = [
    "UitbetalingFout",
    "batch_vier_ogen_fout",
    "iso_week",
    "uitbetaling_batch_afwijzen",
    "uitbetaling_batch_keur_goed",
    "uitbetaling_batch_boek",
    "uitbetaling_batch_vrijgeven",
    "uitbetaling_boeking_achtervang",
    "uitbetaling_batch_maak",
    "uitbetaling_boek",
    "uitbetaling_houd_in",
    "uitbetaling_iban_keur_goed",
    "uitbetaling_sepa_download",
]

logger = logging.getLogger(__name__)

SEPA_MAX = 5000  # payments per pain.001 file


@transaction.atomic
def uitbetaling_batch_vrijgeven(*, batch: UitbetalingBatch, door) -> UitbetalingBatch:
    """The first pair of eyes on a batch the beat prepared: a financieel user reviews and releases it, and
    another one approves it. A person-prepared batch needs no release (its preparer was the first pair)."""
    if not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise UitbetalingFout("Alleen een financieel medewerker kan een uitbetaling vrijgeven.")
    if batch.voorbereid_door_id is not None:
        raise UitbetalingFout(
            "Deze batch is door een medewerker voorbereid; een collega keurt hem direct goed."
        )
    gewijzigd = UitbetalingBatch.objects.filter(
        pk=batch.pk, status=UitbetalingBatch.Status.VOORBEREID, voorbereid_door__isnull=True
    ).update(status=UitbetalingBatch.Status.VRIJGEGEVEN, vrijgegeven_door=door, vrijgegeven_op=timezone.now())
    if gewijzigd != 1:
        batch.refresh_from_db()
        raise UitbetalingFout(f"Batch {batch.week} is al {batch.get_status_display()}.")
    batch.refresh_from_db()
    return batch


def _vier_ogen_fout(batch: UitbetalingBatch, door) -> str | None:
    """Why ``door`` may not approve ``batch`` now, or None. Shared with the collection batch
    (``automatische_incasso``), which has the same states and people (``batch_vier_ogen_fout``)."""
    if batch.voorbereid_door_id is None:
        if batch.status == UitbetalingBatch.Status.VOORBEREID:
            return (
                "Vier ogen: deze batch is automatisch voorbereid. Eerst geeft een financieel medewerker "
                "hem vrij, daarna keurt een tweede hem goed."
            )
        if batch.vrijgegeven_door_id == door.pk:
            return "Vier ogen: u hebt deze batch vrijgegeven; een collega moet hem goedkeuren."
    elif batch.voorbereid_door_id == door.pk:
        return "Vier ogen: u hebt deze batch zelf voorbereid; een collega moet hem goedkeuren."
    return None


batch_vier_ogen_fout = _vier_ogen_fout


@transaction.atomic
def uitbetaling_batch_keur_goed(*, batch: UitbetalingBatch, door) -> UitbetalingBatch:
    """Four eyes: a financieel user other than the preparer (or, for a batch the beat prepared, other than
    the one who released it) approves. A compare-and-set from the state that may be approved that must
    change exactly one row, so approving twice (or two people at once) approves once. Makes the SEPA file
    of the payouts that may be paid; the booking is queued after commit (``boeking_in_wachtrij`` on the
    returned batch says whether that worked: when the broker is down the sweep books it)."""
    if not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise UitbetalingFout("Alleen een financieel medewerker kan een uitbetaling goedkeuren.")
    batch = UitbetalingBatch.objects.get(pk=batch.pk)
    fout = _vier_ogen_fout(batch, door)
    if fout:
        raise UitbetalingFout(fout)
    van = (
        UitbetalingBatch.Status.VRIJGEGEVEN
        if batch.voorbereid_door_id is None
        else UitbetalingBatch.Status.VOORBEREID
    )
    gewijzigd = (
        UitbetalingBatch.objects.filter(pk=batch.pk, status=van)
        .exclude(voorbereid_door=door)
        .exclude(vrijgegeven_door=door)
        .update(
            status=UitbetalingBatch.Status.GOEDGEKEURD, goedgekeurd_door=door, goedgekeurd_op=timezone.now()
        )
    )
    if gewijzigd != 1:
        batch.refresh_from_db()
        if batch.status in GOEDGEKEURDE_STATUSSEN:
            raise UitbetalingFout(f"Batch {batch.week} is al goedgekeurd.")
        raise UitbetalingFout(f"Batch {batch.week} is {batch.get_status_display()}.")
    batch.refresh_from_db()
    # One SEPA file per SEPA_MAX payouts: a file and its XSD check stay the same size however many clients.
    while _sepa_bestand_schrijf(batch=batch, rijen=_te_betalen(batch)) is not None:
        pass

    def _plan() -> None:
        batch.boeking_in_wachtrij = _boeking_in_wachtrij(batch.id)

    transaction.on_commit(_plan)
    return batch


def _boeking_in_wachtrij(batch_id: int) -> bool:
    """Queue the booking of an approved batch. A broker that is down is not an error here: the approval is
    committed and the sweep books the batch within minutes."""
    try:
        uitbetaling_batch_boek_task.delay(batch_id)
    except (BrokerFout, OSError):
        logger.warning("boeking van batch %s niet in de wachtrij gezet (broker onbereikbaar)", batch_id)
        return False
    return True


@transaction.atomic
def uitbetaling_batch_afwijzen(*, batch: UitbetalingBatch, door, reden: str) -> UitbetalingBatch:
    """Reject a batch that is not approved yet, with a reason. Its payouts lapse and its invoices are
    withdrawn, so what they reserved is free again: the next batch pays the clients (and invoices the
    commission) afresh. Nothing was in the ledger or at the bank yet (only approval makes a SEPA file)."""
    if not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise UitbetalingFout("Alleen een financieel medewerker kan een uitbetaling afwijzen.")
    reden = (reden or "").strip()
    if not reden:
        raise UitbetalingFout("Geef de reden van de afwijzing.")
    gewijzigd = UitbetalingBatch.objects.filter(
        pk=batch.pk,
        status__in=[UitbetalingBatch.Status.VOORBEREID, UitbetalingBatch.Status.VRIJGEGEVEN],
    ).update(
        status=UitbetalingBatch.Status.AFGEWEZEN,
        afgewezen_door=door,
        afgewezen_op=timezone.now(),
        afwijsreden=reden[:2000],
    )
    if gewijzigd != 1:
        batch.refresh_from_db()
        raise UitbetalingFout(
            f"Batch {batch.week} is {batch.get_status_display()} en kan niet meer worden afgewezen."
        )
    Uitbetaling.objects.filter(batch=batch, status=Uitbetaling.Status.VOORBEREID).update(
        status=Uitbetaling.Status.VERVALLEN
    )
    Factuur.objects.filter(uitbetaling__batch=batch, status=Factuur.Status.OPEN).update(
        status=Factuur.Status.VERVALLEN
    )
    batch.refresh_from_db()
    return batch


# A payout as the SEPA file needs it: (id, naam, iban, netto, end-to-end id).
_SEPA_KOLOMMEN = ("id", "naam", "iban", "netto", "end_to_end_id")


def _te_betalen(batch: UitbetalingBatch) -> list[tuple]:
    """The next (at most ``SEPA_MAX``) payouts of the batch that may be paid and are in no file yet, locked,
    as ``_SEPA_KOLOMMEN`` tuples."""
    return list(
        batch.uitbetalingen.select_for_update()
        .filter(
            status=Uitbetaling.Status.VOORBEREID,  # a payout held back (lapsed) is never paid
            sepa_bestand__isnull=True,
            wacht_op_iban_goedkeuring=False,
            netto__gt=0,
        )
        .order_by("id")
        .values_list(*_SEPA_KOLOMMEN)[:SEPA_MAX]
    )


def _sepa_bestand_voor(*, batch: UitbetalingBatch, uitbetalingen: list[Uitbetaling]) -> SepaBestand | None:
    """A SEPA file of its own for ``uitbetalingen`` (model instances, locked by the caller)."""
    return _sepa_bestand_schrijf(
        batch=batch, rijen=[tuple(getattr(u, k) for k in _SEPA_KOLOMMEN) for u in uitbetalingen]
    )


def _sepa_bestand_schrijf(*, batch: UitbetalingBatch, rijen: list[tuple]) -> SepaBestand | None:
    """The SEPA file of the payouts ``rijen`` (``_SEPA_KOLOMMEN`` tuples of locked rows), and every one of them
    pointed at it."""
    if not rijen:
        return None
    volgnummer = batch.sepa_bestanden.count() + 1
    msg_id = f"NLAI-{batch.week.replace('-', '')}-{volgnummer}"
    uitvoerdatum = timezone.localdate()
    omschrijving = f"Uitbetaling alimentatie week {batch.week} "
    xml = sepa_bestand_maak(
        betalingen=[
            SepaBetaling(
                naam=naam, iban=iban, bedrag=netto, end_to_end_id=e2e, omschrijving=omschrijving + e2e
            )
            for _id, naam, iban, netto, e2e in rijen
        ],
        uitvoerdatum=uitvoerdatum,
        bureau=settings.BUREAU,
        msg_id=msg_id,
    )
    bestand = SepaBestand.objects.create(
        batch=batch,
        msg_id=msg_id,
        xml=xml.decode("utf-8"),
        aantal=len(rijen),
        totaal=sum((r[3] for r in rijen), NUL),
    )
    ids = [r[0] for r in rijen]
    if connection.vendor == "postgresql":
        # One array parameter instead of an IN list of up to SEPA_MAX parameters, each adapted on its own.
        with connection.cursor() as cur:
            cur.execute(
                f'UPDATE "{Uitbetaling._meta.db_table}" SET "sepa_bestand_id" = %s'  # noqa: S608 - model metadata
                ' WHERE "id" = ANY(%s::bigint[]) AND "sepa_bestand_id" IS NULL',
                [bestand.pk, "{" + ",".join(map(str, ids)) + "}"],
            )
    else:
        Uitbetaling.objects.filter(id__in=ids, sepa_bestand__isnull=True).update(sepa_bestand=bestand)
    return bestand


@transaction.atomic
def uitbetaling_houd_in(*, client_id: int) -> int:
    """Hold back what a batch not yet approved would pay ``client_id`` (money the client was owed has gone,
    e.g. a direct debit returned by the bank): the payout lapses like a rejected batch's, its invoice is
    withdrawn, and the next batch pays the client's balance as it is then. Returns the number held back."""
    ids = list(
        Uitbetaling.objects.select_for_update()
        .filter(
            client_id=client_id,
            status=Uitbetaling.Status.VOORBEREID,
            sepa_bestand__isnull=True,
            batch__status__in=[UitbetalingBatch.Status.VOORBEREID, UitbetalingBatch.Status.VRIJGEGEVEN],
        )
        .values_list("id", flat=True)
    )
    if ids:
        Uitbetaling.objects.filter(id__in=ids).update(status=Uitbetaling.Status.VERVALLEN)
        Factuur.objects.filter(uitbetaling_id__in=ids, status=Factuur.Status.OPEN).update(
            status=Factuur.Status.VERVALLEN
        )
    return len(ids)


@transaction.atomic
def uitbetaling_boek(*, uitbetaling_id: int) -> Uitbetaling:
    """Book one payout in the ledger, once. Locks the payout row, so two workers cannot both book it, and
    the journal key ``uitbetaling:<e2e>`` is unique, so a rerun after a crash writes nothing twice."""
    u = Uitbetaling.objects.select_for_update().select_related("batch", "client").get(pk=uitbetaling_id)
    if u.status == Uitbetaling.Status.GEBOEKT:
        return u
    if u.status == Uitbetaling.Status.VERVALLEN or u.batch.status not in GOEDGEKEURDE_STATUSSEN:
        raise UitbetalingFout("Een uitbetaling wordt pas geboekt na goedkeuring van de batch.")
    if u.wacht_op_iban_goedkeuring:
        raise UitbetalingFout("Deze uitbetaling wacht op goedkeuring van het nieuwe IBAN.")
    c = u.client
    regels = boekingen.uitbetaling(client=c.pk, bruto=u.bruto, netto=u.netto, verrekend=u.provisie_verrekend)
    if u.bruto > 0:
        journaalpost_boek(
            datum=timezone.localdate(),
            omschrijving=f"Uitbetaling {u.batch.week} aan {c.naam}",
            regels=regels,
            bron_type="uitbetaling",
            bron_id=u.pk,
            sleutel=f"uitbetaling:{u.end_to_end_id}",
            door=u.batch.goedgekeurd_door,
        )
    u.status = Uitbetaling.Status.GEBOEKT
    u.geboekt_op = timezone.now()
    u.save(update_fields=["status", "geboekt_op"])
    # Only on the dossiers whose money this payout carries, not on every dossier of the client.
    tekst = (
        f"Uitbetaling week {u.batch.week}: {euro(u.netto)} staat klaar voor overmaking naar {u.iban or '-'} "
        f"({u.end_to_end_id}). U ziet hier wanneer de bank het heeft overgemaakt."
        if u.netto > 0
        else f"Uitbetaling week {u.batch.week}: verrekend met provisie, er is niets over te maken."
    )
    for dossier in Dossier.objects.filter(pk__in=uitbetaling_dossier_ids(uitbetaling=u)):
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.UITBETALING,
            tekst=tekst,
            sleutel=f"uitbetaling:{u.pk}",
        )
    transaction.on_commit(lambda: specificatie_pdf_maak_task.delay(u.pk))
    return u


def uitbetaling_batch_boek(*, batch_id: int) -> UitbetalingBatch:
    """Book every payable payout of an approved batch, each in its own transaction, then mark the batch
    booked (compare-and-set). Safe to run again at any point, and alongside another run: each payout is
    row-locked and its journal key is unique."""
    batch = UitbetalingBatch.objects.get(pk=batch_id)
    if batch.status not in GOEDGEKEURDE_STATUSSEN:
        raise UitbetalingFout("Een batch wordt pas geboekt na goedkeuring.")
    ids = list(
        batch.uitbetalingen.filter(status=Uitbetaling.Status.VOORBEREID, wacht_op_iban_goedkeuring=False)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for uid in ids:
        uitbetaling_boek(uitbetaling_id=uid)
    open_ = Uitbetaling.objects.filter(
        batch=OuterRef("pk"), status=Uitbetaling.Status.VOORBEREID, wacht_op_iban_goedkeuring=False
    )
    UitbetalingBatch.objects.filter(pk=batch.pk, status=UitbetalingBatch.Status.GOEDGEKEURD).exclude(
        Exists(open_)
    ).update(status=UitbetalingBatch.Status.GEBOEKT, geboekt_op=timezone.now())
    batch.refresh_from_db()
    return batch


def uitbetaling_boeking_achtervang() -> list[int]:
    """The sweep: book every approved batch that is not fully booked (the queued task was lost with the
    broker, or the worker died halfway). Returns the ids of the batches it ran on."""
    ids = list(batches_niet_geboekt().values_list("id", flat=True))
    for batch_id in ids:
        uitbetaling_batch_boek(batch_id=batch_id)
    return ids


@transaction.atomic
def uitbetaling_iban_keur_goed(*, uitbetaling: Uitbetaling, door) -> Uitbetaling:
    """A case manager approves the new IBAN of a waiting payout. The client's IBAN must still be the one the
    payout was made for. In an approved batch the payout gets its own SEPA file and is booked."""
    if not heeft_rol(door, CASEMANAGER, BEHEERDER):
        raise UitbetalingFout("Alleen een casemanager kan een nieuw IBAN goedkeuren.")
    u = Uitbetaling.objects.select_for_update().select_related("client", "batch").get(pk=uitbetaling.pk)
    if not u.wacht_op_iban_goedkeuring:
        return u
    client = Client.objects.select_for_update().get(pk=u.client_id)
    if client.uitbetaal_iban.replace(" ", "").upper() != u.iban:
        raise UitbetalingFout(
            "Het IBAN van de cliënt is intussen opnieuw gewijzigd; bereid een nieuwe batch voor."
        )
    try:
        client_iban_keur_goed(client=client, door=door)  # the one IBAN service: four eyes on the change
    except ValidationError as exc:
        raise UitbetalingFout(" ".join(exc.messages)) from exc
    u.wacht_op_iban_goedkeuring = False
    u.iban_goedgekeurd_door = door
    u.save(update_fields=["wacht_op_iban_goedkeuring", "iban_goedgekeurd_door"])
    if u.batch.status in GOEDGEKEURDE_STATUSSEN:
        _sepa_bestand_voor(batch=u.batch, uitbetalingen=[u])
        transaction.on_commit(lambda: _boeking_in_wachtrij(u.batch_id))
    return u


@transaction.atomic
def uitbetaling_sepa_download(*, bestand: SepaBestand, door) -> SepaBestand:
    """Record who downloaded a SEPA file (only approved batches have files)."""
    if not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise UitbetalingFout("Alleen een financieel medewerker kan het SEPA-bestand downloaden.")
    SepaBestand.objects.filter(pk=bestand.pk).update(gedownload_door=door, gedownload_op=timezone.now())
    # Downloaded for the bank: its payouts are offered ("aangeboden") until their debit is seen.
    Uitbetaling.objects.filter(sepa_bestand=bestand, bankstatus=Uitbetaling.Bankstatus.KLAARGEZET).update(
        bankstatus=Uitbetaling.Bankstatus.AANGEBODEN
    )
    return bestand
