"""Payment service providers behind one small interface.

- ``MollieProvider``: iDEAL through Mollie's official Python client, active when ``settings.MOLLIE_API_KEY`` is
  set (``MOLLIE_API_ENDPOINT`` points the client elsewhere; the tests use it for a local server). Its webhook
  posts only the payment id: the status and amount are always fetched from Mollie, never read from the body.
- ``TestProvider``: for ``make run`` and the tests when no key is set (``settings.BETALEN_TESTPROVIDER``). Its
  checkout page is on our own site, labelled as a test; what a real provider keeps on its servers lives in
  ``TestproviderBetaling``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from mollie.api.client import Client as MollieClient

from .models import Betaling, TestproviderBetaling

__all__ = [
    "MollieProvider",
    "Provider",
    "ProviderBetaling",
    "ProviderFout",
    "TestProvider",
    "actieve_provider",
    "provider_voor",
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
