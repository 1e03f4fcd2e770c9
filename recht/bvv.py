"""Beslagvrije voet (BVV): the part of a monthly income a garnishment must leave to the debtor.

Wetboek van Burgerlijke Rechtsvordering (Rv) art. 475b–475fa, text in force on 2026-07-01 (the same rules as on
2026-01-01; only the amounts of lid 1 changed). Terms, in order:

1. **Basis** — Rv art. 475da lid 2 gives a formula per household type, "met inachtneming van het eerste lid":
   lid 1 is a ceiling (table `BvvMaximum`, changes 1 January and 1 July, lid 8). The formula, term by term with
   the letters as lid 2 defines them: 95% × A or B (Participatiewet art. 21) + ((C − D) / 12) × E, capped by
   lid 3 + min(I × F/12 or G/12, H − J) + for households with children ((C − D (+ L)) / 12) × K. The statute
   numbers of E, F, G, H, J and of lid 3 are in ``constanten.FORMULE``; C is the debtor's yearly taxable income
   (475d lid 1) and must be given. D, the standard premium, the minimum-inkomensijkpunt, K and L are set each year
   by ministerial regulation (or derived from one): they come from the table ``Regelingsbedrag`` for the year of
   the date (``BvvTabellen.regeling``) unless the caller gives them (the caller's value wins), and the answer
   names each table row used, "niet bevestigd" where the row is unconfirmed. When one is still unknown the
   ceiling of lid 1 is used, and the answer says which one was missing.
   **No address** in the BRP — Rv art. 475da lid 4: 47.5% of the couple norm (1 July 2026: 2027.79 × 0.475 =
   963.20). With a fixed address **abroad** the amount is multiplied by a country factor set by decree; those
   factors are not in our tables, so the calculation is refused (and domestic garnishment does not apply anyway).
2. **Housing** — Rv art. 475da lid 5–6: on request, raised by the housing costs above the amount of Wet op de
   huurtoeslag art. 13 lid 1 a × 1.10; for a married debtor only as far as the spouse's non-garnished income
   (what is left of it after 475db) cannot pay them (lid 5, last sentence).
3. **Partner income** — Rv art. 475db: reduced by the spouse's non-garnished income, by at most half the BVV;
   then by the debtor's own non-garnished income.
4. **Income cap** — Rv art. 475dc lid 1: never more than 95% of the monthly income including holiday pay.
5. A determination holds 12 months (Rv art. 475d lid 2) and is made on monthly amounts.

A table without a row for the half-year of the date (the new figures not yet entered) is used with its last row,
and every answer that uses it says so (``BvvTabellen.verouderd``).

Rounding: every term through ``recht.geld.rond_af`` (cents, half up).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from recht.bvv_invoer import (
    REGELINGSVELDEN,
    REGELVERSIE,
    Adres,
    BvvInvoer,
    BvvTabellen,
    BvvTerm,
    BvvUitkomst,
    FormuleInvoer,
    Huishouden,
    Regelingswaarde,
    leefsituatie_voor,
)
from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, rond_af

# The input and answer types live in ``recht.bvv_invoer``; they are re-exported here so callers import the
# whole BVV from one place.
__all__ = [
    "REGELVERSIE",
    "Adres",
    "BvvInvoer",
    "BvvTabellen",
    "BvvTerm",
    "BvvUitkomst",
    "FormuleInvoer",
    "Huishouden",
    "REGELINGSVELDEN",
    "Regelingswaarde",
    "bvv_bereken",
    "geldig_tot",
    "leefsituatie_voor",
]

VAKANTIEBIJSLAG = Decimal("0.08")  # art. 15 Wet minimumloon en minimumvakantiebijslag: at least 8%
INKOMENSGRENS = Decimal("0.95")  # 475dc lid 1
HUISVESTING_MARGE = Decimal("1.10")  # 475da lid 6: rekenhuur plus 10%
GEEN_ADRES_FACTOR = Decimal("0.475")  # 475da lid 4


def geldig_tot(datum: date) -> date:
    """Last day of the 12 months a determination holds (475d lid 2): the day before the same date a year on."""
    try:
        volgend = datum.replace(year=datum.year + 1)
    except ValueError:  # 29 February
        volgend = date(datum.year + 1, 3, 1)
    return volgend - timedelta(days=1)


def _niet_negatief(veld: str, waarde: Decimal | None) -> None:
    if waarde is not None and waarde < 0:
        raise OngeldigeInvoer(veld, "Een bedrag mag niet negatief zijn.")


_HONDERD = Decimal(100)


def _formule_ontbreekt(invoer: BvvInvoer, tabellen: BvvTabellen) -> str | None:
    """Why the lid 2 formula cannot be computed (so the ceiling of lid 1 is used), or None when it can."""
    f = invoer.formule
    if f is None or f.toetsingsinkomen_jaar is None:
        return (
            "Het toetsingsinkomen (C: belastbaar inkomen per jaar van de debiteur en een eventuele echtgenoot, "
            "Rv art. 475d lid 1) is niet opgegeven; daarom is het maximum van Rv art. 475da lid 1 gebruikt."
        )
    if tabellen.formule is None:
        return (
            f"Voor {invoer.datum:%d-%m-%Y} zijn de bedragen van de formule (Rv art. 475da lid 2) niet bekend; "
            "daarom is het maximum van lid 1 gebruikt."
        )
    namen = {
        "drempelinkomen": "het drempelinkomen D (Wet op de zorgtoeslag art. 1 lid 1 f)",
        "standaardpremie_jaar": "de standaardpremie (Wet op de zorgtoeslag art. 4, voor lid 3)",
        "minimum_inkomensijkpunt": "het minimum-inkomensijkpunt (Wet op de huurtoeslag art. 17 lid 1, voor I)",
    }
    if invoer.huishouden in (Huishouden.ALLEENSTAANDE_OUDER, Huishouden.GEHUWDEN_MET_KINDEREN):
        namen["kgb_percentage"] = "het percentage K (Wet op het kindgebonden budget art. 2 lid 7)"
    if invoer.huishouden is Huishouden.GEHUWDEN_MET_KINDEREN:
        namen["kgb_drempelverhoging"] = "het bedrag L (Wet op het kindgebonden budget art. 2 lid 8)"
    ontbreekt = [tekst for veld, tekst in namen.items() if getattr(f, veld) is None]
    if ontbreekt:
        return (
            "Voor de formule van Rv art. 475da lid 2 ontbreekt "
            + "; ".join(ontbreekt)
            + f". Die bedragen worden jaarlijks bij ministeriële regeling vastgesteld; de tabel regelingsbedragen "
            f"heeft er geen rij voor {invoer.datum.year} en ze zijn niet opgegeven. Daarom is het maximum van lid 1 "
            "gebruikt."
        )
    return None


def _nodig(huishouden: Huishouden) -> tuple[str, ...]:
    """The regulation amounts lid 2 uses for the household: K only with children, L only for a couple with them."""
    velden: tuple[str, ...] = ("drempelinkomen", "standaardpremie_jaar", "minimum_inkomensijkpunt")
    if huishouden in (Huishouden.ALLEENSTAANDE_OUDER, Huishouden.GEHUWDEN_MET_KINDEREN):
        velden += ("kgb_percentage",)
    if huishouden is Huishouden.GEHUWDEN_MET_KINDEREN:
        velden += ("kgb_drempelverhoging",)
    return velden


def _met_tabelbedragen(
    invoer: BvvInvoer, tabellen: BvvTabellen
) -> tuple[BvvInvoer, dict[str, Regelingswaarde]]:
    """The input with each regulation amount the caller left empty filled from the table row of the year, and
    the rows so used. Only with C given: without it the formula is not computed and no row is used."""
    f = invoer.formule
    if f is None or f.toetsingsinkomen_jaar is None or not tabellen.regeling:
        return invoer, {}
    tabel = dict(tabellen.regeling)
    uit_tabel = {
        veld: tabel[veld] for veld in _nodig(invoer.huishouden) if getattr(f, veld) is None and veld in tabel
    }
    if not uit_tabel:
        return invoer, {}
    return replace(invoer, formule=replace(f, **{v: w.waarde for v, w in uit_tabel.items()})), uit_tabel


def _tabelmelding(veld: str, rij: Regelingswaarde) -> str:
    melding = (
        f"{REGELINGSVELDEN[veld]}: {rij.waarde} uit de tabel regelingsbedragen, berekeningsjaar {rij.jaar} "
        f"({rij.bron})"
    )
    return melding + (" — niet bevestigd." if not rij.bevestigd else ".")


def _formule(
    invoer: BvvInvoer, tabellen: BvvTabellen, onbevestigd: frozenset[str] = frozenset()
) -> list[BvvTerm]:
    """Rv art. 475da lid 2 (with lid 3), term by term. Each letter as the article defines it:

    A/B the Participatiewet art. 21 a/b norm; C the yearly taxable income (475d lid 1); D the zorgtoeslag
    threshold income, or C when C is lower; E the zorgtoeslag percentage (Wzt art. 2 lid 3); F/G the huurtoeslag
    phase-out percentage for one/more persons (Wht art. 21 lid 2); H the amount of Wht art. 13 lid 1 a; I = C minus
    the minimum-inkomensijkpunt (Wht art. 17 lid 1); J the basishuur (Wht art. 16); K and L from the Wet op het
    kindgebonden budget art. 2 lid 7 and 8. Lid 3 caps (C − D)/12 × E at the monthly standard premium minus the
    Participatiewet art. 23 lid 2 amount. ``onbevestigd``: the fields taken from an unconfirmed table row; a
    term that uses one is marked ``niet_bevestigd``.
    """
    f, k = invoer.formule, tabellen.formule
    assert f is not None and k is not None and f.toetsingsinkomen_jaar is not None
    assert f.drempelinkomen is not None and f.standaardpremie_jaar is not None
    assert f.minimum_inkomensijkpunt is not None
    h = invoer.huishouden
    alleen = h is Huishouden.ALLEENSTAANDE
    c = f.toetsingsinkomen_jaar
    d = min(f.drempelinkomen, c)
    letter_norm = "B" if h.met_partner else "A"
    onderdeel = {
        Huishouden.ALLEENSTAANDE: "a",
        Huishouden.ALLEENSTAANDE_OUDER: "b",
        Huishouden.GEHUWDEN_ZONDER_KINDEREN: "c",
        Huishouden.GEHUWDEN_MET_KINDEREN: "d",
    }[h]
    lid2 = f"Rv art. 475da lid 2 onderdeel {onderdeel}"
    termen = [
        BvvTerm(
            f"95% × {letter_norm} (bijstandsnorm)",
            f"{lid2}; Participatiewet art. 21 onderdeel {'b' if h.met_partner else 'a'}",
            rond_af(tabellen.norm_huishouden * INKOMENSGRENS),
            toelichting=f"0,95 × {tabellen.norm_huishouden} ({tabellen.bron_norm})",
        )
    ]
    zorg = (c - d) / 12 * k.zorg_percentage / _HONDERD
    eigen_deel = k.zorg_eigen_deel_gehuwden if h.met_partner else k.zorg_eigen_deel_alleenstaande
    plafond = max(NUL, f.standaardpremie_jaar / 12 - eigen_deel)
    termen.append(
        BvvTerm(
            "Zorgterm ((C − D) / 12) × E, ten hoogste de standaardpremie per maand min het eigen deel",
            f"{lid2}; lid 3",
            rond_af(min(zorg, plafond)),
            niet_bevestigd=bool({"drempelinkomen", "standaardpremie_jaar"} & onbevestigd),
            toelichting=(
                f"(({c} − {d}) / 12) × {k.zorg_percentage}% = {rond_af(zorg)}; plafond {f.standaardpremie_jaar} / 12 "
                f"− {eigen_deel} = {rond_af(plafond)} ({k.bron})"
            ),
        )
    )
    afbouw = k.afbouw_een if alleen else k.afbouw_meer
    basishuur = k.basishuur_een if alleen else k.basishuur_meer
    i = max(NUL, c - f.minimum_inkomensijkpunt)
    woon = i * afbouw / _HONDERD / 12
    woon_max = k.maximale_huurgrens - basishuur
    termen.append(
        BvvTerm(
            f"Woonterm I × ({'F' if alleen else 'G'} / 12), of H − J als dat minder is",
            lid2,
            rond_af(min(woon, woon_max)),
            niet_bevestigd="minimum_inkomensijkpunt" in onbevestigd,
            toelichting=(
                f"I = {c} − {f.minimum_inkomensijkpunt} = {i}; I × {afbouw}% / 12 = {rond_af(woon)}; "
                f"H − J = {k.maximale_huurgrens} − {basishuur} = {woon_max}"
            ),
        )
    )
    if h in (Huishouden.ALLEENSTAANDE_OUDER, Huishouden.GEHUWDEN_MET_KINDEREN):
        assert f.kgb_percentage is not None
        verhoging = (f.kgb_drempelverhoging or NUL) if h is Huishouden.GEHUWDEN_MET_KINDEREN else NUL
        kind = max(NUL, (c - (d + verhoging)) / 12 * f.kgb_percentage / _HONDERD)
        termen.append(
            BvvTerm(
                "Kindterm ((C − D) / 12) × K" if not verhoging else "Kindterm ((C − (D + L)) / 12) × K",
                f"{lid2}; Wet op het kindgebonden budget art. 2 lid 7–8",
                rond_af(kind),
                niet_bevestigd=bool(
                    {"drempelinkomen", "kgb_percentage", "kgb_drempelverhoging"} & onbevestigd
                ),
                toelichting=f"(({c} − ({d} + {verhoging})) / 12) × {f.kgb_percentage}%",
            )
        )
    return termen


def _maximum_term(tabellen: BvvTabellen) -> BvvTerm:
    return BvvTerm(
        "Maximale beslagvrije voet voor dit huishouden",
        "Rv art. 475da lid 1",
        tabellen.maximum,
        toelichting=tabellen.bron_maximum,
    )


def _basis(
    invoer: BvvInvoer, tabellen: BvvTabellen, meldingen: list[str], gebruikt: set[str]
) -> list[BvvTerm]:
    """The amount of 475da lid 1–4: the formula of lid 2 under the ceiling of lid 1, or lid 4 without address."""
    if invoer.adres is Adres.GEEN:
        gebruikt.add("norm_gehuwden")
        if melding := tabellen.melding_verouderd("norm_gehuwden"):
            meldingen.append(melding)
        return [
            BvvTerm(
                "Geen adres in de BRP: 47,5% van de gehuwdennorm",
                "Rv art. 475da lid 4",
                rond_af(tabellen.norm_gehuwden * GEEN_ADRES_FACTOR),
                toelichting=f"{tabellen.norm_gehuwden} × 0,475 ({tabellen.bron_norm_gehuwden})",
            )
        ]
    gebruikt.add("maximum")
    if melding := tabellen.melding_verouderd("maximum"):
        meldingen.append(melding)
    invoer, uit_tabel = _met_tabelbedragen(invoer, tabellen)
    waarom = _formule_ontbreekt(invoer, tabellen)
    if waarom is not None:
        meldingen.append(waarom)
        return [_maximum_term(tabellen)]
    onbevestigd = frozenset(veld for veld, rij in uit_tabel.items() if not rij.bevestigd)
    formuletermen = _formule(invoer, tabellen, onbevestigd)
    gebruikt.add("norm_huishouden")
    # the rows the formula used, each named with its source, after the outcome (a step's description keeps the
    # start of the messages)
    bronnen = [_tabelmelding(veld, rij) for veld, rij in uit_tabel.items()]
    gebruikt.update(f"regeling:{veld}" for veld in uit_tabel)
    formule = sum((t.bedrag for t in formuletermen), NUL)
    if formule < tabellen.maximum:
        if melding := tabellen.melding_verouderd("norm_huishouden"):
            meldingen.append(melding)
        meldingen.append(
            f"De formule van Rv art. 475da lid 2 geeft {formule}, minder dan het maximum van lid 1 "
            f"({tabellen.maximum}); de formule is gebruikt."
        )
        meldingen.extend(bronnen)
        return formuletermen
    meldingen.append(
        f"De formule van Rv art. 475da lid 2 geeft {formule}, ten minste het maximum van lid 1; het maximum "
        "is gebruikt."
    )
    meldingen.extend(bronnen)
    return [_maximum_term(tabellen)]


def bvv_bereken(invoer: BvvInvoer, tabellen: BvvTabellen) -> BvvUitkomst:
    """The beslagvrije voet for one debtor on `invoer.datum`, term by term (see the module docstring)."""
    for veld in ("netto_inkomen", "partner_inkomen", "eigen_overig_inkomen", "woonkosten"):
        _niet_negatief(veld, getattr(invoer, veld))
    if invoer.formule is not None:
        for veld in (
            "toetsingsinkomen_jaar",
            "drempelinkomen",
            "standaardpremie_jaar",
            "minimum_inkomensijkpunt",
            "kgb_percentage",
            "kgb_drempelverhoging",
        ):
            _niet_negatief(veld, getattr(invoer.formule, veld))
    huishouden = Huishouden(invoer.huishouden)
    adres = Adres(invoer.adres)
    if invoer.partner_inkomen and not huishouden.met_partner:
        raise OngeldigeInvoer(
            "partner_inkomen", "Partnerinkomen telt alleen mee bij gehuwden of samenwonenden."
        )
    if adres is Adres.BUITENLAND:
        raise OngeldigeInvoer(
            "adres",
            "Bij een vast adres in het buitenland wordt de voet vermenigvuldigd met een landenfactor die bij besluit "
            "is vastgesteld (Rv art. 475da lid 4); die factoren staan niet in onze tabellen. Binnenlandse "
            "beslagstappen zijn bovendien niet mogelijk bij een debiteur in het buitenland.",
        )
    if invoer.woonkostenverzoek_toegekend and adres is not Adres.NL:
        raise OngeldigeInvoer("woonkosten", "Een woonkostenverhoging kan alleen bij een adres in Nederland.")

    meldingen: list[str] = []
    gebruikt: set[str] = set()
    termen = _basis(invoer, tabellen, meldingen, gebruikt)
    basis = sum((t.bedrag for t in termen), NUL)
    bvv = basis

    # 475db lid 1 a: the spouse's non-garnished income reduces the BVV of 475da, by at most half. The half is
    # taken of the lid 1–4 amount; the part of the spouse's income left after that deduction is what lid 5's
    # last sentence looks at when the housing costs are raised (see README, Choices).
    partner_aftrek = NUL
    if invoer.partner_inkomen:
        halve = rond_af(basis / 2)
        partner_aftrek = min(rond_af(invoer.partner_inkomen), halve)

    if invoer.woonkostenverzoek_toegekend:
        if invoer.woonkosten is None:
            raise OngeldigeInvoer("woonkosten", "Vul de woonkosten per maand in.")
        if tabellen.rekenhuur is None:
            raise OngeldigeInvoer("datum", "Voor deze datum is geen rekenhuur bekend.")
        gebruikt.add("rekenhuur")
        drempel = rond_af(tabellen.rekenhuur * HUISVESTING_MARGE)
        verhoging = max(NUL, rond_af(invoer.woonkosten - drempel))
        toelichting = f"{invoer.woonkosten} − ({tabellen.rekenhuur} × 1,10 = {drempel}) = {verhoging}"
        if huishouden.met_partner and verhoging and invoer.partner_inkomen:
            # Lid 5, last sentence: for a married debtor only as far as the spouse's non-garnished income is not
            # enough to pay the higher housing costs.
            rest = rond_af(invoer.partner_inkomen) - partner_aftrek
            gedekt = min(verhoging, rest)
            toelichting += (
                f"; partnerinkomen {invoer.partner_inkomen} − {partner_aftrek} (al afgetrokken, art. 475db) "
                f"= {rest} betaalt {gedekt} daarvan"
            )
            verhoging -= gedekt
        termen.append(
            BvvTerm(
                "Verhoging woonkosten boven rekenhuur + 10%",
                "Rv art. 475da lid 5–6",
                verhoging,
                niet_bevestigd=tabellen.rekenhuur_verifieren,
                toelichting=toelichting,
            )
        )
        bvv += verhoging

    if partner_aftrek:
        termen.append(
            BvvTerm(
                "Vermindering met het niet-beslagen inkomen van de partner (ten hoogste de helft)",
                "Rv art. 475db",
                -partner_aftrek,
                toelichting=f"min({invoer.partner_inkomen}, helft van {basis} = {rond_af(basis / 2)})",
            )
        )
        bvv -= partner_aftrek
    if invoer.eigen_overig_inkomen:
        vermindering = min(rond_af(invoer.eigen_overig_inkomen), bvv)
        termen.append(
            BvvTerm("Vermindering met het eigen niet-beslagen inkomen", "Rv art. 475db", -vermindering)
        )
        bvv -= vermindering

    inkomen: Decimal | None = None
    if invoer.netto_inkomen is not None:
        inkomen = rond_af(invoer.netto_inkomen)
        if not invoer.vakantiegeld_inbegrepen:
            bijslag = rond_af(inkomen * VAKANTIEBIJSLAG)
            inkomen += bijslag
            meldingen.append(
                f"Vakantiegeld niet inbegrepen: 8% ({bijslag}) opgeteld (art. 15 Wml, minimum; niet bevestigd)."
            )
        grens = rond_af(inkomen * INKOMENSGRENS)
        if bvv > grens:
            termen.append(
                BvvTerm(
                    "Begrenzing op 95% van het inkomen inclusief vakantiegeld",
                    "Rv art. 475dc lid 1",
                    grens - bvv,
                    niet_bevestigd=not invoer.vakantiegeld_inbegrepen,
                    toelichting=f"{inkomen} × 0,95 = {grens}",
                )
            )
            bvv = grens
    bvv = max(NUL, rond_af(bvv))
    ruimte = max(NUL, inkomen - bvv) if inkomen is not None else None
    return BvvUitkomst(
        beslagvrije_voet=bvv,
        inkomen_incl_vakantiegeld=inkomen,
        beslagruimte=ruimte,
        termen=tuple(termen),
        geldig_tot=geldig_tot(invoer.datum),
        meldingen=tuple(meldingen),
        onbevestigd=tuple(bron for sleutel, bron in tabellen.onbevestigd if sleutel in gebruikt),
    )
