"""The agency's core record: clients, debtors, titles, obligations, orders and dossiers.

A dossier moves through the states in `Dossier.Status`; the allowed transitions live in
`dossiers.statemachine` and every transition is stored in `StatusOvergang`. An open dossier always has a
next action with a due date (a database constraint), so nothing can stagnate unseen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nlai.models import BEDRAG


class Adres(models.Model):
    straat = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    land = models.CharField(_("land (ISO-code)"), max_length=2, default="NL")

    class Meta:
        abstract = True

    @property
    def adresregels(self) -> list[str]:
        regels = [self.straat, f"{self.postcode} {self.woonplaats}".strip()]
        if self.land and self.land != "NL":
            regels.append(self.land)
        return [r for r in regels if r]


class Client(Adres):
    """The opdrachtgever: the person owed alimony."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="client"
    )
    naam = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    uitbetaal_iban = models.CharField(_("IBAN voor uitbetaling"), max_length=34, blank=True)
    uitbetaal_tenaamstelling = models.CharField(_("tenaamstelling rekening"), max_length=200, blank=True)
    # A payout to an IBAN changed in the last 7 days waits for a case manager's approval. These fields are
    # written only by dossiers.iban (client_iban_wijzig / _keur_goed / _wijs_af), whatever the screen.
    iban_gewijzigd_op = models.DateTimeField(_("IBAN gewijzigd op"), null=True, blank=True)
    iban_goedgekeurd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("IBAN goedgekeurd door"),
    )
    vorig_uitbetaal_iban = models.CharField(_("vorig IBAN voor uitbetaling"), max_length=34, blank=True)
    vorige_tenaamstelling = models.CharField(_("vorige tenaamstelling"), max_length=200, blank=True)
    iban_gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("IBAN gewijzigd door"),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    # Set by dossiers.privacy when the retention period has passed; the row stays for the ledger.
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    # Field-level history (who, when, from, to): the dossier's tab "Wijzigingen" and the admin read it; a
    # dispute about a payout account is answered from it (dossiers.wijzigingen).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        indexes = [models.Index(fields=["naam"])]

    def __str__(self) -> str:
        return self.naam


