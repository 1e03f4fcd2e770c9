"""Issue 12, items 1, 3 and 5: a statement file is of one account, of the agency's own, with amounts the ledger
can hold; and a statement never stays "bezig" after an error."""

from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from bank.bestand import BestandFout
from bank.lezen import GROOTSTE_BEDRAG, lees_bankbestand
from bank.services import bankafschrift_maak, bankafschrift_opnieuw, bankafschrift_verwerk
from inning import ledger, selectors
from inning.models import Bankafschrift, Bankregel, EigenRekening, Journaalpost, Ontvangst
from tests.conftest import login_als
from tests.inning.geld_factories import maak_dossier

from .bank_bestanden import MT940_VOORBEELD, REKENING, VREEMDE_REKENING, Post, camt053

pytestmark = pytest.mark.django_db

TWEEDE_EIGEN = "NL93RABO0123456780"  # a second own account the beheerder added


def _importeer(inhoud: bytes) -> dict:
    return bankafschrift_verwerk(afschrift_id=bankafschrift_maak(bestandsnaam="a", inhoud=inhoud).pk)


def _mt940(*afschriften: tuple[str, str, str]) -> bytes:
    """Statements of (account, bank reference, amount) after one another in one file."""
    delen = [":940:"]
    for i, (rekening, ref, bedrag) in enumerate(afschriften, start=1):
        delen += [
            f":20:STMT-{i}",
            f":25:{rekening}",
            f":28C:{i}",
            ":60F:C260214EUR0,00",
            f":61:2602150215C{bedrag}NTRFNONREF//{ref}",
            ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL02ABNA0123456789/NAME/J. DE VRIES/REMI/USTD//februari",
            f":62F:C260215EUR{bedrag}",
            "-",
        ]
    return ("\n".join(delen) + "\n").encode()


# --- Item 1: one account per file ------------------------------------------------------------------------


def test_mt940_with_two_accounts_is_refused_whole_with_the_line_of_the_second_account():
    """The old reader overwrote the account at each :25:, so A's payment was stored under B; the right file
    of A then booked it a second time. Now the two-account file is refused and A's file books it once."""
    EigenRekening.objects.create(iban=TWEEDE_EIGEN)
    inhoud = _mt940((REKENING, "REF-A1", "450,00"), (TWEEDE_EIGEN, "REF-B1", "20,00"))
    with pytest.raises(BestandFout) as fout:
        bankafschrift_maak(bestandsnaam="twee.sta", inhoud=inhoud)
    regel_b = inhoud.decode().splitlines().index(f":25:{TWEEDE_EIGEN}") + 1
    assert fout.value.regel == regel_b
    assert "meer dan één rekening" in str(fout.value)
    assert REKENING in str(fout.value) and TWEEDE_EIGEN in str(fout.value)
    assert not Bankafschrift.objects.exists() and not Bankregel.objects.exists()

    assert _importeer(_mt940((REKENING, "REF-A1", "450,00")))["nieuw"] == 1
    assert _importeer(_mt940((REKENING, "REF-A1", "450,00")))["al_bekend"] == 1
    assert ledger.saldo("bank_derdengelden") == D("450.00")


def test_mt940_with_several_days_of_one_account_is_one_statement():
    """Several statements (days) of one account in one file stay allowed, also when the bank writes the
    currency after the IBAN in :25: (``NL..EUR``)."""
    inhoud = _mt940((REKENING, "D1", "10,00"), (REKENING + "EUR", "D2", "5,00"))
    bestand = lees_bankbestand(inhoud)
    assert bestand.iban == REKENING
    assert [r.referentie for r in bestand.regels] == ["D1", "D2"]
    assert _importeer(inhoud)["nieuw"] == 2


