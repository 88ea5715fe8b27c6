#!/usr/bin/env bash
# Installs the runtimes the tests run Phial on besides the node that runs npm: Node 22 and 24, Bun
# and Deno, from npm packages that carry their binaries (.ci/runtimes/package.json pins them, its
# lock checks them). They go to .cache/runtimes (gitignored), with one link per runtime in
# .cache/runtimes/bin: node22, node24, bun, deno. npm runs no install scripts here, so the
# platform packages themselves are installed, not the wrappers that would download them.
# Idempotent: nothing is fetched again while the lock is unchanged. Linux x64 (glibc) only.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "runtimes.sh: the pinned packages are for Linux x64 (glibc), not $(uname -s)-$(uname -m)" >&2
  exit 1
fi

dest=.cache/runtimes
mkdir -p "$dest"
if ! cmp -s .ci/runtimes/package-lock.json "$dest/package-lock.json" || [ ! -d "$dest/node_modules" ]; then
  echo "== installing Node 22, Node 24, Bun and Deno into $dest"
  cp .ci/runtimes/package.json .ci/runtimes/package-lock.json "$dest/"
  (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$dest/bin"
link() { ln -sfn "../node_modules/$2" "$dest/bin/$1"; }
link node22 node22/bin/node
link node24 node24/bin/node
link bun @oven/bun-linux-x64/bin/bun
link deno @deno/linux-x64-glibc/deno

for runtime in node22 node24 bun deno; do
  printf '%-7s %s\n' "$runtime" "$("$dest/bin/$runtime" --version | head -1)"
done
