"""The deterministic plan of the demo: dossiers, their states and the moments they entered them, as plain data.

The plan is computed from `random.Random(seed)` and a reference day, so the same seed gives the same dossiers
(the test compares `plan_digest` with `db_digest` of what ``demo_schrijf`` wrote). It reads nothing from the
database; the one working-day date it needs (an intake's next action) comes from the calendar passed in.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from demo.namen import (
    ACHTERNAMEN,
    BANKEN,
    BERICHTEN_CLIENT,
    BERICHTEN_CM,
    BUITENLAND,
    DEMO_NAMEN,
    EENMALIG,
    KINDERNAMEN,
    NOTARISSEN,
    PLAATSEN,
    RECHTBANKEN,
    STRATEN,
    TAKEN,
    VOORNAMEN,
    VOORNAMEN_M,
    WERKGEVERS,
)
from dossiers.models import Dossier
from recht.kalender import Kalender

STATUS_PAD = {
    "intake": ["intake"],
    "geweigerd": ["intake", "geweigerd"],
    "actief": ["intake", "actief"],
    "regeling": ["intake", "actief", "regeling"],
    "deurwaarder": ["intake", "actief", "deurwaarder"],
    "beslag": ["intake", "actief", "deurwaarder", "beslag"],
    "opgeschort": ["intake", "actief", "opgeschort"],
    "gesloten": ["intake", "actief", "regeling", "gesloten"],
}
ALLE_STATUSSEN = list(STATUS_PAD)
# Weights for the states after the first eight (which cover every state once).
STATUS_GEWICHT = {
    "intake": 8,
    "actief": 30,
    "regeling": 18,
    "deurwaarder": 10,
    "beslag": 10,
    "opgeschort": 4,
    "gesloten": 15,
    "geweigerd": 5,
}
VOLGENDE_ACTIE = {
    "intake": "Opdracht beoordelen",
    "actief": "Reactie op aanmaning controleren",
    "regeling": "Betaling van de regeling controleren",
    "deurwaarder": "Voortgang formeel bevel nagaan bij deurwaarder",
    "beslag": "Afdracht loonbeslag controleren",
    "opgeschort": "Opschorting loopt af: dossier hervatten",
}


@dataclass
class DemoDossier:
    index: int
    status: str
    client_sleutel: str  # "user:<email>" for a demo client, else "nieuw:<n>"
    client: dict
    debiteur: dict
    titel: dict
    verplichtingen: list[dict]
    eenmalig: list[dict]
    ontvangen_op: datetime
    kanaal: str
    casemanager_index: int | None
    volgende_actie: str
    volgende_actie_datum: date | None
    laatste_gebeurtenis_op: datetime
    opgeschort_tot: date | None
    status_reden: str
    tijdlijn: list[tuple[str, datetime, str, bool]] = field(default_factory=list)
    taken: list[tuple[str, date]] = field(default_factory=list)
    berichten: list[tuple[bool, str, datetime, bool]] = field(
        default_factory=list
    )  # van_client, tekst, op, gelezen
    momenten: dict[str, datetime] = field(default_factory=dict)  # state → when the dossier entered it
    stagnant: bool = False  # nothing happened for 16–45 days (the work queue shows it)


def _centen(aantal: int) -> Decimal:
    """An amount in euros with exactly two decimals from a number of cents (68050 -> 680.50)."""
    return Decimal(aantal).scaleb(-2)


def _iban(rng: random.Random) -> str:
    """A valid Dutch IBAN; the same string ``schwifty.IBAN.generate`` makes, at a fraction of the cost."""
    bban = f"{rng.choice(BANKEN)}{rng.randrange(10**9):010d}"
    getal = int("".join(str(int(c, 36)) for c in bban + "NL00"))
    return f"NL{98 - getal % 97:02d}{bban}"


def _persoon(rng: random.Random, vrouw: bool) -> str:
    return f"{rng.choice(VOORNAMEN if vrouw else VOORNAMEN_M)} {rng.choice(ACHTERNAMEN)}"


def _nl_adres(rng: random.Random) -> dict:
    plaats, pc = rng.choice(PLAATSEN)
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(2))
    return {
        "straat": f"{rng.choice(STRATEN)} {rng.randint(1, 180)}{rng.choice(['', '', '', 'a', 'b', '-2'])}",
        "postcode": f"{pc}{rng.randint(10, 99)} {letters}",
        "woonplaats": plaats,
        "land": "NL",
    }


def _op(d: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(rng.randint(8, 19), rng.choice([0, 12, 23, 37, 48]))))


def _maand_begin(d: date) -> date:
    return d.replace(day=1)


def demo_plan(
    *, aantal: int, seed: int, vandaag: date, kalender: Kalender | None = None
) -> list[DemoDossier]:
    """The demo dossiers as plain data; the same (aantal, seed, vandaag, kalender) always gives the same plan.

    ``seed_demo`` passes ``tarieven.selectors.kalender()``; without one the plan counts the Atw days only,
    so it can be made without a database (the tests compare plans that way)."""
    kalender = kalender or Kalender()
    rng = random.Random(seed)
    plan = []
    clients_gezien: dict[str, dict] = {}
    gewichten = [STATUS_GEWICHT[s] for s in ALLE_STATUSSEN]
    for i in range(aantal):
        if i < 3:  # client@demo.nlai.nl: three dossiers in different states
            status, client_sleutel = ["actief", "regeling", "intake"][i], "user:client@demo.nlai.nl"
        elif i < 5:  # client2@demo.nlai.nl: two
            status, client_sleutel = ["deurwaarder", "gesloten"][i - 3], "user:client2@demo.nlai.nl"
        else:
            status = (
                ALLE_STATUSSEN[i - 5]
                if i - 5 < len(ALLE_STATUSSEN)
                else rng.choices(ALLE_STATUSSEN, gewichten)[0]
            )
            # About one in eight clients has a second dossier (another ex-partner or a second order).
            client_sleutel = f"nieuw:{i - 1 if i > 6 and rng.random() < 0.12 else i}"
        vrouw = rng.random() < 0.85
        client_naam = DEMO_NAMEN.get(client_sleutel[5:]) or _persoon(rng, vrouw)
        client = {"naam": client_naam, **_nl_adres(rng), "telefoon": f"06-{rng.randint(10000000, 99999999)}"}
        client["email"] = (
            client_sleutel[5:]
            if client_sleutel.startswith("user:")
            else f"{client_naam.lower().replace(' ', '.')}.{i}@example.nl"
        )
        client["uitbetaal_iban"] = _iban(rng)
        client["uitbetaal_tenaamstelling"] = client_naam
        # A client with more than one dossier is the same person on each.
        client = clients_gezien.setdefault(client_sleutel, client)

        buitenland = rng.random() < 0.08
        debiteur_naam = _persoon(rng, not vrouw)
        if buitenland:
            land, plaats, pc, straat = rng.choice(BUITENLAND)
            adres = {
                "straat": f"{straat} {rng.randint(1, 90)}",
                "postcode": pc,
                "woonplaats": plaats,
                "land": land,
            }
        else:
            adres = _nl_adres(rng)
        adres_onbekend = not buitenland and rng.random() < 0.04
        if adres_onbekend:
            adres = {"straat": "", "postcode": "", "woonplaats": "", "land": "NL"}
        debiteur = {
            "naam": debiteur_naam,
            "geboortedatum": date(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28)),
            **adres,
            "adres_onbekend": adres_onbekend,
            "telefoon": f"06-{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else "",
            "email": f"{debiteur_naam.lower().replace(' ', '')}@example.com" if rng.random() < 0.4 else "",
            "werkgever": rng.choice(WERKGEVERS) if rng.random() < 0.55 else "",
            "iban": _iban(rng) if rng.random() < 0.35 else "",
        }

        # Obligation starts up to 5 years back; the order arrives later (up to a few weeks ago for open ones).
        start = _maand_begin(vandaag - timedelta(days=rng.randint(90, 5 * 365 - 40)))
        vastgesteld = start - timedelta(days=rng.randint(5, 60))
        if status == "intake":
            ontvangen = vandaag - timedelta(days=rng.choice([0, 0, 1, 2, 3]))
        else:
            ontvangen = vandaag - timedelta(days=rng.randint(14, max(15, min(900, (vandaag - start).days))))
        ontvangen_op = _op(ontvangen, rng)

        soort_titel = rng.choices(
            ["beschikking", "vonnis", "notariele_akte", "arbitraal_buitenlands", "geen"], [62, 6, 8, 2, 22]
        )[0]
        titel = {
            "soort": soort_titel,
            "datum": None,
            "instantie": "",
            "zaaknummer": "",
            "indexering_uitgesloten": False,
        }
        if soort_titel != "geen":
            titel |= {
                "datum": vastgesteld,
                "instantie": rng.choice(NOTARISSEN if soort_titel == "notariele_akte" else RECHTBANKEN),
                "zaaknummer": f"C/{rng.randint(10, 19):02d}/{rng.randint(100000, 999999)} / FA RK "
                f"{vastgesteld.year % 100}-{rng.randint(100, 9999)}",
                "indexering_uitgesloten": rng.random() < 0.07,
            }

        verplichtingen = []
        partner = rng.random() < 0.3
        kinderen = (
            rng.choices([0, 1, 2, 3], [0 if not partner else 30, 45, 35, 10])[0]
            if partner
            else rng.choices([1, 2, 3], [45, 40, 15])[0]
        )
        vervaldag = rng.choice([1, 1, 1, 1, 15, 28])
        for _k in range(kinderen):
            geboren = date(
                rng.randint(max(2006, start.year - 17), min(2024, start.year)),
                rng.randint(1, 12),
                rng.randint(1, 28),
            )
            eind = geboren.replace(year=geboren.year + (18 if rng.random() < 0.8 else 21))
            verplichtingen.append(
                {
                    "soort": "kinderalimentatie",
                    "kind_naam": rng.choice(KINDERNAMEN),
                    "kind_geboortedatum": geboren,
                    "bedrag": _centen(rng.randint(15000, 65000)),
                    "vervaldag": vervaldag,
                    "vastgesteld_op": vastgesteld,
                    "ingangsdatum": max(start, geboren),
                    "einddatum": max(eind, max(start, geboren)),
                    "indexeren": not titel["indexering_uitgesloten"],
                }
            )
        if partner:
            verplichtingen.append(
                {
                    "soort": "partneralimentatie",
                    "kind_naam": "",
                    "kind_geboortedatum": None,
                    "bedrag": _centen(rng.randint(300, 1499) * 100 + rng.choice([0, 0, 50, 25])),
                    "vervaldag": vervaldag,
                    "vastgesteld_op": vastgesteld,
                    "ingangsdatum": start,
                    "einddatum": start.replace(year=start.year + 5) if rng.random() < 0.5 else None,
                    "indexeren": not titel["indexering_uitgesloten"],
                }
            )
        eenmalig = []
        if rng.random() < 0.15:
            omschrijving, laag, hoog = rng.choice(EENMALIG)
            eenmalig.append(
                {
                    "datum": start + timedelta(days=rng.randint(0, max(1, (ontvangen - start).days - 1))),
                    "bedrag": _centen(rng.randint(laag * 100, hoog * 100)),
                    "omschrijving": omschrijving,
                }
            )

        # Timeline, next action, stagnation.
        tijdlijn = [("opdracht", ontvangen_op, "Opdracht ontvangen via het portaal.", False)]
        casemanager_index = None if status == "intake" else rng.randrange(2)
        pad = STATUS_PAD[status]
        stagnant = status in ("actief", "regeling", "deurwaarder", "beslag") and rng.random() < 0.15
        eind_moment = _op(
            vandaag - timedelta(days=rng.randint(16, 45) if stagnant else rng.randint(0, 9)), rng
        )
        # Accepted (or refused) within a working day or so; later steps spread until the last event.
        beoordeeld = min(ontvangen_op + timedelta(hours=rng.randint(2, 30)), max(eind_moment, ontvangen_op))
        if status == "intake":
            eind_moment = ontvangen_op
        latere = pad[2:]
        momenten = {"intake": ontvangen_op}
        for van, naar in zip(pad, pad[1:], strict=False):
            if naar in ("actief", "geweigerd"):
                moment = beoordeeld
            else:
                moment = beoordeeld + (eind_moment - beoordeeld) * (latere.index(naar) + 1) / (
                    len(latere) + 1
                )
            momenten[naar] = moment
            if naar == "actief":
                tijdlijn.append(("acceptatie", moment, "Opdracht geaccepteerd.", False))
                tijdlijn.append(
                    (
                        "brief",
                        moment + timedelta(hours=1),
                        "Eerste aanmaning verstuurd per e-mail en post.",
                        False,
                    )
                )
            elif naar == "geweigerd":
                tijdlijn.append(
                    (
                        "weigering",
                        moment,
                        "Opdracht geweigerd: geen alimentatieverplichting aangetoond.",
                        False,
                    )
                )
            else:
                tijdlijn.append(("status", moment, f"Status gewijzigd van {van} naar {naar}.", False))
        if status not in ("intake", "geweigerd"):
            laatste_tekst = rng.choice(
                [
                    ("telefoon", "Telefoongesprek met debiteur: belooft voor de 1e te betalen.", True),
                    ("betaling", "Betaling ontvangen van de debiteur.", False),
                    ("brief", "Herinnering verstuurd aan de debiteur.", False),
                    ("notitie", "Werkgever debiteur nagevraagd bij cliënt.", True),
                ]
            )
            tijdlijn.append(
                (laatste_tekst[0], max(eind_moment, beoordeeld + timedelta(hours=2)), *laatste_tekst[1:])
            )
        laatste = max(t[1] for t in tijdlijn)

        open_ = status not in ("gesloten", "geweigerd")
        opgeschort_tot = vandaag + timedelta(days=rng.randint(10, 60)) if status == "opgeschort" else None
        if status == "intake":
            actie_datum = kalender.werkdagen_na(ontvangen, 1)
        elif status == "opgeschort":
            actie_datum = opgeschort_tot
        elif open_:
            actie_datum = vandaag + timedelta(days=rng.choice([-12, -5, -2, -1, 0, 0, 2, 4, 7, 10, 14, 21]))
        else:
            actie_datum = None
        reden = {
            "gesloten": "Achterstand volledig betaald en zes maanden regelmatig betaald.",
            "geweigerd": "Geen alimentatieverplichting aangetoond.",
            "opgeschort": "Debiteur in schuldsanering; wachten op beslissing rechter.",
        }.get(status, "")

        d = DemoDossier(
            index=i,
            status=status,
            client_sleutel=client_sleutel,
            client=client,
            debiteur=debiteur,
            titel=titel,
            verplichtingen=verplichtingen,
            eenmalig=eenmalig,
            ontvangen_op=ontvangen_op,
            kanaal="telefoon" if rng.random() < 0.1 else "portaal",
            casemanager_index=casemanager_index,
            volgende_actie=VOLGENDE_ACTIE.get(status, "") if open_ else "",
            volgende_actie_datum=actie_datum,
            laatste_gebeurtenis_op=laatste,
            opgeschort_tot=opgeschort_tot,
            status_reden=reden,
            tijdlijn=tijdlijn,
            momenten=momenten,
            stagnant=stagnant,
        )
        if open_ and status != "intake" and rng.random() < 0.3:
            d.taken.append((rng.choice(TAKEN), vandaag + timedelta(days=rng.randint(-5, 10))))
        if status not in ("intake", "geweigerd") and rng.random() < 0.25:
            op = _op(vandaag - timedelta(days=rng.randint(0, 6)), rng)
            d.berichten.append((True, rng.choice(BERICHTEN_CLIENT), op, rng.random() < 0.4))
            if rng.random() < 0.5:
                d.berichten.append((False, rng.choice(BERICHTEN_CM), op + timedelta(hours=5), True))
        plan.append(d)
    return plan


def plan_digest(plan: list[DemoDossier]) -> str:
    """A digest of what the demo data says (names, states, amounts, dates), independent of database ids."""
    h = hashlib.sha256()
    for d in plan:
        h.update(
            repr(
                (
                    d.status,
                    d.client["naam"],
                    d.client["uitbetaal_iban"],
                    d.debiteur["naam"],
                    d.debiteur["land"],
                    d.titel["soort"],
                    [(v["soort"], str(v["bedrag"]), v["ingangsdatum"]) for v in d.verplichtingen],
                    [(e["omschrijving"], str(e["bedrag"])) for e in d.eenmalig],
                    d.volgende_actie,
                    d.volgende_actie_datum,
                )
            ).encode()
        )
    return h.hexdigest()


def db_digest() -> str:
    """The same digest computed from the database (dossiers in creation order, as in the plan)."""
    h = hashlib.sha256()
    qs = (
        Dossier.objects.select_related("client", "debiteur")
        .prefetch_related("titels", "verplichtingen", "eenmalige_vorderingen")
        .order_by("pk")
    )
    for d in qs:
        h.update(
            repr(
                (
                    d.status,
                    d.client.naam,
                    d.client.uitbetaal_iban,
                    d.debiteur.naam,
                    d.debiteur.land,
                    d.titels.all()[0].soort,
                    [(v.soort, str(v.bedrag), v.ingangsdatum) for v in d.verplichtingen.all()],
                    [(e.omschrijving, str(e.bedrag)) for e in d.eenmalige_vorderingen.all()],
                    d.volgende_actie,
                    d.volgende_actie_datum,
                )
            ).encode()
        )
    return h.hexdigest()
