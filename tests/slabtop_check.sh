#!/bin/sh
# slabtop_check.sh MMSIM ALLOCATOR - procps's `slabtop -o` must read mmsim's
# /proc/slabinfo.  The file is bind-mounted over /proc/slabinfo in a private
# mount namespace (unshare -m), so slabtop reads it as it reads Linux's.
# Exit 77 (skipped) where slabtop or a mount namespace is not available.
set -eu
mmsim=$1
alloc=$2
command -v slabtop >/dev/null 2>&1 || { echo "slabtop not installed"; exit 77; }
command -v unshare >/dev/null 2>&1 || { echo "unshare not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 50 kmalloc(100): 64 objects of kmalloc-128 (SLUB, SLAB: 32 per slab)
printf 'machine ram=64M cpus=2 slab=%s\nboot\nkernel kmalloc 100 count=50 as a\nshow /proc/slabinfo\n' \
	"$alloc" | "$mmsim" run - | sed -n '/^slabinfo - version/,$p' >"$tmp/slabinfo"
unshare -m sh -c "mount --bind '$tmp/slabinfo' /proc/slabinfo && slabtop -o" \
	>"$tmp/out" 2>"$tmp/err" || {
	if grep -q -i -e 'permission' -e 'not permitted' "$tmp/err"; then
		echo "no mount namespace here: $(cat "$tmp/err")"
		exit 77
	fi
	echo "slabtop failed:"; cat "$tmp/err"; exit 1
}
cat "$tmp/out"
# slabtop's totals are sums over our lines: check them against the file itself
objs=$(awk 'NR > 2 { a += $2; t += $3 } END { print a " / " t }' "$tmp/slabinfo")
slabs=$(awk 'NR > 2 { a += $14; t += $15 } END { print a " / " t }' "$tmp/slabinfo")
caches=$(awk 'NR > 2 { t++; if ($2) a++ } END { print a " / " t }' "$tmp/slabinfo")
grep -q "Active / Total Objects (% used)    : $objs " "$tmp/out" || { echo "objects: want $objs"; exit 1; }
grep -q "Active / Total Slabs (% used)      : $slabs " "$tmp/out" || { echo "slabs: want $slabs"; exit 1; }
grep -q "Active / Total Caches (% used)     : $caches " "$tmp/out" || { echo "caches: want $caches"; exit 1; }
grep -q " kmalloc-128 *$" "$tmp/out" || { echo "no kmalloc-128 row"; exit 1; }
echo "slabtop -o agrees with mmsim's /proc/slabinfo ($alloc)"
