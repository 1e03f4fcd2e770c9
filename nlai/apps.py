from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NlaiConfig(AppConfig):
    name = "nlai"
    verbose_name = _("Systeem")
