# Truncating a mapped file (docs/page_cache.md, "Truncation"): ftruncate
# unmaps the pages past the new end from every mapping (private COW
# copies too), drops them from the cache, zeroes the partial page past
# EOF; a touch past EOF is a SIGBUS (exit code 7, no dmesg line); a read
# past EOF returns 0.  And MREMAP_DONTUNMAP (docs/vm.md, "mremap").
# Expected values: Linux 6.6 (mm/truncate.c truncate_pagecache,
# mm/filemap.c filemap_fault, arch/x86/mm/fault.c do_sigbus,
# mm/mremap.c move_vma); see tests/unit/test_truncate.c, test_mremap.c.
machine arch=x86_64 ram=256M cpus=2 seed=5 norandmaps=1
boot
file create data 64K
spawn app
app open data rw as fd
show /proc/app/fdinfo/0
app fdinfo fd
app mmap 64K rw shared populate file=data as sh
app mmap 64K rw private file=data as pr
app touch pr
app write pr 1 off=40K byte=0xaa
check
let rf = app.rss_file
let ra = app.rss_anon
let c = meminfo.Cached
let mp = meminfo.Mapped
let nm = app.map_count
# 64K -> 20K + 100: pages 6..15 go from both mappings, the copy of page 10 too
app ftruncate fd 20580
expect app.ret == 0
check
expect app.map_count == nm
expect rf - app.rss_file == 19
expect ra - app.rss_anon == 1
expect c - meminfo.Cached == 40K
expect mp - meminfo.Mapped == 40K
show /proc/app/maps
# the partial page stays mapped, zero past EOF
app read sh 1 off=20580
app read pr 1 off=24575
# read(2) past EOF: nothing
app pread fd sh 100 32768
expect app.ret == 0
app pread fd sh 200 20480
expect app.ret == 100
check
# growing it back: mappable again, zeros where the blocks went
app ftruncate fd 64K
app read sh 1 off=32K
expect app.alive == 1
check
# MREMAP_DONTUNMAP of an anonymous buffer: the pages move, the old range
# stays mapped and empty (a touch faults a fresh zero page)
app mmap 16K rw private anonymous as buf
app write buf 16K byte=0x42
let nm2 = app.map_count
let cas = meminfo.Committed_AS
app mremap buf 16K 16K maymove dontunmap as moved
expect app.map_count == nm2 + 1
expect meminfo.Committed_AS - cas == 16K
let f0 = app.minflt
app read moved 1 off=8K
expect app.minflt == f0
app read buf 1 off=8K
expect app.minflt - f0 == 1
check
# shrink again and touch the shared mapping past EOF: SIGBUS
app ftruncate fd 16K
app write sh 1 off=16K byte=1
expect app.alive == 0
expect app.exit_code == 7
expect dmesg !~ "segfault"
app reap
check
