"""Matching a bank line to a dossier.

1. By the dossier's payment reference (RF… structured creditor reference) in the structured reference or
   anywhere in the free text; spaces, punctuation and case are ignored. Exactly one dossier found → an
   automatic match. Two different dossiers named in one line → no automatic match (a person decides).
2. Otherwise a SUGGESTION for a person to confirm: the dossier of the debtor whose IBAN sent the money,
   else the debtor whose name matches the account holder's name, when exactly one open dossier fits.

A ``Matcher`` loads the references, IBANs and names once, so a 1,000-line statement needs no query per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dossiers.models import Dossier

NIET_ALFANUM = re.compile(r"[^0-9A-Z]")


def normaliseer(tekst: str) -> str:
    return NIET_ALFANUM.sub("", (tekst or "").upper())


def normaliseer_naam(naam: str) -> str:
    return " ".join((naam or "").casefold().split())


@dataclass(frozen=True)
class Uitkomst:
    dossier_id: int | None = None  # an automatic match
    suggestie_id: int | None = None
    reden: str = ""


class Matcher:
    def __init__(self) -> None:
        self.kenmerken: dict[str, int] = {}
        self.per_iban: dict[str, set[int]] = {}
        self.per_naam: dict[str, set[int]] = {}
        rijen = Dossier.objects.exclude(status=Dossier.Status.GEWEIGERD).values_list(
            "id", "betaalkenmerk", "status", "debiteur__iban", "debiteur__naam"
        )
        for pk, kenmerk, status, iban, naam in rijen:
            if kenmerk:
                self.kenmerken[normaliseer(kenmerk)] = pk
            if status in Dossier.OPEN_STATUSSEN:
                if iban:
                    self.per_iban.setdefault(normaliseer(iban), set()).add(pk)
                if naam:
                    self.per_naam.setdefault(normaliseer_naam(naam), set()).add(pk)
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
        via_iban = self.per_iban.get(normaliseer(iban), set()) if iban else set()
        if len(via_iban) == 1:
            return Uitkomst(suggestie_id=next(iter(via_iban)), reden=_("IBAN van de debiteur"))
        via_naam = self.per_naam.get(normaliseer_naam(naam), set()) if naam else set()
        if len(via_naam) == 1:
            return Uitkomst(suggestie_id=next(iter(via_naam)), reden=_("naam van de debiteur"))
        return Uitkomst()
