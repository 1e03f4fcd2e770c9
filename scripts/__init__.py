"""Command-line tools of the project (bench, load test, backups); a package so that they share helpers."""
