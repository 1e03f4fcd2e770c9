#!/usr/bin/env bash
# Vendors the front-end assets from the npm registry into static/vendor/ (no CDN at run time).
# Run it to update a version; the result is committed. Versions are pinned here.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fetch() {  # fetch NAME@VERSION: unpacks the package tarball into $tmp/NAME
  local spec=$1 name=${1%@*}
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$tmp/$name"
  tar -xzf "$tmp"/$(echo "${name#@}" | tr / -)-*.tgz -C "$tmp/$name" --strip-components=1
}
fetch bootstrap@5.3.8
fetch htmx.org@2.0.7
fetch axe-core@4.10.3
mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/axe-core
cp "$tmp/bootstrap/dist/css/bootstrap.min.css" "$tmp/bootstrap/dist/js/bootstrap.bundle.min.js" static/vendor/bootstrap/
cp "$tmp/bootstrap/LICENSE" static/vendor/bootstrap/LICENSE
cp "$tmp/htmx.org/dist/htmx.min.js" static/vendor/htmx/
cp "$tmp/htmx.org/LICENSE" static/vendor/htmx/LICENSE
cp "$tmp/axe-core/axe.min.js" "$tmp/axe-core/LICENSE" static/vendor/axe-core/
# The minified files end with a sourceMappingURL comment naming a .map file we do not ship (source maps are
# of no use to the agency's users). The manifest storage of the production settings resolves every URL a CSS
# or JS file references and refuses the missing map, so collectstatic (the Docker build) failed: drop the
# comment. `make lint` runs collectstatic under production settings to keep it that way.
for f in static/vendor/*/*.js static/vendor/*/*.css; do
  sed -i -E '/^\/[*/]# sourceMappingURL=/d' "$f"
done
if grep -l 'sourceMappingURL=' static/vendor/*/*.js static/vendor/*/*.css; then
  echo "a vendored file still names a source map" >&2
  exit 1
fi
echo "vendored: bootstrap 5.3.8, htmx 2.0.7, axe-core 4.10.3"
