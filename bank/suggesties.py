"""Suggestions for receipts that wait for a match, each with its reason, for a person to confirm.

Three grounds, strongest first:

1. the IBAN that sent the money: the dossiers it paid before (matched bank receipts), and the debtor whose
   recorded IBAN it is;
2. the payer's name, normalised (``bank.namen.naam_past``): initials, word order, case, accents and titles do not
   matter, so "K. Peters", "PETERS K" and "Kevin Peters" all fit debtor Kevin Peters;
3. the amount: equal to a dossier's monthly obligation on the day of payment (the obligations in force,
   indexed per art. 1:402a BW). Alone it is weak, so it only suggests when at most ``MAX_OP_BEDRAG``
   dossiers have that obligation.

``ontvangsten_suggesties`` serves a page of receipts in a fixed number of queries, whatever the page size.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from dossiers.models import Dossier, Verplichting
from inning.models import Ontvangst
from recht.fouten import TariefOntbreekt
from recht.geld import NUL, euro
from recht.indexering import geindexeerd_bedrag

from .matching import normaliseer
from .namen import naam_delen, naam_past, naam_woorden

__all__ = ["Suggestie", "ontvangsten_suggesties"]

MAX_PER_ONTVANGST = 3
MAX_OP_BEDRAG = 3
MAX_KANDIDATEN = 500  # rows any one candidate query may return


_ACCENTEN = {
    "a": "aáàâäã",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôöõ",
    "u": "uúùûü",
    "y": "yÿý",
    "c": "cç",
    "n": "nñ",
}


def _accent_patroon(woord: str) -> str:
    """A regular expression that finds ``woord`` also where the stored name has accents (both SQLite's and
    PostgreSQL's case-insensitive regex read a character class the same way)."""
    return "".join(f"[{_ACCENTEN[c]}]" if c in _ACCENTEN else re.escape(c) for c in woord)


@dataclass
class Suggestie:
    dossier_id: int
    nummer: str = ""
    debiteur: str = ""
    redenen: list[str] = field(default_factory=list)
    gewicht: int = 0

    def voeg_toe(self, reden: str, gewicht: int) -> None:
        if reden not in self.redenen:
            self.redenen.append(reden)
            self.gewicht += gewicht


def _maandtermijnen(dossier_ids: set[int], datums: set[date]) -> dict[tuple[int, date], Decimal]:
    """(dossier, date) → the sum of the dossier's obligations in force on that date, indexed: one query for
    the obligations and one for the indexation table."""
    if not dossier_ids or not datums:
        return {}
    from tarieven.selectors import indexatie_tabel

    tabel = indexatie_tabel()
    rijen = Verplichting.objects.filter(dossier_id__in=dossier_ids, ingangsdatum__lte=max(datums)).filter(
        Q(einddatum__isnull=True) | Q(einddatum__gte=min(datums))
    )
    uit: dict[tuple[int, date], Decimal] = defaultdict(lambda: NUL)
    for v in rijen.only("dossier_id", "bedrag", "vastgesteld_op", "ingangsdatum", "einddatum", "indexeren"):
        for d in datums:
            if v.ingangsdatum > d or (v.einddatum is not None and v.einddatum < d):
                continue
            bedrag = v.bedrag
            if v.indexeren and tabel:
                # A year not in the table yet: the last indexed amount known is what the debtor pays.
                jaar = min(d.year, max(tabel))
                with suppress(TariefOntbreekt):
                    bedrag = geindexeerd_bedrag(
                        bedrag=v.bedrag, vastgesteld_op=v.vastgesteld_op, jaar=jaar, tabel=tabel
                    )
            uit[(v.dossier_id, d)] += bedrag
    return uit


def ontvangsten_suggesties(ontvangsten: Sequence[Ontvangst]) -> dict[int, list[Suggestie]]:
    """Per receipt (by pk) at most ``MAX_PER_ONTVANGST`` open dossiers, strongest first, each with its
    reasons. Reads the receipts' ``bankregel`` (select it along); seven queries at most, whatever the page."""
    regels = {o.pk: o.bankregel for o in ontvangsten if o.bankregel_id}
    ibans = {normaliseer(r.tegenrekening) for r in regels.values() if r.tegenrekening}
    per_ontvangst: dict[int, dict[int, Suggestie]] = {o.pk: {} for o in ontvangsten}

    def suggestie(o_pk: int, dossier_id: int) -> Suggestie:
        return per_ontvangst[o_pk].setdefault(dossier_id, Suggestie(dossier_id=dossier_id))

    # 1. What each IBAN paid before (matched bank receipts).
    eerder: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if ibans:
        for iban, d_id, n in (
            Ontvangst.objects.filter(
                status=Ontvangst.Status.GEMATCHT, bron=Ontvangst.Bron.BANK, bankregel__tegenrekening__in=ibans
            )
            .values_list("bankregel__tegenrekening", "dossier_id")
            .annotate(n=Count("id"))
            .order_by("-n")[:MAX_KANDIDATEN]
        ):
            eerder[iban].append((d_id, n))

    # 3. Dossiers whose nominal monthly obligations are near an amount (indexation only raises them, by far
    # less than half): the exact indexed comparison follows below. When the query hits its limit, the set is
    # incomplete and the amount can only support a suggestion found otherwise, never make one alone.
    bedragen = {o.bedrag for o in ontvangsten}
    datums = {o.datum for o in ontvangsten}
    op_bedrag_ids: set[int] = set()
    if bedragen:
        rond = Q()
        for b in bedragen:
            rond |= Q(totaal__gte=b / 2, totaal__lte=b)
        op_bedrag_ids = set(
            Verplichting.objects.filter(
                dossier__status__in=Dossier.OPEN_STATUSSEN, ingangsdatum__lte=max(datums)
            )
            .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=min(datums)))
            .values("dossier_id")
            .annotate(totaal=Sum("bedrag"))
            .filter(rond)
            .values_list("dossier_id", flat=True)[:MAX_KANDIDATEN]
        )
    bedrag_volledig = len(op_bedrag_ids) < MAX_KANDIDATEN

    # 2. The open dossiers named so far or by the debtor's IBAN, and those whose debtor's name has a word of a
    # payer's name (its own query and limit, so common names never push out the ones found by IBAN).
    kolommen = ("pk", "nummer", "debiteur__naam", "debiteur__iban")
    open_ = Dossier.objects.filter(status__in=Dossier.OPEN_STATUSSEN)
    ids = {d for lijst in eerder.values() for d, _n in lijst} | op_bedrag_ids
    ids |= {o.suggestie_id for o in ontvangsten if o.suggestie_id}
    rijen = list(open_.filter(Q(pk__in=ids) | Q(debiteur__iban__in=ibans)).values_list(*kolommen))
    namen = {w for r in regels.values() for w in naam_woorden(naam_delen(r.tegenpartij))}
    if namen:
        patroon = "(" + "|".join(_accent_patroon(w) for w in sorted(namen)) + ")"
        rijen += (
            open_.filter(debiteur__naam__iregex=patroon)
            .values_list(*kolommen)
            .order_by("pk")[:MAX_KANDIDATEN]
        )
    dossiers = {pk: (nummer, naam) for pk, nummer, naam, _iban in rijen}
    per_deb_iban: dict[str, set[int]] = defaultdict(set)
    per_achternaam: dict[str, set[int]] = defaultdict(set)
    for pk, _nummer, naam, deb_iban in rijen:
        if deb_iban:
            per_deb_iban[normaliseer(deb_iban)].add(pk)
        woorden = naam_woorden(naam_delen(naam))
        if woorden:
            per_achternaam[woorden[-1]].add(pk)
    termijnen = _maandtermijnen(set(dossiers), datums)
    per_bedrag: dict[tuple[Decimal, date], list[int]] = defaultdict(list)
    for (d_id, d), bedrag in termijnen.items():
        per_bedrag[(bedrag, d)].append(d_id)

    for o in ontvangsten:
        regel = regels.get(o.pk)
        iban = normaliseer(regel.tegenrekening) if regel and regel.tegenrekening else ""
        naam = regel.tegenpartij if regel else ""
        for d_id, n in eerder.get(iban, []):
            if d_id in dossiers:
                suggestie(o.pk, d_id).voeg_toe(
                    _("IBAN %(iban)s betaalde eerder aan dit dossier (%(n)s×)") % {"iban": iban, "n": n}, 4
                )
        for d_id in sorted(per_deb_iban.get(iban, ())) if iban else ():
            suggestie(o.pk, d_id).voeg_toe(
                _("IBAN %(iban)s is het rekeningnummer van de debiteur") % {"iban": iban}, 4
            )
        kandidaten = {d for w in naam_woorden(naam_delen(naam)) for d in per_achternaam.get(w, ())}
        for d_id in sorted(kandidaten):
            deb_naam = dossiers[d_id][1]
            if naam_past(naam, deb_naam):
                suggestie(o.pk, d_id).voeg_toe(
                    _("naam „%(betaler)s” past bij debiteur %(debiteur)s")
                    % {"betaler": naam, "debiteur": deb_naam},
                    2,
                )
        gelijk = [d_id for d_id in per_bedrag.get((o.bedrag, o.datum), []) if d_id in dossiers]
        for d_id in gelijk:
            if (bedrag_volledig and len(gelijk) <= MAX_OP_BEDRAG) or d_id in per_ontvangst[o.pk]:
                suggestie(o.pk, d_id).voeg_toe(
                    _("bedrag gelijk aan de maandtermijn van %(bedrag)s") % {"bedrag": euro(o.bedrag)}, 1
                )

        # The import's own suggestion, when nothing above explains it (e.g. two references in one line).
        if o.suggestie_id in dossiers and o.suggestie_reden and o.suggestie_id not in per_ontvangst[o.pk]:
            suggestie(o.pk, o.suggestie_id).voeg_toe(o.suggestie_reden, 1)

    uit: dict[int, list[Suggestie]] = {}
    for o_pk, gevonden in per_ontvangst.items():
        lijst = sorted(gevonden.values(), key=lambda s: (-s.gewicht, dossiers[s.dossier_id][0]))
        for s in lijst:
            s.nummer, s.debiteur = dossiers[s.dossier_id][0], dossiers[s.dossier_id][1]
        uit[o_pk] = lijst[:MAX_PER_ONTVANGST]
    return uit
