"""A payment service provider's settlement on the bank statement: not a receipt, the clearing of receipts
booked before.

Design (issue 16, point 3)
--------------------------
- A debtor's online payment is booked when the provider reports it paid (``betaling.services``): a receipt,
  allocated with commission as any other, but debited to the provider's clearing account "onderweg bij
  betaaldienst" (``inning.ledger.ONDERWEG``, one per provider), because the money is still at the provider.
  That account is part of the client-money circle, so the ledger check stays in balance meanwhile.
- Days later the provider pays out a settlement: ONE bank credit for many payments, minus its fees. The
  import recognises it by the sender (``settings.BETALEN_AFREKENING``: the provider's IBANs, or the words of
  its account holder's name together with a settlement reference) and reads the bank reference from the
  remittance text (Mollie: ``1234567.2611.01``, the form that
  ``mollie.api.resources.settlements.Settlements.BANK_REFERENCE_REGEX`` accepts). The settlement and
  its payments are fetched from the provider (``Provider.afrekening_haal``; Mollie:
  ``client.settlements.get(reference)`` + ``settlement.payments.list()``).
- When everything agrees (the net paid out equals the bank line, every payment is ours, paid, booked on the
  clearing account and not settled before, and gross − net equals the fees the provider itemises) one entry
  is booked (``inning.boekingen.afrekening_betaaldienst``)::

      Dr bank_derdengelden            net            Cr onderweg_<provider>       gross
      Dr provisie_nog_over_te_boeken  fees
      Dr kosten_betaaldienst          fees           Cr vordering_op_derdengelden fees

  The fees are the agency's cost (never the client's or the debtor's): the provider kept them out of the
  client money, so they come out of the agency's commission still held there. Each ``Betaling`` points to
  its ``Afrekening`` (once: a settled payment is refused in a later settlement), the ``Afrekening`` to its
  bank line (one-to-one) and the entry's key is ``afrekening:<provider>:<settlement id>``.
- Anything else (no reference, the provider unreachable or not configured, an unknown or unpaid payment, an
  amount that does not agree) books nothing automatically: the line becomes an unmatched receipt in the work
  queue with the reason (``Ontvangst.suggestie_reden``), never dropped, never matched to a dossier by itself.
- Once the cause is gone (the provider reachable again, its settlement corrected), ``afrekening_opnieuw``
  (``manage.py betaling_afrekening_opnieuw BANKREGEL_ID``) books the waiting line as the settlement after
  all: the same checks, then its receipt is reversed (it never was one).
- The provider is called before the import's block transaction (``afrekeningen_ophalen``), never while the
  block holds the account's lock and its rows: a slow provider must not hold up other imports or the
  webhook. What was fetched is checked inside the transaction against the rows it then locks. Importing the
  same statement again books nothing twice: the bank line is known (account + reference) and is skipped
  before it gets here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from betaling.models import Afrekening, Betaling
from betaling.providers import ProviderAfrekening, ProviderFout, provider_voor
from inning import boekingen, ledger
from inning.models import Bankregel, Journaalregel, Ontvangst
from inning.services import ontvangst_terugboek
from recht.geld import NUL, euro, rond_af

from .matching import Uitkomst, normaliseer
from .namen import naam_delen, naam_woorden
from .ontvangsten import ontvangsten_boek

logger = logging.getLogger(__name__)

__all__ = [
    "AfrekeningFout",
    "afrekening_herken",
    "afrekening_opnieuw",
    "afrekening_referentie",
    "afrekening_verwerk",
    "afrekeningen_ophalen",
]

# Mollie's bank reference: merchant id (4+ digits), year+month (4), sequence number (2), dot-separated.
REFERENTIE = re.compile(r"(?<![\d.])(\d{4,}\.\d{4}\.\d{2})(?![\d.])")


_HERKENNING: tuple = (None, None, ())  # (settings dict, test provider on, table): built once per settings


def _herkenning() -> tuple[tuple[str, frozenset[str], tuple[frozenset[str], ...]], ...]:
    """Per provider: its IBANs (normalised) and its names (sets of words), from ``settings.BETALEN_AFREKENING``.
    Built once and kept while the settings object is the same (the import asks for every line)."""
    global _HERKENNING
    bron, test_aan = settings.BETALEN_AFREKENING, settings.BETALEN_TESTPROVIDER
    if _HERKENNING[0] is not bron or _HERKENNING[1] != test_aan:
        tabel = tuple(
            (
                provider,
                frozenset(normaliseer(i) for i in h.get("ibans", ()) if i),
                tuple(w for w in (frozenset(naam_woorden(naam_delen(n))) for n in h.get("namen", ())) if w),
            )
            for provider, h in bron.items()
            if provider != "test" or test_aan
        )
        _HERKENNING = (bron, test_aan, tabel)
    return _HERKENNING[2]


def afrekening_herken(regel: Bankregel) -> str | None:
    """The provider (``betaling.providers`` name) whose settlement this credit line is, by the sender's IBAN,
    or by its name together with a settlement reference (``settings.BETALEN_AFREKENING``); None for any other
    line. The test provider only where it is
    on (``settings.BETALEN_TESTPROVIDER``)."""
    if regel.bedrag <= 0:
        return None
    tabel = _herkenning()
    iban = normaliseer(regel.tegenrekening) if regel.tegenrekening else ""
    for provider, ibans, _namen in tabel:
        if iban and iban in ibans:
            return provider
    if not regel.tegenpartij:
        return None
    grof = regel.tegenpartij.casefold()
    if not any(w in grof for _p, _i, namen in tabel for naam in namen for w in naam):
        return None  # no word of any provider's name in it: the common case, without tokenising
    woorden = set(naam_woorden(naam_delen(regel.tegenpartij)))
    for provider, _ibans, namen in tabel:
        # By name only with a settlement reference: a debtor may be called Mollie.
        if any(naam <= woorden for naam in namen) and afrekening_referentie(regel):
            return provider
    return None


def afrekening_referentie(regel: Bankregel) -> str:
    """The settlement's bank reference in the line's structured reference or remittance text, or ""."""
    for tekst in (regel.kenmerk, regel.omschrijving):
        gevonden = REFERENTIE.search(tekst or "")
        if gevonden:
            return gevonden.group(1)
    return ""


class _Afwijking(Exception):
    """The settlement cannot be booked automatically; the message says why (Dutch, for the work queue)."""


class AfrekeningFout(Exception):
    """``afrekening_opnieuw`` could not book the line as a settlement; the message says why (Dutch)."""


class _VasteUitkomst:
    """A matcher that matches nothing: a settlement that did not book waits for a person, with its reason."""

    def __init__(self, reden: str) -> None:
        self.reden = reden

    def zoek_alle(self, regels) -> list[Uitkomst]:
        return [Uitkomst(reden=self.reden) for _ in regels]


@dataclass
class Opgehaald:
    """What ``afrekeningen_ophalen`` found before the block's transaction: which lines are a provider's payout
    (line reference → provider), and the settlements fetched ((provider, settlement reference) → the
    provider's settlement or the ``ProviderFout`` it gave)."""

    providers: dict[str, str] = field(default_factory=dict)
    afrekeningen: dict[tuple[str, str], ProviderAfrekening | ProviderFout] = field(default_factory=dict)

    def provider(self, regel) -> str | None:
        return self.providers.get(regel.referentie[:140])


def afrekeningen_ophalen(regels, *, iban: str | None = None) -> Opgehaald:
    """Recognise every line of ``regels`` that is a provider's payout and fetch its settlement, once per
    settlement. Called outside any transaction: no network call while a lock is held. With ``iban`` the
    lines are a statement's as read from the file, and those stored before (account + reference) are not
    fetched: a statement imported again asks the provider nothing."""
    uit = Opgehaald()
    kandidaten = []
    for regel in regels:
        provider = afrekening_herken(regel)
        if provider is None:
            continue
        uit.providers[regel.referentie[:140]] = provider
        referentie = afrekening_referentie(regel)
        dienst = provider_voor(provider) if referentie else None
        if dienst is not None:
            kandidaten.append((regel, dienst, provider, referentie))
    if iban is not None and kandidaten:
        bekend = set(
            Bankregel.objects.filter(
                iban=iban, referentie__in=[k[0].referentie[:140] for k in kandidaten]
            ).values_list("referentie", flat=True)
        )
        kandidaten = [k for k in kandidaten if k[0].referentie[:140] not in bekend]
    for _regel, dienst, provider, referentie in kandidaten:
        if (provider, referentie) in uit.afrekeningen:
            continue
        try:
            uit.afrekeningen[(provider, referentie)] = dienst.afrekening_haal(referentie=referentie)
        except ProviderFout as fout:
            uit.afrekeningen[(provider, referentie)] = fout
    return uit


def afrekening_verwerk(regel: Bankregel, *, provider: str, opgehaald: Opgehaald, rekenaar, door) -> str:
    """Book a recognised settlement line (inside the import's block transaction) with what
    ``afrekeningen_ophalen`` fetched before it. Returns "gematcht" when the settlement was booked,
    "ongematcht" when the line went to the work queue with the reason."""
    try:
        with transaction.atomic():
            _afrekening_boek(regel, provider=provider, opgehaald=opgehaald, door=door)
    except _Afwijking as afwijking:
        reden = f"Afrekening betaaldienst niet automatisch geboekt: {afwijking}"[:200]
        logger.warning("bankregel %s: %s", regel.pk, reden)
        ledger.rekeningen_vergeet()  # the rolled-back savepoint may have created an account
        ontvangsten_boek([regel], matcher=_VasteUitkomst(reden), rekenaar=rekenaar, door=door)
        Ontvangst.objects.filter(bankregel=regel).update(suggestie_reden=reden)
        return "ongematcht"
    return "gematcht"


def _afrekening_boek(regel: Bankregel, *, provider: str, opgehaald: Opgehaald, door) -> Afrekening:
    referentie = afrekening_referentie(regel)
    if not referentie:
        raise _Afwijking("geen referentie van de afrekening in de omschrijving.")
    if provider_voor(provider) is None:
        raise _Afwijking(f"betaaldienst {provider} is hier niet ingesteld (referentie {referentie}).")
    stand = opgehaald.afrekeningen.get((provider, referentie))
    if stand is None:
        raise _Afwijking(f"afrekening {referentie} niet opgehaald.")
    if isinstance(stand, ProviderFout):
        raise _Afwijking(f"afrekening {referentie} niet opgehaald: {stand}")
    if stand.valuta != "EUR":
        raise _Afwijking(f"afrekening {referentie} is niet in euro ({stand.valuta}).")
    eerder = Afrekening.objects.filter(provider=provider, provider_id=stand.provider_id).first()
    if eerder is not None:
        raise _Afwijking(
            f"afrekening {referentie} is al geboekt met bankregel {eerder.bankregel_id} (dubbele uitbetaling?)."
        )
    if stand.netto != regel.bedrag:
        raise _Afwijking(
            f"bedrag wijkt af: bankregel {euro(regel.bedrag)}, afrekening {referentie} {euro(stand.netto)}."
        )
    if not stand.betalingen:
        raise _Afwijking(f"afrekening {referentie} bevat geen betalingen.")
    betalingen = {
        b.provider_id: b
        for b in Betaling.objects.select_for_update()
        .filter(provider=provider, provider_id__in=list(stand.betalingen))
        .order_by("pk")
    }
    onbekend = sorted(pid for pid in stand.betalingen if pid not in betalingen)
    if onbekend:
        raise _Afwijking(f"onbekende betaling(en) {', '.join(onbekend[:5])} in afrekening {referentie}.")
    for pid, bedrag in stand.betalingen.items():
        b = betalingen[pid]
        if b.status != Betaling.Status.BETAALD or b.ontvangst_id is None:
            raise _Afwijking(f"betaling {pid} staat hier niet als betaald geboekt.")
        if b.afgerekend_in_id is not None:
            raise _Afwijking(f"betaling {pid} is al afgerekend (afrekening {b.afgerekend_in_id}).")
        if rond_af(bedrag) != b.bedrag:
            raise _Afwijking(f"betaling {pid}: {euro(bedrag)} bij de betaaldienst, hier {euro(b.bedrag)}.")
    onderweg = ledger.ONDERWEG[provider]
    via_onderweg = Journaalregel.objects.filter(
        rekening__code=onderweg, post__ontvangst__betaling__in=list(betalingen.values()), bedrag__gt=0
    ).count()
    if via_onderweg != len(betalingen):
        raise _Afwijking("niet alle betalingen zijn geboekt op de rekening onderweg bij de betaaldienst.")
    bruto = rond_af(sum((b.bedrag for b in betalingen.values()), NUL))
    kosten = rond_af(bruto - stand.netto)
    if kosten < 0:
        raise _Afwijking(f"uitbetaald {euro(stand.netto)} is meer dan de betalingen samen {euro(bruto)}.")
    if stand.kosten is not None and rond_af(stand.kosten) != kosten:
        raise _Afwijking(
            f"betalingen {euro(bruto)} − uitbetaald {euro(stand.netto)} = {euro(kosten)}, maar de kosten in de "
            f"afrekening zijn {euro(stand.kosten)} (terugbetaling of storno in de afrekening?)."
        )
    post = ledger.journaalpost_boek(
        datum=regel.datum,
        omschrijving=f"Afrekening {provider} {referentie}: {len(betalingen)} betalingen, kosten {kosten}"[
            :300
        ],
        regels=boekingen.afrekening_betaaldienst(onderweg=onderweg, bruto=bruto, kosten=kosten),
        bron_type="afrekening",
        bron_id=regel.pk,
        sleutel=f"afrekening:{provider}:{stand.provider_id}"[:120],
        door=door,
    )
    afrekening = Afrekening.objects.create(
        provider=provider,
        provider_id=stand.provider_id[:64],
        referentie=referentie[:64],
        bruto=bruto,
        kosten=kosten,
        netto=stand.netto,
        bankregel=regel,
        post=post,
    )
    gezet = Betaling.objects.filter(
        pk__in=[b.pk for b in betalingen.values()], afgerekend_in__isnull=True
    ).update(afgerekend_in=afrekening)
    if gezet != len(betalingen):  # cannot happen under the row locks; never book half a settlement
        raise _Afwijking("betalingen zijn tegelijk door een andere afrekening afgerekend.")
    regel.verwerking = Bankregel.Verwerking.AFREKENING
    regel.save(update_fields=["verwerking"])
    return afrekening


def afrekening_opnieuw(*, bankregel: Bankregel, door=None) -> Afrekening:
    """Book a settlement line that waits in the work queue (its receipt still unmatched) as the settlement
    after all, with every check of the import; its receipt entry is reversed, so the money is counted once.
    Raises ``AfrekeningFout`` with the reason when it still does not agree (nothing is booked then). The
    settlement is fetched first, outside the transaction that locks the line."""
    opgehaald = afrekeningen_ophalen([Bankregel.objects.get(pk=bankregel.pk)])
    return _afrekening_opnieuw(bankregel=bankregel, opgehaald=opgehaald, door=door)


@transaction.atomic(durable=True)
def _afrekening_opnieuw(*, bankregel: Bankregel, opgehaald: Opgehaald, door) -> Afrekening:
    regel = Bankregel.objects.select_for_update().get(pk=bankregel.pk)
    provider = afrekening_herken(regel)
    if provider is None:
        raise AfrekeningFout("Deze bankregel komt niet van een betaaldienst.")
    ontvangst = Ontvangst.objects.filter(bankregel=regel).first()
    if ontvangst is None or ontvangst.status != Ontvangst.Status.ONGEMATCHT:
        raise AfrekeningFout("Alleen een afrekening die nog als ontvangst zonder dossier wacht, kan opnieuw.")
    try:
        with transaction.atomic():
            afrekening = _afrekening_boek(regel, provider=provider, opgehaald=opgehaald, door=door)
    except _Afwijking as afwijking:
        raise AfrekeningFout(f"Afrekening niet geboekt: {afwijking}") from None
    ontvangst_terugboek(
        ontvangst=ontvangst, door=door, datum=regel.datum, bron_type="afrekening", bron_id=regel.pk
    )
    Ontvangst.objects.filter(pk=ontvangst.pk).update(
        suggestie_reden=f"Geboekt als afrekening {afrekening.referentie or afrekening.provider_id}."[:200]
    )
    return afrekening
