from django.core.management.base import BaseCommand
from django_otp.oath import totp

from accounts.models import User
from accounts.roles import STAFF_ROLLEN
from accounts.services import gebruiker_maak, totp_koppel

# Demo only: fixed TOTP secrets so that `python manage.py totp_code` and an authenticator app agree.
DEMO_WACHTWOORD = "demo-wachtwoord-2026"
DEMO_GEBRUIKERS = [
    ("casemanager@demo.nlai.nl", "casemanager", "Carla de Vries"),
    ("casemanager2@demo.nlai.nl", "casemanager", "Karim Bouzid"),
    ("financieel@demo.nlai.nl", "financieel", "Frank Jansen"),
    ("financieel2@demo.nlai.nl", "financieel", "Fatima El Amrani"),
    ("beheerder@demo.nlai.nl", "beheerder", "Bea Bakker"),
    ("client@demo.nlai.nl", "client", "Sanne Visser"),
    ("client2@demo.nlai.nl", "client", "Mark de Jong"),
]


def demo_totp_key(email: str) -> str:
    import hashlib

    return hashlib.sha1(f"nlai-demo:{email}".encode(), usedforsecurity=False).hexdigest()


def demo_gebruikers_maak() -> list[User]:
    users = []
    for email, rol, naam in DEMO_GEBRUIKERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            voornaam, _, achternaam = naam.partition(" ")
            user = gebruiker_maak(
                email=email, password=DEMO_WACHTWOORD, rol=rol, voornaam=voornaam, achternaam=achternaam
            )
            if rol in STAFF_ROLLEN:
                totp_koppel(user=user, key_hex=demo_totp_key(email))
        users.append(user)
    return users


class Command(BaseCommand):
    help = (
        "Zorgt dat de demogebruikers bestaan en toont hun inloggegevens (alleen voor demo en ontwikkeling)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--qr", action="store_true", help="toon per medewerker ook een QR-code om de app mee te koppelen"
        )

    def handle(self, *args, qr=False, **options):
        users = demo_gebruikers_maak()
        self.stdout.write(f"\nDemo-logins (wachtwoord voor iedereen: {DEMO_WACHTWOORD})")
        for user in users:
            rol = user.groups.values_list("name", flat=True).first()
            device = user.totpdevice_set.first()
            self.stdout.write(f"  {rol:<12} {user.email}")
            if device is not None:
                # An authenticator app takes an otpauth:// URI (or its QR code), not the hex key.
                code = f"{totp(device.bin_key):06d}"
                self.stdout.write(f"               TOTP: {device.config_url}")
                self.stdout.write(f"               code nu {code}; `python manage.py totp_code {user.email}`")
                if qr:
                    import segno

                    segno.make(device.config_url).terminal(out=self.stdout, compact=True)
        if not qr:
            self.stdout.write("QR-codes voor een authenticator-app: `python manage.py demo_logins --qr`.")
        self.stdout.write("Open http://127.0.0.1:8000 en log in.\n")
