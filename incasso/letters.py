"""Letters to the debtor: rendered to PDF (WeasyPrint) from `templates/letters/<soort>.html`, stored as a
dossier document visible to the client, and sent by e-mail (outbox) or put in the daily print batch.

Call `brief_maak` only from a Celery task: rendering takes ~100 ms a page and must never hold a request or a
database transaction open. Idempotency: `Brief.sleutel` is unique, so a rerun finds the row; the document is
attached with a compare-and-set (`UPDATE … WHERE document IS NULL`), so two concurrent runs attach one PDF;
`brief_verstuur` claims the letter with `UPDATE … WHERE verzonden_via = ''`, so it is sent once.

A letter is a stuiting only once it went out (`incasso.stuiting`), not when it is made. A letter that could not
go out on its date (the debtor's address was unknown) is dated again on the day it is sent, with a new
deadline and a new PDF; the earlier PDF stays, hidden from the client, as a draft that never went out.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from dossiers.debiteur_toegang import code_maak
from dossiers.models import Document, Dossier, TijdlijnGebeurtenis
from dossiers.services import taak_maak, tijdlijn_voeg_toe
from nlai.pdf import pdf_render
from recht.geld import euro
from tarieven.selectors import kalender

from .aanhef import aanhef
from .epc_qr import epc_qr_png_data_uri
from .models import Brief, BriefSoort, Brieftekst, LopendeAlimentatie, UitgaandeEmail
from .outbox import email_plaats
from .selectors import dossier_achterstand, dossier_maandbedrag
from .standaardteksten import STANDAARD_TEKSTEN
from .stuiting import STUITENDE_BRIEVEN

logger = logging.getLogger(__name__)

BETAALTERMIJN_DAGEN = 5  # the agency's promise: the debtor has 5 days to pay (Atw-term)
BRIEVEN_MET_TERMIJN = STUITENDE_BRIEVEN


def datum_nl(d: date) -> str:
    """'2 april 2026' — a date written out in Dutch, whatever the active language."""
    with translation.override("nl"):
        return dateformat.format(d, "j F Y")


def betaaltermijn_einde(briefdatum: date) -> date:
    """The 5-day payment deadline of a letter, per the Algemene termijnenwet."""
    return kalender().termijn_einde_dagen(briefdatum, BETAALTERMIJN_DAGEN)


class _Open(defaultdict):
    """format_map helper: an unknown {placeholder} stays visible instead of crashing the letter."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def brieftekst_voor(*, soort: str, datum: date) -> tuple[str, list[str]]:
    """(onderwerp, alinea's) of the text in force on `datum`; the built-in default when none is stored."""
    rij = Brieftekst.objects.filter(soort=soort, geldig_vanaf__lte=datum).order_by("-geldig_vanaf").first()
    if rij is not None:
        onderwerp, tekst = rij.onderwerp, rij.alineas
    else:
        onderwerp, tekst = STANDAARD_TEKSTEN[soort]
    alineas = [a.strip() for a in tekst.replace("\r\n", "\n").split("\n\n") if a.strip()]
    return onderwerp, alineas


