#!/usr/bin/env bash
# Fetches the Compose Specification JSON Schema that the tests validate docker-compose.yml
# against. It ships in the npm package dclint (MIT; the schema itself is the compose-spec
# project's, Apache-2.0). Pinned and integrity-checked; cached under .services/, never committed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.services/compose-spec"
SCHEMA="$DIR/compose-spec.json"
VERSION="3.1.0"
URL="https://registry.npmjs.org/dclint/-/dclint-$VERSION.tgz"
# npm's integrity sha512-afTGdzRF...qlXw==, as hex
SHA512="69f4c67734455172b8c82a488845bf2ce47ef5338c10384d95d0e9e7a5425b39fb243983e39d4f7148bae3418694c1e06c7289d74ac3066e0fb697016e3aa55f"

[ -s "$SCHEMA" ] && exit 0
mkdir -p "$DIR"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/dclint.tgz" "$URL"
if [ "$(sha512sum "$tmp/dclint.tgz" | cut -d' ' -f1)" != "$SHA512" ]; then
  echo "[compose-spec] integrity check failed for $URL" >&2; exit 1
fi
tar -xzf "$tmp/dclint.tgz" -C "$tmp" package/schemas/compose.schema.json
mv "$tmp/package/schemas/compose.schema.json" "$SCHEMA"
echo "[compose-spec] schema from dclint $VERSION in .services/compose-spec/"
