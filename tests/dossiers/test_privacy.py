"""AVG: the retention policy (anonymisation N years after closing) and the access request archive."""

import io
import os
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from bank.controle import grootboek_controleer
from dossiers.documenten import document_opslaan
from dossiers.inzage import inzageverzoek_maak
from dossiers.models import Bericht, Bewaartermijnrun, Client, Debiteur, Document, Dossier, Inzageverzoek
from dossiers.privacy import bewaartermijn_plan, bewaartermijn_toepas
from dossiers.services.tijdlijn import tijdlijn_voeg_toe
from dossiers.tasks import bewaartermijn_toepas_taak
from incasso.models import UitgaandeEmail
from inning.ledger import journaalpost_boek, rekening
from inning.models import Bankafschrift, Bankregel, Journaalpost, Journaalregel, Ontvangst
from tests.conftest import login_als
from tests.dossiers.factories import DossierFactory
from uitbetaling.models import SepaBestand, Uitbetaling, UitbetalingBatch

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
CLIENT_IBAN = "NL44RABO0123456789"
DEBITEUR_IBAN = "NL20INGB0001234567"
GEHEIM = [
    "Sanne Visser",
    "sanne.visser@example.nl",
    CLIENT_IBAN,
    "Peter de Boer",
    "peter.deboer@example.nl",
    DEBITEUR_IBAN,
    "Kerkstraat 1",
    "Lindelaan 12",
    "0612345678",
]


def _gesloten_dossier(client: Client, debiteur: Debiteur, *, op: datetime) -> Dossier:
    dossier = DossierFactory(
        client=client,
        debiteur=debiteur,
        status=Dossier.Status.GESLOTEN,
        volgende_actie="",
        volgende_actie_datum=None,
    )
    Dossier.objects.filter(pk=dossier.pk).update(gesloten_op=op)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def partijen(maak_gebruiker):
    user = maak_gebruiker("client", email="sanne.visser@example.nl", voornaam="Sanne", achternaam="Visser")
    client = Client.objects.create(
        user=user,
        naam="Sanne Visser",
        email="sanne.visser@example.nl",
        telefoon="0612345678",
        straat="Kerkstraat 1",
        postcode="1011 AA",
        woonplaats="Amsterdam",
        uitbetaal_iban=CLIENT_IBAN,
        uitbetaal_tenaamstelling="Sanne Visser",
    )
    debiteur = Debiteur.objects.create(
        naam="Peter de Boer",
        email="peter.deboer@example.nl",
        straat="Lindelaan 12",
        postcode="3512 AB",
        woonplaats="Utrecht",
        iban=DEBITEUR_IBAN,
        geboortedatum=date(1980, 5, 17),
        werkgever="Bakkerij Jansen",
    )
    return client, debiteur


@pytest.fixture
def dossier(partijen):
    """Closed on 1 March 2019, with texts, a letter, an e-mail, a bank line and ledger entries naming both."""
    client, debiteur = partijen
    dossier = _gesloten_dossier(client, debiteur, op=datetime(2019, 3, 1, 12, 0, tzinfo=AMS))
    tijdlijn_voeg_toe(dossier=dossier, soort="telefoon", tekst="Gebeld met Peter de Boer op 0612345678")
    Bericht.objects.create(dossier=dossier, afzender=client.user, tekst="Groet, Sanne Visser, Kerkstraat 1")
    document_opslaan(
        bestand=SimpleUploadedFile(
            "aanmaning.pdf", b"%PDF-1.4 Peter de Boer Lindelaan 12", "application/pdf"
        ),
        soort=Document.Soort.BRIEF,
        dossier=dossier,
        geupload_door=None,
        zichtbaar_voor_client=True,
    )
    UitgaandeEmail.objects.create(
        aan="sanne.visser@example.nl",
        onderwerp="Uw dossier",
        tekst="Beste Sanne Visser, Peter de Boer betaalde.",
        dossier=dossier,
        sleutel=f"test:{dossier.pk}",
    )
    afschrift = Bankafschrift.objects.create(bestandsnaam="mt940.sta")
    regel = Bankregel.objects.create(
        afschrift=afschrift,
        iban="NL02ABNA0123456789",
        referentie="r1",
        datum=date(2019, 1, 5),
        bedrag=Decimal("100.00"),
        tegenrekening=DEBITEUR_IBAN,
        tegenpartij="Peter de Boer",
        omschrijving=f"Alimentatie {dossier.betaalkenmerk} Peter de Boer",
    )
    Ontvangst.objects.create(
        bron="bank",
        bankregel=regel,
        dossier=dossier,
        datum=date(2019, 1, 5),
        bedrag=Decimal("100.00"),
        omschrijving="Peter de Boer",
        sleutel=f"o{dossier.pk}",
    )
    bank, te_ontvangen = rekening("bank_derdengelden"), rekening("te_ontvangen_debiteur", dossier=dossier)
    journaalpost_boek(
        datum=date(2019, 1, 5),
        omschrijving="Ontvangst Peter de Boer",
        regels=[(bank, Decimal("100.00")), (te_ontvangen, Decimal("-100.00"))],
        bron_type="test",
        bron_id=1,
        sleutel=f"t1:{dossier.pk}",
    )
    journaalpost_boek(
        datum=date(2019, 1, 10),
        omschrijving="Uitbetaling 2019-02 aan Sanne Visser",
        regels=[(bank, Decimal("-100.00")), (te_ontvangen, Decimal("100.00"))],
        bron_type="test",
        bron_id=2,
        sleutel=f"t2:{dossier.pk}",
    )
    return dossier


