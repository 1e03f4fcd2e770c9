from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeslagConfig(AppConfig):
    name = "beslag"
    verbose_name = _("Deurwaarder en beslag")
