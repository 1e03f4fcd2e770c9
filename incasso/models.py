"""The collection workflow: letters, the e-mail outbox, consent requests, payment arrangements, requests to
third parties, stagnation findings and status updates to the client.

Idempotency is carried by unique keys (`sleutel`) on everything a task produces: a letter, an e-mail, a
status update. A rerun of a task finds the row and does nothing twice.
"""

import string
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nlai.models import BEDRAG


class BriefSoort(models.TextChoices):
    AANMANING = "aanmaning", _("aanmaning")
    SOMMATIE = "sommatie", _("sommatie (tweede aanmaning)")
    REGELING_BEVESTIGING = "regeling_bevestiging", _("bevestiging betalingsregeling")
    REGELING_GEMIST = "regeling_gemist", _("betalingsregeling: termijn gemist")
    INCASSO_VOORAANKONDIGING = "incasso_vooraankondiging", _("aankondiging automatische incasso")


PLAATSHOUDERS = frozenset(
    {
        "debiteur",
        "client",
        "dossiernummer",
        "bedrag",
        "termijn_einde",
        "kenmerk",
        "iban",
        "telefoon",
        "bureau",
        "datum",
        "termijn_bedrag",
        "termijn_datum",
    }
)


class Brieftekst(models.Model):
    """The editable text of a letter. Paragraphs are separated by a blank line; {placeholders} are filled in."""

    soort = models.CharField(_("soort brief"), max_length=30, choices=BriefSoort.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    alineas = models.TextField(
        _("alinea's"),
        help_text=_(
            "Scheid alinea's met een lege regel. Beschikbaar: {debiteur}, {client}, {dossiernummer}, "
            "{bedrag}, {termijn_einde}, {kenmerk}, {iban}, {telefoon}, {bureau}, {datum}, {termijn_bedrag}, "
            "{termijn_datum}."
        ),
    )
    geldig_vanaf = models.DateField(_("geldig vanaf"))

    class Meta:
        verbose_name = _("brieftekst")
        verbose_name_plural = _("briefteksten")
        ordering = ["soort", "-geldig_vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["soort", "geldig_vanaf"], name="brieftekst_soort_vanaf_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.geldig_vanaf:%d-%m-%Y})"

    def clean(self) -> None:
        """A misspelt {placeholder} would end up literally in a letter to the debtor: refuse it here."""
        fouten: dict[str, Any] = {}  # lazy or formatted messages, per field
        for veld in ("onderwerp", "alineas"):
            try:
                velden = [
                    (naam, spec, conversie)
                    for _, naam, spec, conversie in string.Formatter().parse(getattr(self, veld))
                    if naam is not None
                ]
            except ValueError:
                fouten[veld] = _("Een accolade { of } staat niet goed; gebruik {naam} voor een invulveld.")
                continue
            # Only a plain {naam}: a format spec ({bedrag:d} breaks every letter, {bedrag:>300000000} writes
            # a 300 MB paragraph), a conversion ({bedrag!r}) or attribute/index access ({bedrag.x}, {a[0]})
            # is refused here, because the letters fill the text in with str.format_map.
            opgemaakt = sorted({naam for naam, spec, conversie in velden if spec or conversie})
            if opgemaakt:
                fouten[veld] = _(
                    "Een invulveld heeft alleen een naam, zonder opmaak of conversie (dus {bedrag}, niet "
                    "{bedrag:…} of {bedrag!…}): %(namen)s."
                ) % {"namen": ", ".join("{" + n + "}" for n in opgemaakt)}
                continue
            onbekend = sorted({naam for naam, _s, _c in velden} - PLAATSHOUDERS)
            if onbekend:
                fouten[veld] = _("Onbekend invulveld: %(namen)s.") % {
                    "namen": ", ".join("{" + n + "}" for n in onbekend)
                }
        if fouten:
            raise ValidationError(fouten)


class Printbatch(models.Model):
    """All letters to be posted on one day, merged into one PDF."""

    datum = models.DateField(_("datum"), unique=True)
    document = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    afgedrukt_op = models.DateTimeField(_("afgedrukt op"), null=True, blank=True)
    # Set when a staff member marks the batch as handed to the post: only then are its letters sent, and
    # only then does a demand among them interrupt limitation (stuiting, art. 3:317 BW), dated that day.
    gepost_op = models.DateTimeField(_("gepost op"), null=True, blank=True)
    gepost_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("printbatch")
        verbose_name_plural = _("printbatches")
        ordering = ["-datum"]

    def __str__(self) -> str:
        return f"Printbatch {self.datum:%d-%m-%Y}"


