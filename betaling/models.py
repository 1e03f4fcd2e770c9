"""A payment the debtor starts in the portal (iDEAL through a payment service provider, ``betaling.providers``).

``provider_id`` is the provider's own payment id: unique per provider, so a webhook finds exactly one row. A
paid payment becomes one receipt (``ontvangst``), booked by ``betaling.services.betaling_verwerk``.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nlai.models import BEDRAG


class Betaling(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        BETAALD = "betaald", _("betaald")
        MISLUKT = "mislukt", _("mislukt")
        GEANNULEERD = "geannuleerd", _("geannuleerd")
        VERLOPEN = "verlopen", _("verlopen")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="betalingen")
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    provider = models.CharField(_("betaaldienst"), max_length=20)
    provider_id = models.CharField(_("kenmerk bij de betaaldienst"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    checkout_url = models.URLField(_("betaalpagina"), max_length=500, blank=True)
    ontvangst = models.OneToOneField(
        "inning.Ontvangst", null=True, blank=True, on_delete=models.PROTECT, related_name="betaling"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("betaling door de debiteur")
        verbose_name_plural = _("betalingen door de debiteur")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                name="betaling_provider_id_uniek",
                condition=~Q(provider_id=""),
            ),
            models.CheckConstraint(name="betaling_bedrag_positief", condition=Q(bedrag__gt=0)),
            models.CheckConstraint(
                name="betaling_betaald_heeft_ontvangst",
                condition=~Q(status="betaald") | Q(ontvangst__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.provider_id} {self.bedrag} ({self.status})"


class TestproviderBetaling(models.Model):
    """The provider's side of a payment with the built-in test provider: what a real provider keeps on its own
    servers. Its checkout page sets ``status``; the webhook reads it from here, as it would fetch it from
    Mollie."""

    class Status(models.TextChoices):
        OPEN = "open", "open"
        PAID = "paid", "paid"
        FAILED = "failed", "failed"
        CANCELED = "canceled", "canceled"

    provider_id = models.CharField(max_length=64, unique=True)
    bedrag = models.DecimalField(**BEDRAG)
    omschrijving = models.CharField(max_length=200)
    redirect_url = models.URLField(max_length=500)
    webhook_url = models.URLField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "testbetaling (testbetaaldienst)"
        verbose_name_plural = "testbetalingen (testbetaaldienst)"
