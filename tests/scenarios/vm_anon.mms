# Processes and anonymous memory (docs/vm.md): demand paging, the zero
# page, copy-on-write after fork, split and merge of VMAs, a SIGSEGV.
# Expected numbers: Linux 6.x with THP off and randomize_va_space 0
# (setarch -R), see tests/unit/test_fidelity_vm.c for their sources.
# The program is dynamically linked (ld.so, [vvar], [vdso], libc.so.6):
# the first mmap lands below libc's TLS block at 0x7ffff7d7d000, not at
# mmap_base (and merges with it: both anonymous rw-p), and the maps
# have 15 more lines than a bare program's.
machine arch=x86_64 ram=512M cpus=2 seed=42 norandmaps=1
boot
spawn web
show /proc/web/maps
let f0 = web.minflt
web mmap 64M rw private anonymous as buf
expect buf.addr == 0x7ffff3d7d000
web write buf 64M
expect web.minflt - f0 == 16384
expect meminfo.AnonPages >= 64M
expect web.rss_anon == 16385
# reading fresh pages maps the zero page: faults, no RSS
web mmap 4M r private anonymous as ro
let f1 = web.minflt
web touch ro
expect web.minflt - f1 == 1024
expect web.rss_anon == 16385
# fork: the child's writes copy, one fault a page; the parent keeps its pages
web fork as child
let c0 = child.minflt
child write buf 4K
child write buf 1M off=4M
expect child.minflt - c0 == 257
expect web.rss_anon == 16385
show /proc/child/smaps_rollup
# munmap of a middle part leaves two lines; mprotect of one page three
web munmap 0x7ffff5d7d000 8K
web mprotect 0x7ffff4d7d000 4K r
show /proc/web/maps
expect web.map_count == 23
# a write to the read-only page: SIGSEGV, error 7 (it was mapped by the writes)
web write 0x7ffff4d7d000 8
expect dmesg ~ "web[1]: segfault at 7ffff4d7d000 ip 0000555555554000 sp "
expect dmesg ~ " error 7 in web[555555554000+10000] likely on CPU 0 (core 0, socket 0)"
expect web.alive == 0
expect web.exit_code == 11
check
child exit
check
expect meminfo.AnonPages == 0
