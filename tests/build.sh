#!/bin/sh
# build.sh [NAME [CONFIGURE ARGS...]] - out-of-tree build in build/NAME
# (default: build/release).  The source tree itself is never configured, so
# release, sanitizer and fuzzing builds can sit side by side.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-release}
[ $# -gt 0 ] && shift
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null
fi
mkdir -p "build/$name"
cd "build/$name"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
	"$top/configure" "$@" >configure.out || { cat configure.out; exit 1; }
fi
make -j"$(nproc)" >make.out 2>&1 || { cat make.out; exit 1; }
echo "build: $top/build/$name"
