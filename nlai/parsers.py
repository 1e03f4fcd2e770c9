"""The JSON parser of every API endpoint: a bounded nesting depth, so hostile bodies get 400, never 500."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request of this API nests deeper than an object in a list in an object (3); 32 leaves ample room.
MAX_DIEPTE = 32


def json_diepte(waarde: Any) -> int:
    """The nesting depth of parsed JSON (a scalar is 0), iteratively: the check itself cannot recurse."""
    diepste, stapel = 0, [(waarde, 0)]
    while stapel:
        knoop, diepte = stapel.pop()
        diepste = max(diepste, diepte)
        if isinstance(knoop, dict):
            stapel.extend((kind, diepte + 1) for kind in knoop.values())
        elif isinstance(knoop, list):
            stapel.extend((kind, diepte + 1) for kind in knoop)
    return diepste


class BegrensdeJSONParser(JSONParser):
    """``JSONParser`` that refuses JSON nested deeper than ``MAX_DIEPTE`` with a ParseError (400).

    Python's json module recurses per level: 2 KB of ``[`` exceeds the interpreter's recursion limit, and the
    ``RecursionError`` is not the ``ValueError`` DRF turns into a 400, so the public calculators answered 500.
    Depths below that limit but far beyond any real request are refused too, before a serializer walks them."""

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as fout:
            raise ParseError(_("De JSON is te diep genest.")) from fout
        if json_diepte(data) > MAX_DIEPTE:
            raise ParseError(
                _("De JSON is te diep genest (hoogstens %(max)d niveaus).") % {"max": MAX_DIEPTE}
            )
        return data
