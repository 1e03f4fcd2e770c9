"""Bank statement import: CAMT.053 and MT940, idempotency, whole-file rejection, the command's JSON line."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bank.bestand import BestandFout
from bank.lezen import lees_bankbestand
from bank.services import bankafschrift_maak, bankafschrift_verwerk
from inning import ledger, selectors
from inning.models import Bankafschrift, Bankregel, Journaalpost, Ontvangst
from tests.inning.geld_factories import maak_dossier

from .bank_bestanden import MT940_VOORBEELD, REKENING, Post, camt053

pytestmark = pytest.mark.django_db

D = Decimal


def _importeer(inhoud: bytes) -> dict:
    af = bankafschrift_maak(bestandsnaam="afschrift.xml", inhoud=inhoud)
    return bankafschrift_verwerk(afschrift_id=af.pk)


def test_camt_entry_with_rf_reference_is_matched_and_allocated():
    dossier = maak_dossier()
    inhoud = camt053([Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="ACCT-1")])
    assert _importeer(inhoud) == {"regels": 1, "nieuw": 1, "al_bekend": 0, "gematcht": 1, "ongematcht": 0}
    assert selectors.client_saldo(client_id=dossier.client_id) == D("396.00")
    assert ledger.saldo("bank_derdengelden") == D("450.00")
    assert Bankafschrift.objects.get().eindsaldo == D("450.00")


def test_reference_in_free_text_with_spaces_and_lower_case_matches():
    dossier = maak_dossier()
    k = dossier.betaalkenmerk.lower()
    tekst = f"alimentatie feb {k[:4]} {k[4:8]} {k[8:]} dank"
    _importeer(camt053([Post(D("100.00"), omschrijving=tekst, ref="A2")]))
    assert Ontvangst.objects.get().dossier == dossier


def test_unknown_payer_waits_with_an_iban_suggestion_and_name_suggestion():
    dossier = maak_dossier(debiteur_iban="NL02ABNA0123456789")
    ander = maak_dossier(debiteur_naam="Piet Puk")
    uit = _importeer(
        camt053(
            [
                Post(D("80.00"), omschrijving="alimentatie", iban="NL02ABNA0123456789", ref="S1"),
                Post(
                    D("90.00"), omschrijving="bijdrage", iban="NL44RABO0123456789", naam="PIET  puk", ref="S2"
                ),
            ]
        )
    )
    assert uit["ongematcht"] == 2 and uit["gematcht"] == 0
    eerste, tweede = Ontvangst.objects.order_by("bankregel__referentie")
    assert (eerste.status, eerste.suggestie, eerste.dossier) == ("ongematcht", dossier, None)
    assert tweede.suggestie == ander
    assert -ledger.saldo("ongealloceerd") == D("170.00")


def test_same_file_twice_adds_nothing():
    dossier = maak_dossier()
    inhoud = camt053(
        [
            Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="R1"),
            Post(D("20.00"), omschrijving="zonder referentie van de bank"),
            Post(D("20.00"), omschrijving="zonder referentie van de bank"),  # identical twin: both count
        ]
    )
    eerste = _importeer(inhoud)
    posten = Journaalpost.objects.count()
    tweede = _importeer(inhoud)
    assert eerste == {"regels": 3, "nieuw": 3, "al_bekend": 0, "gematcht": 1, "ongematcht": 2}
    assert tweede == {"regels": 3, "nieuw": 0, "al_bekend": 3, "gematcht": 0, "ongematcht": 0}
    assert Journaalpost.objects.count() == posten
    assert ledger.saldo("bank_derdengelden") == D("490.00")


def test_debit_return_reverses_the_receipt_it_undoes():
    dossier = maak_dossier()
    _importeer(
        camt053([Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="R1", e2e="E2E-77")], msg_id="A")
    )
    retour = Post(
        D("-450.00"),
        ref="R2",
        e2e="E2E-77",
        omschrijving="Retour: rekening opgeheven",
        datum=date(2026, 2, 17),
    )
    uit = _importeer(camt053([retour], msg_id="B"))
    assert uit["gematcht"] == 1
    assert Ontvangst.objects.get().status == Ontvangst.Status.TERUGGEBOEKT
    assert ledger.saldo("bank_derdengelden") == D("0.00")
    assert selectors.client_saldo(client_id=dossier.client_id) == D("0.00")
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == []
    assert Bankregel.objects.get(referentie="R2").verwerking == Bankregel.Verwerking.TERUGBOEKING


def test_thousand_entry_camt_imports_in_one_go():
    dossiers = [maak_dossier(bedrag=D("5000.00")) for _ in range(5)]
    posten = [
        Post(D("10.00") + i, kenmerk=dossiers[i % 5].betaalkenmerk if i % 10 == 0 else "",
             omschrijving=f"betaling {i}", ref=f"ING-{i:06d}")
        for i in range(1000)
    ]  # fmt: skip
    uit = _importeer(camt053(posten))
    # every 10th line carries a reference: 100 matched, 900 wait
    assert uit == {"regels": 1000, "nieuw": 1000, "al_bekend": 0, "gematcht": 100, "ongematcht": 900}
    totaal = sum((p.bedrag for p in posten), D("0"))  # 10×1000 + (0+…+999) = 10000 + 499500 = 509500
    assert totaal == D("509500.00")
    assert ledger.saldo("bank_derdengelden") == totaal
    assert selectors.afstemming()["verschil_afschrift"] == D("0.00")


@pytest.mark.parametrize(
    ("inhoud", "verwacht"),
    [
        (camt053([Post(D("450.00"), ref="X")])[:-200], "onvolledig"),
        (camt053([Post(D("450.00"), ref="X"), Post(D("5.00"), ref="Y", valuta="USD")]), "Onbekende valuta 'USD'"),
        (camt053([Post(D("450.00"), ref="X"), Post(D("5.00"), ref="Y", bedrag_tekst="12,50")]), "Ongeldig bedrag '12,50'"),
        (camt053([Post(D("450.00"), ref="X"), Post(D("5.00"), ref="Y", bedrag_tekst="1e3")]), "Ongeldig bedrag"),
        (MT940_VOORBEELD.format(kenmerk="RF").replace(":62F:C260215EUR575,50\n-\n", "").encode(), "onvolledig"),
        (MT940_VOORBEELD.format(kenmerk="RF").replace("C125,50", "C12.5x").encode(), "Ongeldig"),
        (MT940_VOORBEELD.format(kenmerk="RF").replace("EUR0,00", "GBP0,00").encode(), "Onbekende valuta 'GBP'"),
    ],
    ids=["camt-afgebroken", "camt-valuta", "camt-bedrag-komma", "camt-bedrag-exponent", "mt940-afgebroken",
         "mt940-bedrag", "mt940-valuta"],
)  # fmt: skip
def test_defective_file_is_rejected_whole_with_line_and_reason(inhoud, verwacht):
    with pytest.raises(BestandFout) as fout:
        bankafschrift_maak(bestandsnaam="x", inhoud=inhoud)
    assert verwacht in str(fout.value)
    assert fout.value.regel is not None and str(fout.value).startswith(f"Regel {fout.value.regel}:")
    assert not Bankafschrift.objects.exists() and not Bankregel.objects.exists()
    assert not Journaalpost.objects.exists()


def test_bad_amount_reports_the_line_of_its_entry():
    inhoud = camt053([Post(D("450.00"), ref="X"), Post(D("5.00"), ref="Y", bedrag_tekst="abc")])
    with pytest.raises(BestandFout) as fout:
        lees_bankbestand(inhoud)
    regels = inhoud.decode().splitlines()
    # the second <Ntry> starts on the reported line
    assert regels[fout.value.regel - 1].strip() == "<Ntry>"
    assert sum(1 for r in regels[: fout.value.regel] if r.strip() == "<Ntry>") == 2


def test_mt940_sample_imports_and_matches_by_reference_in_86():
    dossier = maak_dossier()
    inhoud = MT940_VOORBEELD.format(kenmerk=dossier.betaalkenmerk).encode()
    bestand = lees_bankbestand(inhoud)
    assert bestand.iban == REKENING and bestand.eindsaldo == D("575.50")
    assert [(r.referentie, r.bedrag, r.tegenrekening) for r in bestand.regels] == [
        ("INGREF0001", D("450.00"), "NL02ABNA0123456789"),
        ("INGREF0002", D("125.50"), "NL44RABO0123456789"),
    ]
    assert _importeer(inhoud) == {"regels": 2, "nieuw": 2, "al_bekend": 0, "gematcht": 1, "ongematcht": 1}
    assert _importeer(inhoud)["al_bekend"] == 2
    assert selectors.client_saldo(client_id=dossier.client_id) == D("396.00")


def test_command_prints_one_json_line(tmp_path):
    dossier = maak_dossier()
    pad = tmp_path / "afschrift.xml"
    pad.write_bytes(
        camt053([Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="C1"), Post(D("3.00"), ref="C2")])
    )
    uit = StringIO()
    call_command("bankafschrift_import", str(pad), stdout=uit)
    regels = uit.getvalue().strip().splitlines()
    assert len(regels) == 1
    assert json.loads(regels[0]) == {"regels": 2, "nieuw": 2, "al_bekend": 0, "gematcht": 1, "ongematcht": 1}


def test_command_rejects_a_defective_file_with_exit_1_and_stores_nothing(tmp_path):
    pad = tmp_path / "kapot.xml"
    pad.write_bytes(camt053([Post(D("450.00"), ref="X"), Post(D("5.00"), ref="Y", valuta="USD")]))
    fout = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("bankafschrift_import", str(pad), stdout=StringIO(), stderr=fout)
    assert exit_info.value.code == 1
    assert "Onbekende valuta 'USD'" in fout.getvalue() and "Regel " in fout.getvalue()
    assert not Bankafschrift.objects.exists()


def test_rerun_after_a_crash_midway_completes_without_booking_twice():
    dossier = maak_dossier()
    posten = [Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="K0")] + [
        Post(D("2.00"), omschrijving=f"k{i}", ref=f"K{i}") for i in range(1, 10)
    ]
    af = bankafschrift_maak(bestandsnaam="k.xml", inhoud=camt053(posten))
    # A worker died after the first block of 4 lines: status "bezig", 4 lines booked.
    from bank.matching import Matcher
    from bank.services import _bankregel_verwerk

    Bankafschrift.objects.filter(pk=af.pk).update(status="bezig")
    for g in lees_bankbestand(camt053(posten)).regels[:4]:
        _bankregel_verwerk(g, iban=REKENING, afschrift=af, matcher=Matcher(), door=None)
    uit = bankafschrift_verwerk(afschrift_id=af.pk)
    assert uit == {"regels": 10, "nieuw": 6, "al_bekend": 4, "gematcht": 0, "ongematcht": 6}
    assert Bankregel.objects.count() == 10
    assert ledger.saldo("bank_derdengelden") == D("468.00")  # 450 + 9 × 2
    assert selectors.client_saldo(client_id=dossier.client_id) == D("396.00")  # matched once
    assert bankafschrift_verwerk(afschrift_id=af.pk) == uit  # done: a third run changes nothing


def test_line_whose_automatic_match_fails_waits_as_a_suggestion_and_the_rest_imports(monkeypatch):
    from bank import ontvangsten
    from recht.fouten import TariefOntbreekt

    dossier = maak_dossier()

    def geen_tarief(datum):
        raise TariefOntbreekt("provisietarief", datum.isoformat())

    monkeypatch.setattr(ontvangsten, "provisie_tarief", geen_tarief)
    uit = _importeer(
        camt053([Post(D("450.00"), kenmerk=dossier.betaalkenmerk, ref="T1"), Post(D("5.00"), ref="T2")])
    )
    assert uit == {"regels": 2, "nieuw": 2, "al_bekend": 0, "gematcht": 0, "ongematcht": 2}
    o = Ontvangst.objects.get(bankregel__referentie="T1")
    assert (o.status, o.suggestie) == ("ongematcht", dossier)
    assert -ledger.saldo("ongealloceerd") == D("455.00")