def _tekstkolommen() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('character varying', 'text', 'jsonb')"
        )
        return cursor.fetchall()


def _vindplaatsen(tekst: str, *, behalve=("inning_journaalpost",)) -> list[str]:
    """Every text column of every table holding `tekst` (the journal's descriptions stay by design)."""
    gevonden = []
    with connection.cursor() as cursor:
        for tabel, kolom in _tekstkolommen():
            if tabel in behalve:
                continue
            cursor.execute(f'SELECT count(*) FROM "{tabel}" WHERE "{kolom}"::text ILIKE %s', [f"%{tekst}%"])
            if cursor.fetchone()[0]:
                gevonden.append(f"{tabel}.{kolom}")
    return gevonden


def test_niet_voor_de_dag_waarop_de_termijn_verstrijkt(dossier):
    with time_machine.travel(datetime(2026, 2, 28, 23, 0, tzinfo=AMS)):
        run = bewaartermijn_toepas(jaren=7)
    dossier.refresh_from_db()
    assert dossier.geanonimiseerd_op is None and run.dossiers == []
    assert Client.objects.get(pk=dossier.client_id).naam == "Sanne Visser"


def test_anonimiseert_op_de_dag_en_laat_het_grootboek_staan(
    dossier, django_capture_on_commit_callbacks, settings
):
    settings.AVG_BEWAARJAREN = 7
    assert grootboek_controleer()["in_balans"]
    sommen_voor = list(Journaalregel.objects.order_by("pk").values_list("pk", "rekening_id", "bedrag"))
    posten_voor = list(Journaalpost.objects.order_by("pk").values_list("pk", "omschrijving"))
    for tekst in GEHEIM:
        assert _vindplaatsen(tekst), tekst  # the check would see it

    pad = Document.objects.get(dossier=dossier).bestand.path
    with (
        time_machine.travel(datetime(2026, 3, 1, 3, 15, tzinfo=AMS)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = bewaartermijn_toepas()

    assert not os.path.exists(pad)
    assert run.dossiers == [dossier.nummer] and run.clients == [dossier.client_id]
    for tekst in GEHEIM:
        assert _vindplaatsen(tekst) == [], tekst
    client, debiteur = Client.objects.get(pk=dossier.client_id), Debiteur.objects.get(pk=dossier.debiteur_id)
    assert (
        client.naam == f"Geanonimiseerd C{client.pk}"
        and client.uitbetaal_iban == ""
        and client.geanonimiseerd_op
    )
    assert debiteur.naam == f"Geanonimiseerd D{debiteur.pk}" and debiteur.geboortedatum is None
    assert not client.user.is_active and not client.user.has_usable_password()
    tijdlijn = dossier.tijdlijn.get(soort="telefoon")
    assert tijdlijn.tekst == "" and tijdlijn.op  # the event and its date stay
    document = Document.objects.get(dossier=dossier)
    assert not document.bestand and document.naam == "Verwijderd na de bewaartermijn"
    # the ledger: not a line touched, still in balance
    assert (
        list(Journaalregel.objects.order_by("pk").values_list("pk", "rekening_id", "bedrag")) == sommen_voor
    )
    assert list(Journaalpost.objects.order_by("pk").values_list("pk", "omschrijving")) == posten_voor
    assert grootboek_controleer()["in_balans"]

    # idempotent: a second run changes nothing and logs itself
    with time_machine.travel(datetime(2026, 3, 2, 3, 15, tzinfo=AMS)):
        tweede = bewaartermijn_toepas(jaren=7)
    assert tweede.dossiers == [] and tweede.overgeslagen == []
    assert Bewaartermijnrun.objects.count() == 2


def test_client_met_een_tweede_lopend_dossier_wordt_overgeslagen(dossier):
    DossierFactory(client=dossier.client)  # still active
    with time_machine.travel(datetime(2026, 6, 1, tzinfo=AMS)):
        run = bewaartermijn_toepas(jaren=7)
        plan = bewaartermijn_plan(peildatum=date(2026, 6, 1), jaren=7)
    dossier.refresh_from_db()
    assert dossier.geanonimiseerd_op is None and run.dossiers == []
    assert any("nog lopend" in r for r in run.overgeslagen[0]["redenen"])
    assert plan[0].redenen
    assert Client.objects.get(pk=dossier.client_id).naam == "Sanne Visser"


def test_saldo_op_het_grootboek_houdt_tegen(partijen):
    client, debiteur = partijen
    dossier = _gesloten_dossier(client, debiteur, op=datetime(2018, 1, 1, tzinfo=AMS))
    journaalpost_boek(
        datum=date(2018, 1, 1),
        omschrijving="Vordering",
        regels=[
            (rekening("te_ontvangen_debiteur", dossier=dossier), Decimal("10.00")),
            (rekening("ongealloceerd"), Decimal("-10.00")),
        ],
        bron_type="test",
        bron_id=3,
        sleutel="t3",
    )
    with time_machine.travel(datetime(2026, 6, 1, tzinfo=AMS)):
        run = bewaartermijn_toepas(jaren=7)
    assert run.dossiers == [] and "saldo op het grootboek" in run.overgeslagen[0]["redenen"][0]


def test_dry_run_wijzigt_niets(dossier, capsys):
    call_command("bewaartermijn", "--dry-run", "--peildatum", "2026-03-01")
    assert f"anonimiseren {dossier.nummer}" in capsys.readouterr().out
    assert Client.objects.get(pk=dossier.client_id).naam == "Sanne Visser"
    assert not Bewaartermijnrun.objects.exists()


def test_inzageverzoek_van_de_debiteur(dossier, beheerder):
    verzoek = inzageverzoek_maak(debiteur=dossier.debiteur, gevraagd_door="betrokkene zelf", door=beheerder)
    assert verzoek.door == beheerder and verzoek.ontvangen_op and verzoek.geleverd_op is None
    with zipfile.ZipFile(verzoek.archief.open("rb")) as zf:
        namen = zf.namelist()
        inhoud = " ".join(zf.read(n).decode("utf-8", "replace") for n in namen)
    assert "betrokkene.json" in namen and any(n.startswith("documenten/") for n in namen)
    assert "Peter de Boer" in inhoud and DEBITEUR_IBAN in inhoud and "Lindelaan 12" in inhoud
    for anders in (CLIENT_IBAN, "Kerkstraat 1", "sanne.visser@example.nl", "0612345678"):
        assert anders not in inhoud, anders


def test_inzageverzoek_command_en_pagina(dossier, beheerder, casemanager, client):
    uit = io.StringIO()
    call_command("inzageverzoek", "--client", str(dossier.client_id), "--door", beheerder.email, stdout=uit)
    assert uit.getvalue().strip().endswith(".zip")
    verzoek = Inzageverzoek.objects.get()
    url = reverse("dossiers:inzageverzoek_archief", args=[verzoek.pk])
    login_als(client, casemanager)
    assert client.get(url).status_code == 403
    assert client.post(reverse("dossiers:inzageverzoeken"), {}).status_code == 403
    login_als(client, beheerder)
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(antwoord.streaming_content))) as zf:
        inhoud = " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    assert "Sanne Visser" in inhoud and CLIENT_IBAN in inhoud
    assert DEBITEUR_IBAN not in inhoud and "Lindelaan 12" not in inhoud
    verzoek.refresh_from_db()
    assert verzoek.geleverd_op is not None
    antwoord = client.post(
        reverse("dossiers:inzageverzoeken"),
        {
            "soort": "debiteur",
            "betrokkene_id": dossier.debiteur_id,
            "gevraagd_door": "mr. A. Advocaat",
        },
    )
    assert antwoord.status_code == 302
    assert Inzageverzoek.objects.filter(debiteur=dossier.debiteur, gevraagd_door="mr. A. Advocaat").exists()


