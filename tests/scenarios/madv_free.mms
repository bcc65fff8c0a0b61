# MADV_FREE (lru_lazyfree): clean anonymous pages move from the anon LRU
# list to the inactive file list and show as LazyFree; the lists and their
# counters must agree (check).
machine ram=256M cpus=2
boot
spawn web
web mmap 64K rw private anonymous as buf
web write buf 64K
web madvise buf.addr 64K free
expect meminfo.Inactive(file) == 64K
check
