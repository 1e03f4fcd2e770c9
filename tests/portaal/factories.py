"""Factories for portal tests: a client with a dossier, debtor, documents, messages and timeline."""

from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from dossiers.models import Bericht, Client, Debiteur, Document, Dossier, TijdlijnGebeurtenis

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def rf_kenmerk(basis: str) -> str:
    """ISO 11649 creditor reference for `basis` (digits and letters), e.g. RF18 5390 0754 7034."""
    getal = int("".join(str(int(c, 36)) for c in (basis + "RF00").upper()))
    return f"RF{98 - getal % 97:02d}{basis}"


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    naam = factory.Sequence(lambda n: f"Clara de Vries {n}")
    email = factory.Sequence(lambda n: f"clara{n}@example.nl")
    straat = "Lange Nieuwstraat 1"
    postcode = "3512 PA"
    woonplaats = "Utrecht"


class DebiteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debiteur

    naam = "Dirk Jansen"
    geboortedatum = date(1980, 5, 17)
    straat = "Kerkstraat 9"
    postcode = "1017 GB"
    woonplaats = "Amsterdam"


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    nummer = factory.Sequence(lambda n: f"PT-{n:06d}")
    betaalkenmerk = factory.Sequence(lambda n: rf_kenmerk(f"PT{n:08d}"))
    client = factory.SubFactory(ClientFactory)
    debiteur = factory.SubFactory(DebiteurFactory)
    status = Dossier.Status.INTAKE
    volgende_actie = "Opdracht beoordelen"
    volgende_actie_datum = factory.LazyFunction(lambda: date.today() + timedelta(days=2))


def document_maak(dossier: Dossier, *, zichtbaar: bool = True, naam: str = "beschikking.pdf") -> Document:
    document = Document(
        dossier=dossier,
        soort=Document.Soort.TITEL,
        naam=naam,
        content_type="application/pdf",
        grootte=len(PDF_BYTES),
        zichtbaar_voor_client=zichtbaar,
    )
    document.bestand.save(naam, ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


def tijdlijn_maak(dossier: Dossier, tekst: str, *, intern: bool = False) -> TijdlijnGebeurtenis:
    return TijdlijnGebeurtenis.objects.create(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.NOTITIE,
        tekst=tekst,
        intern=intern,
        op=timezone.now(),
    )


def bericht_maak(dossier: Dossier, afzender, tekst: str = "Is er al betaald?") -> Bericht:
    return Bericht.objects.create(dossier=dossier, afzender=afzender, tekst=tekst, van_client=True)
