"""Bailiffs, third parties, bailiff instructions, steps with their statutory deadlines and tariffs,
garnishments with their beslagvrije voet, concurrent garnishments and the monthly receipts they yield.

Design notes:
- A `BeslagStap` stores both what the bailiff charged (`kosten_in_rekening`) and the Btag tariff for the step's
  date (`tarief_btag`, copied from the table when recorded), so the page shows them side by side even after
  the table changes.
- `uiterste_datum` is the statutory deadline that follows the step (Atw applied); the open deadline with the
  earliest date is the dossier's next action.
- `BeslagOntvangst` has one row per garnishment per month (unique), so the daily sweep that flags missing
  months is idempotent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dossiers.models import Adres, Document, Dossier
from nlai.models import BEDRAG


class Deurwaarderskantoor(Adres):
    naam = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    regio = models.CharField(_("regio"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("deurwaarderskantoor")
        verbose_name_plural = _("deurwaarderskantoren")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Derde(Adres):
    """A third party a garnishment is served on: an employer, a benefits agency or a bank."""

    class Soort(models.TextChoices):
        WERKGEVER = "werkgever", _("werkgever")
        UWV = "uwv", _("UWV")
        SVB = "svb", _("SVB")
        GEMEENTE = "gemeente", _("gemeente")
        BANK = "bank", _("bank")
        OVERIG = "overig", _("overig")

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("derde")
        verbose_name_plural = _("derden")
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.get_soort_display()})"


class DeurwaarderOpdracht(models.Model):
    class Status(models.TextChoices):
        VERZONDEN = "verzonden", _("verzonden, wacht op antwoord")
        BEANTWOORD = "beantwoord", _("beantwoord")
        AFGEROND = "afgerond", _("afgerond")
        INGETROKKEN = "ingetrokken", _("ingetrokken")

    OPEN = (Status.VERZONDEN, Status.BEANTWOORD)

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="deurwaarder_opdrachten")
    kantoor = models.ForeignKey(Deurwaarderskantoor, on_delete=models.PROTECT, related_name="opdrachten")
    geinstrueerd_op = models.DateField(_("geïnstrueerd op"))
    geinstrueerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    antwoord_uiterlijk = models.DateField(_("antwoord uiterlijk"))
    rappel_op = models.DateField(_("rappel op"))
    rappel_verstuurd_op = models.DateTimeField(_("rappel verstuurd op"), null=True, blank=True)
    beantwoord_op = models.DateField(_("beantwoord op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VERZONDEN)
    brief = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    brief_verstuurd_op = models.DateTimeField(_("brief verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deurwaarderopdracht")
        verbose_name_plural = _("deurwaarderopdrachten")
        ordering = ["-geinstrueerd_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status__in=["verzonden", "beantwoord"]),
                name="een_open_deurwaarderopdracht",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.kantoor}"


class Beslag(models.Model):
    class Soort(models.TextChoices):
        LOON = "loon", _("loonbeslag")
        BANK = "bank", _("bankbeslag")
        ROEREND = "roerend", _("beslag roerende zaken")

    class Status(models.TextChoices):
        ACTIEF = "actief", _("actief")
        OPGEHEVEN = "opgeheven", _("opgeheven")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="beslagen")
    opdracht = models.ForeignKey(DeurwaarderOpdracht, on_delete=models.PROTECT, related_name="beslagen")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    derde = models.ForeignKey(Derde, null=True, blank=True, on_delete=models.PROTECT, related_name="beslagen")
    datum = models.DateField(_("datum beslag"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIEF)
    # Beslagvrije voet (Rv art. 475d): amount, the 12 months it holds, and how it was computed.
    bvv_bedrag = models.DecimalField(_("beslagvrije voet"), null=True, blank=True, **BEDRAG)
    bvv_geldig_tot = models.DateField(_("beslagvrije voet geldig tot"), null=True, blank=True)
    bvv_invoer = models.JSONField(_("invoer beslagvrije voet"), default=dict, blank=True)
    bvv_termen = models.JSONField(_("termen beslagvrije voet"), default=list, blank=True)
    maandbedrag = models.DecimalField(_("verwacht maandbedrag"), null=True, blank=True, **BEDRAG)
    eerste_maand = models.DateField(_("eerste maand van afdracht"), null=True, blank=True)
    # Samenloop: the first garnishing bailiff collects and distributes (coordinates).
    coordinerend_kantoor = models.ForeignKey(
        Deurwaarderskantoor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coördinerende deurwaarder"),
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beslag")
        verbose_name_plural = _("beslagen")
        ordering = ["-datum", "-id"]
        constraints = [
            models.CheckConstraint(
                name="beslag_maandbedrag_niet_negatief",
                condition=Q(maandbedrag__gte=0) | Q(maandbedrag__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class Samenloop(models.Model):
    """Another garnishment on the same income (samenloop)."""

    beslag = models.ForeignKey(Beslag, on_delete=models.PROTECT, related_name="samenloop")
    beslaglegger = models.CharField(_("andere beslaglegger (schuldeiser)"), max_length=200)
    deurwaarder = models.CharField(_("deurwaarder van dat beslag"), max_length=200)
    datum = models.DateField(_("datum van dat beslag"))
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samenlopend beslag")
        verbose_name_plural = _("samenlopende beslagen")
        ordering = ["datum", "id"]


class BeslagStap(models.Model):
    class Soort(models.TextChoices):
        BETEKENING_TITEL = "betekening_titel", _("betekening titel met bevel tot betaling")
        LOONBESLAG = "loonbeslag", _("loonbeslag (beslagexploot bij werkgever/uitkeringsinstantie)")
        BANKBESLAG = "bankbeslag", _("bankbeslag")
        BESLAG_ROERENDE_ZAKEN = "beslag_roerende_zaken", _("beslag roerende zaken")
        OVERBETEKENING = "overbetekening", _("overbetekening aan de debiteur")
        DERDENVERKLARING = "derdenverklaring", _("verklaring van de derde")
        BVV_VASTSTELLING = "bvv_vaststelling", _("vaststelling beslagvrije voet")
        BEZOEK = "bezoek", _("bezoek van de deurwaarder")
        MAANDAFDRACHT = "maandafdracht", _("maandelijkse inning en verdeling")
        OVERIG = "overig", _("overige handeling")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="beslagstappen")
    opdracht = models.ForeignKey(DeurwaarderOpdracht, on_delete=models.PROTECT, related_name="stappen")
    beslag = models.ForeignKey(
        Beslag, null=True, blank=True, on_delete=models.PROTECT, related_name="stappen"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    datum = models.DateField(_("datum"))
    gepland_op = models.DateTimeField(_("gepland op"), null=True, blank=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=300, blank=True)
    kosten_in_rekening = models.DecimalField(_("kosten in rekening gebracht"), default=0, **BEDRAG)
    btag_handeling = models.CharField(_("Btag-handeling"), max_length=60, blank=True)
    btag_artikel = models.CharField(_("Btag-artikel"), max_length=30, blank=True)
    tarief_btag = models.DecimalField(_("wettelijk tarief (Btag)"), null=True, blank=True, **BEDRAG)
    uiterste_datum = models.DateField(_("uiterste datum"), null=True, blank=True)
    termijn = models.CharField(_("termijn"), max_length=200, blank=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beslagstap")
        verbose_name_plural = _("beslagstappen")
        ordering = ["datum", "id"]
        indexes = [models.Index(fields=["afgerond_op", "uiterste_datum"])]
        constraints = [
            models.CheckConstraint(
                name="beslagstap_kosten_niet_negatief", condition=Q(kosten_in_rekening__gte=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"

    @property
    def verschil_met_tarief(self):
        if self.tarief_btag is None:
            return None
        return self.kosten_in_rekening - self.tarief_btag


class BeslagOntvangst(models.Model):
    """One month of a garnishment: what was expected and what the bailiff passed on."""

    beslag = models.ForeignKey(Beslag, on_delete=models.PROTECT, related_name="ontvangsten")
    maand = models.DateField(_("maand"))  # first day of the month
    verwacht = models.DecimalField(_("verwacht"), **BEDRAG)
    ontvangen = models.DecimalField(_("ontvangen"), default=0, **BEDRAG)
    ontvangen_op = models.DateField(_("ontvangen op"), null=True, blank=True)
    ontbreekt_gemeld_op = models.DateTimeField(_("als ontbrekend gemeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontvangst uit beslag")
        verbose_name_plural = _("ontvangsten uit beslag")
        ordering = ["maand"]
        constraints = [
            models.UniqueConstraint(fields=["beslag", "maand"], name="beslagontvangst_een_per_maand"),
            models.CheckConstraint(
                name="beslagontvangst_ontvangen_niet_negatief", condition=Q(ontvangen__gte=0)
            ),
        ]

    @property
    def ontbreekt(self) -> bool:
        return self.ontbreekt_gemeld_op is not None and self.ontvangen == 0


class BvvOpgave(models.Model):
    """The debtor's answers to the beslagvrije-voet questionnaire (portal), with the preliminary answer of the law
    (``recht.bvv.bvv_bereken``) stored as a snapshot: amounts, terms with their table rows, messages.

    The case manager checks it (``status`` beoordeeld), optionally with corrections, which recompute the
    snapshot; the debtor's own answers stay in ``antwoorden_debiteur``. A garnishment uses the latest one whose
    answer still holds (``geldig_tot``, 12 months, Rv art. 475d lid 2)."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("ingediend, nog te beoordelen")
        BEOORDEELD = "beoordeeld", _("beoordeeld door de casemanager")

    class Woonsoort(models.TextChoices):
        HUUR = "huur", _("huur")
        KOOP = "koop", _("koopwoning (hypotheek)")
        INWONEND = "inwonend", _("inwonend of anders")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="bvv_opgaven")
    # The answers, as the law function needs them (recht.bvv_invoer.BvvInvoer).
    huishouden = models.CharField(_("huishouden"), max_length=30)
    kinderen = models.PositiveSmallIntegerField(_("aantal thuiswonende kinderen onder 18"), default=0)
    adres = models.CharField(_("adres in de BRP"), max_length=20, default="nl")
    netto_inkomen = models.DecimalField(_("netto inkomen per maand"), **BEDRAG)
    vakantiegeld_inbegrepen = models.BooleanField(_("vakantiegeld inbegrepen"), default=True)
    toetsingsinkomen_jaar = models.DecimalField(
        _("belastbaar inkomen per jaar (met echtgenoot)"), null=True, blank=True, **BEDRAG
    )
    eigen_overig_inkomen = models.DecimalField(_("ander eigen inkomen per maand"), default=0, **BEDRAG)
    partner_inkomen = models.DecimalField(_("netto inkomen partner per maand"), default=0, **BEDRAG)
    woonsoort = models.CharField(_("woonsituatie"), max_length=20, choices=Woonsoort.choices, blank=True)
    woonkosten = models.DecimalField(_("woonkosten per maand"), null=True, blank=True, **BEDRAG)
    woonkostenverzoek = models.BooleanField(_("verzoek om verhoging voor woonkosten"), default=False)
    toelichting = models.TextField(_("toelichting van de debiteur"), blank=True, max_length=2000)
    antwoorden_debiteur = models.JSONField(_("antwoorden zoals de debiteur ze gaf"), default=dict)
    # Regulation amounts of lid 2 the case manager typed (win over the table row of the year), field → value.
    formule_correcties = models.JSONField(_("bedragen formule (casemanager)"), default=dict, blank=True)
    ingediend_op = models.DateTimeField(_("ingediend op"))
    peildatum = models.DateField(_("peildatum berekening"))
    # The snapshot of the law's answer (null amounts: not computable, the reason is in `meldingen`).
    bvv_bedrag = models.DecimalField(_("beslagvrije voet"), null=True, blank=True, **BEDRAG)
    beslagruimte = models.DecimalField(_("beslagruimte per maand"), null=True, blank=True, **BEDRAG)
    inkomen_incl_vakantiegeld = models.DecimalField(
        _("inkomen incl. vakantiegeld"), null=True, blank=True, **BEDRAG
    )
    geldig_tot = models.DateField(_("geldig tot"), null=True, blank=True)
    termen = models.JSONField(_("termen"), default=list, blank=True)
    meldingen = models.JSONField(_("meldingen"), default=list, blank=True)
    onbevestigd = models.JSONField(_("niet bevestigde bronnen"), default=list, blank=True)
    regelversie = models.CharField(_("regelversie"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INGEDIEND)
    beoordeeld_op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    beoordeling = models.TextField(_("toelichting casemanager"), blank=True, max_length=2000)
    correcties = models.JSONField(_("gecorrigeerde antwoorden"), default=dict, blank=True)

    class Meta:
        verbose_name = _("vragenlijst beslagvrije voet")
        verbose_name_plural = _("vragenlijsten beslagvrije voet")
        ordering = ["-ingediend_op", "-id"]
        indexes = [models.Index(fields=["dossier", "-ingediend_op"])]
        constraints = [
            models.CheckConstraint(
                name="bvvopgave_bedragen_niet_negatief",
                condition=Q(netto_inkomen__gte=0)
                & Q(eigen_overig_inkomen__gte=0)
                & Q(partner_inkomen__gte=0)
                & (Q(woonkosten__gte=0) | Q(woonkosten__isnull=True)),
            )
        ]

    def __str__(self) -> str:
        return f"Vragenlijst beslagvrije voet {self.dossier} {self.ingediend_op:%d-%m-%Y}"

    HUISHOUDEN_LABELS = {
        "alleenstaande": _("alleenstaande"),
        "alleenstaande_ouder": _("alleenstaande ouder"),
        "gehuwden_zonder_kinderen": _("gehuwd of samenwonend, zonder kinderen"),
        "gehuwden_met_kinderen": _("gehuwd of samenwonend, met kinderen"),
    }
    ADRES_LABELS = {
        "nl": _("adres in Nederland (BRP)"),
        "geen": _("geen adres in de BRP"),
        "buitenland": _("vast adres in het buitenland"),
    }

    @property
    def huishouden_label(self) -> str:
        return str(self.HUISHOUDEN_LABELS.get(self.huishouden, self.huishouden))

    @property
    def adres_label(self) -> str:
        return str(self.ADRES_LABELS.get(self.adres, self.adres))


class BvvOpgaveDocument(models.Model):
    """A document the debtor sent with the questionnaire (stored as a private dossier document, hidden from
    the client: the debtor's payslip is none of the client's business)."""

    class Soort(models.TextChoices):
        INKOMEN = "inkomen", _("loonstrook of uitkeringsspecificatie")
        WOONKOSTEN = "woonkosten", _("huur of hypotheek")
        PARTNER = "partner", _("inkomen partner")
        OVERIG = "overig", _("ander bewijs")

    opgave = models.ForeignKey(BvvOpgave, on_delete=models.PROTECT, related_name="documenten")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)

    class Meta:
        verbose_name = _("bewijsstuk beslagvrije voet")
        verbose_name_plural = _("bewijsstukken beslagvrije voet")
        ordering = ["id"]
