"""`make backup` / `make restore` (issue 19 item 8), end to end on a real PostgreSQL server.

The test makes its own two databases on the PostgreSQL server (the one in DATABASE_URL when that is
PostgreSQL, else BACKUP_TEST_POSTGRES_URL, default the local server CI always starts), so it runs the same
under `make test` on SQLite and on PostgreSQL. Without a reachable server it fails with the reason; it never
skips: an untested backup is not a backup.

Flow: migrate + seed demo dossiers (payments in the ledger) into the source database, put a file in the
private media, run scripts/backup.sh, restore with scripts/restore.sh into a fresh database and a fresh media
folder, then compare the row count of every table and run `grootboek_controle` on the restored database.
"""

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres_server


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = os.environ.get("BACKUP_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return url


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(_with_db(url, "postgres"), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"The backup test needs a PostgreSQL server (DATABASE_URL or BACKUP_TEST_POSTGRES_URL) and cannot "
            f"reach it: {exc}"
        )


@pytest.fixture
def twee_databases() -> Iterator[tuple[str, str]]:
    server = _server_url()
    suffix = uuid.uuid4().hex[:10]
    namen = [f"nlai_backup_bron_{suffix}", f"nlai_backup_terug_{suffix}"]
    with _admin(server) as conn:
        for naam in namen:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    try:
        yield _with_db(server, namen[0]), _with_db(server, namen[1])
    finally:
        with _admin(server) as conn:
            for naam in namen:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))


def _run(args: list[str], *, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    uitkomst = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if check and uitkomst.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({uitkomst.returncode}):\n{uitkomst.stdout}\n{uitkomst.stderr}")
    return uitkomst


def _env(database_url: str, media: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nlai.settings.test",
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(media),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        **extra,
    }


def _rijen_per_tabel(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tabellen = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in tabellen
        }


def test_backup_and_restore_into_a_fresh_database_keeps_the_ledger_in_balance(twee_databases, tmp_path):
    bron, terug = twee_databases
    media, media_terug, backups = tmp_path / "media", tmp_path / "media-terug", tmp_path / "backups"
    (media / "brieven").mkdir(parents=True)
    brief = media / "brieven" / "aanmaning-1.pdf"
    brief.write_bytes(b"%PDF-1.7 test letter\n")

    manage = [sys.executable, "manage.py"]
    _run([*manage, "migrate", "--noinput"], env=_env(bron, media))
    _run([*manage, "seed_demo", "--dossiers", "3", "--seed", "1", "--zonder-pdf"], env=_env(bron, media))
    voor = _rijen_per_tabel(bron)
    # The seed must have put money through the ledger, or the balance check below proves nothing.
    assert voor["inning_journaalregel"] > 0
    assert voor["inning_ontvangst"] > 0

    uit = _run(["scripts/backup.sh"], env=_env(bron, media, BACKUP_DIR=str(backups)))
    map_ = Path(uit.stdout.strip().splitlines()[-1])
    assert map_.parent == backups
    assert sorted(p.name for p in map_.iterdir()) == ["SHA256SUMS", "database.dump", "private-media.tar.gz"]

    _run(["scripts/restore.sh", str(map_)], env=_env(terug, media_terug))

    assert _rijen_per_tabel(terug) == voor
    assert (media_terug / "brieven" / "aanmaning-1.pdf").read_bytes() == brief.read_bytes()

    controle = _run([*manage, "grootboek_controle"], env=_env(terug, media_terug), check=False)
    assert controle.returncode == 0, controle.stdout + controle.stderr
    uitkomst = json.loads(controle.stdout.strip().splitlines()[-1])
    assert uitkomst["in_balans"] is True
    assert uitkomst["fouten"] == []


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    uit = _run(
        ["scripts/backup.sh"],
        env=_env("sqlite:///var/db.sqlite3", tmp_path, BACKUP_DIR=str(tmp_path / "b")),
        check=False,
    )
    assert uit.returncode == 2
    assert "not a postgres:// URL" in uit.stderr
    assert not (tmp_path / "b").exists()


def test_restore_refuses_a_backup_whose_checksum_does_not_match(twee_databases, tmp_path):
    """A damaged copy must stop the restore before anything is written into the database."""
    bron, terug = twee_databases
    map_ = tmp_path / "kapot"
    map_.mkdir()
    (map_ / "database.dump").write_bytes(b"not a dump")
    (map_ / "private-media.tar.gz").write_bytes(b"")
    (map_ / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n" + "0" * 64 + "  private-media.tar.gz\n")
    uit = _run(["scripts/restore.sh", str(map_)], env=_env(terug, tmp_path / "m"), check=False)
    assert uit.returncode != 0
    assert _rijen_per_tabel(terug) == {}