def _uitbetaling(client: Client, **velden) -> Uitbetaling:
    batch = UitbetalingBatch.objects.create(week="2019-W06")
    sepa = SepaBestand.objects.create(
        batch=batch,
        msg_id="MSG-1",
        aantal=1,
        totaal=Decimal("100.00"),
        xml=f"<Nm>Sanne Visser</Nm><IBAN>{CLIENT_IBAN}</IBAN><Nm>Iemand Anders</Nm>",
    )
    return Uitbetaling.objects.create(
        batch=batch,
        client=client,
        iban=CLIENT_IBAN,
        naam="Sanne Visser",
        bruto=Decimal("100.00"),
        netto=Decimal("100.00"),
        end_to_end_id="E2E-1",
        sepa_bestand=sepa,
        **velden,
    )


def test_uitbetaling_onderweg_houdt_tegen_en_een_uitgevoerde_wordt_geschoond(dossier):
    uitbetaling = _uitbetaling(dossier.client, status="geboekt", bankstatus="aangeboden")
    with time_machine.travel(datetime(2026, 6, 1, tzinfo=AMS)):
        run = bewaartermijn_toepas(jaren=7)
    assert run.dossiers == [] and any("uitbetaling onderweg" in r for r in run.overgeslagen[0]["redenen"])

    Uitbetaling.objects.filter(pk=uitbetaling.pk).update(bankstatus="uitgevoerd")
    with time_machine.travel(datetime(2026, 6, 2, tzinfo=AMS)):
        run_id = bewaartermijn_toepas_taak()
    assert Bewaartermijnrun.objects.get(pk=run_id).dossiers == [dossier.nummer]
    uitbetaling.refresh_from_db()
    assert uitbetaling.iban == "" and uitbetaling.naam == f"Geanonimiseerd C{dossier.client_id}"
    assert uitbetaling.bruto == Decimal("100.00")
    xml = SepaBestand.objects.get().xml  # shared with other payees: only this person's strings go
    assert "Sanne Visser" not in xml and CLIENT_IBAN not in xml and "Iemand Anders" in xml


def test_tweemaal_op_dezelfde_dag_verandert_niets_meer(dossier):
    with time_machine.travel(datetime(2026, 3, 1, 3, 15, tzinfo=AMS)):
        bewaartermijn_toepas(jaren=7)
        eerst = {
            t: list(m.objects.order_by("pk").values())
            for t, m in (("c", Client), ("d", Debiteur), ("x", Dossier))
        }
        bewaartermijn_toepas(jaren=7)
        daarna = {
            t: list(m.objects.order_by("pk").values())
            for t, m in (("c", Client), ("d", Debiteur), ("x", Dossier))
        }
    assert eerst == daarna


def test_de_termijn_is_een_instelling_en_de_taak_draait_dagelijks(dossier, settings):
    assert settings.CELERY_BEAT_SCHEDULE["dossiers-bewaartermijn"]["task"] == bewaartermijn_toepas_taak.name
    settings.AVG_BEWAARJAREN = 10
    with time_machine.travel(datetime(2026, 6, 1, tzinfo=AMS)):
        assert bewaartermijn_toepas().dossiers == []
    with time_machine.travel(datetime(2029, 3, 1, tzinfo=AMS)):
        assert bewaartermijn_toepas().dossiers == [dossier.nummer]