def test_a_lines_identity_includes_its_account():
    """The same bank reference on two own accounts is two payments: neither is taken for the other."""
    EigenRekening.objects.create(iban=TWEEDE_EIGEN)
    assert _importeer(camt053([Post(D("30.00"), ref="ZELFDE")]))["nieuw"] == 1
    uit = _importeer(camt053([Post(D("30.00"), ref="ZELFDE")], rekening=TWEEDE_EIGEN))
    assert (uit["nieuw"], uit["al_bekend"]) == (1, 0)
    assert set(Bankregel.objects.values_list("iban", "referentie")) == {
        (REKENING, "ZELFDE"),
        (TWEEDE_EIGEN, "ZELFDE"),
    }
    assert ledger.saldo("bank_derdengelden") == D("60.00")


# --- Item 3: only the agency's own accounts --------------------------------------------------------------


@pytest.mark.parametrize(
    "inhoud",
    [
        camt053([Post(D("450.00"), ref="V1")], rekening=VREEMDE_REKENING),
        MT940_VOORBEELD.format(kenmerk="RF").replace(REKENING, VREEMDE_REKENING).encode(),
    ],
    ids=["camt", "mt940"],
)
def test_statement_of_an_account_not_the_agencys_is_refused_whole_naming_the_account(inhoud):
    with pytest.raises(BestandFout) as fout:
        bankafschrift_maak(bestandsnaam="vreemd", inhoud=inhoud)
    assert f"Rekening {VREEMDE_REKENING} is geen eigen rekening van het bureau" in str(fout.value)
    assert not Bankafschrift.objects.exists() and not Journaalpost.objects.exists()


def test_bureau_iban_is_an_own_account_from_settings_and_seeded_in_the_table(settings):
    assert settings.BUREAU["iban"] == REKENING
    assert EigenRekening.objects.filter(iban=REKENING, actief=True).exists()  # data migration
    EigenRekening.objects.all().delete()
    assert REKENING in selectors.eigen_rekeningen()  # the setting alone is enough


