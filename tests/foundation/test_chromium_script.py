"""``make test`` on a fresh machine (issue 14 item 11): ``scripts/chromium.sh`` finds Chromium, installs it as
root with apt-get, or says in one line what to install; it never lets the browser tests be skipped."""

import os
import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "chromium.sh"


def _maak(map_: Path, naam: str, inhoud: str) -> None:
    pad = map_ / naam
    pad.write_text("#!/bin/sh\n" + inhoud + "\n")
    pad.chmod(0o755)


def _draai(map_: Path, **env) -> subprocess.CompletedProcess:
    # PATH holds only the fake tools: no chromium, an `id` and maybe an `apt-get` that the test controls
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={"PATH": str(map_), **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_without_chromium_and_without_root_it_says_in_one_line_what_to_install(tmp_path):
    _maak(tmp_path, "id", "echo 1000")
    r = _draai(tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "apt-get install chromium" in r.stderr


def test_as_root_on_debian_it_installs_chromium_with_apt_get_and_uses_it(tmp_path):
    _maak(tmp_path, "id", "echo 0")
    log = tmp_path / "apt.log"
    chromium = tmp_path / "chromium"
    _maak(
        tmp_path,
        "apt-get",
        f'echo "$@" >> {log}\ncase "$*" in *install*) printf "#!/bin/sh\\n" > {chromium}; /bin/chmod +x {chromium};; esac',
    )
    r = _draai(tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(chromium)
    assert "install -y -qq chromium" in log.read_text()


def test_a_chromium_on_path_or_in_chromium_path_is_used_as_it_is(tmp_path):
    _maak(tmp_path, "id", "echo 1000")
    _maak(tmp_path, "chromium", "true")
    assert _draai(tmp_path).stdout.strip() == str(tmp_path / "chromium")
    eigen = tmp_path / "elders"
    eigen.mkdir()
    _maak(eigen, "chrome", "true")
    assert _draai(tmp_path, CHROMIUM_PATH=str(eigen / "chrome")).stdout.strip() == str(eigen / "chrome")
    r = _draai(tmp_path, CHROMIUM_PATH=str(eigen / "ontbreekt"))
    assert r.returncode == 1 and "not an executable" in r.stderr
    assert os.access(SCRIPT, os.X_OK)
