"""docs/rekenhulp.md shows one curl example per calculator: the answers printed there are the real answers."""

import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "rekenhulp.md"
VOORBEELD = re.compile(
    r"```console\n\$ curl -s -X POST http://127\.0\.0\.1:8000(?P<pad>\S+) \\\n.*?-d '(?P<invoer>.*?)'\n(?P<uitvoer>.*?)```",
    re.DOTALL,
)


def voorbeelden():
    return [
        (m["pad"], m["invoer"], m["uitvoer"]) for m in VOORBEELD.finditer(DOC.read_text(encoding="utf-8"))
    ]


def test_every_calculator_has_an_example():
    paden = {pad for pad, _, _ in voorbeelden()}
    assert {
        "/api/v1/rekenhulp/werkdagen/",
        "/api/v1/rekenhulp/indexering/",
        "/api/v1/rekenhulp/provisie/",
        "/api/v1/rekenhulp/achterstand/",
        "/api/v1/rekenhulp/btag/",
        "/api/v1/rekenhulp/beslagvrije-voet/",
    } <= paden


@pytest.mark.parametrize(("pad", "invoer", "uitvoer"), voorbeelden())
def test_documented_answer_is_the_real_answer(pad, invoer, uitvoer):
    cache.clear()
    r = APIClient().post(pad, json.loads(invoer), format="json")
    assert r.json() == json.loads(uitvoer)
