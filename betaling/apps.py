from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BetalingConfig(AppConfig):
    name = "betaling"
    verbose_name = _("Betalen door de debiteur")