def brief_context(*, dossier: Dossier, soort: str, datum: date, extra: dict | None = None) -> dict:
    """Everything a letter template needs. Amounts as Decimal in the context, as '€ 1.234,56' in texts."""
    extra = dict(extra or {})
    bureau = settings.BUREAU
    achterstand = dossier_achterstand(dossier=dossier, peildatum=datum)
    bedrag = achterstand.te_betalen
    termijn_einde = betaaltermijn_einde(datum) if soort in BRIEVEN_MET_TERMIJN else None
    waarden = _Open(
        str,
        debiteur=dossier.debiteur.naam,
        client=dossier.client.naam,
        dossiernummer=dossier.nummer,
        bedrag=euro(bedrag),
        termijn_einde=datum_nl(termijn_einde) if termijn_einde else "",
        kenmerk=dossier.betaalkenmerk,
        iban=bureau["iban"],
        telefoon=bureau["telefoon"],
        bureau=bureau["naam"],
        datum=datum_nl(datum),
    )
    waarden.update({k: str(v) for k, v in extra.items()})
    onderwerp, alineas = brieftekst_voor(soort=soort, datum=datum)
    qr = None
    if bedrag > 0:
        qr = epc_qr_png_data_uri(
            naam=bureau["naam"],
            iban=bureau["iban"],
            bic=bureau["bic"],
            bedrag=bedrag,
            kenmerk=dossier.betaalkenmerk,
        )
    termijnen: list[dict] = []
    regeling_info: dict = {}
    if soort == BriefSoort.REGELING_BEVESTIGING:
        regeling = dossier.regelingen.order_by("-voorgesteld_op").first()
        if regeling is not None:
            termijnen, regeling_info = _regeling_context(regeling=regeling, dossier=dossier, datum=datum)
    return {
        "aanhef": aanhef(dossier.debiteur.naam),
        # The amount rests on a table value not yet confirmed (issue 14 item 5): the letter says so and why.
        "voorlopig": list(achterstand.onbevestigd) if bedrag > 0 else [],
        "termijnen": termijnen,
        "regeling": regeling_info,
        "dossier": dossier,
        "debiteur": dossier.debiteur,
        "client": dossier.client,
        "soort": soort,
        "datum": datum,
        "datum_nl": datum_nl(datum),
        "termijn_einde": termijn_einde,
        "termijn_einde_nl": datum_nl(termijn_einde) if termijn_einde else "",
        "onderwerp": onderwerp.format_map(waarden),
        "alineas": [a.format_map(waarden) for a in alineas],
        "achterstand": achterstand,
        "bedrag": bedrag,
        "bedrag_euro": euro(bedrag),
        "qr_data_uri": qr,
        "rente_open": euro(achterstand.rente_open) if achterstand.rente_open > 0 else "",
        "regels": [
            {
                "omschrijving": r.omschrijving,
                "vervaldatum": f"{r.vervaldatum:%d-%m-%Y}",  # short: the table must fit the page width
                "bedrag": euro(r.bedrag),
                "betaald": euro(r.betaald),
                "open": euro(r.open),
            }
            for r in achterstand.regels
        ],
        **{k: v for k, v in extra.items() if k not in ("dossier", "debiteur", "client")},
    }


def heeft_adres(debiteur) -> bool:
    """Whether a letter can reach the debtor: an e-mail address, or a known postal address."""
    return bool(debiteur.email or (debiteur.straat and not debiteur.adres_onbekend))


def _regeling_context(*, regeling, dossier: Dossier, datum: date) -> tuple[list[dict], dict]:
    """The instalments and what the arrangement is based on, for the confirmation letter."""
    rijen = list(regeling.termijnen.order_by("volgnummer"))
    termijnen = [
        {"volgnummer": t.volgnummer, "datum": datum_nl(t.vervaldatum), "bedrag": euro(t.bedrag)}
        for t in rijen
    ]
    maandbedrag, _ = dossier_maandbedrag(dossier=dossier, peildatum=regeling.ingangsdatum or datum)
    ingang = regeling.ingangsdatum or datum
    return termijnen, {
        "totaal": euro(sum((t.bedrag for t in rijen), Decimal("0.00"))),
        "ingangsdatum": datum_nl(ingang),
        "achterstand": euro(regeling.achterstand_bij_ingang)
        if regeling.achterstand_bij_ingang is not None
        else "",
        "inbegrepen": regeling.lopende_alimentatie == LopendeAlimentatie.INBEGREPEN,
        "maandbedrag": euro(maandbedrag) if maandbedrag > 0 else "",
        "laatste": datum_nl(rijen[-1].vervaldatum) if rijen else "",
    }


def portaal_toegang(dossier: Dossier) -> dict[str, str]:
    """The debtor portal's address and a new personal code for one letter (the code is shown only here)."""
    return {
        "portaal_url": settings.SITE_URL.rstrip("/") + reverse("debiteur:inloggen"),
        "portaal_code": code_maak(dossier=dossier),
    }


