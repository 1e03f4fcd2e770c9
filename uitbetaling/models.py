"""Weekly payouts of client money, the SEPA files that carry them, and commission invoices.

A batch per ISO week (unique). One payout per client per batch (unique in the database). Four eyes: the
person who approves a batch is not the one who prepared it; a batch the weekly beat prepared is first
released ("vrijgegeven") by one person and approved by another (check constraints as well as the service).
A batch that is not yet approved can be rejected with a reason: its payouts lapse ("vervallen") and the
money goes with the next batch.
A payout to an IBAN changed in the last 7 days waits for a case manager's approval and stays out of every
SEPA file until then. Each payout is in at most one SEPA file, so no file can be made that pays a client
twice. Money moves only through the ledger (``inning.ledger``); these rows say what was decided.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _

from nlai.models import BEDRAG, VierOgen

HALVE_CENT = Value(Decimal("0.005"))


class UitbetalingBatch(VierOgen):
    class Status(models.TextChoices):
        VOORBEREID = "voorbereid", _("voorbereid")
        VRIJGEGEVEN = "vrijgegeven", _("vrijgegeven")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
        GEBOEKT = "geboekt", _("geboekt")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    week = models.CharField(_("week"), max_length=8, unique=True, help_text="ISO-week, bijv. 2026-W47")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREID)
    geboekt_op = models.DateTimeField(_("geboekt op"), null=True, blank=True)
    afwijsreden = models.TextField(_("reden van afwijzing"), blank=True, default="", db_default="")

    # Set by the approval service once the booking task was (or could not be) queued; not stored.
    boeking_in_wachtrij: bool | None = None

    class Meta:
        verbose_name = _("uitbetalingsbatch")
        verbose_name_plural = _("uitbetalingsbatches")
        ordering = ["-week"]
        constraints = [
            models.CheckConstraint(
                name="batch_vier_ogen",
                condition=Q(goedgekeurd_door__isnull=True)
                | Q(voorbereid_door__isnull=True)
                | ~Q(goedgekeurd_door=F("voorbereid_door")),
            ),
            models.CheckConstraint(
                name="batch_goedgekeurd_heeft_goedkeurder",
                condition=Q(status__in=["voorbereid", "vrijgegeven", "afgewezen"])
                | Q(goedgekeurd_door__isnull=False),
            ),
            # Four eyes on a batch the beat prepared: the releaser is not the approver, and no such batch is
            # approved without a release.
            models.CheckConstraint(
                name="batch_vrijgever_is_niet_goedkeurder",
                condition=Q(goedgekeurd_door__isnull=True)
                | Q(vrijgegeven_door__isnull=True)
                | ~Q(goedgekeurd_door=F("vrijgegeven_door")),
            ),
            models.CheckConstraint(
                name="batch_automatisch_eerst_vrijgegeven",
                condition=Q(voorbereid_door__isnull=False)
                | Q(goedgekeurd_door__isnull=True)
                | Q(vrijgegeven_door__isnull=False),
            ),
            models.CheckConstraint(
                name="batch_afgewezen_heeft_reden",
                condition=~Q(status="afgewezen") | (Q(afgewezen_door__isnull=False) & ~Q(afwijsreden="")),
            ),
        ]

    def __str__(self) -> str:
        return self.week


class SepaBestand(models.Model):
    """One pain.001.001.09 file. Its payouts point to it, so a payout is never in two files."""

    batch = models.ForeignKey(UitbetalingBatch, on_delete=models.PROTECT, related_name="sepa_bestanden")
    msg_id = models.CharField(_("bericht-id"), max_length=35, unique=True)
    xml = models.TextField()
    aantal = models.PositiveIntegerField()
    totaal = models.DecimalField(**BEDRAG)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gedownload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gedownload_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SEPA-bestand")
        verbose_name_plural = _("SEPA-bestanden")
        ordering = ["aangemaakt_op", "id"]

    def __str__(self) -> str:
        return self.msg_id


class Uitbetaling(models.Model):
    class Status(models.TextChoices):
        """In the ledger: decided (reserved), booked, or lapsed with a rejected batch (money stays owed)."""

        VOORBEREID = "voorbereid", _("voorbereid")
        GEBOEKT = "geboekt", _("geboekt")
        VERVALLEN = "vervallen", _("vervallen (batch afgewezen)")

    class Bankstatus(models.TextChoices):
        """At the bank: in an approved SEPA file, that file downloaded for the bank, its debit seen."""

        KLAARGEZET = "klaargezet", _("klaargezet")
        AANGEBODEN = "aangeboden", _("aangeboden aan de bank")
        UITGEVOERD = "uitgevoerd", _("uitgevoerd")

    batch = models.ForeignKey(UitbetalingBatch, on_delete=models.PROTECT, related_name="uitbetalingen")
    client = models.ForeignKey("dossiers.Client", on_delete=models.PROTECT, related_name="uitbetalingen")
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    naam = models.CharField(_("tenaamstelling"), max_length=200)
    bruto = models.DecimalField(_("verschuldigd aan cliënt"), **BEDRAG)
    provisie_verrekend = models.DecimalField(_("provisie verrekend"), **BEDRAG, default=0)
    netto = models.DecimalField(_("netto uitbetaald"), **BEDRAG)
    end_to_end_id = models.CharField(_("end-to-end-id"), max_length=35, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREID)
    wacht_op_iban_goedkeuring = models.BooleanField(_("wacht op goedkeuring nieuw IBAN"), default=False)
    iban_goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sepa_bestand = models.ForeignKey(
        SepaBestand, null=True, blank=True, on_delete=models.PROTECT, related_name="uitbetalingen"
    )
    # The highest journal line id counted in `bruto`: the specification lists the lines since the last payout.
    tot_regel_id = models.BigIntegerField(default=0)
    geboekt_op = models.DateTimeField(null=True, blank=True)
    bankstatus = models.CharField(
        _("status bij de bank"),
        max_length=20,
        choices=Bankstatus.choices,
        default=Bankstatus.KLAARGEZET,
        db_default=Bankstatus.KLAARGEZET,
    )
    # The debit on our statement that carried this payout (matched on its end-to-end id and amount).
    uitgevoerd_bankregel = models.OneToOneField(
        "inning.Bankregel", null=True, blank=True, on_delete=models.PROTECT, related_name="uitbetaling"
    )
    uitgevoerd_op = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    specificatie_pdf = models.FileField(upload_to="uitbetaling/specificaties/%Y/", blank=True)

    class Meta:
        verbose_name = _("uitbetaling")
        verbose_name_plural = _("uitbetalingen")
        ordering = ["batch", "client__naam", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "client"], name="een_uitbetaling_per_client_per_batch"),
            # netto = bruto − verrekend to the cent. Written as a half-cent band because SQLite evaluates
            # decimal arithmetic in floating point (0.89 − 0.34 ≠ 0.55 there); on PostgreSQL it is exact.
            models.CheckConstraint(
                name="uitbetaling_netto_klopt",
                condition=Q(netto__gt=F("bruto") - F("provisie_verrekend") - HALVE_CENT)
                & Q(netto__lt=F("bruto") - F("provisie_verrekend") + HALVE_CENT),
            ),
            models.CheckConstraint(name="uitbetaling_netto_niet_negatief", condition=Q(netto__gte=0)),
            models.CheckConstraint(
                name="uitbetaling_verrekend_niet_negatief", condition=Q(provisie_verrekend__gte=0)
            ),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return self.end_to_end_id

    @property
    def in_sepa(self) -> bool:
        return self.netto > 0 and not self.wacht_op_iban_goedkeuring

    @property
    def voor_client(self) -> str:
        """Where the payout stands, as the client is told it (the portal words per key): only "uitgevoerd"
        means the money left our account. Reads ``batch``: select it with the payout."""
        if self.status == self.Status.VERVALLEN:
            return "vervallen"
        if self.wacht_op_iban_goedkeuring:
            return "wacht_iban"
        if self.batch.status in (UitbetalingBatch.Status.VOORBEREID, UitbetalingBatch.Status.VRIJGEGEVEN):
            return "voorbereiding"
        if self.netto == 0:
            return "verrekend"
        return self.bankstatus


class Factuur(models.Model):
    """Commission on direct payments that a payout could not set off: the client is invoiced for it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        BETAALD = "betaald", _("betaald")
        VERVALLEN = "vervallen", _("vervallen (batch afgewezen)")

    client = models.ForeignKey("dossiers.Client", on_delete=models.PROTECT, related_name="facturen")
    uitbetaling = models.OneToOneField(
        Uitbetaling, null=True, blank=True, on_delete=models.PROTECT, related_name="factuur"
    )
    nummer = models.CharField(_("factuurnummer"), max_length=30, unique=True)
    datum = models.DateField(_("factuurdatum"))
    bedrag = models.DecimalField(_("bedrag incl. btw"), **BEDRAG)
    btw = models.DecimalField(_("waarvan btw"), **BEDRAG)
    reden = models.CharField(_("reden"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    pdf = models.FileField(upload_to="uitbetaling/facturen/%Y/", blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")
        ordering = ["-datum", "-id"]
        constraints = [models.CheckConstraint(name="factuur_bedrag_positief", condition=Q(bedrag__gt=0))]

    def __str__(self) -> str:
        return self.nummer


class AuditfileRekening(models.Model):
    """One account of the chart the XAF auditfile (``uitbetaling.auditfile``) shows the accountant: the ledger
    code of ``inning.ledger`` (a client's and a dossier's accounts share their code, so the auditfile holds
    totals per code, not a sub-ledger per person) mapped to the accountant's account number, description,
    kind and RGS reference code. The beheerder keeps it in the admin; a code without a row gets the standard
    account of ``auditfile.STANDAARD_SCHEMA``."""

    class Soort(models.TextChoices):
        BALANS = "B", _("balans")
        RESULTAAT = "P", _("winst-en-verlies")

    code = models.CharField(_("grootboekcode"), max_length=40, unique=True)
    rekeningnummer = models.CharField(
        _("rekeningnummer (accID)"),
        max_length=35,
        help_text=_(
            "Het nummer van de rekening bij de accountant. Twee codes met hetzelfde nummer worden in het "
            "auditfile één rekening (met de omschrijving en soort van de code die alfabetisch eerst komt)."
        ),
    )
    omschrijving = models.CharField(_("omschrijving (accDesc)"), max_length=200)
    soort = models.CharField(_("soort (accTp)"), max_length=1, choices=Soort.choices)
    rgs_code = models.CharField(
        _("RGS-referentiecode (leadCode)"),
        max_length=100,
        blank=True,
        help_text=_("Optioneel: de code van deze rekening in het Referentie Grootboekschema (RGS)."),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("rekening van het rekeningschema (auditfile)")
        verbose_name_plural = _("rekeningschema (auditfile)")
        ordering = ["rekeningnummer", "code"]
        constraints = [
            models.CheckConstraint(name="auditfilerekening_nummer_gevuld", condition=~Q(rekeningnummer=""))
        ]

    def __str__(self) -> str:
        return f"{self.rekeningnummer} {self.omschrijving} ({self.code})"


class Jaaropgave(models.Model):
    """The yearly statement for the tax return: to a client (what came in for them, commission, VAT, paid
    out) or to a debtor (what they paid on one dossier). One per recipient per calendar year (unique), made in
    January by ``uitbetaling.jaaropgave``; the PDF is rendered once and never changes afterwards."""

    class Ontvanger(models.TextChoices):
        CLIENT = "client", _("cliënt")
        DEBITEUR = "debiteur", _("debiteur")

    ontvanger = models.CharField(_("ontvanger"), max_length=10, choices=Ontvanger.choices)
    # A client's statement covers all their dossiers; a debtor's statement covers one dossier (the debtor's
    # payments to one client), so it can be stored as a letter on that dossier.
    client = models.ForeignKey(
        "dossiers.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="jaaropgaven"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="jaaropgaven"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    pdf = models.FileField(upload_to="uitbetaling/jaaropgaven/%Y/", blank=True)
    # The copy the e-mail carries (the outbox attaches Documents) or, for a debtor without e-mail, the letter
    # on the dossier.
    document = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gemaakt_op = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    gemaild_op = models.DateTimeField(_("e-mail geplaatst op"), null=True, blank=True)

    class Meta:
        verbose_name = _("jaaropgave")
        verbose_name_plural = _("jaaropgaven")
        ordering = ["-jaar", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "jaar"],
                name="jaaropgave_een_per_client_per_jaar",
                condition=Q(ontvanger="client"),
            ),
            models.UniqueConstraint(
                fields=["dossier", "jaar"],
                name="jaaropgave_een_per_debiteur_dossier_per_jaar",
                condition=Q(ontvanger="debiteur"),
            ),
            models.CheckConstraint(
                name="jaaropgave_ontvanger_klopt",
                condition=Q(ontvanger="client", client__isnull=False, dossier__isnull=True)
                | Q(ontvanger="debiteur", client__isnull=True, dossier__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Jaaropgave {self.jaar} ({self.get_ontvanger_display()})"
