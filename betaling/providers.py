"""Payment service providers behind one small interface.

- ``MollieProvider``: iDEAL through Mollie's official Python client, active when ``settings.MOLLIE_API_KEY`` is
  set (``MOLLIE_API_ENDPOINT`` points the client elsewhere; the tests use it for a local server). Its webhook
  posts only the payment id: the status and amount are always fetched from Mollie, never read from the body.
- ``TestProvider``: for ``make run`` and the tests when no key is set (``settings.BETALEN_TESTPROVIDER``). Its
  checkout page is on our own site, labelled as a test; what a real provider keeps on its servers lives in
  ``TestproviderBetaling``.

Both also fetch a settlement (``afrekening_haal``, by the bank reference on the payout or the settlement id):
its net amount paid out and the payments in it, for ``bank.afrekening``. Mollie's client does it as
``client.settlements.get(reference)`` and ``settlement.payments.list()`` (paginated).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from mollie.api.client import Client as MollieClient

from .models import Betaling, TestproviderAfrekening, TestproviderBetaling

__all__ = [
    "MollieProvider",
    "Provider",
    "ProviderAfrekening",
    "ProviderBetaling",
    "ProviderFout",
    "TestProvider",
    "actieve_provider",
    "provider_voor",
    "afrekening_testprovider_maak",
    "testbetaling_kies",
]


class ProviderFout(Exception):
    """The provider could not be reached or answered something we cannot use."""


@dataclass(frozen=True)
class ProviderBetaling:
    """What the provider says about a payment: one of ``Betaling.Status`` and the amount in euro."""

    status: str
    bedrag: Decimal
    valuta: str = "EUR"


@dataclass(frozen=True)
class ProviderAfrekening:
    """What the provider says about a settlement: its id and bank reference, the net amount paid out, the
    payments in it (provider id → amount) and, where the provider itemises them, its fees. Refunds or
    chargebacks in a settlement show as a net amount that the payments and the fees do not explain."""

    provider_id: str
    referentie: str
    netto: Decimal
    betalingen: dict[str, Decimal]
    kosten: Decimal | None = None
    valuta: str = "EUR"


class Provider(Protocol):
    naam: str

    def maak(
        self, *, betaling: Betaling, omschrijving: str, redirect_url: str, webhook_url: str
    ) -> tuple[str, str]:
        """Create the payment at the provider: (provider id, checkout URL)."""
        ...

    def haal(self, *, provider_id: str) -> ProviderBetaling:
        """Fetch the payment's current status and amount from the provider."""
        ...

    def afrekening_haal(self, *, referentie: str) -> ProviderAfrekening:
        """Fetch a settlement by its bank reference (or id) with its payments."""
        ...


MOLLIE_STATUS = {
    "open": Betaling.Status.OPEN,
    "pending": Betaling.Status.OPEN,
    "authorized": Betaling.Status.OPEN,
    "paid": Betaling.Status.BETAALD,
    "failed": Betaling.Status.MISLUKT,
    "canceled": Betaling.Status.GEANNULEERD,
    "expired": Betaling.Status.VERLOPEN,
}


