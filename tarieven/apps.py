from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TarievenConfig(AppConfig):
    name = "tarieven"
    verbose_name = _("Tarieven en tabellen")
