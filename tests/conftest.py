"""Fixtures shared by every test: users per role, logged-in clients (staff with TOTP), the browser, and `betaal`
(the debtor's payments booked in the ledger as real receipts)."""

import os
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from accounts.models import User
from accounts.roles import STAFF_ROLLEN
from accounts.services import gebruiker_maak, totp_koppel
from dossiers.models import Dossier
from inning.services import ontvangst_registreer
from tests import journaal_flush

journaal_flush.installeer()  # the journal refuses TRUNCATE; only the test flush may empty it

WACHTWOORD = "Geheim-wachtwoord-2026"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes uploads and letters into its own temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def maak_gebruiker(db) -> Callable[..., User]:
    teller = iter(range(1, 10_000))

    def _maak(rol: str, email: str | None = None, **kwargs) -> User:
        email = email or f"{rol}{next(teller)}@example.nl"
        user = gebruiker_maak(email=email, password=WACHTWOORD, rol=rol, **kwargs)
        if rol in STAFF_ROLLEN:
            totp_koppel(user=user)
        return user

    return _maak


def huidige_totp(user: User) -> str:
    device = user.totpdevice_set.get()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def login_als(client: DjangoClient, user: User) -> DjangoClient:
    """Log in without the form; staff also get a verified OTP device in the session."""
    client.force_login(user, backend="accounts.backends.EmailBackend")
    device = user.totpdevice_set.first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def casemanager(maak_gebruiker) -> User:
    return maak_gebruiker("casemanager", voornaam="Carla", achternaam="Casemanager")


@pytest.fixture
def financieel(maak_gebruiker) -> User:
    return maak_gebruiker("financieel", voornaam="Frank", achternaam="Financieel")


@pytest.fixture
def beheerder(maak_gebruiker) -> User:
    return maak_gebruiker("beheerder", voornaam="Bea", achternaam="Beheerder")


@pytest.fixture
def client_user(maak_gebruiker) -> User:
    return maak_gebruiker("client", voornaam="Clara", achternaam="Cliënt")


@pytest.fixture
def cm_client(casemanager) -> DjangoClient:
    return login_als(DjangoClient(), casemanager)


@pytest.fixture
def fin_client(financieel) -> DjangoClient:
    return login_als(DjangoClient(), financieel)


@pytest.fixture
def portaal_client(client_user) -> DjangoClient:
    return login_als(DjangoClient(), client_user)


# --- Browser tests (pytest-playwright on Debian's Chromium) -------------------------------------------

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1280, "height": 900}}


# --- Reference data after a flush -------------------------------------------------------------------
# Transactional tests (browser, real worker) end with a flush that also empties the tables our data
# migrations filled (roles, legal tables, letter texts). Every database test starts by putting them back
# when they are missing; the loaders are the data migrations themselves and leave existing rows alone.
DATA_MIGRATIES = [
    ("accounts.migrations.0002_rollen", "maak_rollen"),
    ("tarieven.migrations.0002_laad_referentietabellen", "laad"),
    ("tarieven.migrations.0004_bvv_maxima_en_normen_2026_07", "laad"),
    ("tarieven.migrations.0005_btw_tarief_apart", "laad"),
    ("tarieven.migrations.0006_regelingsbedragen_bvv", "laad"),
    ("incasso.migrations.0002_brieftekst_standaard", "seed"),
    ("incasso.migrations.0006_aanmaning_tekst_bijlage", "vervang"),
    ("incasso.migrations.0013_brieftekst_incasso_vooraankondiging", "laad"),
]


def _referentiedata_herstel() -> None:
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    from tarieven.models import Indexatie

    if Group.objects.exists() and Indexatie.objects.exists():
        return
    for module, functie in DATA_MIGRATIES:
        # No try/except: a renamed migration must fail here loudly, not leave the reference data half loaded.
        getattr(importlib.import_module(module), functie)(django_apps, None)


@pytest.fixture(autouse=True)
def _referentiedata(request):
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        request.getfixturevalue("_django_db_helper")
        _referentiedata_herstel()
    return


@pytest.fixture
def betaal() -> Callable[[Dossier, Iterable[tuple[date, Decimal]]], None]:
    """`betaal(dossier, [(datum, bedrag), ...])`: each payment a receipt booked, matched to the dossier and
    allocated by the ledger, which every reader (arrears, arrangement check) then sees."""
    volgnummer = count(1)

    def boek(dossier: Dossier, betalingen: Iterable[tuple[date, Decimal]]) -> None:
        for datum, bedrag in betalingen:
            n = next(volgnummer)
            ontvangst_registreer(
                dossier=dossier,
                bedrag=bedrag,
                datum=datum,
                bron_type="overig",
                bron_id=f"test-{n}",
                omschrijving="Betaling debiteur",
                sleutel=f"test:{dossier.pk}:{n}",
            )

    return boek
