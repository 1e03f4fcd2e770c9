"""Reading in and booking a day's bank statement.

``bankafschrift_maak`` checks a file whole (``bank.lezen``) and stores it; ``bankafschrift_verwerk`` (the
task) books it in blocks of lines, one transaction per block, so the progress shows while it runs and a
crash leaves the blocks before it booked. Each line is unique per account + reference, so a rerun
(``bankafschrift_opnieuw``) books nothing twice. Within a block, runs of credits are booked at once
(``bank.ontvangsten``); each debit on its own, as it may return a receipt booked just before it: the return
of a receipt (reversed), one of our payouts (the payout app marks it executed) or unknown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from inning import ledger
from inning.achterstand import OpenTermijnenRekenaar
from inning.bulk import modellen_invoegen
from inning.models import Bankafschrift, Bankregel, Ontvangst
from inning.selectors import eigen_rekeningen
from inning.services import GeldFout, ontvangst_terugboek
from uitbetaling.uitvoering import uitbetaling_uitgevoerd

from .afrekening import afrekening_verwerk, afrekeningen_ophalen
from .bestand import BestandFout, Inhoud, inhoud_inpakken, inhoud_openen
from .incasso_match import incasso_regel_verwerk, is_incasso_regel
from .lezen import bankbestand_controleer, bankregels_blokken
from .matching import Matcher
from .ontvangsten import ontvangsten_boek

logger = logging.getLogger(__name__)

__all__ = ["Importresultaat", "bankafschrift_maak", "bankafschrift_opnieuw", "bankafschrift_verwerk"]


@dataclass
class Importresultaat:
    regels: int = 0
    nieuw: int = 0
    al_bekend: int = 0
    gematcht: int = 0
    ongematcht: int = 0

    def als_dict(self) -> dict[str, int]:
        return {
            "regels": self.regels,
            "nieuw": self.nieuw,
            "al_bekend": self.al_bekend,
            "gematcht": self.gematcht,
            "ongematcht": self.ongematcht,
        }


@transaction.atomic(durable=True)
def bankafschrift_maak(*, bestandsnaam: str, inhoud: Inhoud, door=None) -> Bankafschrift:
    """Check a statement file completely and store it for processing. A defective file, or a statement of
    an account that is not the agency's own (``inning.selectors.eigen_rekeningen``), raises
    ``bank.bestand.BestandFout`` (line + Dutch reason) and stores nothing. ``inhoud``: the file's bytes or,
    for a big file, a binary file object (an upload, an open file): it is read twice in pieces (checked,
    then compressed), never held whole."""
    bestand = bankbestand_controleer(inhoud)  # one streaming pass: the file is checked, not held
    if bestand.iban not in eigen_rekeningen():
        raise BestandFout(
            f"Rekening {bestand.iban} is geen eigen rekening van het bureau. Alleen afschriften van de eigen "
            "rekeningen worden ingelezen; een beheerder voegt een rekening toe onder Beheer › Eigen rekeningen."
        )
    return Bankafschrift.objects.create(
        bestandsnaam=bestandsnaam[:200],
        inhoud=inhoud_inpakken(inhoud),
        formaat=bestand.formaat,
        iban=bestand.iban,
        afschrift_id=bestand.afschrift_id[:100],
        eindsaldo=bestand.eindsaldo,
        eindsaldo_datum=bestand.eindsaldo_datum,
        regels_totaal=bestand.aantal,
        geupload_door=door,
    )


def _terug_te_boeken(regel: Bankregel) -> Ontvangst | None:
    """The receipt a debit line returns (a SEPA return or chargeback): same end-to-end id, else the latest
    live receipt of the same amount from the same account."""
    kandidaten = Ontvangst.objects.filter(bron=Ontvangst.Bron.BANK, bedrag=-regel.bedrag).exclude(
        status=Ontvangst.Status.TERUGGEBOEKT
    )
    if regel.end_to_end_id:
        gevonden = (
            kandidaten.filter(bankregel__end_to_end_id=regel.end_to_end_id).order_by("-datum", "-id").first()
        )
        if gevonden is not None:
            return gevonden
    if regel.tegenrekening:
        return (
            kandidaten.filter(bankregel__tegenrekening=regel.tegenrekening, datum__lte=regel.datum)
            .order_by("-datum", "-id")
            .first()
        )
    return None


def _eigen_uitbetaling(regel: Bankregel) -> bool:
    """One of our payouts (its end-to-end id and amount): the payout app marks it "uitgevoerd"."""
    return uitbetaling_uitgevoerd(regel=regel) is not None


def _afschrijving_verwerk(regel: Bankregel, *, door) -> str:
    """A debit line: the return of a receipt (reversed), one of our payouts (already booked) or unknown."""
    terug = _terug_te_boeken(regel)
    if terug is not None:
        ontvangst_terugboek(
            ontvangst=terug, door=door, datum=regel.datum, bron_type="bankregel", bron_id=regel.pk
        )
        regel.verwerking = Bankregel.Verwerking.TERUGBOEKING
    elif _eigen_uitbetaling(regel):
        regel.verwerking = Bankregel.Verwerking.UITBETALING
    else:
        regel.verwerking = Bankregel.Verwerking.ONBEKEND
    regel.save(update_fields=["verwerking"])
    return "ongematcht" if regel.verwerking == Bankregel.Verwerking.ONBEKEND else "gematcht"


def _bankregel_verwerk(gegevens, *, iban: str, afschrift: Bankafschrift, matcher, door) -> str | None:
    """Store and book one line (a block of one). Returns "gematcht", "ongematcht", or None when the line was
    already known."""
    opgehaald = afrekeningen_ophalen([gegevens], iban=iban)
    with transaction.atomic():
        uitkomsten = _blok_verwerk(
            [gegevens],
            iban=iban,
            afschrift=afschrift,
            matcher=matcher,
            rekenaar=OpenTermijnenRekenaar(tot=gegevens.datum),
            opgehaald=opgehaald,
            door=door,
        )
    return uitkomsten[0] if uitkomsten else None


def _rekening_vergrendel(iban: str) -> None:
    """Serialise imports of one bank account (a task delivered twice, a rerun beside a crashed run): the
    second waits, then finds the first one's lines known. SQLite serialises writers by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"bankafschrift:{iban}"])


