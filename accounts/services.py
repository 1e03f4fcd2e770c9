"""Creating users with a role, and enrolling staff in TOTP."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .roles import BEHEERDER, STAFF_ROLLEN


@transaction.atomic
def gebruiker_maak(
    *, email: str, password: str | None, rol: str, voornaam: str = "", achternaam: str = ""
) -> User:
    user = User.objects.create_user(
        username=email,
        email=email,
        password=password,
        first_name=voornaam,
        last_name=achternaam,
        is_staff=rol == BEHEERDER,
        is_superuser=rol == BEHEERDER,
        email_geverifieerd_op=timezone.now(),
    )
    # get_or_create: transactional tests flush the groups the data migration made.
    user.groups.add(Group.objects.get_or_create(name=rol)[0])
    return user


@transaction.atomic
def totp_koppel(*, user: User, key_hex: str | None = None) -> TOTPDevice:
    """Give a staff user one confirmed TOTP device (replacing an old one). Returns the device."""
    if not user.groups.filter(name__in=STAFF_ROLLEN).exists() and not user.is_superuser:
        raise ValueError("Alleen medewerkers gebruiken TOTP.")
    TOTPDevice.objects.filter(user=user).delete()
    kwargs = {"key": key_hex} if key_hex else {}
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True, **kwargs)
