"""Fixtures for the dossiers tests: orders registered through the real service."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dossiers.models import Client
from dossiers.services import opdracht_registreer

AMS = ZoneInfo("Europe/Amsterdam")


def debiteur_gegevens(**extra) -> dict:
    return {
        "naam": "Peter de Boer",
        "geboortedatum": date(1980, 5, 17),
        "straat": "Lindelaan 12",
        "postcode": "3512 AB",
        "woonplaats": "Utrecht",
        "land": "NL",
        **extra,
    }


def titel_gegevens(**extra) -> dict:
    return {
        "soort": "beschikking",
        "datum": date(2023, 3, 1),
        "instantie": "Rechtbank Midden-Nederland",
        "zaaknummer": "C/16/123456",
        **extra,
    }


def kinderalimentatie(**extra) -> dict:
    return {
        "soort": "kinderalimentatie",
        "kind_naam": "Emma",
        "kind_geboortedatum": date(2015, 6, 1),
        "bedrag": Decimal("325.50"),
        "vervaldag": 1,
        "vastgesteld_op": date(2023, 3, 1),
        "ingangsdatum": date(2023, 4, 1),
        "einddatum": date(2033, 6, 1),
        "indexeren": True,
        **extra,
    }


@pytest.fixture
def client_record(db) -> Client:
    return Client.objects.create(
        naam="Sanne Visser",
        email="sanne@example.nl",
        straat="Kerkstraat 1",
        postcode="1011 AA",
        woonplaats="Amsterdam",
        uitbetaal_iban="NL91ABNA0417164300",
        uitbetaal_tenaamstelling="S. Visser",
    )


@pytest.fixture
def registreer(client_record):
    """Register an order (portal channel) with sensible defaults; keyword arguments override them."""

    def _registreer(**kwargs):
        args = {
            "client": client_record,
            "debiteur": debiteur_gegevens(),
            "titel": titel_gegevens(),
            "verplichtingen": [kinderalimentatie()],
            "eenmalig": [],
            "ontvangen_op": datetime(2026, 4, 2, 10, 0, tzinfo=AMS),
            "kanaal": "portaal",
            "ingevoerd_door": None,
            "voorwaarden_versie": "2026-01",
        }
        args.update(kwargs)
        return opdracht_registreer(**args)

    return _registreer