def brief_maak(*, dossier: Dossier, soort: str, sleutel: str, context: dict | None = None) -> Brief:
    """Render and store the letter `soort` for `dossier` once per `sleutel` (call it from a Celery task).

    A letter that exists but was never sent and is dated before today is made again with today's date (see
    the module docstring); one that was sent, or is dated today, is returned as it is."""
    vandaag = timezone.localdate()
    brief, _ = Brief.objects.get_or_create(
        sleutel=sleutel, defaults={"dossier": dossier, "soort": soort, "datum": vandaag}
    )
    if brief.document_id and not brief.verzonden_via and brief.datum < vandaag:
        if not heeft_adres(dossier.debiteur):
            return brief  # still no way to send it: no new version every day, brief_verstuur makes a task
        return _brief_herdateer(brief=brief, dossier=dossier, context=context, datum=vandaag)
    if brief.document_id:
        return brief
    extra = {**(context or {}), **portaal_toegang(dossier)}
    ctx = brief_context(dossier=dossier, soort=soort, datum=brief.datum, extra=extra)
    pdf = pdf_render(template_name=f"letters/{soort}.html", context=ctx)  # outside any transaction
    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(pk=brief.pk)
        if brief.document_id:  # a concurrent run attached its PDF first
            return brief
        document = _document_bewaar(dossier=dossier, brief=brief, datum=brief.datum, pdf=pdf)
        gezet = Brief.objects.filter(pk=brief.pk, document__isnull=True).update(
            document=document, bedrag=ctx["bedrag"], termijn_einde=ctx["termijn_einde"]
        )
        if gezet != 1:  # pragma: no cover - the row lock above makes this impossible
            raise RuntimeError("brief_maak: de brief had al een document")
        brief.refresh_from_db()
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.BRIEF,
            tekst=brief_tijdlijn_tekst(brief),
            document=document,
            sleutel=f"brief:{sleutel}"[:100],
        )
    return brief


def _document_bewaar(*, dossier: Dossier, brief: Brief, datum: date, pdf: bytes) -> Document:
    document = Document(
        dossier=dossier,
        soort=Document.Soort.BRIEF,
        naam=f"{BriefSoort(brief.soort).label.capitalize()} {datum:%d-%m-%Y}.pdf",
        content_type="application/pdf",
        grootte=len(pdf),
        zichtbaar_voor_client=True,
    )
    document.bestand.save(
        f"{dossier.nummer}-{brief.soort}-{brief.pk}-{datum:%Y%m%d}.pdf", ContentFile(pdf), save=False
    )
    document.save()
    return document


def brief_tijdlijn_tekst(brief: Brief) -> str:
    """The timeline line of a made letter, from the letter's own stored amount and deadline, so the timeline
    and the letter list show the same figure."""
    tekst = f"{BriefSoort(brief.soort).label.capitalize()} gemaakt ({datum_nl(brief.datum)})"
    if brief.termijn_einde:
        tekst += f"; betalen uiterlijk {datum_nl(brief.termijn_einde)}, bedrag {euro(brief.bedrag or 0)}"
    return tekst


