from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class GebruikerManager(UserManager):
    """Users log in with their e-mail address; `username` mirrors it for Django's admin."""

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        return super()._create_user(email, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    email = models.EmailField(_("e-mailadres"), unique=True)
    email_geverifieerd_op = models.DateTimeField(_("e-mail geverifieerd op"), null=True, blank=True)
    taal = models.CharField(
        _("taal"), max_length=5, default="nl", choices=[("nl", "Nederlands"), ("en", "English")]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[GebruikerManager] = GebruikerManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.email
