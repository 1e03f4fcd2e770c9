"""The portal's own data: the client's order draft.

An order is entered over seven steps. Whatever the client typed is kept server-side after every step (also
when a step was not yet valid), so the client can stop and resume later on another device. Only on submit
does it become a real `dossiers.Opdracht` via `dossiers.services.opdracht_registreer`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpdrachtConcept(models.Model):
    """One draft order per client; `data` holds the raw form input per step, keyed by step name."""

    client = models.OneToOneField(
        "dossiers.Client", on_delete=models.CASCADE, related_name="opdracht_concept"
    )
    stap = models.CharField(_("laatste stap"), max_length=30, default="client")
    data = models.JSONField(_("ingevulde gegevens"), default=dict, blank=True)
    # Steps whose input passed validation the last time they were saved.
    geldige_stappen = models.JSONField(default=list, blank=True)
    # The uploaded title scan (a private Document without a dossier until the order is submitted).
    titel_document = models.ForeignKey(
        "dossiers.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("concept-opdracht")
        verbose_name_plural = _("concept-opdrachten")

    def __str__(self) -> str:
        return f"Concept van {self.client}"
