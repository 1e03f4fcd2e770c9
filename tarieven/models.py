"""Versioned tables the law-as-code functions read: indexation, statutory interest, Btag, commission, social
assistance norms, BVV maxima, the VAT rate and extra non-working days.

Every row carries its effective date (a year or a ``vanaf`` date), its source (``bron``) and whether the
value is confirmed (``bevestigd``: by the statute text itself or by two independent sources). Unconfirmed
values are used, but shown as such wherever they are used. A row with a ``vanaf`` date holds until the next
row of the same kind, or until ``geldig_tot`` when a beheerder sets one; a date no row covers raises
``TariefOntbreekt`` (see ``tarieven.selectors``): the system never guesses a figure.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nlai.models import BEDRAG

PERCENTAGE: dict[str, Any] = {"max_digits": 5, "decimal_places": 2}


class Tabelrij(models.Model):
    bron = models.CharField(
        _("bron"), max_length=300, help_text=_("Wet, besluit of vindplaats van het getal.")
    )
    bevestigd = models.BooleanField(
        _("bevestigd"),
        default=False,
        help_text=_("Aangevinkt wanneer de waarde uit de wettekst of uit twee onafhankelijke bronnen komt."),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Every table row keeps its history (who changed which figure, when, from and to), shown to the beheerder
    # in the admin; inherited, so a new table is tracked without anyone remembering to.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class Periodetabelrij(Tabelrij):
    vanaf = models.DateField(_("geldig vanaf"))
    geldig_tot = models.DateField(
        _("geldig tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg: geldig tot de volgende rij van dezelfde soort."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.geldig_tot is not None and self.vanaf is not None and self.geldig_tot < self.vanaf:
            raise ValidationError({"geldig_tot": _("De einddatum ligt vóór de begindatum.")})


class Indexatie(Tabelrij):
    """The yearly alimony indexation percentage (art. 1:402a BW), applied on 1 January of ``jaar``."""

    jaar = models.PositiveSmallIntegerField(_("jaar"), unique=True, validators=[MinValueValidator(1900)])
    percentage = models.DecimalField(_("percentage"), **PERCENTAGE)

    class Meta:
        verbose_name = _("indexeringspercentage alimentatie")
        verbose_name_plural = _("indexeringspercentages alimentatie")
        ordering = ["-jaar"]

    def __str__(self) -> str:
        return f"{self.jaar}: {self.percentage}%"


class WettelijkeRente(Periodetabelrij):
    """The statutory interest rate of art. 6:119 BW, from ``vanaf``."""

    percentage = models.DecimalField(_("percentage"), **PERCENTAGE)

    class Meta:
        verbose_name = _("wettelijke rente")
        verbose_name_plural = _("wettelijke rente")
        ordering = ["-vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["vanaf"], name="wettelijke_rente_vanaf_uniek"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("vanaf")),
                name="wettelijke_rente_periode",
            ),
        ]

    def __str__(self) -> str:
        return f"vanaf {self.vanaf:%d-%m-%Y}: {self.percentage}%"


class BtagTarief(Tabelrij):
    """A bailiff's tariff (Besluit tarieven ambtshandelingen gerechtsdeurwaarders) for one year."""

    handeling = models.SlugField(_("handeling"), max_length=60)
    artikel = models.CharField(_("Btag-artikel"), max_length=30)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(1900)])
    bedrag = models.DecimalField(_("bedrag"), **BEDRAG)

    class Meta:
        verbose_name = _("Btag-tarief")
        verbose_name_plural = _("Btag-tarieven")
        ordering = ["handeling", "-jaar"]
        constraints = [
            models.UniqueConstraint(fields=["handeling", "jaar"], name="btag_handeling_jaar_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.omschrijving} {self.jaar}: € {self.bedrag}"


class ProvisieTarief(Periodetabelrij):
    """The agency's commission rate (including VAT), from ``vanaf``. The VAT in it follows ``BtwTarief``."""

    percentage = models.DecimalField(
        _("provisiepercentage (incl. btw)"), default=12, validators=[MaxValueValidator(100)], **PERCENTAGE
    )

    class Meta:
        verbose_name = _("provisietarief")
        verbose_name_plural = _("provisietarieven")
        ordering = ["-vanaf"]
        constraints = [models.UniqueConstraint(fields=["vanaf"], name="provisie_vanaf_uniek")]

    def __str__(self) -> str:
        return f"vanaf {self.vanaf:%d-%m-%Y}: {self.percentage}%"


class BtwTarief(Periodetabelrij):
    """The general VAT rate (Wet OB 1968 art. 9 lid 1) from ``vanaf``: the VAT part of the commission is
    ``percentage / (100 + percentage)`` of it, at the rate in force on the day the money was collected."""

    percentage = models.DecimalField(
        _("btw-percentage (algemeen tarief)"), validators=[MaxValueValidator(100)], **PERCENTAGE
    )

    class Meta:
        verbose_name = _("btw-tarief")
        verbose_name_plural = _("btw-tarieven")
        ordering = ["-vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["vanaf"], name="btw_tarief_vanaf_uniek"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("vanaf")),
                name="btw_tarief_periode",
            ),
        ]

    def __str__(self) -> str:
        return f"vanaf {self.vanaf:%d-%m-%Y}: {self.percentage}%"


class Bijstandsnorm(Periodetabelrij):
    """Social-assistance norm including holiday pay (Participatiewet art. 21), per living situation."""

    class Leefsituatie(models.TextChoices):
        ALLEENSTAANDE = "alleenstaande_of_alleenstaande_ouder", _("Alleenstaande of alleenstaande ouder")
        GEHUWDEN = "gehuwden", _("Gehuwden")

    leefsituatie = models.CharField(_("leefsituatie"), max_length=50, choices=Leefsituatie.choices)
    bedrag = models.DecimalField(_("bedrag per maand incl. vakantiegeld"), **BEDRAG)

    class Meta:
        verbose_name = _("bijstandsnorm")
        verbose_name_plural = _("bijstandsnormen")
        ordering = ["leefsituatie", "-vanaf"]
        constraints = [
            models.UniqueConstraint(
                fields=["leefsituatie", "vanaf"], name="bijstandsnorm_leefsituatie_vanaf_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_leefsituatie_display()} vanaf {self.vanaf:%d-%m-%Y}: € {self.bedrag}"


class BvvMaximum(Periodetabelrij):
    """The maximum beslagvrije voet per household (Rv art. 475da lid 1)."""

    class Huishouden(models.TextChoices):
        ALLEENSTAANDE = "alleenstaande", _("Alleenstaande")
        ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("Alleenstaande ouder")
        GEHUWDEN_ZONDER_KINDEREN = "gehuwden_zonder_kinderen", _("Gehuwden zonder kinderen")
        GEHUWDEN_MET_KINDEREN = "gehuwden_met_kinderen", _("Gehuwden met kinderen")

    huishouden = models.CharField(_("huishouden"), max_length=40, choices=Huishouden.choices)
    bedrag = models.DecimalField(_("maximale beslagvrije voet per maand"), **BEDRAG)

    class Meta:
        verbose_name = _("maximale beslagvrije voet")
        verbose_name_plural = _("maximale beslagvrije voeten")
        ordering = ["huishouden", "-vanaf"]
        constraints = [
            models.UniqueConstraint(fields=["huishouden", "vanaf"], name="bvv_huishouden_vanaf_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.get_huishouden_display()} vanaf {self.vanaf:%d-%m-%Y}: € {self.bedrag}"


class ExtraNietWerkdag(Tabelrij):
    """A day the government declares equal to a holiday for the Algemene termijnenwet (art. 3 lid 3 Atw)."""

    datum = models.DateField(_("datum"), unique=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        verbose_name = _("extra niet-werkdag")
        verbose_name_plural = _("extra niet-werkdagen")
        ordering = ["-datum"]

    def __str__(self) -> str:
        return f"{self.datum:%d-%m-%Y} {self.omschrijving}"


class Tabeltaak(models.Model):
    """A task for the beheerder: a versioned table has no row for a period that has begun (e.g. the BVV maxima
    of the half-year starting 1 July). Made by a daily check, once per ``sleutel``; closed by the same check as
    soon as the row is there, or by the beheerder."""

    sleutel = models.CharField(_("sleutel"), max_length=100, unique=True)
    tabel = models.CharField(_("tabel"), max_length=100)
    periode_vanaf = models.DateField(_("periode vanaf"))
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("taak voor de beheerder (tabellen)")
        verbose_name_plural = _("taken voor de beheerder (tabellen)")
        ordering = [F("afgerond_op").asc(nulls_first=True), "-periode_vanaf"]  # open tasks first

    def __str__(self) -> str:
        return self.omschrijving


class Regelingsbedrag(Tabelrij):
    """A yearly amount that Rv art. 475da lid 2 (the BVV formula) takes from another statute, where that statute
    leaves the figure to a ministerial regulation or derives it each year: the zorgtoeslag threshold income D and
    standard premium, the huurtoeslag minimum-inkomensijkpunt, the kindgebonden-budget percentage K and amount L.
    One row per kind and berekeningsjaar (the regulations set them per calendar year)."""

    class Soort(models.TextChoices):
        DREMPELINKOMEN = (
            "drempelinkomen",
            _("Drempelinkomen D (Wet op de zorgtoeslag art. 1 lid 1 f), per jaar"),
        )
        STANDAARDPREMIE = (
            "standaardpremie_jaar",
            _("Standaardpremie (Wet op de zorgtoeslag art. 4), per jaar"),
        )
        IJKPUNT_EEN = (
            "minimum_inkomensijkpunt_eenpersoons",
            _(
                "Minimum-inkomensijkpunt eenpersoonshuishouden (Wet op de huurtoeslag art. 17 lid 1), per jaar"
            ),
        )
        IJKPUNT_MEER = (
            "minimum_inkomensijkpunt_meerpersoons",
            _(
                "Minimum-inkomensijkpunt meerpersoonshuishouden (Wet op de huurtoeslag art. 17 lid 1), per jaar"
            ),
        )
        KGB_PERCENTAGE = "kgb_percentage", _("Percentage K (Wet op het kindgebonden budget art. 2 lid 7)")
        KGB_DREMPELVERHOGING = (
            "kgb_drempelverhoging",
            _("Verhoging drempelinkomen L (Wet op het kindgebonden budget art. 2 lid 8), per jaar"),
        )

    soort = models.CharField(_("soort"), max_length=50, choices=Soort.choices)
    jaar = models.PositiveSmallIntegerField(_("berekeningsjaar"), validators=[MinValueValidator(1900)])
    # three decimals: D is 108% of twelve times a monthly amount and has a tenth of a cent (2026: 29735.424)
    waarde = models.DecimalField(_("bedrag of percentage"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("regelingsbedrag beslagvrije voet")
        verbose_name_plural = _("regelingsbedragen beslagvrije voet")
        ordering = ["soort", "-jaar"]
        constraints = [
            models.UniqueConstraint(fields=["soort", "jaar"], name="regelingsbedrag_soort_jaar_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.jaar}: {self.waarde}"