class Debiteur(Adres):
    """The alimentatieplichtige. Identified by name, date of birth and address: no BSN (no legal ground)."""

    naam = models.CharField(_("naam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), null=True, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    werkgever = models.CharField(_("werkgever of uitkeringsinstantie"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    adres_onbekend = models.BooleanField(_("adres onbekend"), default=False)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("debiteur")
        verbose_name_plural = _("debiteuren")
        indexes = [models.Index(fields=["naam"]), models.Index(fields=["iban"])]

    def __str__(self) -> str:
        return self.naam

    @property
    def woont_in_buitenland(self) -> bool:
        return bool(self.land) and self.land != "NL"


class Dossier(models.Model):
    class Status(models.TextChoices):
        INTAKE = "intake", _("intake")
        ACTIEF = "actief", _("actief")
        REGELING = "regeling", _("betalingsregeling")
        DEURWAARDER = "deurwaarder", _("deurwaarder")
        BESLAG = "beslag", _("beslag")
        OPGESCHORT = "opgeschort", _("opgeschort")
        GESLOTEN = "gesloten", _("gesloten")
        GEWEIGERD = "geweigerd", _("geweigerd")

    OPEN_STATUSSEN = (
        Status.INTAKE,
        Status.ACTIEF,
        Status.REGELING,
        Status.DEURWAARDER,
        Status.BESLAG,
        Status.OPGESCHORT,
    )

    nummer = models.CharField(_("dossiernummer"), max_length=20, unique=True)
    betaalkenmerk = models.CharField(_("betalingskenmerk"), max_length=35, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="dossiers")
    debiteur = models.ForeignKey(Debiteur, on_delete=models.PROTECT, related_name="dossiers")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INTAKE)
    casemanager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    volgende_actie = models.CharField(_("volgende actie"), max_length=200, blank=True)
    volgende_actie_datum = models.DateField(_("uiterste datum volgende actie"), null=True, blank=True)
    wettelijke_rente = models.BooleanField(_("wettelijke rente vorderen"), default=False)
    opgeschort_tot = models.DateField(_("opgeschort tot"), null=True, blank=True)
    status_reden = models.TextField(_("reden van de status"), blank=True)
    laatste_gebeurtenis_op = models.DateTimeField(_("laatste gebeurtenis"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gesloten_op = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-aangemaakt_op"]
        indexes = [
            models.Index(fields=["status", "volgende_actie_datum"]),
            models.Index(fields=["casemanager", "status"]),
            models.Index(fields=["laatste_gebeurtenis_op"]),
            # The work queue's sections read the first 50 in this order; partial, so the scan skips closed
            # dossiers and stops after 50 rows (the conditions equal the selectors' filters on purpose).
            models.Index(
                fields=["volgende_actie_datum", "id"],
                name="dossier_actie_open_idx",
                condition=~Q(status__in=["intake", "gesloten", "geweigerd"]),
            ),
            # dossiers.selectors.stil_sinds: the stagnation check and the work queue scan it as a range
            models.Index(
                Coalesce("laatste_gebeurtenis_op", "aangemaakt_op"),
                "id",
                name="dossier_stil_sinds_idx",
                condition=Q(status__in=["actief", "regeling", "deurwaarder", "beslag"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="open_dossier_heeft_volgende_actie",
                condition=Q(status__in=["gesloten", "geweigerd"])
                | (Q(volgende_actie_datum__isnull=False) & ~Q(volgende_actie="")),
            ),
        ]

    def __str__(self) -> str:
        return self.nummer

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSSEN


class Opdracht(models.Model):
    """The client's signed order. `ontvangen_op` starts every clock (first reminder within 2 working days)."""

    class Kanaal(models.TextChoices):
        PORTAAL = "portaal", _("portaal")
        TELEFOON = "telefoon", _("telefoon")

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="opdracht")
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices, default=Kanaal.PORTAAL)
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voorwaarden_versie = models.CharField(_("versie voorwaarden"), max_length=20)
    voorwaarden_geaccepteerd_op = models.DateTimeField(_("voorwaarden geaccepteerd op"))
    brieven_per_email = models.BooleanField(_("brieven per e-mail ontvangen"), default=True)
    toelichting = models.TextField(_("toelichting van de cliënt"), blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    weigerreden = models.TextField(_("reden van weigering"), blank=True)

    class Meta:
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")
        indexes = [
            # new orders (not yet assessed), oldest first: the work queue reads the first 50 in this order
            models.Index(
                fields=["ontvangen_op", "dossier"],
                name="opdracht_onbeoordeeld_idx",
                condition=Q(beoordeeld_op__isnull=True),
            ),
        ]


class Titel(models.Model):
    class Soort(models.TextChoices):
        BESCHIKKING = "beschikking", _("beschikking van de rechter")
        VONNIS = "vonnis", _("vonnis")
        NOTARIELE_AKTE = "notariele_akte", _("notariële akte")
        ARBITRAAL_BUITENLANDS = "arbitraal_buitenlands", _("arbitraal of buitenlands vonnis met exequatur")
        GEEN = "geen", _("geen titel (onderlinge regeling)")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="titels")
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    datum = models.DateField(_("datum"), null=True, blank=True)
    instantie = models.CharField(_("rechtbank of notaris"), max_length=200, blank=True)
    zaaknummer = models.CharField(_("zaaknummer"), max_length=100, blank=True)
    indexering_uitgesloten = models.BooleanField(_("indexering uitgesloten"), default=False)
    scan = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("titel")
        verbose_name_plural = _("titels")
        indexes = [
            # "has an enforceable title" (dossiers_basis) per listed dossier: without it PostgreSQL hashed the
            # whole table for every list of 50
            models.Index(fields=["dossier"], name="titel_executoriaal_idx", condition=~Q(soort="geen")),
        ]

    def __str__(self) -> str:
        return self.get_soort_display()

    @property
    def is_executoriaal(self) -> bool:
        return self.soort != self.Soort.GEEN


class Verplichting(models.Model):
    class Soort(models.TextChoices):
        KINDERALIMENTATIE = "kinderalimentatie", _("kinderalimentatie")
        PARTNERALIMENTATIE = "partneralimentatie", _("partneralimentatie")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="verplichtingen")
    titel = models.ForeignKey(
        Titel, null=True, blank=True, on_delete=models.PROTECT, related_name="verplichtingen"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    kind_naam = models.CharField(_("naam kind"), max_length=200, blank=True)
    kind_geboortedatum = models.DateField(_("geboortedatum kind"), null=True, blank=True)
    bedrag = models.DecimalField(_("bedrag per maand"), **BEDRAG)
    vervaldag = models.PositiveSmallIntegerField(_("vervaldag in de maand"), default=1)
    vastgesteld_op = models.DateField(_("bedrag vastgesteld op"))
    ingangsdatum = models.DateField(_("ingangsdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    indexeren = models.BooleanField(_("jaarlijks indexeren"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verplichting")
        verbose_name_plural = _("verplichtingen")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="verplichting_bedrag_positief", condition=Q(bedrag__gt=0)),
            models.CheckConstraint(
                name="verplichting_vervaldag_1_28", condition=Q(vervaldag__gte=1, vervaldag__lte=28)
            ),
            models.CheckConstraint(
                name="verplichting_einde_na_ingang",
                condition=Q(einddatum__isnull=True) | Q(einddatum__gte=models.F("ingangsdatum")),
            ),
        ]

    def __str__(self) -> str:
        if self.kind_naam:
            return f"{self.get_soort_display()} {self.kind_naam}"
        return self.get_soort_display()


class EenmaligeVordering(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="eenmalige_vorderingen")
    datum = models.DateField(_("datum"))
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        verbose_name = _("eenmalige vordering")
        verbose_name_plural = _("eenmalige vorderingen")
        ordering = ["datum", "id"]
        constraints = [models.CheckConstraint(name="eenmalig_bedrag_positief", condition=Q(bedrag__gt=0))]


class Stuiting(models.Model):
    """An interruption of limitation (art. 3:317 BW); every aanmaning is one."""

    class Soort(models.TextChoices):
        AANMANING = "aanmaning", _("schriftelijke aanmaning")
        ERKENNING = "erkenning", _("erkenning door de debiteur")
        EXECUTIE = "executie", _("daad van tenuitvoerlegging")
        OVERIG = "overig", _("overig")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="stuitingen")
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    # The letter or step that interrupted, so a rerun of the same task records it once.
    bron_sleutel = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("stuiting")
        verbose_name_plural = _("stuitingen")
        ordering = ["datum"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "bron_sleutel"],
                name="stuiting_eenmaal_per_bron",
                condition=~Q(bron_sleutel=""),
            )
        ]