class Brief(models.Model):
    class Via(models.TextChoices):
        EMAIL = "email", _("e-mail")
        POST = "post", _("post")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="brieven")
    soort = models.CharField(_("soort"), max_length=30, choices=BriefSoort.choices)
    # One letter per dossier and event, e.g. "aanmaning:42" or "regeling:7:gemist:2".
    sleutel = models.CharField(max_length=120, unique=True)
    datum = models.DateField(_("datum"))
    termijn_einde = models.DateField(_("betalen uiterlijk"), null=True, blank=True)
    bedrag = models.DecimalField(_("bedrag"), null=True, blank=True, **BEDRAG)
    document = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verzonden_via = models.CharField(_("verzonden via"), max_length=10, choices=Via.choices, blank=True)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    printbatch = models.ForeignKey(
        Printbatch, null=True, blank=True, on_delete=models.PROTECT, related_name="brieven"
    )
    # The last version that was made but never went out (the debtor's address was unknown): when the letter
    # is sent later it is dated and rendered again, and this draft is kept, hidden from the client.
    concept_document = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the e-mail service reported about the e-mail that carried the letter (incasso.aflevering). After a
    # bounce the letter goes by post (``verzonden_via`` becomes post, in the next working day's print batch).
    email_afgeleverd_op = models.DateTimeField(_("e-mail afgeleverd op"), null=True, blank=True)
    email_bounce_op = models.DateTimeField(_("e-mail onbestelbaar op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-datum", "-id"]
        indexes = [
            models.Index(fields=["soort", "datum"]),
            models.Index(fields=["verzonden_via", "printbatch"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class UitgaandeEmail(models.Model):
    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("wachtend")
        VERZENDEN = "verzenden", _("wordt verzonden")  # claimed by one run of the e-mail task
        VERSTUURD = "verstuurd", _("verstuurd")
        MISLUKT = "mislukt", _("mislukt")

    aan = models.EmailField(_("aan"))
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    tekst = models.TextField(_("tekst"))
    documenten = models.ManyToManyField("dossiers.Document", blank=True, related_name="+")
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="uitgaande_emails"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTEND)
    pogingen = models.PositiveSmallIntegerField(default=0)
    laatste_fout = models.TextField(blank=True)
    sleutel = models.CharField(max_length=150, unique=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    geclaimd_op = models.DateTimeField(null=True, blank=True)  # when a run claimed it for sending
    verstuurd_op = models.DateTimeField(null=True, blank=True)
    # The e-mail service's id of the sent message: its delivery events name it (incasso.aflevering).
    esp_message_id = models.CharField(max_length=100, blank=True)
    afgeleverd_op = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    bounce_op = models.DateTimeField(_("onbestelbaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-aangemaakt_op"]
        indexes = [
            models.Index(fields=["status", "aangemaakt_op"]),
            models.Index(
                fields=["esp_message_id"], name="uitgaande_email_esp_id_idx", condition=~Q(esp_message_id="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aan}: {self.onderwerp}"


class AfleverGebeurtenis(models.Model):
    """One delivery event of an outbox e-mail as the e-mail service reported it (delivered, bounced, spam
    complaint, ...), once per event (``sleutel``). ``esp_event`` keeps only the service's technical fields:
    no subject, body or bounce dump; the recipient is ``aan``."""

    email = models.ForeignKey(UitgaandeEmail, on_delete=models.PROTECT, related_name="aflevergebeurtenissen")
    sleutel = models.CharField(max_length=200, unique=True)
    soort = models.CharField(_("soort"), max_length=20)  # anymail's normalised event_type
    op = models.DateTimeField(_("tijdstip"))
    aan = models.EmailField(_("ontvanger"), blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    esp_event = models.JSONField(default=dict, blank=True)
    ontvangen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aflevergebeurtenis")
        verbose_name_plural = _("aflevergebeurtenissen")
        ordering = ["op", "id"]

    def __str__(self) -> str:
        return f"{self.soort} {self.op:%d-%m-%Y %H:%M}"


class Toestemmingsverzoek(models.Model):
    """Every escalation needs the client's consent first (the agency's promise, DOMAIN.md)."""

    class Soort(models.TextChoices):
        FORMEEL_BEVEL = "formeel_bevel", _("formeel bevel door de deurwaarder")
        LOONBESLAG = "loonbeslag", _("beslag op loon of uitkering")
        BANKBESLAG = "bankbeslag", _("beslag op bankrekening")
        BESLAG_ROERENDE_ZAKEN = "beslag_roerende_zaken", _("beslag op spullen (roerende zaken)")

    class Status(models.TextChoices):
        GEVRAAGD = "gevraagd", _("gevraagd")
        GEGEVEN = "gegeven", _("gegeven")
        GEWEIGERD = "geweigerd", _("geweigerd")
        VERVALLEN = "vervallen", _("vervallen")

    class Kanaal(models.TextChoices):
        PORTAAL = "portaal", _("portaal")
        TELEFOON = "telefoon", _("telefoon")
        BRIEF = "brief", _("brief")

    BESLAG_SOORTEN = (Soort.LOONBESLAG, Soort.BANKBESLAG, Soort.BESLAG_ROERENDE_ZAKEN)

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="toestemmingen")
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.GEVRAAGD)
    gevraagd_op = models.DateTimeField(_("gevraagd op"))
    gevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    herinnering_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    taak_gemaakt_op = models.DateTimeField(_("taak gemaakt op"), null=True, blank=True)
    # How the answer came: in the portal (the client answered), or by phone or letter, recorded by a case
    # manager (``vastgelegd_door``) with the note or the letter as evidence (incasso.toestemming).
    kanaal = models.CharField(_("antwoord via"), max_length=10, choices=Kanaal.choices, blank=True)
    bewijs = models.ForeignKey(
        "dossiers.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bewijs"),
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    # Who answered or changed a consent, and when (dossiers.wijzigingen, the dossier's tab "Wijzigingen").
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemmingsverzoek")
        verbose_name_plural = _("toestemmingsverzoeken")
        ordering = ["-gevraagd_op", "-id"]
        indexes = [models.Index(fields=["status", "gevraagd_op"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "soort"],
                name="toestemming_een_open_per_soort",
                condition=Q(status="gevraagd"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.get_status_display()})"


class LopendeAlimentatie(models.TextChoices):
    """Does the debtor pay the current monthly alimony beside the arrangement, or do its instalments include it?"""

    NAAST = "naast", _("de lopende alimentatie wordt daarnaast betaald")
    INBEGREPEN = "inbegrepen", _("de termijnen omvatten ook de lopende alimentatie")


class Regelingregels(models.Model):
    """The client's rules for a payment arrangement the debtor proposes in the debtor portal, set once per client.

    A proposal inside the rules (monthly amount at least ``min_maandbedrag``, at most ``max_maanden`` terms) is
    accepted at once only when the client chose ``direct_akkoord``; the default is no: until the client sets
    the rules every proposal waits for the client's approval, as a proposal entered by the case manager does.
    """

    client = models.OneToOneField("dossiers.Client", on_delete=models.PROTECT, related_name="regelingregels")
    max_maanden = models.PositiveSmallIntegerField(_("hoogstens aantal maanden"), default=12)
    min_maandbedrag = models.DecimalField(_("minimaal bedrag per maand"), default=Decimal("50.00"), **BEDRAG)
    direct_akkoord = models.BooleanField(_("voorstel binnen de regels direct goedkeuren"), default=False)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regels voor betalingsregelingen")
        verbose_name_plural = _("regels voor betalingsregelingen")
        constraints = [
            models.CheckConstraint(name="regelingregels_maanden_positief", condition=Q(max_maanden__gte=1)),
            models.CheckConstraint(name="regelingregels_bedrag_positief", condition=Q(min_maandbedrag__gt=0)),
        ]

    def __str__(self) -> str:
        return f"Regels voor regelingen van {self.client_id}"


class Betalingsregeling(models.Model):
    class Bron(models.TextChoices):
        CASEMANAGER = "casemanager", _("ingevoerd door de casemanager")
        DEBITEUR = "debiteur", _("voorgesteld door de debiteur in het portaal")

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("voorgesteld, wacht op cliënt")
        AFGEWEZEN = "afgewezen", _("afgewezen door cliënt")
        LOOPT = "loopt", _("loopt")
        NAGEKOMEN = "nagekomen", _("nagekomen")
        VERBROKEN = "verbroken", _("verbroken")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="regelingen")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VOORGESTELD)
    toelichting = models.TextField(_("voorstel van de debiteur"), blank=True)
    bron = models.CharField(_("bron"), max_length=12, choices=Bron.choices, default=Bron.CASEMANAGER)
    # A debtor's proposal: was it inside the client's rules on the day it was made (None: entered by staff)?
    binnen_regels = models.BooleanField(_("binnen de regels van de cliënt"), null=True, blank=True)
    voorgesteld_op = models.DateTimeField(_("voorgesteld op"))
    voorgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beeindigd_op = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    lopende_alimentatie = models.CharField(
        _("lopende alimentatie"),
        max_length=10,
        choices=LopendeAlimentatie.choices,
        default=LopendeAlimentatie.NAAST,
    )
    # Fixed on the day the client approves: the arrears the instalments were cut back to, and the receipts
    # since the proposal that had lowered them (so the arrangement check does not count them twice).
    ingangsdatum = models.DateField(_("ingangsdatum"), null=True, blank=True)
    achterstand_bij_ingang = models.DecimalField(
        _("achterstand op de ingangsdatum"), null=True, blank=True, **BEDRAG
    )
    verrekend_bij_ingang = models.DecimalField(
        _("ontvangen tussen voorstel en ingang"), default=Decimal("0.00"), **BEDRAG
    )

    class Meta:
        verbose_name = _("betalingsregeling")
        verbose_name_plural = _("betalingsregelingen")
        ordering = ["-voorgesteld_op", "-id"]

    def __str__(self) -> str:
        return f"Regeling {self.pk} ({self.get_status_display()})"


class Regeltermijn(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        BETAALD = "betaald", _("betaald")
        GEMIST = "gemist", _("gemist of te weinig")

    regeling = models.ForeignKey(Betalingsregeling, on_delete=models.CASCADE, related_name="termijnen")
    volgnummer = models.PositiveSmallIntegerField()
    vervaldatum = models.DateField(_("vervaldatum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    gecontroleerd_op = models.DateField(_("gecontroleerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("termijn van een regeling")
        verbose_name_plural = _("termijnen van een regeling")
        ordering = ["regeling", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["regeling", "volgnummer"], name="regeltermijn_volgnummer_uniek"),
            models.CheckConstraint(name="regeltermijn_bedrag_positief", condition=Q(bedrag__gt=0)),
        ]


class VerzoekAanDerde(models.Model):
    """A request to an employer, benefits agency, bank, bailiff or authority; it has an answer deadline."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="verzoeken_aan_derden"
    )
    derde_naam = models.CharField(_("derde"), max_length=200)
    omschrijving = models.CharField(_("wat is gevraagd"), max_length=300)
    verzonden_op = models.DateField(_("verzonden op"))
    antwoord_uiterlijk = models.DateField(_("antwoord uiterlijk"))
    beantwoord_op = models.DateField(_("beantwoord op"), null=True, blank=True)
    rappel_op = models.DateField(_("rappel op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzoek aan een derde")
        verbose_name_plural = _("verzoeken aan derden")
        ordering = ["antwoord_uiterlijk", "id"]
        indexes = [models.Index(fields=["beantwoord_op", "antwoord_uiterlijk"])]

    def __str__(self) -> str:
        return f"{self.derde_naam}: {self.omschrijving}"


class Signalering(models.Model):
    """A finding of the daily stagnation sweep; stays open until the cause is gone."""

    class Soort(models.TextChoices):
        ACTIE_VERLOPEN = "actie_verlopen", _("volgende actie over datum")
        GEEN_GEBEURTENIS = "geen_gebeurtenis", _("meer dan 10 werkdagen niets gebeurd")
        DERDE_TE_LAAT = "derde_te_laat", _("derde antwoordt niet op tijd")
        TOESTEMMING_OPEN = "toestemming_open", _("toestemming niet beantwoord")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="signaleringen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    sinds = models.DateField(_("sinds"))
    opgelost_op = models.DateField(_("opgelost op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalering")
        verbose_name_plural = _("signaleringen")
        ordering = ["sinds", "id"]
        indexes = [
            models.Index(fields=["opgelost_op", "soort"]),
            # open findings oldest first (work queue, 50 rows)
            models.Index(
                fields=["sinds", "id"],
                name="signalering_open_sinds_idx",
                condition=Q(opgelost_op__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "soort"],
                name="signalering_een_open_per_soort",
                condition=Q(opgelost_op=None),
            )
        ]

    def __str__(self) -> str:
        return self.get_soort_display()


class Statusupdate(models.Model):
    """A status update to the client (e-mail + portal timeline); one per key, e.g. "periodiek:42:740"."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="statusupdates")
    sleutel = models.CharField(max_length=120, unique=True)
    aanleiding = models.CharField(_("aanleiding"), max_length=200)
    op = models.DateTimeField(_("verstuurd op"), db_index=True)

    class Meta:
        verbose_name = _("statusupdate")
        verbose_name_plural = _("statusupdates")
        ordering = ["-op"]
        indexes = [models.Index(fields=["dossier", "-op"])]
