#!/usr/bin/env bash
# The README's two commands as a newcomer meets them: a fresh clone of what is committed, `npm install`,
# then `npm test` with none of the Debian tools the suites use on PATH (verifiers, Chromium, SoftHSM,
# PostgreSQL's binaries) and outside CI. Expects 0 failed and the closing line that names the skipped
# groups with the apt-get install enabling them.
#   tools/ci/fresh-clone.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/theqa-fresh-clone.XXXXXX)
trap 'rm -rf "$work"' EXIT

git clone --quiet "$repo" "$work/theqa"

# A PATH without the tools: every command of the current PATH but these.
hidden=' chromium chromium-browser softhsm2-util softhsm2-keyconv pdfsig pdftoppm pdfinfo qpdf certtool vfychain certutil zbarimg openssl initdb pg_ctl postgres '
mkdir "$work/bin"
IFS=: read -r -a dirs <<< "$PATH"
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  for cmd in "$dir"/*; do
    name=$(basename "$cmd")
    [ -x "$cmd" ] && [ ! -e "$work/bin/$name" ] || continue
    case "$hidden" in *" $name "*) continue ;; esac
    ln -s "$cmd" "$work/bin/$name"
  done
done

cd "$work/theqa"
env -u CI -u DATABASE_URL -u THEQA_TEST_ARTIFACTS PATH="$work/bin" npm install --no-audit --no-fund
env -u CI -u DATABASE_URL -u THEQA_TEST_ARTIFACTS PATH="$work/bin" npm test 2>&1 | tee "$work/test.log" | grep -E '^(PASS|FAIL|tests:|skipped for want of tools:)' || true

summary=$(grep -E '^tests: ' "$work/test.log" | tail -n 1)
skips=$(grep -E '^skipped for want of tools: ' "$work/test.log" | tail -n 1)
echo "fresh clone: $summary"
echo "fresh clone: $skips"
case "$summary" in
  *' 0 failed,'*) ;;
  *) echo 'fresh clone: npm test did not pass' >&2; tail -n 200 "$work/test.log" >&2; exit 1 ;;
esac
# A suite that could not even run counts no failed test: it fails the step all the same.
if grep -qE '^FAIL ' "$work/test.log"; then
  echo 'fresh clone: suites failed to run:' >&2
  grep -E '^FAIL ' "$work/test.log" >&2
  exit 1
fi
[ -n "$skips" ] || { echo 'fresh clone: the closing line naming the skipped tools is missing' >&2; exit 1; }
case "$skips" in *'apt-get install'*) ;; *) echo 'fresh clone: the skip line does not say what to install' >&2; exit 1 ;; esac
