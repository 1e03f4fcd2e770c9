"""Fixtures for the bailiff track: a dossier with an executoriale titel and the client's consent."""

from datetime import date
from decimal import Decimal as D

import factory
import pytest
from django.utils import timezone

from beslag.models import Derde, Deurwaarderskantoor
from dossiers.models import Client, Debiteur, Dossier, Titel, Verplichting
from incasso.models import Toestemmingsverzoek


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    naam = factory.Sequence(lambda n: f"Cliënt {n}")
    email = factory.Sequence(lambda n: f"client{n}@example.nl")


class DebiteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debiteur

    naam = factory.Sequence(lambda n: f"Debiteur {n}")
    geboortedatum = date(1980, 5, 17)
    straat = "Dorpsstraat 1"
    postcode = "1234 AB"
    woonplaats = "Utrecht"
    werkgever = "Bouwbedrijf De Vries"


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    nummer = factory.Sequence(lambda n: f"B2026-{n:05d}")
    betaalkenmerk = factory.Sequence(lambda n: f"RF18B{n:010d}")
    client = factory.SubFactory(ClientFactory)
    debiteur = factory.SubFactory(DebiteurFactory)
    status = Dossier.Status.ACTIEF
    volgende_actie = "Betaling afwachten"
    volgende_actie_datum = date(2026, 3, 1)


class KantoorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deurwaarderskantoor

    naam = factory.Sequence(lambda n: f"Gerechtsdeurwaarders Van Dam {n}")
    email = factory.Sequence(lambda n: f"kantoor{n}@deurwaarder.example")
    straat = "Kerkstraat 10"
    postcode = "3511 AA"
    woonplaats = "Utrecht"
    regio = "Midden-Nederland"
    iban = "NL91ABNA0417164300"


class DerdeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Derde

    naam = "Bouwbedrijf De Vries B.V."
    soort = Derde.Soort.WERKGEVER
    email = "salaris@devries.example"


def titel_maak(dossier: Dossier, soort: str = Titel.Soort.BESCHIKKING) -> Titel:
    titel = Titel.objects.create(
        dossier=dossier,
        soort=soort,
        datum=date(2024, 6, 1),
        instantie="Rechtbank Midden-Nederland",
        zaaknummer="C/16/1",
    )
    Verplichting.objects.create(
        dossier=dossier,
        titel=titel,
        soort=Verplichting.Soort.KINDERALIMENTATIE,
        kind_naam="Sam",
        bedrag=D("350.00"),
        vastgesteld_op=date(2024, 6, 1),
        ingangsdatum=date(2025, 1, 1),
        indexeren=False,
    )
    return titel


def toestemming_geef(dossier: Dossier, *soorten: str) -> None:
    for soort in soorten:
        Toestemmingsverzoek.objects.create(
            dossier=dossier,
            soort=soort,
            status=Toestemmingsverzoek.Status.GEGEVEN,
            gevraagd_op=timezone.now(),
            beantwoord_op=timezone.now(),
        )


@pytest.fixture
def dossier(db, casemanager) -> Dossier:
    d = DossierFactory(casemanager=casemanager)
    titel_maak(d)
    return d


@pytest.fixture
def instemmend_dossier(dossier) -> Dossier:
    toestemming_geef(dossier, "formeel_bevel", "loonbeslag", "bankbeslag")
    return dossier


@pytest.fixture
def kantoor(db) -> Deurwaarderskantoor:
    return KantoorFactory()


@pytest.fixture
def werkgever(db) -> Derde:
    return DerdeFactory()