class MollieProvider:
    naam = "mollie"

    def _client(self) -> MollieClient:
        client = MollieClient(api_endpoint=settings.MOLLIE_API_ENDPOINT, retry=1)
        client.set_api_key(settings.MOLLIE_API_KEY)
        return client

    def maak(
        self, *, betaling: Betaling, omschrijving: str, redirect_url: str, webhook_url: str
    ) -> tuple[str, str]:
        try:
            payment = self._client().payments.create(
                {
                    "amount": {"currency": "EUR", "value": f"{betaling.bedrag:.2f}"},
                    "description": omschrijving,
                    "redirectUrl": redirect_url,
                    "webhookUrl": webhook_url,
                    "method": "ideal",
                    "metadata": {"betaling": betaling.pk},
                }
            )
        except Exception as fout:  # the client raises its own error types and requests' errors
            raise ProviderFout(f"Mollie: betaling niet aangemaakt ({type(fout).__name__}: {fout})") from fout
        if not payment.id or not payment.checkout_url:
            raise ProviderFout("Mollie: antwoord zonder id of betaalpagina")
        return payment.id, payment.checkout_url

    def haal(self, *, provider_id: str) -> ProviderBetaling:
        try:
            payment = self._client().payments.get(provider_id)
        except Exception as fout:
            raise ProviderFout(
                f"Mollie: betaling {provider_id} niet opgehaald ({type(fout).__name__})"
            ) from fout
        if payment.status not in MOLLIE_STATUS:
            raise ProviderFout(f"Mollie: onbekende status {payment.status!r}")
        bedrag = payment.amount or {}
        return ProviderBetaling(
            status=MOLLIE_STATUS[payment.status],
            bedrag=Decimal(str(bedrag.get("value", "0"))),
            valuta=str(bedrag.get("currency", "")),
        )

    def afrekening_haal(self, *, referentie: str) -> ProviderAfrekening:
        try:
            client = self._client()
            settlement = client.settlements.get(referentie)
            betalingen: dict[str, Decimal] = {}
            pagina = settlement.payments.list(limit=250)
            while pagina is not None:
                for payment in pagina:
                    bedrag = payment.amount or {}
                    if bedrag.get("currency") != "EUR":
                        raise ProviderFout(f"Mollie: betaling {payment.id} niet in euro")
                    betalingen[payment.id] = Decimal(str(bedrag.get("value", "0")))
                pagina = pagina.get_next() if pagina.has_next() else None
        except ProviderFout:
            raise
        except Exception as fout:
            raise ProviderFout(
                f"Mollie: afrekening {referentie} niet opgehaald ({type(fout).__name__})"
            ) from fout
        netto = settlement.amount or {}
        return ProviderAfrekening(
            provider_id=str(settlement.id),
            referentie=str(settlement.reference or referentie),
            netto=Decimal(str(netto.get("value", "0"))),
            valuta=str(netto.get("currency", "")),
            betalingen=betalingen,
            kosten=_mollie_kosten(settlement.periods),
        )


def _mollie_kosten(periods) -> Decimal | None:
    """The fees itemised in a settlement's ``periods`` (year → month → {revenue, costs}): the sum of the
    costs' ``amountGross`` (fee incl. VAT, what was withheld). None when the settlement has no periods."""
    if not periods:
        return None
    totaal = Decimal("0.00")
    for maanden in periods.values():
        for periode in maanden.values():
            for kost in periode.get("costs") or []:
                totaal += Decimal(str((kost.get("amountGross") or {}).get("value", "0")))
    return totaal


TEST_STATUS = {
    TestproviderBetaling.Status.OPEN: Betaling.Status.OPEN,
    TestproviderBetaling.Status.PAID: Betaling.Status.BETAALD,
    TestproviderBetaling.Status.FAILED: Betaling.Status.MISLUKT,
    TestproviderBetaling.Status.CANCELED: Betaling.Status.GEANNULEERD,
}


