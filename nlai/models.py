from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every money column: cents exact, up to a trillion euro (ARCHITECTURE.md, money).
BEDRAG: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


def _persoon() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class VierOgen(models.Model):
    """Who prepared, released, approved or rejected a batch of money moving out or in (payouts, direct-debit
    collections), and when: the four eyes every such batch goes through (two different people)."""

    # Null when a beat task prepared it: then one person releases it and another approves it.
    voorbereid_door = _persoon()
    voorbereid_op = models.DateTimeField(_("voorbereid op"), auto_now_add=True)
    vrijgegeven_door = _persoon()
    vrijgegeven_op = models.DateTimeField(_("vrijgegeven op"), null=True, blank=True)
    goedgekeurd_door = _persoon()
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    afgewezen_door = _persoon()
    afgewezen_op = models.DateTimeField(_("afgewezen op"), null=True, blank=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """One row per worker host name; the health check reads the newest `gezien_op`."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    gezien_op = models.DateTimeField(_("gezien op"))

    class Meta:
        verbose_name = _("hartslag van een worker")
        verbose_name_plural = _("hartslagen van workers")

    def __str__(self) -> str:
        return f"{self.worker} @ {self.gezien_op:%Y-%m-%d %H:%M:%S}"