def _blok_verwerk(
    blok, *, iban: str, afschrift: Bankafschrift, matcher, rekenaar, opgehaald, door
) -> list[str]:
    """Store the unknown lines of one block and book them in file order: runs of credits at once, each
    debit on its own (it may reverse a receipt booked just before it). Returns one outcome per new line."""
    _rekening_vergrendel(iban)
    bekend = set(
        Bankregel.objects.filter(iban=iban, referentie__in=[g.referentie[:140] for g in blok]).values_list(
            "referentie", flat=True
        )
    )
    regels = modellen_invoegen(
        [
            Bankregel(
                afschrift=afschrift,
                iban=iban,
                referentie=g.referentie[:140],
                datum=g.datum,
                bedrag=g.bedrag,
                tegenrekening=g.tegenrekening,
                tegenpartij=g.tegenpartij,
                omschrijving=g.omschrijving,
                kenmerk=g.kenmerk,
                end_to_end_id=g.end_to_end_id,
                retourcode=g.retourcode,
            )
            for g in blok
            if g.referentie[:140] not in bekend
        ]
    )
    uitkomsten: list[str] = []
    credits: list[Bankregel] = []
    for regel in regels:
        psp = opgehaald.provider(regel)  # a payment provider's payout is no receipt (bank.afrekening)
        incasso = is_incasso_regel(regel)  # a SEPA collection's credit or return, by EndToEndId
        if regel.bedrag > 0 and psp is None and not incasso:
            credits.append(regel)
            continue
        # File order: the credits before this line are booked before it.
        if credits:
            uitkomsten += ontvangsten_boek(credits, matcher=matcher, rekenaar=rekenaar, door=door)
            credits = []
        if incasso and incasso_regel_verwerk(regel, door=door):
            uitkomsten.append("gematcht")
        elif psp is not None:
            uitkomsten.append(
                afrekening_verwerk(regel, provider=psp, opgehaald=opgehaald, rekenaar=rekenaar, door=door)
            )
        elif regel.bedrag > 0:  # an EndToEndId of ours that is no known collection: an ordinary receipt
            uitkomsten += ontvangsten_boek([regel], matcher=matcher, rekenaar=rekenaar, door=door)
        else:
            uitkomsten.append(_afschrijving_verwerk(regel, door=door))
    if credits:
        uitkomsten += ontvangsten_boek(credits, matcher=matcher, rekenaar=rekenaar, door=door)
    return uitkomsten


