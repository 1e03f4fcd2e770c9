"""Creating users with a role, and enrolling staff in TOTP."""

from datetime import timedelta

from django.conf import settings
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
def totp_koppel(*, user: User, key_hex: str | None = None, bevestigd: bool = True) -> TOTPDevice:
    """Give a staff user one TOTP device (replacing an old one). Returns the device.

    ``bevestigd=False``: the device waits for its first code; until then the user's first login shows its
    QR code and asks for a code from the app (``totp_eerste_koppeling_bevestig``)."""
    if not user.groups.filter(name__in=STAFF_ROLLEN).exists() and not user.is_superuser:
        raise ValueError("Alleen medewerkers gebruiken TOTP.")
    TOTPDevice.objects.filter(user=user).delete()
    kwargs = {"key": key_hex} if key_hex else {}
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=bevestigd, **kwargs)


def totp_te_koppelen(*, user: User) -> TOTPDevice | None:
    """The device a staff user still has to enrol at first login: only when no confirmed device exists, and
    only within ``TOTP_KOPPEL_DAGEN`` of the enrolment (``maak_gebruiker``/``totp_koppel``). The first login
    is the one moment a right password alone opens a page (the QR code), so the window is short; after it the
    beheerder enrols the user again."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    grens = timezone.now() - timedelta(days=settings.TOTP_KOPPEL_DAGEN)
    return TOTPDevice.objects.filter(user=user, confirmed=False, created_at__gte=grens).first()


@transaction.atomic
def totp_eerste_koppeling_bevestig(*, user: User, token: str) -> TOTPDevice | None:
    """Confirm the waiting device when ``token`` is a current code of it; None (nothing changed) otherwise."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not token.strip().isdigit() or not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device