class TestProvider:
    naam = "test"

    def maak(
        self, *, betaling: Betaling, omschrijving: str, redirect_url: str, webhook_url: str
    ) -> tuple[str, str]:
        provider_id = f"tst_{secrets.token_urlsafe(12)}"
        TestproviderBetaling.objects.create(
            provider_id=provider_id,
            bedrag=betaling.bedrag,
            omschrijving=omschrijving,
            redirect_url=redirect_url,
            webhook_url=webhook_url,
        )
        # The checkout page lives on the same site as the redirect URL.
        basis = redirect_url.split("/", 3)
        checkout = "/".join(basis[:3]) + reverse("betalen:test_checkout", kwargs={"provider_id": provider_id})
        return provider_id, checkout

    def haal(self, *, provider_id: str) -> ProviderBetaling:
        rij = TestproviderBetaling.objects.filter(provider_id=provider_id).first()
        if rij is None:
            raise ProviderFout(f"Testbetaaldienst: betaling {provider_id} bestaat niet")
        return ProviderBetaling(status=TEST_STATUS[rij.status], bedrag=rij.bedrag)

    def afrekening_haal(self, *, referentie: str) -> ProviderAfrekening:
        rij = TestproviderAfrekening.objects.filter(referentie=referentie).first()
        if rij is None:
            raise ProviderFout(f"Testbetaaldienst: afrekening {referentie} bestaat niet")
        bedragen = dict(
            TestproviderBetaling.objects.filter(provider_id__in=rij.betalingen).values_list(
                "provider_id", "bedrag"
            )
        )
        # An id the test provider does not know is passed on as 0.00: the booking refuses it, as with Mollie.
        betalingen = {pid: bedragen.get(pid, Decimal("0.00")) for pid in rij.betalingen}
        kosten = rij.kosten_per_betaling * len(betalingen)
        return ProviderAfrekening(
            provider_id=rij.provider_id,
            referentie=rij.referentie,
            netto=sum(betalingen.values(), Decimal("0.00")) - kosten,
            betalingen=betalingen,
            kosten=kosten,
        )


def provider_voor(naam: str) -> Provider | None:
    """The provider behind a webhook path, or None when it is unknown or switched off here."""
    if naam == MollieProvider.naam and settings.MOLLIE_API_KEY:
        return MollieProvider()
    if naam == TestProvider.naam and settings.BETALEN_TESTPROVIDER:
        return TestProvider()
    return None


def actieve_provider() -> Provider | None:
    """Mollie when a key is set, else the test provider where it is allowed, else none (no pay button)."""
    if settings.MOLLIE_API_KEY:
        return MollieProvider()
    if settings.BETALEN_TESTPROVIDER:
        return TestProvider()
    return None


def testbetaling_kies(*, provider_id: str, status: str) -> TestproviderBetaling | None:
    """The test provider's checkout: the choice (paid, failed, canceled) is final, as at a real provider."""
    if status not in (
        TestproviderBetaling.Status.PAID,
        TestproviderBetaling.Status.FAILED,
        TestproviderBetaling.Status.CANCELED,
    ):
        raise ValueError(status)
    TestproviderBetaling.objects.filter(
        provider_id=provider_id, status=TestproviderBetaling.Status.OPEN
    ).update(status=status)
    return TestproviderBetaling.objects.filter(provider_id=provider_id).first()


TEST_KOSTEN = Decimal("0.29")  # the test provider's fee per payment (Mollie's iDEAL rate, excl. VAT)


def afrekening_testprovider_maak(
    *, datum, kosten_per_betaling: Decimal = TEST_KOSTEN
) -> TestproviderAfrekening | None:
    """The test provider settles every paid test payment it has not settled before (what Mollie does on its
    payout schedule): one settlement with a Mollie-shaped bank reference. None when there is nothing to settle."""
    eerder = {
        pid for rij in TestproviderAfrekening.objects.values_list("betalingen", flat=True) for pid in rij
    }
    betaald = [
        pid
        for pid in TestproviderBetaling.objects.filter(status=TestproviderBetaling.Status.PAID)
        .order_by("aangemaakt_op", "id")
        .values_list("provider_id", flat=True)
        if pid not in eerder
    ]
    if not betaald:
        return None
    volgnummer = (
        TestproviderAfrekening.objects.filter(referentie__startswith=f"9999999.{datum:%y%m}.").count() + 1
    )
    return TestproviderAfrekening.objects.create(
        provider_id=f"stl_{secrets.token_urlsafe(8)}",
        referentie=f"9999999.{datum:%y%m}.{volgnummer:02d}",
        betalingen=betaald,
        kosten_per_betaling=kosten_per_betaling,
    )