def _brief_herdateer(*, brief: Brief, dossier: Dossier, context: dict | None, datum: date) -> Brief:
    """The letter could not go out on its date: date it ``datum`` with a new Atw deadline and amount, render
    it again (outside any transaction), and keep the old PDF as a draft that never went out."""
    extra = {**(context or {}), **portaal_toegang(dossier)}
    ctx = brief_context(dossier=dossier, soort=brief.soort, datum=datum, extra=extra)
    pdf = pdf_render(template_name=f"letters/{brief.soort}.html", context=ctx)
    with transaction.atomic():
        brief = Brief.objects.select_for_update().get(pk=brief.pk)  # no join: PostgreSQL locks no outer join
        if brief.verzonden_via or brief.datum >= datum:  # sent or re-dated by a concurrent run meanwhile
            return brief
        oud = Document.objects.get(pk=brief.document_id)
        oude_datum = brief.datum
        oud.naam = f"Concept (nooit verzonden) {oud.naam}"[:200]
        oud.zichtbaar_voor_client = False
        oud.save(update_fields=["naam", "zichtbaar_voor_client"])
        document = _document_bewaar(dossier=dossier, brief=brief, datum=datum, pdf=pdf)
        Brief.objects.filter(pk=brief.pk).update(
            datum=datum,
            document=document,
            concept_document=oud,
            bedrag=ctx["bedrag"],
            termijn_einde=ctx["termijn_einde"],
        )
        brief.refresh_from_db()
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.BRIEF,
            tekst=(
                f"{brief_tijdlijn_tekst(brief)}. De versie van {datum_nl(oude_datum)} is nooit verzonden en "
                "blijft bewaard als concept."
            ),
            document=document,
            sleutel=f"brief:{brief.sleutel}:{datum:%Y%m%d}"[:100],
        )
    return brief


@transaction.atomic
def brief_verstuur(*, brief: Brief) -> str:
    """Send the letter once: e-mail with the PDF when the debtor's e-mail is known, else the print batch.

    Returns 'email', 'post' or '' when it was not sent now (already sent, or no address: then the case manager
    gets a task, and the safety net sends the letter once an address is known)."""
    if brief.document_id is None:
        raise ValueError("brief_verstuur: de brief heeft nog geen PDF")
    dossier = Dossier.objects.select_related("debiteur").get(pk=brief.dossier_id)
    debiteur = dossier.debiteur
    adres = debiteur.email
    if not heeft_adres(debiteur):
        taak_maak(
            dossier=dossier,
            omschrijving=f"Adres van de debiteur onbekend: {BriefSoort(brief.soort).label} kan niet weg. Zoek het adres op.",
            deadline=kalender().werkdagen_na(timezone.localdate(), 1),
            sleutel=f"geen-adres:{brief.sleutel}"[:100],
        )
        return ""
    if not brief.verzonden_via and brief.datum < timezone.localdate():
        # Never send a letter with a past date and a deadline that may have passed: brief_maak dates it again.
        raise ValueError(
            "brief_verstuur: de brief is van een eerdere dag; maak hem eerst opnieuw (brief_maak)"
        )
    via = Brief.Via.EMAIL if adres else Brief.Via.POST
    geclaimd = Brief.objects.filter(pk=brief.pk, verzonden_via="").update(
        verzonden_via=via, verzonden_op=timezone.now()
    )
    if geclaimd != 1:
        return ""
    brief.verzonden_via = via
    onderwerp, _ = brieftekst_voor(soort=brief.soort, datum=brief.datum)
    if via == Brief.Via.EMAIL:
        tekst = render_to_string(
            "emails/brief_debiteur.txt",
            {
                "aanhef": aanhef(dossier.debiteur.naam),
                "dossier": dossier,
                "brief": brief,
                "bureau": settings.BUREAU,
                "datum_nl": datum_nl(brief.datum),
            },
        )
        email_plaats(
            aan=adres,
            onderwerp=onderwerp.format_map(_Open(str, dossiernummer=dossier.nummer)),
            tekst=tekst,
            documenten=[brief.document],
            dossier=dossier,
            sleutel=f"brief:{brief.sleutel}",
        )
        kanaal = "per e-mail aan de debiteur"
    else:
        kanaal = "per post (printbatch)"
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.BRIEF,
        tekst=f"{BriefSoort(brief.soort).label.capitalize()} verstuurd {kanaal}",
        sleutel=f"verstuurd:{brief.sleutel}"[:100],
    )
    return via


def brief_email(brief: Brief) -> UitgaandeEmail | None:
    """The outbox e-mail that carried this letter, if it went by e-mail."""
    return UitgaandeEmail.objects.filter(sleutel=f"brief:{brief.sleutel}").first()
