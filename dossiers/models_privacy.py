"""The dossier's privacy records: access requests (art. 15 AVG), retention runs, and the debtor's ways in.

Kept apart from ``dossiers.models`` (which imports them at its end, so Django registers them) to keep each
module small.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Client, Debiteur, Dossier


class Inzageverzoek(models.Model):
    """A data subject access request (art. 15 AVG) of a client or debtor, and the archive that answered it.

    The row is the log: who asked, for whom, when, which staff member handled it, when the archive left the
    system (its first download). The archive is a private file, downloadable by the beheerder only.
    """

    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="inzageverzoeken"
    )
    debiteur = models.ForeignKey(
        Debiteur, null=True, blank=True, on_delete=models.PROTECT, related_name="inzageverzoeken"
    )
    gevraagd_door = models.CharField(_("gevraagd door"), max_length=200)
    ontvangen_op = models.DateTimeField(_("verzoek ontvangen op"))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("behandeld door")
    )
    aangemaakt_op = models.DateTimeField(_("archief gemaakt op"), auto_now_add=True)
    archief = models.FileField(_("archief"), upload_to="inzage/%Y/", blank=True)
    geleverd_op = models.DateTimeField(_("geleverd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                name="inzageverzoek_een_betrokkene",
                condition=Q(client__isnull=False, debiteur__isnull=True)
                | Q(client__isnull=True, debiteur__isnull=False),
            )
        ]


class Bewaartermijnrun(models.Model):
    """One run of the retention policy (dossiers.privacy.bewaartermijn_toepas): what it did and skipped."""

    op = models.DateTimeField(_("uitgevoerd op"), auto_now_add=True)
    peildatum = models.DateField(_("peildatum"))
    bewaarjaren = models.PositiveSmallIntegerField(_("bewaartermijn in jaren"))
    clients = models.JSONField(_("geanonimiseerde cliënten"), default=list, blank=True)
    debiteuren = models.JSONField(_("geanonimiseerde debiteuren"), default=list, blank=True)
    dossiers = models.JSONField(_("geanonimiseerde dossiers"), default=list, blank=True)
    overgeslagen = models.JSONField(_("overgeslagen"), default=list, blank=True)

    class Meta:
        verbose_name = _("run van de bewaartermijn")
        verbose_name_plural = _("runs van de bewaartermijn")
        ordering = ["-op", "-id"]


class DebiteurToegang(models.Model):
    """A way in to the debtor portal: a code printed on a letter, or a one-time link staff send by e-mail or
    SMS (``dossiers.debiteur_toegang``). A code is ``<kenmerk>-<geheim>``: the kenmerk is stored in plain
    text to find the row, only a hash of the secret is stored."""

    class Soort(models.TextChoices):
        CODE = "code", _("code in een brief")
        LINK = "link", _("eenmalige link")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="debiteur_toegangen")
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices)
    kenmerk = models.CharField(max_length=16, unique=True)
    code_hash = models.CharField(max_length=128)
    geldig_tot = models.DateTimeField(_("geldig tot"))
    gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toegang voor de debiteur")
        verbose_name_plural = _("toegangen voor de debiteur")
        indexes = [models.Index(fields=["dossier", "geldig_tot"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.kenmerk}"
