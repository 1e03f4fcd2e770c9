"""Client money: the double-entry journal, bank statements, receipts, matches and allocations.

The design of the journal and the account codes is in ``inning.ledger`` (module docstring). These models hold
data and constraints only; every write goes through ``inning.ledger`` and ``inning.services``.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nlai.models import BEDRAG

# --- The journal ---------------------------------------------------------------------------------------


class Rekening(models.Model):
    """A ledger account. Agency accounts have neither dossier nor client; the others have exactly one."""

    class Soort(models.TextChoices):
        ACTIVA = "activa", _("activa")
        PASSIVA = "passiva", _("passiva")
        OPBRENGST = "opbrengst", _("opbrengst")
        KOSTEN = "kosten", _("kosten")

    code = models.CharField(_("code"), max_length=40)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="rekeningen"
    )
    client = models.ForeignKey(
        "dossiers.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="rekeningen"
    )
    # No stored balance: a balance is the sum of the account's lines (``inning.ledger.saldo``), so booking
    # locks and rewrites no account row.

    class Meta:
        verbose_name = _("grootboekrekening")
        verbose_name_plural = _("grootboekrekeningen")
        ordering = ["code", "id"]
        constraints = [
            # Three partial unique constraints instead of one (NULLs are distinct in a plain unique index).
            models.UniqueConstraint(
                fields=["code"],
                name="rekening_kantoor_uniek",
                condition=Q(dossier__isnull=True, client__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["code", "dossier"], name="rekening_dossier_uniek", condition=Q(dossier__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["code", "client"], name="rekening_client_uniek", condition=Q(client__isnull=False)
            ),
            models.CheckConstraint(
                name="rekening_hoogstens_een_eigenaar",
                condition=Q(dossier__isnull=True) | Q(client__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        if self.dossier_id:
            return f"{self.code} (dossier {self.dossier_id})"
        if self.client_id:
            return f"{self.code} (cliënt {self.client_id})"
        return self.code


class Journaalpost(models.Model):
    """One journal entry. Append-only (PostgreSQL trigger); its lines sum to zero (deferred trigger)."""

    datum = models.DateField(_("boekdatum"))
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    bron_type = models.CharField(_("soort bron"), max_length=40)
    bron_id = models.CharField(_("bron"), max_length=64, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sleutel = models.CharField(_("idempotentiesleutel"), max_length=120, unique=True)
    tegenboeking_van = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="tegenboeking"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journaalpost")
        verbose_name_plural = _("journaalposten")
        ordering = ["datum", "id"]
        indexes = [models.Index(fields=["bron_type", "bron_id"]), models.Index(fields=["datum"])]

    def __str__(self) -> str:
        return f"{self.datum} {self.omschrijving}"


class Journaalregel(models.Model):
    post = models.ForeignKey(Journaalpost, on_delete=models.PROTECT, related_name="regels")
    rekening = models.ForeignKey(Rekening, on_delete=models.PROTECT, related_name="regels")
    bedrag = models.DecimalField(_("bedrag (debet +, credit −)"), **BEDRAG)

    class Meta:
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaalregels")
        ordering = ["post_id", "id"]
        constraints = [models.CheckConstraint(name="journaalregel_niet_nul", condition=~Q(bedrag=0))]


# --- Bank statements -------------------------------------------------------------------------------------


class EigenRekening(models.Model):
    """A bank account of the agency itself whose statements may be imported (beside ``BUREAU_IBAN``, which
    always is one). A statement of any other account is refused whole: it is not client money."""

    iban = models.CharField(_("IBAN"), max_length=34, unique=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    actief = models.BooleanField(
        _("actief"), default=True, help_text=_("Alleen afschriften van actieve rekeningen worden ingelezen.")
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("eigen rekening")
        verbose_name_plural = _("eigen rekeningen")
        ordering = ["iban"]

    def __str__(self) -> str:
        return f"{self.iban} {self.omschrijving}".strip()


class Bankafschrift(models.Model):
    """One uploaded or imported statement file (CAMT.053 or MT940) and its processing state."""

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("wachtend")
        BEZIG = "bezig", _("bezig")
        KLAAR = "klaar", _("verwerkt")
        AFGEWEZEN = "afgewezen", _("afgewezen")
        # Booking stopped on an error; the lines booked before it stay booked and a rerun skips them.
        MISLUKT = "mislukt", _("mislukt")

    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    # gzip-compressed since issue 18 (``bank.bestand.inhoud_inpakken``); older rows hold the plain file
    inhoud = models.BinaryField(_("inhoud"), editable=False)
    formaat = models.CharField(_("formaat"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WACHTEND)
    fout = models.TextField(_("reden van afwijzing of fout"), blank=True)
    iban = models.CharField(_("rekening"), max_length=34, blank=True)
    afschrift_id = models.CharField(_("afschriftnummer"), max_length=100, blank=True)
    eindsaldo = models.DecimalField(_("eindsaldo volgens de bank"), null=True, blank=True, **BEDRAG)
    eindsaldo_datum = models.DateField(_("datum eindsaldo"), null=True, blank=True)
    regels_totaal = models.PositiveIntegerField(default=0)
    regels_verwerkt = models.PositiveIntegerField(default=0)
    resultaat = models.JSONField(default=dict, blank=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bankafschrift")
        verbose_name_plural = _("bankafschriften")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self) -> str:
        return self.bestandsnaam

    @property
    def voortgang_procent(self) -> int:
        if self.status == self.Status.KLAAR:
            return 100
        if not self.regels_totaal:
            return 0
        return min(100, self.regels_verwerkt * 100 // self.regels_totaal)


class Bankregel(models.Model):
    """One entry of a statement. Unique per account + the bank's reference (or a content hash)."""

    afschrift = models.ForeignKey(Bankafschrift, on_delete=models.PROTECT, related_name="regels")
    iban = models.CharField(_("rekening"), max_length=34)
    referentie = models.CharField(_("referentie"), max_length=140)
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag (bij +, af −)"), **BEDRAG)
    tegenrekening = models.CharField(_("tegenrekening"), max_length=34, blank=True)
    tegenpartij = models.CharField(_("naam tegenpartij"), max_length=200, blank=True)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    kenmerk = models.CharField(_("betalingskenmerk"), max_length=140, blank=True)
    end_to_end_id = models.CharField(max_length=140, blank=True)
    # the reason code of a SEPA return (R-transaction) as the statement gives it: AM04, MD06, ...
    retourcode = models.CharField(_("reden storno"), max_length=4, blank=True, default="", db_default="")

    class Verwerking(models.TextChoices):
        ONTVANGST = "ontvangst", _("ontvangst")
        TERUGBOEKING = "terugboeking", _("terugboeking van een ontvangst")
        UITBETALING = "uitbetaling", _("uitbetaling (al geboekt)")
        ONBEKEND = "onbekend", _("afschrijving zonder boeking")
        AFREKENING = "afrekening", _("afrekening van de betaaldienst")

    verwerking = models.CharField(max_length=20, choices=Verwerking.choices, default=Verwerking.ONTVANGST)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bankregel")
        verbose_name_plural = _("bankregels")
        ordering = ["datum", "id"]
        constraints = [
            models.UniqueConstraint(fields=["iban", "referentie"], name="bankregel_uniek_per_rekening"),
        ]
        # the suggestions read what a sending IBAN paid before (``bank.suggesties``)
        indexes = [models.Index(fields=["tegenrekening"], name="bankregel_tegenrekening_idx")]


