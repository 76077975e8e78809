#!/usr/bin/env bash
# Builds vpclint release archives: linux/darwin/windows x amd64/arm64 by
# default (VPCLINT_TARGETS="os/arch ..." narrows it), each with -trimpath and
# the version stamped in, plus SHA256SUMS over the archives.
#
#   tools/release/build.sh VERSION [OUTDIR]
#
# The archives are reproducible for a given commit and Go version: no build
# ids, mtimes set from the commit (SOURCE_DATE_EPOCH), files sorted, owner 0.
set -euo pipefail
version=${1:?usage: build.sh VERSION [OUTDIR]}
out=${2:-dist}
targets=${VPCLINT_TARGETS:-"linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"}
cd "$(dirname "$0")/../.."
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
mkdir -p "$out"
for t in $targets; do
  os=${t%/*} arch=${t#*/}
  name="vpclint_${version#v}_${os}_${arch}"
  stage=$(mktemp -d)
  exe=vpclint; [ "$os" = windows ] && exe=vpclint.exe
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X main.version=${version#v}" -o "$stage/$name/$exe" ./cmd/vpclint
  cp README.md "$stage/$name/"
  find "$stage" -exec touch -h -d "@$epoch" {} +
  if [ "$os" = windows ]; then
    (cd "$stage" && find "$name" -print | LC_ALL=C sort | zip -q -X -D "$OLDPWD/$out/$name.zip" -@)
  else
    tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" | gzip -n > "$out/$name.tar.gz"
  fi
  rm -rf "$stage"
  echo "built $out/$name"
done
(cd "$out" && sha256sum vpclint_* | LC_ALL=C sort -k2 > SHA256SUMS)
cat "$out/SHA256SUMS"
