# File mappings through the page cache (docs/vm.md, docs/page_cache.md):
# fault-around, major faults with read-around, private COW, shared
# writes dirtying the cache and msync writing them back, munmap/exit
# leaving the pages cached.  Expected numbers: Linux 6.6, THP off,
# fault_around_bytes 64K, 128K readahead; see tests/unit/test_fidelity_file.c.
machine arch=x86_64 ram=512M cpus=2 seed=42 norandmaps=1
boot
spawn web
file create data 1M
# an uncached file: the first read is a major fault, read-around brings 32 pages
# (at a hint that keeps page 129 64K-aligned, as it was right below
# mmap_base before spawn mapped the libraries there)
web mmap 1M r private file=data addr=0x60000000f000 as m
expect m.addr == 0x60000000f000
let mj = web.majflt
let rf = web.rss_file
web read m 1 off=512K
expect web.majflt - mj == 1
expect vmstat.pgmajfault >= 1
expect meminfo.Cached >= 128K
expect web.rss_file - rf == 1
# the next page (129): one minor fault maps the cached pages of its 64K
# window (129..144): 129..143 are cached, 136 carries PG_readahead (the
# async mark, 112 + 32 - 8), which filemap_map_pages skips: 14 pages
let mi = web.minflt
web read m 1 off=516K
expect web.minflt - mi == 1
expect web.rss_file - rf == 15
show /proc/web/maps
# shared writes dirty the cache page; msync(MS_SYNC) writes it back
web mmap 64K rw shared file=data as s
web write s 4K byte=0x5a
expect meminfo.Dirty == 4K
web msync s 64K sync
expect meminfo.Dirty == 0
# private writes copy: anonymous pages, the file unchanged
web mmap 64K rw private file=data as p
let ra = web.rss_anon
web write p 8K byte=0x11
expect web.rss_anon - ra == 2
expect meminfo.Dirty == 0
# munmap drops Mapped, the cache keeps the pages
let c = meminfo.Cached
web munmap m
web munmap s
web munmap p
expect meminfo.Cached == c
web exit
web reap
expect meminfo.Cached == c
check
