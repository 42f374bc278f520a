#!/usr/bin/env bash
# DeskAssist developer entry point.
#   ./dev.sh run    install what the app needs and start it
#   ./dev.sh test   install what the tests need (apt packages included) and run them all
set -euo pipefail
cd "$(dirname "$0")"

APP_APT=(libgl1 libegl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libxkbcommon0 libxcb-cursor0 libxcb-icccm4
         libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1
         libxkbcommon-x11-0 fonts-noto-cjk)
TEST_APT=(xvfb xdotool trayer x11-utils xclip openbox strace postgresql)

need_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || { echo "Please install: ${missing[*]}" >&2; return 0; }
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

venv() {
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || { echo "DeskAssist needs Python 3.11 or newer (python3 is $(python3 -V 2>&1))" >&2; exit 1; }
    if [ "$(uname)" = Linux ] && ! python3 -c 'import ensurepip' 2>/dev/null; then
        need_apt python3-venv  # Debian/Ubuntu ship venv's pip bootstrap separately
    fi
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".$1"
}

case "${1:-}" in
    run)
        shift
        [ "$(uname)" = Linux ] && need_apt "${APP_APT[@]}"
        venv ""
        exec .venv/bin/deskassist "$@"
        ;;
    test)
        shift
        [ "$(uname)" = Linux ] && need_apt "${APP_APT[@]}" "${TEST_APT[@]}"
        venv "[test]"
        .venv/bin/ruff check deskassist tests benchmarks
        .venv/bin/lint-imports  # layers and cycles: [tool.importlinter] in pyproject.toml
        .venv/bin/mypy  # types: [tool.mypy] in pyproject.toml (checks deskassist/)
        .venv/bin/actionlint .github/workflows/*.yml
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: ./dev.sh run | test" >&2
        exit 2
        ;;
esac
