#!/usr/bin/env bash
# Re-creates static/vendor/ from the npm registry: the exact files below, taken
# from `npm pack <package>@<version>`, with their `sourceMappingURL` comments
# removed (we ship no source maps, and whitenoise's manifest storage fails
# collectstatic on a reference to a missing .map). Needs npm; run from anywhere:
#   static/vendor/update.sh && git diff --stat static/vendor
set -euo pipefail
VENDOR="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# package@version  file-in-package  destination (relative to static/vendor)
FILES=(
  "bootstrap@5.3.8 dist/css/bootstrap.min.css bootstrap/bootstrap.min.css"
  "bootstrap@5.3.8 dist/js/bootstrap.bundle.min.js bootstrap/bootstrap.bundle.min.js"
  "bootstrap@5.3.8 LICENSE bootstrap/LICENSE"
  "chart.js@4.5.1 dist/chart.umd.min.js chartjs/chart.umd.min.js"
  "chart.js@4.5.1 LICENSE.md chartjs/LICENSE.md"
  "htmx.org@2.0.7 dist/htmx.min.js htmx/htmx.min.js"
  "htmx.org@2.0.7 LICENSE htmx/LICENSE"
)

for entry in "${FILES[@]}"; do
  read -r package source destination <<<"$entry"
  unpacked="$WORK/${package//[@\/]/_}"
  if [ ! -d "$unpacked" ]; then
    tarball="$(cd "$WORK" && npm pack --silent "$package" | tail -n1)"
    mkdir -p "$unpacked" && tar -xzf "$WORK/$tarball" -C "$unpacked"
  fi
  mkdir -p "$VENDOR/$(dirname "$destination")"
  cp "$unpacked/package/$source" "$VENDOR/$destination"
  # `//# sourceMappingURL=x.map` (JS) or `/*# sourceMappingURL=x.map */` (CSS), alone on a line.
  sed -i -E '/^\/(\/|\*)# sourceMappingURL=[^ ]+( \*\/)?$/d' "$VENDOR/$destination"
done
(cd "$VENDOR" && sha256sum bootstrap/* chartjs/* htmx/*)