class StatusOvergang(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="statusovergangen")
    van = models.CharField(max_length=20, choices=Dossier.Status.choices, blank=True)
    naar = models.CharField(max_length=20, choices=Dossier.Status.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)
    reden = models.TextField(blank=True)

    class Meta:
        verbose_name = _("statusovergang")
        verbose_name_plural = _("statusovergangen")
        ordering = ["op", "id"]


class Document(models.Model):
    class Soort(models.TextChoices):
        TITEL = "titel", _("titel")
        BRIEF = "brief", _("brief")
        BEWIJS = "bewijs", _("bewijs van betaling")
        SPECIFICATIE = "specificatie", _("specificatie")
        FACTUUR = "factuur", _("factuur")
        OVERIG = "overig", _("overig")

    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="documenten"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    bestand = models.FileField(_("bestand"), upload_to="documenten/%Y/%m/")
    naam = models.CharField(_("naam"), max_length=200)
    content_type = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField(default=0)
    zichtbaar_voor_client = models.BooleanField(_("zichtbaar voor cliënt"), default=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return self.naam


class TijdlijnGebeurtenis(models.Model):
    """Every contact and event on a dossier. Internal notes (`intern`) are never shown to the client."""

    class Soort(models.TextChoices):
        OPDRACHT = "opdracht", _("opdracht ontvangen")
        ACCEPTATIE = "acceptatie", _("opdracht geaccepteerd")
        WEIGERING = "weigering", _("opdracht geweigerd")
        STATUS = "status", _("statuswijziging")
        BRIEF = "brief", _("brief")
        EMAIL = "email", _("e-mail")
        TELEFOON = "telefoon", _("telefoonnotitie")
        NOTITIE = "notitie", _("notitie")
        BERICHT = "bericht", _("bericht")
        BETALING = "betaling", _("betaling")
        UITBETALING = "uitbetaling", _("uitbetaling")
        TOESTEMMING = "toestemming", _("toestemming")
        REGELING = "regeling", _("betalingsregeling")
        DEURWAARDER = "deurwaarder", _("deurwaarder")
        DOCUMENT = "document", _("document")
        TAAK = "taak", _("taak")
        STATUSUPDATE = "statusupdate", _("statusupdate aan cliënt")
        OVERIG = "overig", _("overig")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="tijdlijn")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    op = models.DateTimeField(_("tijdstip"), db_index=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tekst = models.TextField(_("tekst"))
    intern = models.BooleanField(_("interne notitie"), default=False)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Makes recording idempotent for events coming from tasks (e.g. "brief:aanmaning:123").
    sleutel = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("tijdlijngebeurtenis")
        verbose_name_plural = _("tijdlijn")
        ordering = ["-op", "-id"]
        indexes = [models.Index(fields=["dossier", "-op"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "sleutel"], name="tijdlijn_sleutel_uniek", condition=~Q(sleutel="")
            )
        ]


class Bericht(models.Model):
    """A message between the client and the case manager (also put on the timeline)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="berichten")
    afzender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    van_client = models.BooleanField(default=True)
    tekst = models.TextField(_("bericht"))
    verstuurd_op = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["verstuurd_op", "id"]
        indexes = [models.Index(fields=["van_client", "gelezen_op"])]


class Taak(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="taken")
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    deadline = models.DateField(_("deadline"))
    toegewezen_aan = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="taken"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    # Idempotency for tasks created by the system (e.g. "regeling:missed:42:2").
    sleutel = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["afgerond_op", "deadline"]),
            # open tasks by deadline (work queue): an ordered scan that stops at 50
            models.Index(
                fields=["deadline", "id"],
                name="taak_open_deadline_idx",
                condition=Q(afgerond_op__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "sleutel"], name="taak_sleutel_uniek", condition=~Q(sleutel="")
            )
        ]


class DebiteurVraag(models.Model):
    """A dispute ("Ik betwist de vordering") or a question the debtor sends from the debtor portal, answered by
    the case manager (portal and e-mail). The debtor is never a Django user: the dossier says who asked.

    Each one gets a task with a deadline (``dossiers.services.debiteur``) and an event on the timeline, which
    also stops the stagnation clock (``laatste_gebeurtenis_op``)."""

    class Soort(models.TextChoices):
        BETWISTING = "betwisting", _("betwisting van de vordering")
        VRAAG = "vraag", _("vraag")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        BEANTWOORD = "beantwoord", _("beantwoord")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="debiteurvragen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    tekst = models.TextField(_("tekst"))
    documenten = models.ManyToManyField(Document, blank=True, related_name="+")
    # The language the debtor wrote in: the answer's e-mail is sent in it.
    taal = models.CharField(max_length=8, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    gesteld_op = models.DateTimeField(_("gesteld op"), auto_now_add=True)
    taak = models.OneToOneField(Taak, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    antwoord = models.TextField(_("antwoord"), blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vraag of betwisting van de debiteur")
        verbose_name_plural = _("vragen en betwistingen van debiteuren")
        ordering = ["-gesteld_op", "-id"]
        indexes = [
            # the work queue: open ones, oldest first
            models.Index(
                fields=["gesteld_op", "id"], name="debiteurvraag_open_idx", condition=Q(status="open")
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="debiteurvraag_beantwoord_heeft_antwoord",
                condition=Q(status="open") | (~Q(antwoord="") & Q(beantwoord_op__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.dossier_id}"


class DossierInzage(models.Model):
    """Every time a staff member opens a dossier: who, when, which (privacy audit)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(auto_now_add=True)
    pagina = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("inzage van een dossier")
        verbose_name_plural = _("inzagelog")
        indexes = [models.Index(fields=["dossier", "op"])]


# Registered with Django through this import (that module imports the classes above).
from .models_privacy import Bewaartermijnrun, DebiteurToegang, Inzageverzoek  # noqa: E402, F401
