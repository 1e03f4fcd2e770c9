"""A payment the debtor starts in the portal (iDEAL through a payment service provider, ``betaling.providers``).

``provider_id`` is the provider's own payment id: unique per provider, so a webhook finds exactly one row. A
paid payment becomes one receipt (``ontvangst``), booked by ``betaling.services.betaling_verwerk``.
"""

from django.db import models
from django.db.models import F, Q
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
    afgerekend_in = models.ForeignKey(
        "Afrekening", null=True, blank=True, on_delete=models.PROTECT, related_name="betalingen"
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


class Afrekening(models.Model):
    """A settlement of the payment service provider: many paid payments, paid out to our bank as one credit
    (gross minus the provider's fees). Booked once, by the bank line that brought it (``bank.afrekening``):
    unique per provider + settlement id and per bank line."""

    provider = models.CharField(_("betaaldienst"), max_length=20)
    provider_id = models.CharField(_("afrekening bij de betaaldienst"), max_length=64)
    referentie = models.CharField(_("referentie op het bankafschrift"), max_length=64, blank=True)
    bruto = models.DecimalField(_("bruto (som van de betalingen)"), **BEDRAG)
    kosten = models.DecimalField(_("kosten betaaldienst"), **BEDRAG)
    netto = models.DecimalField(_("uitbetaald"), **BEDRAG)
    bankregel = models.OneToOneField("inning.Bankregel", on_delete=models.PROTECT, related_name="afrekening")
    post = models.OneToOneField("inning.Journaalpost", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afrekening van de betaaldienst")
        verbose_name_plural = _("afrekeningen van de betaaldienst")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_id"], name="afrekening_provider_id_uniek"),
            models.CheckConstraint(
                name="afrekening_bruto_is_netto_plus_kosten", condition=Q(bruto=F("netto") + F("kosten"))
            ),
            models.CheckConstraint(name="afrekening_kosten_niet_negatief", condition=Q(kosten__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.referentie or self.provider_id} {self.netto}"


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


class TestproviderAfrekening(models.Model):
    """The test provider's side of a settlement (``manage.py betaling_afrekening_test``): which of its paid
    payments it paid out, under which bank reference, and its fee per payment."""

    provider_id = models.CharField(max_length=64, unique=True)
    referentie = models.CharField(max_length=64, unique=True)
    betalingen = models.JSONField(default=list)  # provider ids of the settled test payments
    kosten_per_betaling = models.DecimalField(**BEDRAG)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "afrekening (testbetaaldienst)"
        verbose_name_plural = "afrekeningen (testbetaaldienst)"
