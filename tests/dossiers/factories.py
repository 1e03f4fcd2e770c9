"""factory_boy factories for dossiers (direct rows; the services are tested separately)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from dossiers.models import Client, Debiteur, Dossier, Opdracht, Titel, Verplichting
from dossiers.services import betaalkenmerk_maak


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    naam = factory.Sequence(lambda n: f"Cliënt {n}")
    email = factory.Sequence(lambda n: f"client{n}@example.nl")
    woonplaats = "Utrecht"


class DebiteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debiteur

    naam = factory.Sequence(lambda n: f"Debiteur {n}")
    straat = "Dorpsstraat 1"
    postcode = "1234 AB"
    woonplaats = "Zwolle"
    land = "NL"


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    nummer = factory.Sequence(lambda n: f"2026-{n + 1:06d}")
    betaalkenmerk = factory.Sequence(lambda n: betaalkenmerk_maak(volgnummer=2026_000000 + n + 1))
    client = factory.SubFactory(ClientFactory)
    debiteur = factory.SubFactory(DebiteurFactory)
    status = Dossier.Status.ACTIEF
    volgende_actie = "Volgende stap bepalen"
    volgende_actie_datum = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))
    laatste_gebeurtenis_op = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def met(obj, create, extracted, **kwargs):
        """Order, title (executoriaal unless titel="geen") and one obligation, like a registered order."""
        if not create:
            return
        Opdracht.objects.create(
            dossier=obj,
            ontvangen_op=kwargs.get("ontvangen_op", timezone.now()),
            voorwaarden_versie="2026-1",
            voorwaarden_geaccepteerd_op=timezone.now(),
        )
        titel = Titel.objects.create(
            dossier=obj,
            soort=kwargs.get("titel", "beschikking"),
            datum=date(2023, 1, 1),
            instantie="Rechtbank",
        )
        Verplichting.objects.create(
            dossier=obj,
            titel=titel,
            soort="kinderalimentatie",
            kind_naam="Kind",
            kind_geboortedatum=date(2016, 1, 1),
            bedrag=Decimal("300.00"),
            vastgesteld_op=date(2023, 1, 1),
            ingangsdatum=date(2023, 2, 1),
        )
