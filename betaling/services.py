"""Start a debtor's payment and process what the provider reports about it.

``betaling_verwerk`` is what every webhook call ends in. It fetches the status from the provider (outside any
transaction: an HTTP call), then locks the payment row: a payment that turns paid is booked once through the
real receipt service ``inning.services.ontvangst_registreer`` (allocated, with commission, in the ledger), with
the idempotency key ``betaling:<provider>:<provider id>``. A second or third webhook finds the row already
``betaald`` and books nothing; the unique receipt key would stop a double booking even without the lock.

The receipt debits the provider's clearing account (``inning.ledger.ONDERWEG``, "onderweg bij betaaldienst"),
not the bank: the money itself reaches the client-money account later, in the provider's settlement (one bank
line for many payments, minus its fees). The bank import recognises that line and clears the account
(``bank.afrekening``); it never books it as a receipt again.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from inning.ledger import ONDERWEG
from inning.services import ontvangst_registreer
from recht.geld import euro, rond_af

from .models import Betaling
from .providers import ProviderFout, actieve_provider, provider_voor

logger = logging.getLogger(__name__)

__all__ = ["MAXIMUM", "MINIMUM", "BetalingFout", "betaling_start", "betaling_verwerk"]

MINIMUM = Decimal("1.00")
MAXIMUM = Decimal("50000.00")  # iDEAL's own limit per payment


class BetalingFout(ValidationError):
    """The payment cannot be started; the message is for the debtor."""


def betaling_start(*, dossier: Dossier, bedrag: Decimal, basis_url: str) -> Betaling:
    """Create the payment here and at the provider; returns it with its ``checkout_url``.

    ``basis_url`` is the site's address as the debtor reached it (``https://host``): the provider sends the
    debtor back to it and posts its webhook there. Not atomic on purpose: the provider call is HTTP, and our
    row must exist before it (its id goes to the provider)."""
    bedrag = rond_af(bedrag)
    if bedrag < MINIMUM:
        raise BetalingFout(f"Het bedrag moet minimaal {euro(MINIMUM)} zijn.")
    if bedrag > MAXIMUM:
        raise BetalingFout(f"Met iDEAL kunt u maximaal {euro(MAXIMUM)} per keer betalen.")
    provider = actieve_provider()
    if provider is None:
        raise BetalingFout(
            "Online betalen is op dit moment niet mogelijk. Maak het bedrag over naar onze rekening."
        )
    basis = basis_url.rstrip("/")
    betaling = Betaling.objects.create(dossier=dossier, bedrag=bedrag, provider=provider.naam)
    try:
        provider_id, checkout_url = provider.maak(
            betaling=betaling,
            omschrijving=f"Dossier {dossier.nummer}",
            redirect_url=basis + reverse("debiteur:betaling", kwargs={"betaling_id": betaling.pk}),
            webhook_url=basis + reverse("betalen:webhook", kwargs={"provider": provider.naam}),
        )
    except ProviderFout:
        logger.exception("betaling %s: de betaaldienst gaf een fout", betaling.pk)
        Betaling.objects.filter(pk=betaling.pk).update(status=Betaling.Status.MISLUKT)
        betaling.status = Betaling.Status.MISLUKT
        _tijdlijn(betaling, dossier=dossier, gestart=False)
        raise BetalingFout(
            "De betaaldienst is nu niet bereikbaar. Probeer het over een paar minuten opnieuw."
        ) from None
    Betaling.objects.filter(pk=betaling.pk).update(provider_id=provider_id, checkout_url=checkout_url)
    betaling.refresh_from_db()
    _tijdlijn(betaling, dossier=dossier, gestart=True)
    return betaling


UITKOMST = {
    Betaling.Status.MISLUKT: "is mislukt",
    Betaling.Status.GEANNULEERD: "is door de betalingsplichtige afgebroken",
    Betaling.Status.VERLOPEN: "is verlopen (niet afgerond)",
}


def _tijdlijn(betaling: Betaling, *, dossier: Dossier, gestart: bool) -> None:
    """Internal timeline entries for the case manager: the debtor started an online payment, or it failed,
    was cancelled or expired (a paid one is on the timeline through its receipt). Once per payment and
    outcome; only the debtor's own action and amount, nothing of the client."""
    if gestart:
        tekst = f"De betalingsplichtige start een online betaling van {euro(betaling.bedrag)} in het portaal."
        sleutel = f"betaling:{betaling.pk}:gestart"
    else:
        tekst = f"De online betaling van {euro(betaling.bedrag)} {UITKOMST[betaling.status]}."
        sleutel = f"betaling:{betaling.pk}:{betaling.status}"
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.BETALING,
        tekst=f"{tekst} ({betaling.provider})",
        intern=True,
        sleutel=sleutel,
    )


def betaling_verwerk(*, provider: str, provider_id: str) -> Betaling | None:
    """Process a webhook: fetch the payment from the provider and record its status; a paid payment becomes
    exactly one receipt. Returns None for an unknown provider or id (logged; the webhook still answers 200)."""
    dienst = provider_voor(provider)
    betaling = (
        Betaling.objects.filter(provider=provider, provider_id=provider_id).first() if provider_id else None
    )
    if dienst is None or betaling is None:
        logger.warning("betaalwebhook: onbekende betaling %s/%s", provider, provider_id[:64])
        return None
    stand = dienst.haal(provider_id=provider_id)
    if stand.status == Betaling.Status.BETAALD and (stand.valuta != "EUR" or stand.bedrag != betaling.bedrag):
        logger.error(
            "betaling %s: betaald bedrag %s %s wijkt af van %s; niet geboekt",
            betaling.pk,
            stand.valuta,
            stand.bedrag,
            betaling.bedrag,
        )
        return betaling
    return _status_zet(betaling_id=betaling.pk, status=stand.status)


@transaction.atomic(durable=True)
def _status_zet(*, betaling_id: int, status: str) -> Betaling:
    betaling = Betaling.objects.select_for_update().select_related("dossier").get(pk=betaling_id)
    if betaling.status == Betaling.Status.BETAALD or betaling.status == status:
        return betaling  # paid is final; a repeated webhook changes nothing
    if status == Betaling.Status.BETAALD:
        betaling.ontvangst = ontvangst_registreer(
            dossier=betaling.dossier,
            bedrag=betaling.bedrag,
            datum=timezone.localdate(),
            bron_type="betaling",
            bron_id=betaling.pk,
            omschrijving=f"iDEAL via {betaling.provider} {betaling.provider_id} (portaal debiteur)",
            sleutel=f"betaling:{betaling.provider}:{betaling.provider_id}",
            rekening=ONDERWEG[betaling.provider],
        )
    betaling.status = status
    betaling.save(update_fields=["status", "ontvangst", "bijgewerkt_op"])
    if status in UITKOMST:
        _tijdlijn(betaling, dossier=betaling.dossier, gestart=False)
    return betaling
