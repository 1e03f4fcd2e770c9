from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UitbetalingConfig(AppConfig):
    name = "uitbetaling"
    verbose_name = _("Uitbetaling en export")
