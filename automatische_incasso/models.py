"""SEPA Core direct debit of arrangement terms: the debtor's mandate, the weekly collection batch and each
collection.

A mandate (``Machtiging``) belongs to one arrangement; its reference is unique and never reused. Revoked, it
collects nothing more. A batch (``Incassobatch``) has the four eyes and states of the payout batch
(``uitbetaling.models.UitbetalingBatch``): prepared by one financieel user (or the weekly beat, then released
by one), approved by another; approval makes the pain.008 file, which is then downloaded for the bank.
Nothing is booked when the file is made: a collection (``Incasso``) becomes a receipt only when the bank
statement shows its credit (matched by EndToEndId), and a return (R-transaction) reverses that receipt.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nlai.models import BEDRAG, VierOgen


class Machtiging(models.Model):
    class Status(models.TextChoices):
        ACTIEF = "actief", _("actief")
        INGETROKKEN = "ingetrokken", _("ingetrokken")

    class Bron(models.TextChoices):
        PORTAAL = "portaal", _("online gegeven in het portaal")
        PAPIER = "papier", _("papieren formulier")

    regeling = models.ForeignKey(
        "incasso.Betalingsregeling", on_delete=models.PROTECT, related_name="machtigingen"
    )
    kenmerk = models.CharField(_("machtigingskenmerk"), max_length=35, unique=True)
    rekeninghouder = models.CharField(_("naam rekeninghouder"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    plaats = models.CharField(_("plaats van ondertekening"), max_length=70)
    ondertekend_op = models.DateField(_("datum van ondertekening"))
    bron = models.CharField(_("bron"), max_length=10, choices=Bron.choices, default=Bron.PORTAAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIEF)
    eerste_incasso_gedaan = models.BooleanField(_("eerste incasso (FRST) aangeboden"), default=False)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("machtiging")
        verbose_name_plural = _("machtigingen")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            # one active mandate per arrangement: a second one would collect each term twice
            models.UniqueConstraint(
                fields=["regeling"], condition=Q(status="actief"), name="machtiging_een_actief_per_regeling"
            ),
            models.CheckConstraint(
                name="machtiging_ingetrokken_heeft_datum",
                condition=~Q(status="ingetrokken") | Q(ingetrokken_op__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.kenmerk


class Incassobatch(VierOgen):
    class Status(models.TextChoices):
        VOORBEREID = "voorbereid", _("voorbereid")
        VRIJGEGEVEN = "vrijgegeven", _("vrijgegeven")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    week = models.CharField(_("week"), max_length=8, help_text="ISO-week, bijv. 2026-W49")
    volgnummer = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREID)
    afwijsreden = models.TextField(_("reden van afwijzing"), blank=True, default="")
    # the pain.008 file, made on approval (validated against its XSD before it is stored)
    msg_id = models.CharField(_("bericht-id"), max_length=35, blank=True, default="")
    xml = models.TextField(blank=True, default="")
    gedownload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gedownload_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("incassobatch")
        verbose_name_plural = _("incassobatches")
        ordering = ["-voorbereid_op", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["week", "volgnummer"], name="incassobatch_week_volgnummer"),
            models.CheckConstraint(
                name="incassobatch_vier_ogen",
                condition=Q(goedgekeurd_door__isnull=True)
                | Q(voorbereid_door__isnull=True)
                | ~Q(goedgekeurd_door=F("voorbereid_door")),
            ),
            models.CheckConstraint(
                name="incassobatch_vrijgever_is_niet_goedkeurder",
                condition=Q(goedgekeurd_door__isnull=True)
                | Q(vrijgegeven_door__isnull=True)
                | ~Q(goedgekeurd_door=F("vrijgegeven_door")),
            ),
            models.CheckConstraint(
                name="incassobatch_goedgekeurd_heeft_goedkeurder",
                condition=~Q(status="goedgekeurd") | Q(goedgekeurd_door__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Incassobatch {self.week}-{self.volgnummer}"

    @property
    def naam(self) -> str:
        return f"{self.week}-{self.volgnummer}"


class Incasso(models.Model):
    class Volgorde(models.TextChoices):
        FRST = "FRST", _("eerste incasso (FRST)")
        RCUR = "RCUR", _("herhaalde incasso (RCUR)")

    class Status(models.TextChoices):
        VOORBEREID = "voorbereid", _("voorbereid")
        AANGEBODEN = "aangeboden", _("aangeboden aan de bank")
        GECREDITEERD = "gecrediteerd", _("bijgeschreven")
        GESTORNEERD = "gestorneerd", _("gestorneerd (teruggeboekt)")
        VERVALLEN = "vervallen", _("vervallen (batch afgewezen of machtiging ingetrokken)")

    batch = models.ForeignKey(Incassobatch, on_delete=models.PROTECT, related_name="incasso_s")
    termijn = models.ForeignKey("incasso.Regeltermijn", on_delete=models.PROTECT, related_name="incasso_s")
    machtiging = models.ForeignKey(Machtiging, on_delete=models.PROTECT, related_name="incasso_s")
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    incassodatum = models.DateField(_("incassodatum"))
    volgorde = models.CharField(_("volgorde"), max_length=4, choices=Volgorde.choices)
    end_to_end_id = models.CharField(_("end-to-end-id"), max_length=35, unique=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.VOORBEREID)
    retourcode = models.CharField(_("reden storno"), max_length=4, blank=True, default="")
    gestorneerd_op = models.DateField(_("gestorneerd op"), null=True, blank=True)
    ontvangst = models.ForeignKey(
        "inning.Ontvangst", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("incasso")
        verbose_name_plural = _("incasso's")
        ordering = ["incassodatum", "id"]
        constraints = [
            # a term is collected at most once at a time: a live collection blocks a second one
            models.UniqueConstraint(
                fields=["termijn"],
                condition=Q(status__in=["voorbereid", "aangeboden", "gecrediteerd"]),
                name="incasso_een_levend_per_termijn",
            ),
            models.CheckConstraint(name="incasso_bedrag_positief", condition=Q(bedrag__gt=0)),
        ]

    def __str__(self) -> str:
        return self.end_to_end_id
