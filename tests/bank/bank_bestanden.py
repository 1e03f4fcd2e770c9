"""Real-shaped bank files for the tests: CAMT.053.001.02 (as Dutch banks send it) and MT940."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings

# The agency's own client-money account: only its statements are imported (``selectors.eigen_rekeningen``).
REKENING = settings.BUREAU["iban"]
VREEMDE_REKENING = "NL20INGB0001234567"  # a valid IBAN that is not the agency's


@dataclass
class Post:
    bedrag: Decimal  # positive credit, negative debit
    datum: date = date(2026, 2, 15)
    naam: str = "J. de Vries"
    iban: str = "NL02ABNA0123456789"
    omschrijving: str = ""
    kenmerk: str = ""  # structured creditor reference (RF…)
    ref: str | None = None  # AcctSvcrRef; None: the bank gives none
    e2e: str = "NOTPROVIDED"
    valuta: str = "EUR"
    bedrag_tekst: str | None = None  # to plant a bad amount


def camt053(
    posten: list[Post],
    *,
    eindsaldo: Decimal | None = None,
    msg_id: str = "MSG-2026-02-15",
    rekening: str | None = None,
) -> bytes:
    if eindsaldo is None:
        eindsaldo = sum((p.bedrag for p in posten), Decimal("0.00"))
    entries = []
    for p in posten:
        crdt = p.bedrag > 0
        rmt = (
            f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{p.kenmerk}</Ref></CdtrRefInf></Strd>"
            if p.kenmerk
            else f"<Ustrd>{escape(p.omschrijving)}</Ustrd>"
        )
        partij = (
            f"<Dbtr><Nm>{escape(p.naam)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{p.iban}</IBAN></Id></DbtrAcct>"
            if crdt
            else f"<Cdtr><Nm>{escape(p.naam)}</Nm></Cdtr><CdtrAcct><Id><IBAN>{p.iban}</IBAN></Id></CdtrAcct>"
        )
        bedrag = p.bedrag_tekst if p.bedrag_tekst is not None else f"{abs(p.bedrag):.2f}"
        ref = f"\n        <AcctSvcrRef>{p.ref}</AcctSvcrRef>" if p.ref else ""
        entries.append(
            f"""
      <Ntry>
        <Amt Ccy="{p.valuta}">{bedrag}</Amt>
        <CdtDbtInd>{"CRDT" if crdt else "DBIT"}</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>{p.datum.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{p.datum.isoformat()}</Dt></ValDt>{ref}
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>{p.e2e}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="{p.valuta}">{bedrag}</Amt></TxAmt></AmtDtls>
          <RltdPties>{partij}</RltdPties>
          <RmtInf>{rmt}</RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>{msg_id}</MsgId><CreDtTm>2026-02-16T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{msg_id}-1</Id>
      <ElctrncSeqNb>46</ElctrncSeqNb>
      <CreDtTm>2026-02-16T06:00:00</CreDtTm>
      <Acct><Id><IBAN>{rekening or REKENING}</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>INGBNL2A</BIC></FinInstnId></Svcr></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-02-14</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(eindsaldo):.2f}</Amt><CdtDbtInd>{"CRDT" if eindsaldo >= 0 else "DBIT"}</CdtDbtInd><Dt><Dt>2026-02-15</Dt></Dt></Bal>{"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


MT940_VOORBEELD = f""":940:
:20:ING-2026-02-15
:25:{REKENING}
:28C:46
:60F:C260214EUR0,00
:61:2602150215C450,00NTRFNONREF//INGREF0001
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL02ABNA0123456789/BIC/ABNANL2A/NAME/J. DE VRIES/REMI/USTD//{{kenmerk}} alimentatie februari/EREF/E2E-0001
:61:2602150215C125,50NTRFNONREF//INGREF0002
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/ONBEKEND/REMI/USTD//gift/EREF/NOTPROVIDED
:62F:C260215EUR575,50
-
"""


def _mt940_bedrag(bedrag: Decimal) -> str:
    return f"{abs(bedrag):.2f}".replace(".", ",")


def mt940_afschrift(
    posten: list[Post], *, rekening: str = REKENING, referentie: str = "ING-2026-02-15", eindsaldo=None
) -> bytes:
    """An MT940 statement of one account with these entries: credits (C) and debits (D), each with its
    :86: fields (/IBAN/, /NAME/, /REMI/, /EREF/ = the end-to-end id, e.g. of one of our own payouts)."""
    if eindsaldo is None:
        eindsaldo = sum((p.bedrag for p in posten), Decimal("0.00"))
    regels = [":940:", f":20:{referentie}", f":25:{rekening}", ":28C:46", ":60F:C260214EUR0,00"]
    for i, p in enumerate(posten, start=1):
        d = f"{p.datum:%y%m%d}{p.datum:%m%d}"
        teken = "C" if p.bedrag > 0 else "D"
        ref = p.ref or f"{referentie}-{i:04d}"
        remi = f"/REMI/USTD//{p.kenmerk or p.omschrijving}" if (p.kenmerk or p.omschrijving) else ""
        regels.append(f":61:{d}{teken}{_mt940_bedrag(p.bedrag)}NTRFNONREF//{ref}")
        regels.append(f":86:/TRTP/SEPA OVERBOEKING/IBAN/{p.iban}/NAME/{p.naam}{remi}/EREF/{p.e2e}")
    slot = max((p.datum for p in posten), default=date(2026, 2, 15))
    regels += [f":62F:{'C' if eindsaldo >= 0 else 'D'}{slot:%y%m%d}EUR{_mt940_bedrag(eindsaldo)}", "-", ""]
    return "\n".join(regels).encode()


def uitbetaling_afschrijving(uitbetaling, *, datum: date = date(2026, 11, 20)) -> Post:
    """The debit our bank shows for one of our payouts: its net amount off, to its IBAN, with its
    end-to-end id (as the SEPA file ``uitbetaling.sepa`` gave it to the bank)."""
    return Post(
        bedrag=-uitbetaling.netto,
        datum=datum,
        naam=uitbetaling.naam,
        iban=uitbetaling.iban,
        omschrijving=f"Uitbetaling alimentatie {uitbetaling.end_to_end_id}",
        e2e=uitbetaling.end_to_end_id,
    )
