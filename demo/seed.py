"""Deterministic demo data: a pure plan (`demo_plan`) and a bulk writer (`demo_schrijf`).

The plan is plain data computed from `random.Random(seed)` and a reference day, so the same seed gives
the same dossiers (the test compares digests). The writer adds each dossier's history after acceptance
(`Verloopschrijver`): receipts booked in the ledger exactly as `inning.services` books them (allocation per
art. 6:43/6:44 BW, commission from the tariff table; `demo.geld`), letters (`demo.brieven`), payment
arrangements on dossiers in `regeling` (kept, or fulfilled on `gesloten` ones), and bailiff tracks with costs
and garnishments on `deurwaarder`/`beslag` dossiers (`demo.beslag`). Each dossier's history draws from its own
`Random(seed, index)`, so it is the same for the same seed whatever else is loaded.

Rows go to the database with COPY on PostgreSQL (executemany on SQLite) in blocks of `BLOK` dossiers, one
transaction each, with a fixed number of statements per block (issue 8: 100,000 dossiers in minutes).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from time import perf_counter

from django.db import transaction
from django.utils import timezone

VOORNAMEN = [
    "Sanne",
    "Lotte",
    "Emma",
    "Sophie",
    "Anouk",
    "Fleur",
    "Iris",
    "Eva",
    "Lisa",
    "Noor",
    "Fatima",
    "Yasmina",
    "Mila",
    "Julia",
    "Sara",
    "Femke",
    "Ilse",
    "Marieke",
    "Esther",
    "Nadia",
    "Priya",
    "Aylin",
    "Chantal",
    "Ingrid",
]
VOORNAMEN_M = [
    "Mark",
    "Jeroen",
    "Bas",
    "Thomas",
    "Daan",
    "Rik",
    "Sander",
    "Mohammed",
    "Kevin",
    "Stefan",
    "Dennis",
    "Erik",
    "Jasper",
    "Niels",
    "Youssef",
    "Ahmet",
    "Ruben",
    "Tim",
    "Martijn",
    "Pieter",
    "Wouter",
    "Frank",
    "Hans",
    "Rachid",
]
ACHTERNAMEN = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "van Dam",
    "Yilmaz",
    "El Amrani",
    "Bouzid",
    "Kaya",
    "Ramdin",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "Postma",
    "Willems",
]
KINDERNAMEN = [
    "Emma",
    "Julia",
    "Tess",
    "Zoë",
    "Noah",
    "Liam",
    "Luca",
    "Sem",
    "Daan",
    "Mila",
    "Saar",
    "Finn",
    "Levi",
    "Nina",
    "Yara",
    "Adam",
    "Lina",
    "Milan",
    "Sophie",
    "Jesse",
    "Amira",
    "Bram",
    "Lieke",
    "Ryan",
]
STRATEN = [
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Stationsweg",
    "Schoolstraat",
    "Julianastraat",
    "Beatrixlaan",
    "Wilhelminastraat",
    "Lindenlaan",
    "Eikenlaan",
    "Prinses Irenestraat",
    "Kastanjelaan",
    "Industrieweg",
    "Marktplein",
    "Havenstraat",
    "Spoorlaan",
    "Meidoornstraat",
    "Rozengracht",
    "Parallelweg",
    "Tulpstraat",
]
PLAATSEN = [
    ("Amsterdam", "10"),
    ("Rotterdam", "30"),
    ("Den Haag", "25"),
    ("Utrecht", "35"),
    ("Eindhoven", "56"),
    ("Groningen", "97"),
    ("Tilburg", "50"),
    ("Almere", "13"),
    ("Breda", "48"),
    ("Nijmegen", "65"),
    ("Apeldoorn", "73"),
    ("Haarlem", "20"),
    ("Arnhem", "68"),
    ("Enschede", "75"),
    ("Amersfoort", "38"),
    ("Zwolle", "80"),
    ("Leeuwarden", "89"),
    ("Maastricht", "62"),
    ("Dordrecht", "33"),
    ("Leiden", "23"),
]
BUITENLAND = [
    ("BE", "Antwerpen", "2000", "Meir"),
    ("BE", "Gent", "9000", "Veldstraat"),
    ("DE", "Düsseldorf", "40210", "Königsallee"),
    ("DE", "Keulen", "50667", "Hohe Straße"),
    ("ES", "Málaga", "29001", "Calle Larios"),
    ("PL", "Wrocław", "50-001", "ul. Świdnicka"),
    ("TR", "Izmir", "35210", "Kıbrıs Şehitleri Cd."),
    ("MA", "Tanger", "90000", "Boulevard Pasteur"),
    ("GB", "Londen", "E1 6AN", "Commercial Street"),
]
WERKGEVERS = [
    "Albert Heijn B.V.",
    "PostNL",
    "Gemeente Rotterdam",
    "UWV (WW-uitkering)",
    "SVB",
    "Bouwbedrijf Van Wijk B.V.",
    "Philips",
    "Transportbedrijf De Haan",
    "Randstad",
    "Rabobank",
    "Zorggroep Noord",
    "ASML",
    "Coolblue",
]
RECHTBANKEN = [
    "Rechtbank Amsterdam",
    "Rechtbank Rotterdam",
    "Rechtbank Den Haag",
    "Rechtbank Midden-Nederland",
    "Rechtbank Oost-Brabant",
    "Rechtbank Noord-Nederland",
    "Rechtbank Gelderland",
    "Rechtbank Overijssel",
    "Rechtbank Limburg",
    "Rechtbank Zeeland-West-Brabant",
    "Rechtbank Noord-Holland",
]
NOTARISSEN = ["Notariskantoor De Kroon, Utrecht", "Notaris Mr. A. Verbeek, Haarlem", "Van Doorne Notarissen"]
EENMALIG = [
    ("Schoolkosten", 150, 600),
    ("Beugel orthodontist", 900, 2800),
    ("Schoolreis", 120, 450),
    ("Zwemlessen", 200, 500),
    ("Laptop voor school", 400, 900),
    ("Achterstallige bijdrage verhuizing", 500, 1500),
]
BANKEN = ["ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ"]

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
TAKEN = [
    "Werkgever debiteur opvragen",
    "BRP-adres laten controleren",
    "Cliënt terugbellen over regeling",
    "Stukken titel opvragen bij cliënt",
    "Rappel sturen aan werkgever",
    "Verklaring derdebeslag controleren",
]
BERICHTEN_CLIENT = [
    "Is er al iets betaald deze maand?",
    "Mijn ex-partner zegt dat hij heeft betaald, klopt dat?",
    "Ik heb een nieuw rekeningnummer, hoe geef ik dat door?",
    "Wanneer gaat de deurwaarder langs?",
    "Hij heeft mij gisteren rechtstreeks € 200 betaald.",
    "Kunt u mij bellen over de regeling?",
]
BERICHTEN_CM = [
    "De eerste aanmaning is verstuurd; de debiteur heeft 5 dagen om te betalen.",
    "De debiteur heeft een betalingsregeling voorgesteld. Wilt u die in het portaal beoordelen?",
    "De deurwaarder heeft het formeel bevel betekend.",
]


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


def demo_plan(*, aantal: int, seed: int, vandaag: date) -> list[DemoDossier]:
    """The demo dossiers as plain data; the same (aantal, seed, vandaag) always gives the same plan."""
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
            from recht.kalender import werkdagen_na

            actie_datum = werkdagen_na(ontvangen, 1)
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
    from dossiers.models import Dossier

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


BATCH = 2000
DEMO_NAMEN = {"client@demo.nlai.nl": "Sanne Visser", "client2@demo.nlai.nl": "Mark de Jong"}
# Dossiers per transaction: each block commits balanced books on its own, so memory (and PostgreSQL's
# queue of deferred constraint checks) stays flat in N.
BLOK = 5000


# --- The bulk writer -------------------------------------------------------------------------------------


class Bulk:
    """Rows per table, written with COPY on PostgreSQL (executemany elsewhere), ids handed out up front.

    Handing out ids before writing lets rows refer to each other (a receipt to its journal entry and the
    entry's key to the receipt's id) without a round trip per row; the foreign keys are DEFERRABLE INITIALLY
    DEFERRED, so the order of the tables does not matter within a transaction. On PostgreSQL the ids come
    from the table's own sequence (``nextval`` for a block at a time), so later inserts by the application
    never collide with them."""

    ID_BLOK = 20000

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        self.rijen: dict = {}
        self.kolommen: dict = {}
        self.vrij: dict = {}
        self.telling: dict[str, int] = {}
        self.seconden: dict[str, float] = {}
        self.nu = timezone.now()
        self.sjablonen: dict = {}
        self.bereik: dict = {}  # model → (lowest, highest) id written in this block
        # PostgreSQL checks every foreign key and the journal's balance with a deferred trigger PER ROW at
        # commit: for millions of rows that is most of the time. A superuser may switch row triggers off for
        # the block (session_replication_role = replica, as pg_restore --disable-triggers does) and
        # ``controleer`` then runs the same checks set-based before the commit. Otherwise the triggers run.
        self.snel = False
        if self.pg:
            with connection.cursor() as c:
                c.execute("SELECT current_setting('is_superuser')")
                self.snel = c.fetchone()[0] == "on"

    # ids
    def nieuw_id(self, model) -> int:
        vrij = self.vrij.get(model)
        if not vrij:
            vrij = self.vrij[model] = self._reserveer(model)
        return vrij.pop()

    def _reserveer(self, model) -> list[int]:
        tabel = model._meta.db_table
        with self.connection.cursor() as c:
            if self.pg:
                # One statement for a whole block: nextval, then move the sequence past the block. A
                # concurrent insert in the microseconds between would collide on the primary key and fail
                # loudly, never silently; seeding is not meant to run beside live traffic anyway.
                c.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                    [tabel, tabel, self.ID_BLOK],
                )
                laatste = c.fetchone()[0]
                ids = list(range(laatste - self.ID_BLOK + 1, laatste + 1))
            else:
                hoogste = max([0, *(r[0] for r in self.rijen.get(model, ()))])  # not yet written
                c.execute(f'SELECT MAX(id) FROM "{tabel}"')  # noqa: S608 - our own table name
                start = max(c.fetchone()[0] or 0, hoogste, getattr(self, "_sqlite_" + tabel, 0)) + 1
                ids = list(range(start, start + self.ID_BLOK))
                setattr(self, "_sqlite_" + tabel, start + self.ID_BLOK - 1)
        ids.reverse()  # pop() hands them out in ascending order
        return ids

    # rows
    def _velden(self, model):
        velden = self.kolommen.get(model)
        if velden is None:
            velden = self.kolommen[model] = [f for f in model._meta.concrete_fields]
        return velden

    def _standaard(self, f):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.nu
        if f.has_default():
            return f.get_default()
        if f.null:
            return None
        if f.get_internal_type() in ("CharField", "TextField", "EmailField"):
            return ""
        return None  # required: the caller gives it, or the database's NOT NULL refuses the row

    def rij(self, model, **waarden) -> int:
        """Queue one row (``id`` is handed out when not given); returns its id."""
        sjabloon = self.sjablonen.get(model)
        if sjabloon is None:
            velden = self._velden(model)
            plek = {f.attname: i for i, f in enumerate(velden)}
            standaard = [None if f.primary_key else self._standaard(f) for f in velden]
            sjabloon = self.sjablonen[model] = (plek, standaard, plek["id"])
        plek, standaard, id_plek = sjabloon
        rij = standaard.copy()
        for naam, waarde in waarden.items():
            rij[plek[naam]] = waarde
        pk = rij[id_plek]
        if pk is None:
            pk = rij[id_plek] = self.nieuw_id(model)
        self.rijen.setdefault(model, []).append(rij)
        return pk

    def kolommen_van(self, model) -> list[str]:
        return [f.attname for f in self._velden(model)]

    def rij_vast(self, model, rij: list) -> None:
        """Queue a complete row in column order (``kolommen_van``) with its id: the hot path for the
        millions of journal lines, without keyword handling."""
        self.rijen.setdefault(model, []).append(rij)

    def objecten(self, model, objs: list) -> list:
        """Queue Django instances (ids assigned now, so later instances can point at them)."""
        velden = self._velden(model)
        lijst = self.rijen.setdefault(model, [])
        for obj in objs:
            if obj.pk is None:
                obj.pk = self.nieuw_id(model)
            obj._state.adding = False
            obj._state.db = "default"
            rij = []
            for f in velden:
                waarde = getattr(obj, f.attname)
                if waarde is None and (getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)):
                    waarde = self.nu
                    setattr(obj, f.attname, waarde)
                rij.append(waarde)
            lijst.append(tuple(rij))
        return objs

    def schrijf(self) -> None:
        """Write every queued row (one COPY or executemany per table)."""
        t0 = perf_counter()
        self._schrijf()
        self.seconden["schrijven"] = self.seconden.get("schrijven", 0.0) + perf_counter() - t0

    def _schrijf(self) -> None:
        for model, rijen in self.rijen.items():
            if not rijen:
                continue
            velden = self._velden(model)
            tabel = model._meta.db_table
            kolommen = ", ".join(f'"{f.column}"' for f in velden)
            json = [i for i, f in enumerate(velden) if f.get_internal_type() == "JSONField"]
            if self.pg:
                if json:
                    rijen = [self._adapteer(r, velden, json) for r in rijen]
                with (
                    self.connection.cursor() as c,
                    c.cursor.copy(f'COPY "{tabel}" ({kolommen}) FROM STDIN') as copy,
                ):
                    for r in rijen:
                        copy.write_row(r)
            else:
                alle = range(len(velden))
                rijen = [self._adapteer(r, velden, alle) for r in rijen]
                plekken = ", ".join(["%s"] * len(velden))
                with self.connection.cursor() as c:
                    c.executemany(f'INSERT INTO "{tabel}" ({kolommen}) VALUES ({plekken})', rijen)  # noqa: S608
            naam = model.__name__
            self.telling[naam] = self.telling.get(naam, 0) + len(rijen)
            pk = next(i for i, f in enumerate(velden) if f.primary_key)
            ids = [r[pk] for r in rijen]
            laag, hoog = self.bereik.get(model, (min(ids), max(ids)))
            self.bereik[model] = (min(laag, *ids), max(hoog, *ids))
        self.rijen = {}

    def controleer(self) -> None:
        """What the skipped row triggers check, set-based over the rows of this block: every foreign key
        points at an existing row, and every journal entry has at least two lines that sum to zero."""
        from inning.models import Journaalpost

        fouten = []
        with self.connection.cursor() as c:
            for model, (laag, hoog) in self.bereik.items():
                tabel = model._meta.db_table
                for f in model._meta.concrete_fields:
                    if not f.is_relation:
                        continue
                    doel = f.related_model._meta
                    c.execute(
                        f'SELECT c."id" FROM "{tabel}" c WHERE c."id" BETWEEN %s AND %s '  # noqa: S608
                        f'AND c."{f.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "{doel.db_table}" p '
                        f'WHERE p."{doel.pk.column}" = c."{f.column}") LIMIT 1',
                        [laag, hoog],
                    )
                    if c.fetchone():
                        fouten.append(f"{tabel}.{f.column}")
            if Journaalpost in self.bereik:
                laag, hoog = self.bereik[Journaalpost]
                c.execute(
                    "SELECT p.id FROM inning_journaalpost p LEFT JOIN inning_journaalregel r ON r.post_id = p.id "
                    "WHERE p.id BETWEEN %s AND %s GROUP BY p.id "
                    "HAVING COALESCE(SUM(r.bedrag), 0) <> 0 OR COUNT(r.id) < 2 LIMIT 1",
                    [laag, hoog],
                )
                rij = c.fetchone()
                if rij:
                    fouten.append(f"journaalpost {rij[0]} niet in balans")
        self.bereik = {}
        if fouten:
            raise RuntimeError(f"Demodata niet consistent: {', '.join(fouten)}")

    def _adapteer(self, rij, velden, welke):
        rij = list(rij)
        for i in welke:
            rij[i] = velden[i].get_db_prep_save(rij[i], connection=self.connection)
        return tuple(rij)


def demo_schrijf(
    *,
    plan: list[DemoDossier],
    casemanagers: list,
    client_users: dict,
    seed: int = 1,
    vandaag: date | None = None,
    voortgang=None,
) -> dict[str, int]:
    """Write the plan and its history (money, letters, arrangements, bailiff tracks) in blocks of ``BLOK``
    dossiers, one transaction each, with a fixed number of statements per block. Returns rows per model."""

    vandaag = vandaag or timezone.localdate()
    w = Bulk()
    verloop = Verloopschrijver(w, seed=seed, vandaag=vandaag, casemanagers=casemanagers)
    clients: dict[str, object] = {}
    laatste_nummer: dict[int, int] = {}
    for start in range(0, len(plan), BLOK):
        t0 = perf_counter()
        with transaction.atomic():
            if w.pg:
                with w.connection.cursor() as c:
                    c.execute("SET LOCAL synchronous_commit TO OFF")  # demo data: a crash means reseeding
                    if w.snel:
                        c.execute("SET LOCAL session_replication_role = replica")
            _blok_schrijf(
                w,
                plan[start : start + BLOK],
                casemanagers=casemanagers,
                client_users=client_users,
                clients=clients,
                laatste_nummer=laatste_nummer,
                verloop=verloop,
            )
            if w.pg and w.snel:
                tc = perf_counter()
                w.controleer()
                w.seconden["controle"] = w.seconden.get("controle", 0.0) + perf_counter() - tc
            t1 = perf_counter()
        # Committing runs PostgreSQL's deferred checks: the foreign keys and the journal's balance trigger.
        w.seconden["commit"] = w.seconden.get("commit", 0.0) + perf_counter() - t1
        w.seconden["blokken"] = w.seconden.get("blokken", 0.0) + perf_counter() - t0
        if voortgang is not None:
            voortgang(min(start + BLOK, len(plan)), len(plan), perf_counter() - t0)
    LAATSTE_SECONDEN.clear()
    LAATSTE_SECONDEN.update(w.seconden)
    return w.telling


# Where the last ``demo_schrijf`` spent its time (for the command's report).
LAATSTE_SECONDEN: dict[str, float] = {}


def _blok_schrijf(w: Bulk, plan, *, casemanagers, client_users, clients, laatste_nummer, verloop) -> None:
    from dossiers.models import (
        Bericht,
        Client,
        Debiteur,
        Dossier,
        EenmaligeVordering,
        Opdracht,
        StatusOvergang,
        Taak,
        TijdlijnGebeurtenis,
        Titel,
        Verplichting,
    )
    from dossiers.services import betaalkenmerk_maak

    # Clients: demo users keep one Client record; other keys are new clients.
    nieuw = []
    for d in plan:
        if d.client_sleutel in clients:
            continue
        if d.client_sleutel.startswith("user:"):
            user = client_users[d.client_sleutel[5:]]
            client = Client.objects.filter(user=user).first()
            if client is None:
                client = Client.objects.create(user=user, **d.client)
            clients[d.client_sleutel] = client
        else:
            client = Client(**d.client)
            clients[d.client_sleutel] = client
            nieuw.append(client)
    w.objecten(Client, nieuw)

    debiteuren = w.objecten(Debiteur, [Debiteur(**d.debiteur) for d in plan])

    # Numbers per year of receipt, after what already exists.
    dossiers = []
    for d, deb in zip(plan, debiteuren, strict=True):
        jaar = timezone.localtime(d.ontvangen_op).year
        if jaar not in laatste_nummer:
            bestaand = (
                Dossier.objects.filter(nummer__startswith=f"{jaar}-")
                .order_by("-nummer")
                .values_list("nummer", flat=True)
                .first()
            )
            laatste_nummer[jaar] = int(bestaand.split("-")[1]) if bestaand else 0
        laatste_nummer[jaar] += 1
        volg = laatste_nummer[jaar]
        gesloten = d.status in ("gesloten", "geweigerd")
        dossiers.append(
            Dossier(
                nummer=f"{jaar}-{volg:06d}",
                betaalkenmerk=betaalkenmerk_maak(volgnummer=int(f"{jaar}{volg:06d}")),
                client=clients[d.client_sleutel],
                debiteur=deb,
                status=d.status,
                casemanager=casemanagers[d.casemanager_index] if d.casemanager_index is not None else None,
                volgende_actie=d.volgende_actie,
                volgende_actie_datum=d.volgende_actie_datum,
                opgeschort_tot=d.opgeschort_tot,
                status_reden=d.status_reden,
                laatste_gebeurtenis_op=d.laatste_gebeurtenis_op,
                aangemaakt_op=d.ontvangen_op,
                gesloten_op=d.laatste_gebeurtenis_op if gesloten else None,
            )
        )
    # The dossier's history (money, letters, arrangement, bailiff) may end after the plan's last event.
    for d, dos in zip(plan, dossiers, strict=True):
        dos.pk = w.nieuw_id(Dossier)
        laatste = verloop.dossier(d, dos)
        if laatste is not None and laatste > dos.laatste_gebeurtenis_op and not d.stagnant:
            dos.laatste_gebeurtenis_op = laatste
    w.objecten(Dossier, dossiers)

    opdrachten, titels, overgangen, tijdlijn, taken, berichten = [], [], [], [], [], []
    for d, dos in zip(plan, dossiers, strict=True):
        beoordeeld = d.status != "intake"
        opdrachten.append(
            Opdracht(
                dossier=dos,
                ontvangen_op=d.ontvangen_op,
                kanaal=d.kanaal,
                voorwaarden_versie="2026-1",
                voorwaarden_geaccepteerd_op=d.ontvangen_op,
                beoordeeld_door=dos.casemanager if beoordeeld else None,
                beoordeeld_op=d.tijdlijn[1][1] if beoordeeld and len(d.tijdlijn) > 1 else None,
                weigerreden=d.status_reden if d.status == "geweigerd" else "",
            )
        )
        titels.append(Titel(dossier=dos, **d.titel))
        pad = STATUS_PAD[d.status]
        overgangen.extend(
            StatusOvergang(dossier=dos, van=van, naar=naar, door=dos.casemanager, op=d.momenten.get(naar))
            for van, naar in zip(["", *pad], pad, strict=False)
        )
        for n, (soort, op, tekst, intern) in enumerate(d.tijdlijn):
            tijdlijn.append(
                TijdlijnGebeurtenis(
                    dossier=dos,
                    soort=soort,
                    op=op,
                    tekst=tekst,
                    intern=intern,
                    actor=dos.casemanager if soort not in ("opdracht",) else None,
                    sleutel=f"demo:{n}",
                )
            )
        taken.extend(
            Taak(
                dossier=dos, omschrijving=o, deadline=dl, toegewezen_aan=dos.casemanager, sleutel=f"demo:{n}"
            )
            for n, (o, dl) in enumerate(d.taken)
        )
        for van_client, tekst, op, gelezen in d.berichten:
            # A client writes through the portal, so only clients with a portal account have messages.
            afzender = dos.client.user if van_client else dos.casemanager
            if afzender is None:
                continue
            berichten.append(
                Bericht(
                    dossier=dos,
                    afzender=afzender,
                    van_client=van_client,
                    tekst=tekst,
                    gelezen_op=op if gelezen else None,
                    verstuurd_op=op,
                )
            )
            tijdlijn.append(
                TijdlijnGebeurtenis(
                    dossier=dos,
                    soort="bericht",
                    op=op,
                    actor=afzender,
                    tekst=("Bericht van de cliënt: " if van_client else "Bericht van de casemanager: ")
                    + tekst,
                )
            )
    w.objecten(Opdracht, opdrachten)
    w.objecten(Titel, titels)
    titel_van = {t.dossier_id: t for t in titels}
    w.objecten(
        Verplichting,
        [
            Verplichting(dossier=dos, titel=titel_van[dos.pk], **v)
            for d, dos in zip(plan, dossiers, strict=True)
            for v in d.verplichtingen
        ],
    )
    w.objecten(
        EenmaligeVordering,
        [
            EenmaligeVordering(dossier=dos, **e)
            for d, dos in zip(plan, dossiers, strict=True)
            for e in d.eenmalig
        ],
    )
    w.objecten(StatusOvergang, overgangen)
    w.objecten(TijdlijnGebeurtenis, tijdlijn)
    w.objecten(Taak, taken)
    w.objecten(Bericht, berichten)
    verloop.rekeningen()
    w.schrijf()


# --- The history of each dossier -----------------------------------------------------------------------

PATRONEN = {  # how a debtor pays after the first reminder, with weights per state
    "actief": {"op_tijd": 22, "laat": 18, "deels": 20, "wisselend": 22, "geen": 18},
    "voor": {"deels": 30, "wisselend": 35, "geen": 35},  # before an arrangement, bailiff or suspension
}


def _rond5(bedrag) -> Decimal:
    """Down to whole multiples of 5 euro (what people transfer), at least 5."""
    return Decimal(max(5, int(bedrag) // 5 * 5)).quantize(Decimal("0.01"))


def _plus_maand(d: date, dag: int) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, dag)


class Verloopschrijver:
    """Per dossier: what happened after acceptance, in date order, so each receipt is allocated against the
    state the application would have seen. Randomness per dossier comes from its own ``Random`` (seed and
    plan index), so the history of dossier i does not depend on the others."""

    def __init__(self, w: Bulk, *, seed: int, vandaag: date, casemanagers: list) -> None:
        from django.conf import settings

        from demo.beslag import Beslagschrijver
        from demo.brieven import Incassoschrijver
        from demo.geld import Grootboekschrijver, provisie_tarieven
        from recht.kalender import werkdagen_na
        from tarieven.selectors import extra_niet_werkdagen, indexatie_tabel

        self.w = w
        self.seed = seed
        self.vandaag = vandaag
        self.casemanagers = casemanagers
        self.extra = extra_niet_werkdagen()
        self.indexatie = indexatie_tabel()
        self.tarieven = provisie_tarieven()
        self.geld = Grootboekschrijver(w, bureau_iban=settings.BUREAU["iban"])
        self.incasso = Incassoschrijver(w)
        self.beslag = Beslagschrijver(w, werkgevers=WERKGEVERS, extra=self.extra)
        self._werkdag_na: dict[tuple[date, int], date] = {}
        self._werkdagen_na = werkdagen_na
        # ``regeling_controle`` runs hourly and judges the instalments due up to the last working day before
        # its day; by now (today's first run is done) every instalment due up to that day has been judged.
        d = vandaag - timedelta(days=1)
        while werkdagen_na(d, 0, extra=self.extra) != d:
            d -= timedelta(days=1)
        self.controle_grens = d
        self.aantal = {"betalingen": 0, "brieven": 0, "regelingen": 0, "deurwaarder": 0}

    def werkdagen_na(self, d: date, n: int) -> date:
        sleutel = (d, n)
        if sleutel not in self._werkdag_na:
            self._werkdag_na[sleutel] = self._werkdagen_na(d, n, extra=self.extra)
        return self._werkdag_na[sleutel]

    def betaaltermijn(self, d: date) -> date:
        from recht.kalender import termijn_einde_dagen

        sleutel = (d, -5)
        if sleutel not in self._werkdag_na:
            self._werkdag_na[sleutel] = termijn_einde_dagen(d, 5, extra=self.extra)
        return self._werkdag_na[sleutel]

    def rekeningen(self) -> None:
        self.geld.rekeningen_schrijf()

    # --- one dossier ---
    def dossier(self, d: DemoDossier, dos) -> datetime | None:
        """Queue the dossier's history; returns the moment of its last event (or None)."""
        from demo.geld import Toerekenaar, schema_maak

        if d.status in ("intake", "geweigerd"):
            return None
        rng = random.Random(self.seed * 1_000_003 + d.index)
        schema, grens = schema_maak(
            verplichtingen=[{**v} for v in d.verplichtingen],
            eenmalig=d.eenmalig,
            peildatum=self.vandaag,
            indexatie=self.indexatie,
        )
        # The incremental allocation holds while nothing is time-barred on a payment date (5 years).
        assert not schema or schema[0].vervaldatum.replace(year=schema[0].vervaldatum.year + 5) > self.vandaag
        t = Toerekenaar(schema, grens=grens, tarieven=self.tarieven)
        maanden: dict[date, Decimal] = {}
        for termijn in schema:
            if termijn.verplichting is not None:
                maanden[termijn.vervaldatum] = (
                    maanden.get(termijn.vervaldatum, Decimal("0.00")) + termijn.bedrag
                )
        ctx = _Ctx(d=d, dos=dos, t=t, rng=rng, maanden=sorted(maanden.items()))
        ctx.client_rekening = self.geld.client_rekening(
            dos.client, bestaand=d.client_sleutel.startswith("user:")
        )
        ctx.door_id = dos.casemanager_id
        ctx.vervaldag = d.verplichtingen[0]["vervaldag"] if d.verplichtingen else 1

        m = d.momenten
        acceptatie = m["actief"]
        einde = min(self.vandaag, d.laatste_gebeurtenis_op.date() if d.stagnant else self.vandaag)
        if d.status == "gesloten":
            einde = m["gesloten"].date()
        volgende = next((m[s] for s in ("regeling", "deurwaarder", "opgeschort") if s in m), None)
        fase_einde = volgende.date() - timedelta(days=1) if volgende else einde

        # The first reminder goes out an hour after acceptance; some debtors pay part of the arrears at once.
        patroon_soort = "actief" if d.status == "actief" else "voor"
        patronen = PATRONEN[patroon_soort]
        patroon = rng.choices(list(patronen), list(patronen.values()))[0]
        gebeurtenissen = self._patroon(ctx, patroon, acceptatie.date(), fase_einde)
        if patroon != "geen" and rng.random() < 0.35:
            dag = acceptatie.date() + timedelta(days=rng.randint(3, 12))
            if dag <= fase_einde:
                gebeurtenissen.append((dag, 2, "aflossing", Decimal(str(round(rng.uniform(0.2, 1.0), 2)))))
        gebeurtenissen.append((acceptatie.date(), 1, "aanmaning", acceptatie + timedelta(hours=1)))
        if d.status in ("actief", "deurwaarder", "beslag", "opgeschort"):
            dag = self.werkdagen_na(self.betaaltermijn(acceptatie.date()), 1)
            if volgende is not None:
                dag = min(dag, volgende.date() - timedelta(days=1))
            if acceptatie.date() < dag <= einde:
                gebeurtenissen.append((dag, 1, "sommatie", _moment(dag, 9)))
        self._verwerk(ctx, gebeurtenissen)

        if d.status in ("regeling", "gesloten"):
            self._regeling(ctx, m["regeling"], m.get("gesloten"), einde)
        elif d.status in ("deurwaarder", "beslag"):
            self._deurwaarder(ctx, m["deurwaarder"], m.get("beslag"), einde)
        return ctx.laatste

    def _patroon(self, ctx, patroon: str, van: date, tot: date) -> list:
        rng = ctx.rng
        uit = []
        for vervaldatum, basis in ctx.maanden:
            if vervaldatum > tot + timedelta(days=40):
                break
            if vervaldatum < van - timedelta(days=3):
                continue
            x = rng.random()
            if patroon == "op_tijd":
                dag, bedrag = vervaldatum - timedelta(days=rng.randint(0, 3)), basis if x < 0.95 else None
            elif patroon == "laat":
                dag, bedrag = vervaldatum + timedelta(days=rng.randint(5, 40)), basis if x < 0.9 else None
            elif patroon == "deels":
                dag = vervaldatum + timedelta(days=rng.randint(0, 10))
                bedrag = _rond5(basis * Decimal(str(round(rng.uniform(0.3, 0.8), 2)))) if x < 0.85 else None
            elif patroon == "wisselend":
                dag = vervaldatum + timedelta(days=rng.randint(0, 20))
                bedrag = basis if x < 0.5 else (_rond5(basis * Decimal("0.5")) if x < 0.7 else None)
            else:  # geen
                dag, bedrag = (
                    vervaldatum + timedelta(days=rng.randint(0, 20)),
                    Decimal("50.00") if x < 0.03 else None,
                )
            if bedrag and van <= dag <= tot:
                uit.append((dag, 2, "bank", bedrag))
        return uit

    def _verwerk(self, ctx, gebeurtenissen) -> None:
        """Dispatch in date order (costs, then letters, then money on the same day)."""
        gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
        for dag, _volg, soort, waarde in gebeurtenissen:
            if soort == "bank":
                self._ontvang(ctx, dag, waarde)
            elif soort == "aflossing":  # a share of what is open on that day
                open_ = ctx.t.open_op(dag)
                if open_ > 0:
                    self._ontvang(
                        ctx, dag, max(Decimal("5.00"), _rond5(open_ * waarde)) if waarde < 1 else open_
                    )
            elif soort in ("aanmaning", "sommatie"):
                self._brief(ctx, soort, waarde)
            else:
                raise ValueError(soort)

    def _ontvang(self, ctx, dag: date, bedrag: Decimal, beslag=None) -> None:
        op = _moment(dag + timedelta(days=1), 7, ctx.rng.randint(0, 59))
        op = min(op, self.w.nu)
        deb = ctx.d.debiteur
        self.geld.ontvangst(
            dossier=ctx.dos,
            client_rekening=ctx.client_rekening,
            toerekenaar=ctx.t,
            datum=dag,
            bedrag=bedrag,
            op=op,
            tegenrekening=deb["iban"],
            tegenpartij=deb["naam"],
            beslag=beslag,
        )
        ctx.zie(op)
        ctx.ontvangen.append((dag, bedrag))
        self.aantal["betalingen"] += 1

    def _brief(self, ctx, soort: str, moment: datetime, sleutel: str | None = None) -> None:
        dag = timezone.localtime(moment).date()
        deb = ctx.d.debiteur
        via = "email" if deb["email"] else ("post" if not deb["adres_onbekend"] else "")
        termijn = self.betaaltermijn(dag) if soort in ("aanmaning", "sommatie", "regeling_gemist") else None
        self.incasso.brief(
            dossier_id=ctx.dos.pk,
            soort=soort,
            sleutel=sleutel or f"{soort}:{ctx.dos.pk}",
            moment=moment,
            datum=dag,
            termijn_einde=termijn,
            bedrag=ctx.t.open_op(dag),
            via=via,
        )
        ctx.zie(moment)
        self.aantal["brieven"] += 1

    def _regeling(self, ctx, begin: datetime, gesloten: datetime | None, einde: date) -> None:
        rng, t = ctx.rng, ctx.t
        start = begin.date()
        open_ = max(t.open_op(start), Decimal("250.00"))
        voorgesteld = max(
            begin - timedelta(days=rng.randint(2, 6)), ctx.d.momenten["actief"] + timedelta(hours=3)
        )
        data = []
        dag = _plus_maand(start, ctx.vervaldag)
        if gesloten is None:
            per_maand = _rond5(rng.uniform(75, 400))
            aantal = max(3, min(24, int(open_ // per_maand) + 1))
            data = []
            for _ in range(aantal):
                data.append(dag)
                dag = _plus_maand(dag, ctx.vervaldag)
        else:
            while dag < gesloten.date():
                data.append(dag)
                dag = _plus_maand(dag, ctx.vervaldag)
            data = data or [gesloten.date()]
        deel = (open_ / len(data)).quantize(Decimal("1"), rounding="ROUND_UP").quantize(Decimal("0.01"))
        bedragen = [deel] * (len(data) - 1) + [open_ - deel * (len(data) - 1)]
        if bedragen[-1] <= 0:
            data, bedragen = data[:-1], bedragen[:-1]
        for dag, bedrag in zip(data, bedragen, strict=True):
            if dag <= einde:  # paid on the due date: current alimony plus the instalment, one transfer
                lopend = sum(
                    (b for v, b in ctx.maanden if v.year == dag.year and v.month == dag.month),
                    Decimal("0.00"),
                )
                self._ontvang(ctx, dag, lopend + bedrag)
        if gesloten is not None:
            termijnen = [
                (dag, bedrag, "betaald", self.werkdagen_na(dag, 1))
                for dag, bedrag in zip(data, bedragen, strict=True)
            ]
        else:
            termijnen = self._regeltermijnen_gecontroleerd(
                ctx, start=timezone.localtime(voorgesteld).date(), data=data, bedragen=bedragen
            )
        if gesloten is not None:  # closed: the debtor paid off what was left
            rest = t.open_op(gesloten.date())
            if rest > 0:
                self._ontvang(ctx, gesloten.date(), rest)
        cm, client_user = ctx.door_id, ctx.dos.client.user_id
        self.incasso.regeling(
            dossier_id=ctx.dos.pk,
            status="nagekomen" if gesloten is not None else "loopt",
            voorgesteld=voorgesteld,
            beoordeeld=begin,
            beeindigd=gesloten,
            termijnen=termijnen,
            door_id=cm,
            client_user_id=client_user,
        )
        self._brief(
            ctx,
            "regeling_bevestiging",
            begin + timedelta(hours=2),
            sleutel=f"regeling:{ctx.dos.pk}:bevestiging",
        )
        self.aantal["regelingen"] += 1

    def _regeltermijnen_gecontroleerd(self, ctx, *, start: date, data: list, bedragen: list) -> list:
        """The instalments of a running arrangement as the hourly ``regeling_controle`` left them by now.

        The check judges an instalment due on D on the calendar day after the first working day W on or after
        D, against the receipts from the proposal day up to W: paid when they cover the instalments up to and
        including this one. It stops at the first one not covered (that one is left open: the first sweep
        after the seed finds it missed), and what is not due up to ``controle_grens`` is not judged yet."""
        termijnen = []
        cumulatief = Decimal("0.00")
        gemist = False
        for dag, bedrag in zip(data, bedragen, strict=True):
            cumulatief += bedrag
            status, op = "open", None
            if not gemist and dag <= self.controle_grens:
                werkdag = self.werkdagen_na(dag, 0)
                betaald = sum((b for d, b in ctx.ontvangen if start <= d <= werkdag), Decimal("0.00"))
                if betaald >= cumulatief:
                    status, op = "betaald", werkdag + timedelta(days=1)
                else:
                    gemist = True
            termijnen.append((dag, bedrag, status, op))
        return termijnen

    def _deurwaarder(self, ctx, begin: datetime, beslag_moment: datetime | None, einde: date) -> None:
        from demo.beslag import moment_op

        rng, bs, cm = ctx.rng, self.beslag, ctx.door_id
        client_user = ctx.dos.client.user_id
        start = begin.date()
        gevraagd = begin - timedelta(days=rng.randint(4, 10))
        self.incasso.toestemming(
            dossier_id=ctx.dos.pk,
            soort="formeel_bevel",
            gevraagd=gevraagd,
            gegeven=gevraagd + timedelta(hours=rng.randint(3, 60)),
            door_id=cm,
            client_user_id=client_user,
        )
        kantoor = rng.choice(bs.kantoren)
        betekening = start + timedelta(days=rng.randint(4, 12))
        if beslag_moment is not None:
            betekening = min(betekening, beslag_moment.date() - timedelta(days=2))
        betekening = max(betekening, start)
        heeft_stap = betekening <= einde
        opdracht = bs.opdracht(
            dossier_id=ctx.dos.pk,
            kantoor=kantoor,
            datum=start,
            door_id=cm,
            beantwoord=betekening if heeft_stap else None,
            moment=begin,
        )
        ctx.zie(begin)
        stappen = []  # (soort, datum, beslag_id)
        if heeft_stap:
            stappen.append(("betekening_titel", betekening, None))
        beslag_id = None
        deb = ctx.d.debiteur
        if beslag_moment is not None:
            bdag = beslag_moment.date()
            loon = bool(deb["werkgever"])
            soort = "loon" if loon else "bank"
            derde = bs.derden[deb["werkgever"]] if loon else bs.derden[rng.choice(sorted(bs.derden)[-4:])]
            self.incasso.toestemming(
                dossier_id=ctx.dos.pk,
                soort="loonbeslag" if loon else "bankbeslag",
                gevraagd=beslag_moment - timedelta(days=rng.randint(3, 8)),
                gegeven=beslag_moment - timedelta(days=1),
                door_id=cm,
                client_user_id=client_user,
            )
            maandbedrag = _rond5(rng.uniform(150, 650)) if loon else None
            beslag_id = bs.beslag(
                dossier_id=ctx.dos.pk,
                opdracht_id=opdracht,
                soort=soort,
                derde=derde,
                datum=bdag,
                maandbedrag=maandbedrag,
                moment=beslag_moment,
            )
            stappen.append(("loonbeslag" if loon else "bankbeslag", bdag, beslag_id))
            over = bdag + timedelta(days=rng.randint(2, 7))
            if over <= einde:
                stappen.append(("overbetekening", over, beslag_id))
            verklaring = bdag + timedelta(days=rng.randint(10, 25))
            if verklaring <= einde:
                stappen.append(("derdenverklaring", verklaring, beslag_id))
        # Steps, their costs and the garnishment's yield, in date order.
        gebeurtenissen = []
        for i, (soort, dag, b_id) in enumerate(stappen):
            volgende = stappen[i + 1][1] if i + 1 < len(stappen) else None
            gebeurtenissen.append((dag, 0, "stap", (soort, b_id, volgende)))
        if beslag_id is not None:
            bdag = beslag_moment.date()
            if maandbedrag is not None:
                maand = _plus_maand(bdag, 1)
                while True:
                    dag = _plus_maand(maand, 1) + timedelta(days=rng.randint(5, 12))
                    if dag > einde:
                        break
                    bedrag = maandbedrag if rng.random() < 0.85 else _rond5(maandbedrag * Decimal("0.6"))
                    gebeurtenissen.append((dag, 2, "afdracht", (maand, maandbedrag, bedrag)))
                    maand = _plus_maand(maand, 1)
            else:
                dag = bdag + timedelta(days=rng.randint(10, 30))
                if dag <= einde:
                    bedrag = _rond5(rng.uniform(100, 2500))
                    gebeurtenissen.append((dag, 2, "afdracht", (bdag.replace(day=1), bedrag, bedrag)))
        elif rng.random() < 0.3:  # a debtor who pays something once the bailiff is at the door
            gebeurtenissen += self._patroon(ctx, "deels", start, einde)
        gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
        for dag, _volg, soort, waarde in gebeurtenissen:
            if soort == "bank":
                self._ontvang(ctx, dag, waarde)
            elif soort == "stap":
                stap_soort, b_id, volgende = waarde
                kosten = Decimal("0.00")
                if stap_soort != "derdenverklaring":
                    tarief, _a, _h = bs.tarief(stap_soort, dag)
                    kosten = (
                        tarief if tarief is not None and rng.random() < 0.8 else _rond5(rng.uniform(110, 190))
                    )
                moment = moment_op(dag, rng.randint(9, 16))
                afgerond = moment_op(volgende, 17) if volgende else None
                pk = bs.stap(
                    dossier_id=ctx.dos.pk,
                    opdracht_id=opdracht,
                    beslag_id=b_id,
                    beslag_datum=beslag_moment.date() if beslag_moment else None,
                    soort=stap_soort,
                    datum=dag,
                    kosten=kosten,
                    omschrijving=kantoor.naam,
                    door_id=cm,
                    afgerond=afgerond,
                    moment=moment,
                )
                if kosten > 0:
                    self.geld.kosten(
                        dossier_id=ctx.dos.pk,
                        datum=dag,
                        bedrag=kosten,
                        omschrijving=f"Deurwaarderskosten: {bs.stap_labels[stap_soort]} ({kantoor.naam})",
                        sleutel=f"beslagstap:{pk}",
                        op=moment,
                    )
                    ctx.t.kosten(kosten)
                ctx.zie(moment)
            else:  # afdracht
                maand, verwacht, bedrag = waarde
                bo = bs.maand(
                    beslag_id=beslag_id, maand=maand, verwacht=verwacht, ontvangen=bedrag, datum=dag
                )
                sleutel = f"beslag:{beslag_id}:{maand:%Y-%m}:{dag.isoformat()}:{bedrag}"
                label = bs.beslag_labels["loon" if maandbedrag is not None else "bank"]
                self._ontvang(
                    ctx, dag, bedrag, beslag=(bo, sleutel, f"Afdracht deurwaarder {label} {maand:%m-%Y}")
                )
                bs.ontvangst_tijdlijn(
                    dossier_id=ctx.dos.pk,
                    soort="loon" if maandbedrag is not None else "bank",
                    maand=maand,
                    bedrag=bedrag,
                    sleutel=sleutel,
                    op=min(_moment(dag + timedelta(days=1), 8), self.w.nu),
                )
        self.aantal["deurwaarder"] += 1


@dataclass
class _Ctx:
    d: DemoDossier
    dos: object
    t: object
    rng: random.Random
    maanden: list
    client_rekening: int = 0
    door_id: int | None = None
    vervaldag: int = 1
    laatste: datetime | None = None
    # Receipts as (date, amount), what ``dossier_betalingen`` lists (no bailiff costs before an arrangement).
    ontvangen: list = field(default_factory=list)

    def zie(self, moment: datetime) -> None:
        if self.laatste is None or moment > self.laatste:
            self.laatste = min(moment, timezone.now())


def _moment(d: date, uur: int, minuut: int = 0) -> datetime:
    """A moment in the project's time zone (zoneinfo: no DST ambiguity at these hours)."""
    return datetime(d.year, d.month, d.day, uur, minuut, tzinfo=timezone.get_current_timezone())


def demo_brieven_pdf(*, email: str, dossiers: int) -> int:
    """Render the first reminder of each of the demo client's newest dossiers through ``incasso.letters``
    (the bulk stores letters without PDF), so the portal shows real letters. At most three letters:
    WeasyPrint needs a few seconds on first use."""
    if not dossiers:
        return 0
    from incasso.letters import brief_maak
    from incasso.models import Brief

    brieven = list(
        Brief.objects.filter(dossier__client__user__email=email, soort="aanmaning", document__isnull=True)
        .select_related("dossier", "dossier__client", "dossier__debiteur")
        .order_by("-dossier_id")[:3]
    )
    from dossiers.models import TijdlijnGebeurtenis
    from incasso.letters import brief_tijdlijn_tekst

    for brief in brieven:
        brief = brief_maak(dossier=brief.dossier, soort=brief.soort, sleutel=brief.sleutel)
        # Rendered now for a date in the past: the statement counts the receipts that came in since, so the
        # letter's amount can differ from the plan's. Its timeline line follows the letter, as it does when a
        # letter is made on its own date.
        TijdlijnGebeurtenis.objects.filter(
            dossier_id=brief.dossier_id, sleutel=f"brief:{brief.sleutel}"[:100]
        ).update(tekst=brief_tijdlijn_tekst(brief))
    return len(brieven)
