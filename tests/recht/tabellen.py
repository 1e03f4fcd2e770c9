"""The reference table values the worked examples are computed from (indexatie_alimentatie.csv,
wettelijke_rente.csv), as plain data: the pure functions never read the database."""

from datetime import date
from decimal import Decimal as D

INDEXATIE = {
    2019: D("2.0"),
    2020: D("2.5"),
    2021: D("3.0"),
    2022: D("1.9"),
    2023: D("3.4"),
    2024: D("6.2"),
    2025: D("6.5"),
    2026: D("4.6"),
}

WETTELIJKE_RENTE = [
    (date(2015, 1, 1), D("2")),
    (date(2023, 1, 1), D("4")),
    (date(2023, 7, 1), D("6")),
    (date(2024, 1, 1), D("7")),
    (date(2025, 1, 1), D("6")),
    (date(2026, 1, 1), D("4")),
]