# --- Receipts, matches and allocation -------------------------------------------------------------------


class Ontvangst(models.Model):
    """Money received for a debtor: a bank credit, a direct payment the client reported, or a bailiff's
    transfer. ``dossier`` is the current match (null while it waits in the queue)."""

    class Bron(models.TextChoices):
        BANK = "bank", _("bank")
        DIRECT = "direct", _("rechtstreeks aan cliënt")
        DEURWAARDER = "deurwaarder", _("deurwaarder")
        OVERIG = "overig", _("overig")

    class Status(models.TextChoices):
        ONGEMATCHT = "ongematcht", _("nog niet gekoppeld")
        GEMATCHT = "gematcht", _("gekoppeld")
        TERUGGEBOEKT = "teruggeboekt", _("teruggeboekt")

    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    bron_type = models.CharField(max_length=40, blank=True)
    bron_id = models.CharField(max_length=64, blank=True)
    bankregel = models.OneToOneField(
        Bankregel, null=True, blank=True, on_delete=models.PROTECT, related_name="ontvangst"
    )
    # The entry that put the money in the books (Dr bank_derdengelden / Cr ongealloceerd); null for a direct
    # payment, which never reaches the agency's bank.
    post = models.OneToOneField(
        "Journaalpost", null=True, blank=True, on_delete=models.PROTECT, related_name="ontvangst"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="ontvangsten"
    )
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ONGEMATCHT)
    # A suggestion by IBAN/name for a person to confirm (never booked until confirmed).
    suggestie = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggestie_reden = models.CharField(max_length=200, blank=True)
    sleutel = models.CharField(max_length=120, unique=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ontvangst")
        verbose_name_plural = _("ontvangsten")
        ordering = ["-datum", "-id"]
        indexes = [
            models.Index(fields=["status", "datum"]),
            # the work queue's oldest unmatched receipts: an ordered scan that stops at its limit
            models.Index(
                fields=["datum", "id"], name="ontvangst_ongematcht_idx", condition=Q(status="ongematcht")
            ),
        ]
        constraints = [
            models.CheckConstraint(name="ontvangst_bedrag_positief", condition=Q(bedrag__gt=0)),
            models.CheckConstraint(
                name="ontvangst_gematcht_heeft_dossier",
                condition=~Q(status="gematcht") | Q(dossier__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.bedrag}"


class Toewijzing(models.Model):
    """A match of a receipt to a dossier, with the journal entry that allocated it. Undoing it books the
    reversal and sets ``ongedaan_op``; at most one live match per receipt (partial unique constraint)."""

    ontvangst = models.ForeignKey(Ontvangst, on_delete=models.PROTECT, related_name="toewijzingen")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="toewijzingen")
    # Null only for a direct payment whose commission rounds to 0.00 (nothing to book).
    post = models.OneToOneField(
        Journaalpost, null=True, blank=True, on_delete=models.PROTECT, related_name="toewijzing"
    )
    provisie = models.DecimalField(_("provisie incl. btw"), **BEDRAG)
    btw = models.DecimalField(_("waarvan btw"), **BEDRAG)
    naar_client = models.DecimalField(_("naar cliënt"), **BEDRAG)
    kosten = models.DecimalField(_("naar kosten"), **BEDRAG)
    # The part that went to statutory interest (art. 6:44 BW), only on a dossier that claims it: like the
    # costs part it is not a payment on a termijn, so the arrears engine leaves it out.
    rente = models.DecimalField(_("naar wettelijke rente"), default=Decimal("0.00"), **BEDRAG)

    class Regel(models.TextChoices):
        OUDSTE = "oudste", _("oudste termijn eerst (art. 6:43 lid 2 BW)")
        AANWIJZING = "aanwijzing", _("aangewezen termijn eerst (art. 6:43 lid 1 BW)")

    # Which rule allocated the principal part, and the month the receipt's description named ("2026-03",
    # art. 6:43 lid 1 BW; blank: none). The arrears statement replays the designation from here.
    regel = models.CharField(
        _("toerekeningsregel"), max_length=20, choices=Regel.choices, default=Regel.OUDSTE
    )
    aanwijzing = models.CharField(_("aangewezen maand"), max_length=7, blank=True, default="")
    automatisch = models.BooleanField(default=False)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)
    ongedaan_op = models.DateTimeField(null=True, blank=True)
    ongedaan_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["op", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ontvangst"],
                name="een_levende_toewijzing_per_ontvangst",
                condition=Q(ongedaan_op=None),
            ),
            models.CheckConstraint(name="toewijzing_rente_niet_negatief", condition=Q(rente__gte=0)),
        ]


