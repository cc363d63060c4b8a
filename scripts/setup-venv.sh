#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the locked dependencies.
# Rasa 3.6 runs on Python 3.8-3.10 only; the lock file is made for 3.10.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() {
  [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1
}

candidates() {
  [ -n "${KEFU_PYTHON:-}" ] && echo "$KEFU_PYTHON"
  if command -v pyenv >/dev/null 2>&1; then
    ls -d "$(pyenv root)"/versions/3.10.*/bin/python 2>/dev/null | sort -V -r
  fi
  ls -d "$HOME"/.pyenv/versions/3.10.*/bin/python 2>/dev/null | sort -V -r
  command -v python3.10 2>/dev/null
  echo /usr/bin/python3.10
  echo /usr/local/bin/python3.10
}

PYTHON=""
while read -r candidate; do
  if is_python310 "$candidate"; then PYTHON=$candidate; break; fi
done < <(candidates)

if [ -z "$PYTHON" ]; then
  cat >&2 <<'MSG'
Kefu needs Python 3.10: Rasa 3.6 supports Python 3.8-3.10 and this machine's python3 is newer.
Install it with one of
    pyenv install 3.10          (then run make again)
    apt-get install python3.10 python3.10-venv
or point KEFU_PYTHON at an existing Python 3.10 interpreter:
    KEFU_PYTHON=/path/to/python3.10 make run
MSG
  exit 1
fi

echo "Using $PYTHON ($("$PYTHON" --version))"
if ! is_python310 .venv/bin/python; then
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip<25" wheel
.venv/bin/python -m pip install --quiet -r requirements.lock
.venv/bin/python -m pip install --quiet --no-deps -e .
echo "Python environment ready in .venv"
