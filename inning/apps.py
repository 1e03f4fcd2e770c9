from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InningConfig(AppConfig):
    name = "inning"
    verbose_name = _("Inning en geld")
