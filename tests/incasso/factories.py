"""Factories for the collection workflow tests: an accepted dossier with an order, a title and an obligation."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import factory

from dossiers.models import Client, Debiteur, Dossier, Opdracht, Titel, Verplichting

AMS = ZoneInfo("Europe/Amsterdam")


def rf_kenmerk(n: int) -> str:
    """A valid ISO 11649 creditor reference 'RFxx…' (check digits by mod 97, as banks verify)."""
    ref = f"NLAI{n:08d}"
    cijfers = "".join(str(int(c, 36)) for c in ref + "RF00")
    return f"RF{98 - int(cijfers) % 97:02d}{ref}"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    naam = factory.Sequence(lambda n: f"Anna de Vries {n}")
    email = factory.Sequence(lambda n: f"anna{n}@example.nl")
    straat = "Lindelaan 3"
    postcode = "3512 AB"
    woonplaats = "Utrecht"


class DebiteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debiteur

    naam = factory.Sequence(lambda n: f"Bram Jansen {n}")
    geboortedatum = date(1980, 5, 17)
    email = factory.Sequence(lambda n: f"bram{n}@example.nl")
    straat = "Dorpsstraat 12"
    postcode = "1234 AB"
    woonplaats = "Amersfoort"


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    nummer = factory.Sequence(lambda n: f"D2026-{n:05d}")
    betaalkenmerk = factory.Sequence(rf_kenmerk)
    client = factory.SubFactory(ClientFactory)
    debiteur = factory.SubFactory(DebiteurFactory)
    status = Dossier.Status.ACTIEF
    volgende_actie = "Aanmaning versturen"
    volgende_actie_datum = date(2026, 4, 8)


def opdracht_maak(dossier: Dossier, ontvangen_op: datetime) -> Opdracht:
    return Opdracht.objects.create(
        dossier=dossier,
        ontvangen_op=ontvangen_op,
        voorwaarden_versie="2026-1",
        voorwaarden_geaccepteerd_op=ontvangen_op,
        beoordeeld_op=ontvangen_op,
    )


def titel_en_verplichting(
    dossier: Dossier, *, bedrag: D = D("350.00"), ingang: date = date(2026, 1, 1)
) -> Titel:
    """A court decision with child alimony of `bedrag` a month from `ingang`, due on the 1st, not indexed."""
    titel = Titel.objects.create(
        dossier=dossier,
        soort=Titel.Soort.BESCHIKKING,
        datum=date(2025, 6, 1),
        instantie="Rechtbank Midden-Nederland",
    )
    Verplichting.objects.create(
        dossier=dossier,
        titel=titel,
        soort=Verplichting.Soort.KINDERALIMENTATIE,
        kind_naam="Sam",
        bedrag=bedrag,
        vastgesteld_op=date(2025, 6, 1),
        ingangsdatum=ingang,
        vervaldag=1,
        indexeren=False,
    )
    return titel


def geaccepteerd_dossier(*, ontvangen_op: datetime, **kwargs) -> Dossier:
    dossier = DossierFactory(**kwargs)
    opdracht_maak(dossier, ontvangen_op)
    titel_en_verplichting(dossier)
    return dossier
