# The page cache: readahead windows, dirty pages and their writeback,
# fsync, drop_caches, tmpfs.  See docs/page_cache.md.
machine ram=1G cpus=2
boot
file create data 1M
# a first 4K read: get_init_ra_size(1, 32) = 4 pages, one request
file read data 0 4096
expect meminfo.Cached == 16K
expect vmstat.pgpgin == 16
# the read of page 1 hits PG_readahead: 8 more pages, asynchronously
file read data 4096 4096
expect meminfo.Cached == 48K
file stat data
# then 16, then 32 (the maximum: 128K)
file read data 16384 4096
file read data 49152 4096
file stat data
expect meminfo.Cached == 240K
expect meminfo.Inactive(file) == 240K
# writes dirty the cache; fsync writes them and waits
file write data 0 8192 byte=0x5a
expect meminfo.Dirty == 8K
file fsync data
expect meminfo.Dirty == 0
expect meminfo.Writeback == 0
expect vmstat.pgpgout == 8
# drop_caches empties the (clean) cache; the data comes back from disk
file drop_caches
expect meminfo.Cached == 0
expect dmesg ~ "drop_caches: 1"
file read data 0 4
# a dirty page waits dirty_expire_centisecs (30 s) for the flusher
file write data 65536 4096
file wait 29s
expect meminfo.Dirty == 4K
file wait 2s
expect meminfo.Dirty == 0
# tmpfs: holes read as zeros, writes make Shmem (never Dirty)
file create scratch 1M tmpfs
file read scratch 0 4096
expect meminfo.Shmem == 0
file write scratch 0 100
expect meminfo.Shmem == 4K
expect meminfo.Dirty == 0
sysctl vm.dirty_ratio=10
expect vmstat.nr_dirty_threshold > 0
show /proc/sys/vm/dirty_ratio
file delete scratch
expect meminfo.Shmem == 0
check
