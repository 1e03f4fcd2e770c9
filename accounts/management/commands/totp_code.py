from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts.models import User


class Command(BaseCommand):
    help = (
        "Toont de huidige TOTP-code van een medewerker (alleen voor demo en ontwikkeling, niet in productie)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        from django.conf import settings

        if not settings.DEBUG:
            raise CommandError("Alleen beschikbaar met DEBUG=True (demo en ontwikkeling).")
        user = User.objects.filter(email__iexact=email).first()
        device = user.totpdevice_set.first() if user else None
        if device is None:
            raise CommandError(f"Geen TOTP-koppeling voor {email}.")
        self.stdout.write(f"{totp(device.bin_key):06d}")
