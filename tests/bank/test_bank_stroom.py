"""The bank statement read as a stream (issue 18 item 1): a first pass checks the whole file keeping only its
header and counts, a second pass hands the entries over a block at a time; CAMT read directly with lxml
(no pycamt internals), MT940 line by line (no whole-file parse by mt-940)."""

import tracemalloc
from datetime import date
from decimal import Decimal

import pytest

from bank.bestand import BestandFout
from bank.lezen import bankbestand_controleer, bankregels_blokken, lees_bankbestand
from bank.services import bankafschrift_verwerk
from inning.models import Bankafschrift, Bankregel, Journaalpost

from .bank_bestanden import MT940_VOORBEELD, REKENING, Post, camt053

D = Decimal


def _posten(n: int) -> list[Post]:
    return [Post(D("10.00") + i % 90, omschrijving=f"betaling {i}", ref=f"ING-{i:06d}") for i in range(n)]


def _piek_controle(inhoud: bytes) -> int:
    tracemalloc.start()
    try:
        bankbestand_controleer(inhoud)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_first_pass_memory_does_not_grow_with_the_file():
    """Flat memory: checking 10,000 entries takes no more memory than checking 1,000 (the file itself is
    allocated before measuring). Reading the whole tree, as before, costs about 1 KB per entry here
    (9,000 entries more: some 10 MB more), far over the 1 MB allowed."""
    klein, groot = camt053(_posten(1_000)), camt053(_posten(10_000))
    assert len(groot) > 9 * len(klein)
    assert _piek_controle(groot) < _piek_controle(klein) + 1_000_000


def test_second_pass_yields_blocks_with_counts_and_totals_of_the_first():
    """2,500 entries in blocks of 1,000: 1,000 + 1,000 + 500, in file order, the same as reading all at once.
    Total: per 90 entries 10+…+99 = 90×10 + (0+…+89) = 900 + 4005 = 4905; 2,500 = 27×90 + 70 entries, the last
    70 being 10…79: 27×4905 + 70×10 + (0+…+69) = 132435 + 700 + 2415 = 135550."""
    inhoud = camt053(_posten(2_500))
    kop = bankbestand_controleer(inhoud)
    assert (kop.aantal, kop.totaal, kop.iban, kop.laatste_datum) == (
        2_500,
        D("135550.00"),
        REKENING,
        date(2026, 2, 15),
    )
    blokken = list(bankregels_blokken(inhoud, kop, blokgrootte=1_000))
    assert [len(b) for b in blokken] == [1_000, 1_000, 500]
    assert [r for b in blokken for r in b] == lees_bankbestand(inhoud).regels
    assert blokken[2][-1].referentie == "ING-002499"


def test_a_second_pass_over_a_different_file_is_refused():
    """The count and total of the first pass are the checksum of the second: a file that changed in between
    (here: one entry less) is refused instead of booked in part."""
    kop = bankbestand_controleer(camt053(_posten(3)))
    with pytest.raises(BestandFout, match="veranderd"):
        list(bankregels_blokken(camt053(_posten(2)), kop))


@pytest.mark.django_db
def test_a_defect_in_the_last_entry_books_nothing_of_the_blocks_before_it():
    """Booking streams block by block, but only after the first pass read the whole file: a stored statement
    whose 2,500th entry is bad books none of the 2,000 lines of the blocks before it."""
    posten = _posten(2_500)
    posten[-1] = Post(D("5.00"), ref="LAATSTE", bedrag_tekst="5,00")
    af = Bankafschrift.objects.create(
        bestandsnaam="x.xml", inhoud=camt053(posten), formaat="camt053", iban=REKENING
    )
    uit = bankafschrift_verwerk(afschrift_id=af.pk, blokgrootte=1_000)
    assert "Ongeldig bedrag '5,00'" in uit["fout"]
    assert not Bankregel.objects.exists() and not Journaalpost.objects.exists()
    assert Bankafschrift.objects.get(pk=af.pk).status == Bankafschrift.Status.MISLUKT


def test_camt_fields_read_directly_as_before():
    """One entry with two transaction details (each a line, the second with its own amount and two
    unstructured texts), the entry's additional information appended to each description; an entry without
    details is one line with the entry's own fields. The bank reference repeats, so the second gets ``#2``."""
    tekst = camt053([Post(D("10.00"), ref="A", omschrijving="eerste"), Post(D("-5.00"), ref="B")]).decode()
    tekst = tekst.replace(
        "</TxDtls></NtryDtls>",
        '</TxDtls><TxDtls><Refs><EndToEndId>E2</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">3.00</Amt>'
        "</TxAmt></AmtDtls><RmtInf><Ustrd> a </Ustrd><Ustrd>b</Ustrd></RmtInf></TxDtls></NtryDtls>"
        "<AddtlNtryInf>extra</AddtlNtryInf>",
        1,
    )
    begin = tekst.rindex("<NtryDtls>")
    tekst = tekst[:begin] + tekst[tekst.rindex("</NtryDtls>") + len("</NtryDtls>") :]
    regels = lees_bankbestand(tekst.encode()).regels
    assert [(r.referentie, r.bedrag, r.omschrijving, r.end_to_end_id, r.tegenpartij) for r in regels] == [
        ("A", D("10.00"), "eerste extra", "", "J. de Vries"),
        ("A#2", D("3.00"), "a b extra", "E2", ""),
        ("B", D("-5.00"), "", "", ""),
    ]


