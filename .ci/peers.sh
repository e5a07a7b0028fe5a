#!/usr/bin/env bash
# Makes sure the peers in .ci/peers.txt are installed before any integration test (*IT) runs;
# `./mvnw verify` calls it in the pre-integration-test phase (pom.xml, exec-maven-plugin) and
# .ci/run through that. `./mvnw test` never calls it: the unit tests (*Test) need only a JDK. As root with
# apt-get it installs what is missing and says so; otherwise it stops at once, naming what is
# missing and the one command that installs it. Skip with -Dpeers.skip=true (or -DskipTests).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

missing() {
  local pkg probe out=()
  while read -r pkg probe _; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    compgen -G "$probe" > /dev/null || out+=("$pkg")
  done < "$here/peers.txt"
  echo "${out[*]:-}"
}

# The tests read the shared DICOM corpus beside the clone; no package brings it.
if [[ ! -d "$root/../shared/dicom-corpus" ]]; then
  echo "peers: ../shared/dicom-corpus is missing (the tests read it; it lives beside the clone)" >&2
  exit 1
fi

# One install at a time: .ci/run starts one beside the build, and the build's own call waits for it
# here (two apt-get at once would fight over dpkg's lock), then finds everything installed.
if command -v flock > /dev/null; then
  exec 9> "${TMPDIR:-/tmp}/dicom-gateway-peers.lock"
  flock 9
fi

need="$(missing)"
if [[ -z "$need" ]]; then
  echo "peers: all Debian peers of .ci/peers.txt are installed"
  exit 0
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
  echo "peers: installing the missing test peers with apt-get (running as root): $need"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # one word per package
  if ! { apt-get update -q && apt-get install -y -q $need; }; then
    echo "peers: apt-get could not install: $need" >&2
    exit 1
  fi
  still="$(missing)"
  if [[ -n "$still" ]]; then
    echo "peers: still missing after apt-get install: $still" >&2
    exit 1
  fi
  echo "peers: installed $need"
  exit 0
fi

echo "peers: the tests need Debian packages that are not installed: $need" >&2
echo "peers: install them with:  sudo apt-get install -y $need" >&2
echo "peers: (or skip every test with -DskipTests)" >&2
exit 1
