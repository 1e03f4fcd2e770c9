"""A running arrangement (three terms) and helpers for SEPA direct debit: mandates, batches, CAMT files."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.conf import settings

from automatische_incasso.services import machtiging_geef
from bank.services import bankafschrift_maak, bankafschrift_verwerk
from incasso.services import betalingsregeling_beoordeel, betalingsregeling_maak
from tests.incasso.factories import AMS, geaccepteerd_dossier

VOORGESTELD = datetime(2026, 4, 9, 11, 0, tzinfo=AMS)
TERMIJNEN = [
    (date(2026, 5, 1), D("400.00")),  # 1 May: TARGET2 is closed, collected on Thu 30 April
    (date(2026, 6, 1), D("500.00")),
    (date(2026, 7, 1), D("500.00")),
]
DEBITEUR_IBAN = "NL02ABNA0123456789"


@pytest.fixture
def lopende_regeling(casemanager, client_user, django_capture_on_commit_callbacks):
    with time_machine.travel(VOORGESTELD, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), casemanager=casemanager
        )
        regeling = betalingsregeling_maak(dossier=dossier, termijnen=TERMIJNEN, door=casemanager)
        with django_capture_on_commit_callbacks(execute=True):
            betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    regeling.refresh_from_db()
    return regeling


@pytest.fixture
def machtiging(lopende_regeling):
    with time_machine.travel(datetime(2026, 4, 10, 9, 0, tzinfo=AMS), tick=False):
        return machtiging_geef(
            regeling=lopende_regeling,
            rekeninghouder="B. Jansen",
            iban="NL02 ABNA 0123 4567 89",
            plaats="Utrecht",
            ondertekend_op=date(2026, 4, 10),
        )


@pytest.fixture
def financieel2(maak_gebruiker):
    return maak_gebruiker("financieel")


def tx(e2e: str, bedrag: D, *, retour: str = "") -> str:
    rtr = f"<RtrInf><Rsn><Cd>{retour}</Cd></Rsn></RtrInf>" if retour else ""
    partij = (
        f"<Cdtr><Nm>B. Jansen</Nm></Cdtr><CdtrAcct><Id><IBAN>{DEBITEUR_IBAN}</IBAN></Id></CdtrAcct>"
        if retour
        else f"<Dbtr><Nm>B. Jansen</Nm></Dbtr><DbtrAcct><Id><IBAN>{DEBITEUR_IBAN}</IBAN></Id></DbtrAcct>"
    )
    return (
        f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>"
        f'<AmtDtls><TxAmt><Amt Ccy="EUR">{bedrag:.2f}</Amt></TxAmt></AmtDtls>'
        f"<RltdPties>{partij}</RltdPties>{rtr}</TxDtls>"
    )


def camt(entries: list[tuple[str, D, date, str, list[str]]], msg: str = "MSG-1") -> bytes:
    """A CAMT.053.001.02 statement; each entry (ref, signed total, date, domain family, TxDtls...): a batch
    collective credit is one entry with several TxDtls."""
    ntry = []
    for ref, totaal, datum, fam, details in entries:
        crdt = totaal > 0
        ntry.append(
            f'<Ntry><Amt Ccy="EUR">{abs(totaal):.2f}</Amt><CdtDbtInd>{"CRDT" if crdt else "DBIT"}</CdtDbtInd>'
            + ("" if crdt else "<RvslInd>true</RvslInd>")
            + f"<Sts>BOOK</Sts><BookgDt><Dt>{datum.isoformat()}</Dt></BookgDt>"
            f"<ValDt><Dt>{datum.isoformat()}</Dt></ValDt><AcctSvcrRef>{ref}</AcctSvcrRef>"
            f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>"
            f"<NtryDtls>{''.join(details)}</NtryDtls></Ntry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{msg}</MsgId><CreDtTm>2026-05-01T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{msg}</Id><CreDtTm>2026-05-01T06:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{settings.BUREAU['iban']}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + "".join(ntry)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def importeer(inhoud: bytes, naam: str = "afschrift.xml") -> dict:
    af = bankafschrift_maak(bestandsnaam=naam, inhoud=inhoud)
    return bankafschrift_verwerk(afschrift_id=af.pk)