def test_beheerder_adds_an_own_account_in_the_admin_and_its_statements_are_imported(beheerder):
    web = login_als(Client(), beheerder)
    r = web.post(
        "/beheer/inning/eigenrekening/add/",
        {"iban": "nl93 rabo 0123 4567 80", "omschrijving": "Spaarrekening derdengelden", "actief": "on"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert EigenRekening.objects.filter(iban=TWEEDE_EIGEN).exists()  # normalised
    assert _importeer(camt053([Post(D("12.00"), ref="S1")], rekening=TWEEDE_EIGEN))["nieuw"] == 1

    r = web.post("/beheer/inning/eigenrekening/add/", {"iban": "NL00GEEN0000000000", "actief": "on"})
    assert r.status_code == 200 and "Dit is geen geldig IBAN." in r.content.decode()

    EigenRekening.objects.filter(iban=TWEEDE_EIGEN).update(actief=False)
    with pytest.raises(BestandFout, match=TWEEDE_EIGEN):
        bankafschrift_maak(
            bestandsnaam="b", inhoud=camt053([Post(D("12.00"), ref="S2")], rekening=TWEEDE_EIGEN)
        )


def test_upload_of_a_foreign_statement_shows_the_account_and_stores_nothing(fin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bestand = SimpleUploadedFile(
        "vreemd.xml", camt053([Post(D("5.00"), ref="U1")], rekening=VREEMDE_REKENING)
    )
    r = fin_client.post(reverse("inning:afschriften"), {"bestand": bestand})
    assert r.status_code == 200
    assert f"Rekening {VREEMDE_REKENING} is geen eigen rekening" in r.content.decode()
    assert not Bankafschrift.objects.exists()


# --- Item 5: amounts the columns can hold; never "bezig" after an error ----------------------------------


@pytest.mark.parametrize(
    ("inhoud", "bedrag_regel"),
    [
        (
            camt053([Post(D("5.00"), ref="G1"), Post(D("999999999999.99"), ref="G2")], eindsaldo=D(0)),
            "<Ntry>",
        ),
        (
            MT940_VOORBEELD.format(kenmerk="RF").replace("C125,50", "C999999999999,99").encode(),
            ":61:2602150215C999999999999,99",
        ),
    ],
    ids=["camt", "mt940"],
)
def test_amount_beyond_what_a_balance_column_holds_is_refused_at_parse_time_with_its_line(
    inhoud, bedrag_regel
):
    """999,999,999,999.99 fits ``Bankregel.bedrag`` (max_digits=14) but not the running balance it is added to
    (bank_derdengelden + 999,999,999,999.99 > 999,999,999,999.99): refused before anything is stored."""
    with pytest.raises(BestandFout) as fout:
        bankafschrift_maak(bestandsnaam="groot", inhoud=inhoud)
    assert "999999999999.99 is groter dan het hoogste bedrag" in str(fout.value)
    regels = inhoud.decode().splitlines()
    assert regels[fout.value.regel - 1].strip().startswith(bedrag_regel)
    assert "999999999999.99" in regels[fout.value.regel] or "999999999999" in regels[fout.value.regel - 1]
    assert not Bankafschrift.objects.exists()


def test_a_files_total_beyond_the_limit_is_refused_at_the_line_that_passes_it():
    """Two entries of 600,000,000.00 each fit; together (1,200,000,000.00) they pass 999,999,999.99."""
    inhoud = camt053([Post(D("600000000.00"), ref="T1"), Post(D("600000000.00"), ref="T2")], eindsaldo=D(0))
    with pytest.raises(BestandFout) as fout:
        lees_bankbestand(inhoud)
    assert "1200000000.00" in str(fout.value) and "in één bestand" in str(fout.value)
    assert sum(1 for r in inhoud.decode().splitlines()[: fout.value.regel] if r.strip() == "<Ntry>") == 2
    assert lees_bankbestand(camt053([Post(GROOTSTE_BEDRAG, ref="T3")])).regels[0].bedrag == GROOTSTE_BEDRAG


def test_an_error_while_booking_ends_the_statement_mislukt_and_a_rerun_completes_it(monkeypatch):
    """Block 1 (4 lines) books, block 2 fails: the statement is "mislukt" with a Dutch reason, block 1 stays
    booked; after the fault is gone a rerun books the other 6 lines and nothing twice."""
    from bank import services

    dossier = maak_dossier()
    posten = [Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="F0")] + [
        Post(D("2.00"), omschrijving=f"f{i}", ref=f"F{i}") for i in range(1, 10)
    ]
    af = bankafschrift_maak(bestandsnaam="f.xml", inhoud=camt053(posten))
    echt = services._blok_verwerk
    aanroepen = []

    def tweede_blok_faalt(blok, **kw):
        aanroepen.append(len(blok))
        if len(aanroepen) == 2:
            raise RuntimeError("verbinding verbroken")
        return echt(blok, **kw)

    monkeypatch.setattr(services, "_blok_verwerk", tweede_blok_faalt)
    uit = bankafschrift_verwerk(afschrift_id=af.pk, blokgrootte=4)
    af.refresh_from_db()
    assert af.status == Bankafschrift.Status.MISLUKT
    assert af.fout.startswith("De verwerking is afgebroken: een onverwachte fout")
    assert "RuntimeError" not in af.fout and "Traceback" not in af.fout
    assert uit["fout"] == af.fout and uit["nieuw"] == 4
    assert Bankregel.objects.count() == 4 and af.regels_verwerkt == 4

    monkeypatch.setattr(services, "_blok_verwerk", echt)
    bankafschrift_opnieuw(afschrift=af)
    uit = bankafschrift_verwerk(afschrift_id=af.pk, blokgrootte=4)
    assert uit == {"regels": 10, "nieuw": 6, "al_bekend": 4, "gematcht": 0, "ongematcht": 6}
    af.refresh_from_db()
    assert (af.status, af.fout) == (Bankafschrift.Status.KLAAR, "")
    assert ledger.saldo("bank_derdengelden") == D("468.00")  # 450 + 9 × 2, each once
    assert Ontvangst.objects.filter(dossier=dossier).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite stores decimals without a precision limit: no overflow"
)
def test_a_database_overflow_while_booking_ends_mislukt_not_bezig(monkeypatch):
    """No stored balance is left to overflow: with the parse-time limit lifted, two files of
    999,999,999,999.99 both book. A database error while booking (a numeric field overflow, planted after the
    credits are written) ends the statement "mislukt" with a reason, nothing of it is booked, and the earlier
    bookings are untouched."""
    import bank.lezen
    from bank import services as bank_services

    monkeypatch.setattr(bank.lezen, "GROOTSTE_BEDRAG", D("999999999999.99"))
    veel = D("999999999999.99")
    assert _importeer(camt053([Post(veel, ref="O1")]))["nieuw"] == 1
    assert _importeer(camt053([Post(veel, ref="O2")], msg_id="M2"))["nieuw"] == 1
    echt = bank_services.ontvangsten_boek

    def overloop(*a, **kw):
        uitkomst = echt(*a, **kw)
        with connection.cursor() as cur:
            cur.execute("SELECT 10000000000000::numeric(14, 2)")
        return uitkomst

    monkeypatch.setattr(bank_services, "ontvangsten_boek", overloop)
    af = bankafschrift_maak(bestandsnaam="o3", inhoud=camt053([Post(veel, ref="O3")], msg_id="M3"))
    uit = bankafschrift_verwerk(afschrift_id=af.pk)
    af.refresh_from_db()
    assert af.status == Bankafschrift.Status.MISLUKT, uit
    assert "De verwerking is afgebroken" in af.fout
    assert not Bankregel.objects.filter(afschrift=af).exists()
    assert ledger.saldo("bank_derdengelden") == 2 * veel


def test_upload_whose_booking_fails_shows_a_dutch_message_and_a_retry_button(
    fin_client, monkeypatch, django_capture_on_commit_callbacks
):
    """The task runs eagerly on commit (as without a broker): before, its exception reached the page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bank import services

    echt = services._blok_verwerk

    def kapot(*a, **kw):
        raise RuntimeError("boem")

    monkeypatch.setattr(services, "_blok_verwerk", kapot)
    bestand = SimpleUploadedFile("a.xml", camt053([Post(D("5.00"), ref="W1")]))
    with django_capture_on_commit_callbacks(execute=True):
        r = fin_client.post(reverse("inning:afschriften"), {"bestand": bestand})
    assert r.status_code == 302
    af = Bankafschrift.objects.get()
    r = fin_client.get(reverse("inning:afschrift", args=[af.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Verwerking mislukt." in html and "De verwerking is afgebroken" in html
    assert "Opnieuw verwerken" in html and "boem" not in html

    monkeypatch.setattr(services, "_blok_verwerk", echt)
    with django_capture_on_commit_callbacks(execute=True):
        r = fin_client.post(reverse("inning:afschrift_opnieuw", args=[af.pk]))
    assert r.status_code == 302
    af.refresh_from_db()
    assert (af.status, af.resultaat["nieuw"]) == (Bankafschrift.Status.KLAAR, 1)
    r = fin_client.post(reverse("inning:afschrift_opnieuw", args=[af.pk]), follow=True)
    assert "Alleen een afschrift waarvan de verwerking is mislukt" in r.content.decode()


def test_command_exits_1_with_the_reason_when_booking_fails(tmp_path, monkeypatch):
    from bank import services

    def kapot(*a, **kw):
        raise RuntimeError("boem")

    monkeypatch.setattr(services, "_blok_verwerk", kapot)
    pad = tmp_path / "a.xml"
    pad.write_bytes(camt053([Post(D("5.00"), ref="C1")]))
    fout = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("bankafschrift_import", str(pad), stdout=StringIO(), stderr=fout)
    assert exit_info.value.code == 1
    assert "De verwerking is afgebroken" in fout.getvalue()
    assert Bankafschrift.objects.get().status == Bankafschrift.Status.MISLUKT
