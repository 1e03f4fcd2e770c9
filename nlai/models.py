from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# Every money column: cents exact, up to a trillion euro (ARCHITECTURE.md, money).
BEDRAG: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class WorkerHeartbeat(models.Model):
    """One row per worker host name; the health check reads the newest `gezien_op`."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    gezien_op = models.DateTimeField(_("gezien op"))

    class Meta:
        verbose_name = _("hartslag van een worker")
        verbose_name_plural = _("hartslagen van workers")

    def __str__(self) -> str:
        return f"{self.worker} @ {self.gezien_op:%Y-%m-%d %H:%M:%S}"
