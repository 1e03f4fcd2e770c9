"""The production image's collectstatic (issue 12 item 17): the manifest storage resolves every file a CSS or
JS file names and refuses a missing one; `make lint` runs collectstatic itself, this test names the cause."""

import re
from pathlib import Path

from django.conf import settings


def test_no_static_file_names_a_source_map_that_is_not_there():
    """Vendored Bootstrap ended with ``sourceMappingURL=bootstrap.min.css.map``, a file that was never
    vendored, so ``collectstatic`` under production settings (the Docker build) failed."""
    ontbrekend = []
    for map_ in settings.STATICFILES_DIRS:
        for pad in Path(map_).rglob("*"):
            if pad.suffix not in {".js", ".css"}:
                continue
            for naam in re.findall(
                r"sourceMappingURL=([^\s*]+)", pad.read_text(encoding="utf-8", errors="replace")
            ):
                if not naam.startswith("data:") and not (pad.parent / naam).exists():
                    ontbrekend.append(f"{pad}: {naam}")
    assert ontbrekend == []