BOM = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&e;&e;&e;</Id>
<Acct><Id><IBAN>{iban}</IBAN></Id></Acct></Stmt></BkToCstmrStmt></Document>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&x;</Id>
<Acct><Id><IBAN>{iban}</IBAN></Id></Acct></Stmt></BkToCstmrStmt></Document>"""


def test_an_entity_bomb_is_refused_and_an_external_entity_not_read():
    """An entity bomb (56 × 20⁴ = 9 MB per &e;) is refused by the parser's amplification limit with a Dutch
    reason and the line; an external entity stays an unexpanded reference (no file is read)."""
    with pytest.raises(BestandFout, match="geen geldige XML") as fout:
        bankbestand_controleer(BOM.format(iban=REKENING).encode())
    assert fout.value.regel == 7
    kop = bankbestand_controleer(XXE.format(iban=REKENING).encode())
    assert kop.iban == REKENING and "root:" not in kop.afschrift_id


def test_mt940_86_continuation_and_repeated_tags_are_joined_as_mt940_did():
    """A :86: text continued on the next line, or in a second :86:, is one text (joined by a line break that
    the description turns into a space); a line that looks like an unknown tag inside it is text."""
    tekst = MT940_VOORBEELD.format(kenmerk="RF18539007547034").replace(
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/ONBEKEND/REMI/USTD//gift",
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U\n:86:/NAME/ONBEKEND/REMI/USTD//gift\n:99:x",
    )
    regels = lees_bankbestand(tekst.encode()).regels
    assert (regels[1].tegenrekening, regels[1].tegenpartij, regels[1].omschrijving) == (
        "NL44RABO0123456789",
        "ONBEKEND",
        "gift:99:x",
    )


def test_mt940_unknown_tag_outside_86_is_refused_with_its_line():
    tekst = MT940_VOORBEELD.format(kenmerk="RF").replace(":28C:46", ":28C:46\n:99:onbekend")
    with pytest.raises(BestandFout, match="onbekende tag") as fout:
        lees_bankbestand(tekst.encode())
    assert fout.value.regel == 5


@pytest.mark.django_db
def test_the_file_is_stored_compressed_and_booked_as_sent():
    """The statement is stored gzip-compressed (40 MB of XML sent as one bytea parameter was copied several
    times over by the driver): the stored bytes are a fraction of the file and unpack to exactly the
    bank's bytes, and the import books from them. A statement stored before compression (plain bytes, as
    the test above stores it) is read as it is."""
    from bank.bestand import inhoud_uitpakken
    from bank.services import bankafschrift_maak

    inhoud = camt053(_posten(2_000))
    af = bankafschrift_maak(bestandsnaam="x.xml", inhoud=inhoud)
    opgeslagen = bytes(Bankafschrift.objects.values_list("inhoud", flat=True).get(pk=af.pk))
    assert opgeslagen[:2] == b"\x1f\x8b" and len(opgeslagen) * 5 < len(inhoud)
    assert inhoud_uitpakken(opgeslagen) == inhoud and inhoud_uitpakken(inhoud) == inhoud
    uit = bankafschrift_verwerk(afschrift_id=af.pk)
    assert uit["nieuw"] == 2_000 and Bankregel.objects.count() == 2_000


# --- The file read as a stream, never whole (issue 18: peak memory of the import) ---------------------------


def _piek(fn) -> tuple[object, int]:
    """(result, peak of Python allocations while ``fn`` ran)."""
    tracemalloc.start()
    try:
        uit = fn()
        return uit, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_stored_file_is_read_in_both_passes_without_bytes_of_its_size():
    """The import unpacks the stored statement while it reads it (``inhoud_openen``), in both passes: their
    peak stays under a quarter of the file (the compressed bytes and one block of 500 lines), where
    unpacking it whole, as before, costs the whole file. Same header and lines as reading the bytes."""
    from bank.bestand import inhoud_inpakken, inhoud_openen, inhoud_uitpakken

    inhoud = camt053(_posten(10_000))
    opgeslagen = inhoud_inpakken(inhoud)

    def twee_passen():
        with inhoud_openen(opgeslagen) as bron:
            kop = bankbestand_controleer(bron)
            laatste = None
            for blok in bankregels_blokken(bron, kop, blokgrootte=500):
                laatste = blok[-1]
            return kop, laatste

    (kop, laatste), piek = _piek(twee_passen)
    _, piek_geheel = _piek(lambda: inhoud_uitpakken(opgeslagen))
    assert piek_geheel >= len(inhoud)
    assert piek < len(inhoud) / 4, (piek, len(inhoud))
    assert kop == bankbestand_controleer(inhoud)
    assert laatste == lees_bankbestand(inhoud).regels[-1]


@pytest.mark.parametrize(
    "inhoud",
    [
        camt053(_posten(30)),
        # Line breaks CR LF, and one CR alone (a line of its own, as the bytes are read).
        MT940_VOORBEELD.format(kenmerk="RF18539007547034")
        .replace("\n", "\r\n")
        .replace(":28C:46\r\n", ":28C:46\r")
        .encode(),
    ],
    ids=["camt053", "mt940-cr"],
)
def test_a_file_object_reads_as_its_bytes(inhoud, tmp_path):
    """An upload (in memory or a temporary file on disk), an open file and the stored statement unpacking
    as it is read give the same lines as the bytes, wherever the caller left the file. MT940 is read with
    ``readline``: a Django upload's own iteration ends a line at a lone carriage return and keeps it, which
    would add an empty line and renumber the lines after it."""
    from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

    from bank.bestand import inhoud_inpakken, inhoud_openen

    verwacht = lees_bankbestand(inhoud)
    assert verwacht.regels
    schijf = TemporaryUploadedFile("a", "application/octet-stream", len(inhoud), None)
    schijf.write(inhoud)
    pad = tmp_path / "a"
    pad.write_bytes(inhoud)
    with pad.open("rb") as open_bestand:
        for bron in (
            SimpleUploadedFile("a", inhoud),
            schijf,
            open_bestand,
            inhoud_openen(inhoud_inpakken(inhoud)),
            inhoud_openen(inhoud),  # stored before compression
        ):
            bron.read(7)  # wherever the caller left it, each pass reads from the start
            assert lees_bankbestand(bron) == verwacht
    schijf.close()


@pytest.mark.parametrize(
    ("inhoud", "regel", "reden"),
    [
        (
            camt053([*_posten(1_500), Post(D("5.00"), ref="SLECHT", bedrag_tekst="5,00"), *_posten(10)]),
            None,
            "Ongeldig bedrag '5,00'",
        ),
        (MT940_VOORBEELD.format(kenmerk="RF").replace("C125,50", "C125.50").encode(), 8, "Ongeldig"),
    ],
    ids=["camt053", "mt940"],
)
@pytest.mark.django_db
def test_a_stored_compressed_file_with_a_defect_books_nothing_and_says_where(inhoud, regel, reden):
    """A stored (compressed) statement with a defect after the first block books nothing, with the line
    and reason: the first pass reads the whole stream before the second books."""
    from bank.bestand import inhoud_inpakken

    with pytest.raises(BestandFout) as fout:
        bankbestand_controleer(inhoud)
    regel = regel or fout.value.regel
    assert regel and regel > 1
    af = Bankafschrift.objects.create(bestandsnaam="x", inhoud=inhoud_inpakken(inhoud), iban=REKENING)
    uit = bankafschrift_verwerk(afschrift_id=af.pk, blokgrootte=1_000)
    assert f"Regel {regel}: {reden}" in uit["fout"]
    assert not Bankregel.objects.exists() and not Journaalpost.objects.exists()
    assert Bankafschrift.objects.get(pk=af.pk).status == Bankafschrift.Status.MISLUKT


@pytest.mark.django_db
def test_an_upload_from_disk_is_stored_and_booked_as_its_bytes_and_once():
    """``bankafschrift_maak`` takes the upload itself: the stored statement unpacks to exactly the bank's
    bytes, books every line, and the same file uploaded again books nothing."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from bank.bestand import inhoud_uitpakken
    from bank.services import bankafschrift_maak

    inhoud = MT940_VOORBEELD.format(kenmerk="RF18539007547034").encode()
    uitkomsten = []
    for _ in range(2):
        upload = TemporaryUploadedFile("a.sta", "text/plain", len(inhoud), None)
        upload.write(inhoud)
        af = bankafschrift_maak(bestandsnaam=upload.name, inhoud=upload)
        upload.close()
        opgeslagen = Bankafschrift.objects.values_list("inhoud", flat=True).get(pk=af.pk)
        assert inhoud_uitpakken(opgeslagen) == inhoud
        uitkomsten.append(bankafschrift_verwerk(afschrift_id=af.pk))
    assert [(u["nieuw"], u["al_bekend"]) for u in uitkomsten] == [(2, 0), (0, 2)]
    assert Bankregel.objects.count() == 2
