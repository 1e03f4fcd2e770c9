"""Matching a bank line to a dossier.

1. By the dossier's payment reference (RF… structured creditor reference) in the structured reference or
   anywhere in the free text; spaces, punctuation and case are ignored. Exactly one dossier found → an
   automatic match. Two different dossiers named in one line → no automatic match (a person decides).
2. Otherwise a SUGGESTION for a person to confirm, when exactly one open dossier fits: the dossier the
   sending IBAN paid before (also earlier in the same file), else the debtor whose IBAN it is, else the
   debtor whose name fits the account holder's (``bank.namen.naam_past``: initials, order, case and
   accents do not matter). The work queue adds more suggestions live (``bank.suggesties``).

A ``Matcher`` loads the references, IBANs and names once, so a 1,000-line statement needs no query per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dossiers.models import Dossier
from inning.models import Ontvangst

from .namen import naam_delen, naam_past, naam_woorden

NIET_ALFANUM = re.compile(r"[^0-9A-Z]")


def normaliseer(tekst: str) -> str:
    return NIET_ALFANUM.sub("", (tekst or "").upper())


def _achternaam(naam: str) -> str:
    woorden = naam_woorden(naam_delen(naam))
    return woorden[-1] if woorden else ""


@dataclass(frozen=True)
class Uitkomst:
    dossier_id: int | None = None  # an automatic match
    suggestie_id: int | None = None
    reden: str = ""


class Matcher:
    def __init__(self) -> None:
        self.kenmerken: dict[str, int] = {}
        self.per_iban: dict[str, set[int]] = {}
        self.eerder_betaald: dict[str, set[int]] = {}  # IBAN → open dossiers it paid before
        self.per_achternaam: dict[str, list[tuple[int, str]]] = {}
        open_ids: set[int] = set()
        rijen = Dossier.objects.exclude(status=Dossier.Status.GEWEIGERD).values_list(
            "id", "betaalkenmerk", "status", "debiteur__iban", "debiteur__naam"
        )
        for pk, kenmerk, status, iban, naam in rijen:
            if kenmerk:
                self.kenmerken[normaliseer(kenmerk)] = pk
            if status in Dossier.OPEN_STATUSSEN:
                open_ids.add(pk)
                if iban:
                    self.per_iban.setdefault(normaliseer(iban), set()).add(pk)
                if naam:
                    self.per_achternaam.setdefault(_achternaam(naam), []).append((pk, naam))
        for iban, pk in (
            Ontvangst.objects.filter(status=Ontvangst.Status.GEMATCHT, bron=Ontvangst.Bron.BANK)
            .exclude(bankregel__tegenrekening="")
            .values_list("bankregel__tegenrekening", "dossier_id")
            .distinct()
        ):
            if pk in open_ids:
                self.eerder_betaald.setdefault(iban, set()).add(pk)
        self.open_ids = open_ids
        self.lengtes = sorted({len(k) for k in self.kenmerken}, reverse=True)

    def kenmerk_dossiers(self, *teksten: str) -> set[int]:
        gevonden: set[int] = set()
        for tekst in teksten:
            t = normaliseer(tekst)
            start = t.find("RF")
            while start != -1:
                for lengte in self.lengtes:
                    pk = self.kenmerken.get(t[start : start + lengte])
                    if pk is not None:
                        gevonden.add(pk)
                        break
                start = t.find("RF", start + 1)
        return gevonden

    def zoek(self, *, kenmerk: str, omschrijving: str, iban: str, naam: str) -> Uitkomst:
        via_kenmerk = self.kenmerk_dossiers(kenmerk, omschrijving)
        if len(via_kenmerk) == 1:
            return Uitkomst(dossier_id=next(iter(via_kenmerk)))
        if len(via_kenmerk) > 1:
            return Uitkomst(
                suggestie_id=min(via_kenmerk), reden=_("meerdere betalingskenmerken in de omschrijving")
            )
        iban = normaliseer(iban) if iban else ""
        eerder = self.eerder_betaald.get(iban, set()) if iban else set()
        if len(eerder) == 1:
            return Uitkomst(suggestie_id=next(iter(eerder)), reden=_("IBAN betaalde eerder aan dit dossier"))
        via_iban = self.per_iban.get(iban, set()) if iban else set()
        if len(via_iban) == 1:
            return Uitkomst(suggestie_id=next(iter(via_iban)), reden=_("IBAN van de debiteur"))
        via_naam = set()
        if naam:
            for woord in set(naam_woorden(naam_delen(naam))):
                via_naam |= {pk for pk, deb in self.per_achternaam.get(woord, []) if naam_past(naam, deb)}
        if len(via_naam) == 1:
            return Uitkomst(suggestie_id=next(iter(via_naam)), reden=_("naam van de debiteur"))
        return Uitkomst()

    def leer(self, *, iban: str, dossier_id: int) -> None:
        """A line matched by reference: its IBAN has now paid this dossier (for later lines of the file)."""
        if iban and dossier_id in self.open_ids:
            self.eerder_betaald.setdefault(normaliseer(iban), set()).add(dossier_id)

    def zoek_alle(self, regels) -> list[Uitkomst]:
        """``zoek`` for a run of bank lines, in two passes: what the matched lines teach about their IBANs
        also serves the lines before them ("H JANSEN" without a reference above his own referenced line)."""
        uitkomsten = [
            self.zoek(
                kenmerk=r.kenmerk, omschrijving=r.omschrijving, iban=r.tegenrekening, naam=r.tegenpartij
            )
            for r in regels
        ]
        geleerd = False
        for r, u in zip(regels, uitkomsten, strict=True):
            if u.dossier_id is not None and r.tegenrekening:
                geleerd = True
                self.leer(iban=r.tegenrekening, dossier_id=u.dossier_id)
        if not geleerd:
            return uitkomsten
        return [
            u
            if u.dossier_id is not None
            else self.zoek(
                kenmerk=r.kenmerk, omschrijving=r.omschrijving, iban=r.tegenrekening, naam=r.tegenpartij
            )
            for r, u in zip(regels, uitkomsten, strict=True)
        ]