class Toerekening(models.Model):
    """How one match was allocated (art. 6:43/6:44 BW): costs, interest, a termijn, or prepayment."""

    class Soort(models.TextChoices):
        KOSTEN = "kosten", _("kosten")
        RENTE = "rente", _("rente")
        TERMIJN = "termijn", _("termijn")
        VOORUIT = "vooruit", _("niet toegerekend (vooruitbetaling)")

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.PROTECT, related_name="toerekeningen")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    vervaldatum = models.DateField(null=True, blank=True)
    omschrijving = models.CharField(max_length=200, blank=True)
    bedrag = models.DecimalField(**BEDRAG)

    class Meta:
        verbose_name = _("toerekening")
        verbose_name_plural = _("toerekeningen")
        ordering = ["toewijzing_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["toewijzing", "soort", "vervaldatum", "omschrijving"], name="toerekening_eenmaal"
            ),
            models.CheckConstraint(name="toerekening_positief", condition=Q(bedrag__gt=0)),
        ]


class DirecteBetaling(models.Model):
    """A report that the debtor paid the client directly. Reported by the client, a case manager confirms it;
    reported by the debtor (``van_debiteur``), the client confirms it. Confirmed, it becomes an ``Ontvangst``
    (bron direct) and commission is owed by the client."""

    class Status(models.TextChoices):
        GEMELD = "gemeld", _("gemeld")
        BEVESTIGD = "bevestigd", _("bevestigd")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="directe_betalingen"
    )
    datum = models.DateField(_("datum van de betaling"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    toelichting = models.TextField(_("toelichting"), blank=True)
    bewijs = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.GEMELD)
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gemeld_op = models.DateTimeField(auto_now_add=True)
    # Reported by the debtor in the debtor portal (``gemeld_door`` is then empty): the client confirms or
    # rejects it in the client portal, not the case manager (``portaal.geld.debiteur``).
    van_debiteur = models.BooleanField(_("gemeld door de debiteur"), default=False)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    reden = models.TextField(_("reden van afwijzing"), blank=True)
    ontvangst = models.OneToOneField(
        Ontvangst, null=True, blank=True, on_delete=models.PROTECT, related_name="directe_betaling"
    )

    class Meta:
        verbose_name = _("rechtstreekse betaling")
        verbose_name_plural = _("rechtstreekse betalingen")
        ordering = ["-gemeld_op", "-id"]
        constraints = [models.CheckConstraint(name="directe_betaling_positief", condition=Q(bedrag__gt=0))]


class Kostenpost(models.Model):
    """Bailiff costs charged to the debtor (recovered first, no commission)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="kostenposten")
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    post = models.OneToOneField(Journaalpost, on_delete=models.PROTECT, related_name="kostenpost")
    sleutel = models.CharField(max_length=120, unique=True)

    class Meta:
        verbose_name = _("kostenpost")
        verbose_name_plural = _("kostenposten")
        ordering = ["datum", "id"]
        constraints = [models.CheckConstraint(name="kostenpost_positief", condition=Q(bedrag__gt=0))]


class Controlemelding(models.Model):
    """The outcome of a ``grootboek_controle`` run (the dashboard shows the latest failure)."""

    op = models.DateTimeField(auto_now_add=True)
    in_balans = models.BooleanField()
    verschil = models.DecimalField(**BEDRAG)
    fouten = models.JSONField(default=list)

    class Meta:
        ordering = ["-op", "-id"]