def bankafschrift_verwerk(*, afschrift_id: int, door=None, blokgrootte: int = 1000) -> dict[str, int]:
    """Book every line of a stored statement, in blocks of ``blokgrootte`` lines (one transaction each, so
    the progress shows while it runs). Idempotent: lines already known (account + reference) are skipped,
    so a rerun after a crash completes the import without booking anything twice."""
    Bankafschrift.objects.filter(pk=afschrift_id, status=Bankafschrift.Status.WACHTEND).update(
        status=Bankafschrift.Status.BEZIG
    )
    afschrift = Bankafschrift.objects.defer("inhoud").get(pk=afschrift_id)
    if afschrift.status != Bankafschrift.Status.BEZIG:
        return afschrift.resultaat  # done (or rejected) before
    resultaat = Importresultaat()
    try:
        # Only the stored (compressed) bytes are held; each pass unpacks the file as it reads it: checked
        # whole in a first pass before anything is booked, the second hands over one block at a time.
        with inhoud_openen(
            Bankafschrift.objects.values_list("inhoud", flat=True).get(pk=afschrift_id)
        ) as bron:
            kop = bankbestand_controleer(bron)
            resultaat.regels = kop.aantal
            with ledger.rekeningen_onthouden():
                _blokken_verwerk(
                    bron, kop, afschrift, resultaat, matcher=Matcher(), door=door, blokgrootte=blokgrootte
                )
    except Exception as fout:
        # Whatever went wrong, the statement does not stay "bezig": it says what happened, and the blocks
        # booked before the error stay booked (a rerun skips them, see ``bankafschrift_opnieuw``).
        logger.exception("bankafschrift %s: verwerking afgebroken", afschrift_id)
        _afschrift_mislukt(afschrift_id, fout, resultaat)
        return {**resultaat.als_dict(), "fout": _foutmelding(fout)}
    Bankafschrift.objects.filter(pk=afschrift_id, status=Bankafschrift.Status.BEZIG).update(
        status=Bankafschrift.Status.KLAAR,
        resultaat=resultaat.als_dict(),
        regels_verwerkt=kop.aantal,
        fout="",
    )
    return resultaat.als_dict()


def _foutmelding(fout: Exception) -> str:
    if isinstance(fout, BestandFout | ValidationError):
        reden = "; ".join(fout.messages) if isinstance(fout, ValidationError) else str(fout)
    else:
        reden = "een onverwachte fout (de technische melding staat in het logboek)"
    return (
        f"De verwerking is afgebroken: {reden}. De regels die vóór de fout zijn geboekt blijven geboekt; "
        "opnieuw verwerken boekt niets dubbel."
    )


def _afschrift_mislukt(afschrift_id: int, fout: Exception, resultaat: Importresultaat) -> None:
    """Mark a statement whose booking stopped on an error (outside the failed block's transaction)."""
    Bankafschrift.objects.filter(pk=afschrift_id).update(
        status=Bankafschrift.Status.MISLUKT, fout=_foutmelding(fout), resultaat=resultaat.als_dict()
    )


@transaction.atomic(durable=True)
def bankafschrift_opnieuw(*, afschrift: Bankafschrift, door=None) -> Bankafschrift:
    """Put a failed statement back in the queue (the caller queues ``bankafschrift_verwerk`` on commit).
    Lines booked before the error are known by account + reference, so nothing is booked twice."""
    gewijzigd = Bankafschrift.objects.filter(pk=afschrift.pk, status=Bankafschrift.Status.MISLUKT).update(
        status=Bankafschrift.Status.WACHTEND, fout=""
    )
    if gewijzigd != 1:
        raise GeldFout("Alleen een afschrift waarvan de verwerking is mislukt kan opnieuw worden verwerkt.")
    return Bankafschrift.objects.defer("inhoud").get(pk=afschrift.pk)


def _blokken_verwerk(
    bron: Inhoud, kop, afschrift: Bankafschrift, resultaat: Importresultaat, *, matcher, door, blokgrootte
):
    # One schedule per dossier up to the statement's last date serves every receipt of the file.
    rekenaar = OpenTermijnenRekenaar(tot=kop.laatste_datum or timezone.localdate())
    start = 0
    for blok in bankregels_blokken(bron, kop, blokgrootte=blokgrootte):
        # A payment provider's settlements in the block are fetched before its transaction takes the lock.
        opgehaald = afrekeningen_ophalen(blok, iban=kop.iban)
        with transaction.atomic():
            rekenaar.ververs()
            uitkomsten = _blok_verwerk(
                blok,
                iban=kop.iban,
                afschrift=afschrift,
                matcher=matcher,
                rekenaar=rekenaar,
                opgehaald=opgehaald,
                door=door,
            )
            resultaat.al_bekend += len(blok) - len(uitkomsten)
            resultaat.nieuw += len(uitkomsten)
            for uitkomst in uitkomsten:
                setattr(resultaat, uitkomst, getattr(resultaat, uitkomst) + 1)
            Bankafschrift.objects.filter(pk=afschrift.pk).update(regels_verwerkt=start + len(blok))
        start += len(blok)
