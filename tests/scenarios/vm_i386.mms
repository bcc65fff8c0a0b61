# Processes on i386 (docs/vm.md "i386"): the 3G/1G split, the PIE at
# 0x400000, mmap_base TASK_SIZE - 128M = 0xb8000000, the stack under
# 0xc0000000, user pages from HighMem (GFP_HIGHUSER_MOVABLE) while the page
# tables stay in lowmem, TASK_SIZE errnos, the 32-bit segfault line.
# Linux 6.6 with randomize_va_space 0 (setarch -R); 1G of RAM: lowmem is
# 883M, the rest HighMem.  Sources: tests/unit/test_fidelity_vm.c.
machine arch=i386 ram=1G cpus=2 seed=42 norandmaps=1
boot
expect dmesg ~ "883MB LOWMEM available."
spawn web
show /proc/web/maps
expect web.start_code == 0x400000
expect web.start_brk == 0x418000
expect web.mmap_base == 0xb8000000
expect web.start_stack < 0xc0000000
# 64M written: 16384 faults, the pages from HighMem, the PTE pages from lowmem
let f0 = web.minflt
let hf = meminfo.HighFree
let pt = meminfo.PageTables
web mmap 64M rw private anonymous as buf
# below the libraries ld.so mapped under mmap_base (docs/vm.md "exec")
expect buf.addr == 0xb3d7e000
web write buf 64M
expect web.minflt - f0 == 16384
# HighFree counts the buddy only: the per-CPU lists (high 252 pages here) blur it by under 1M
expect hf - meminfo.HighFree > 63M
expect hf - meminfo.HighFree < 65M
# 0xb3d7e000-0xb7d7e000 is not 4M-aligned: it spans 17 page tables of 4M each
expect meminfo.PageTables - pt == 68K
show /proc/web/maps
# fork: the COW copies are highmem pages too
web fork as child
let hf1 = meminfo.HighFree
child write buf 4M
expect hf1 - meminfo.HighFree > 3M
check
# TASK_SIZE: a length above it and MAP_FIXED across it print -ENOMEM,
# munmap across it -EINVAL (test_errnos asserts them); nothing changes
let mc = web.map_count
web mmap 0xc0001000 rw private anonymous
web mmap 8K rw private anonymous fixed=0xbffff000
web munmap 0xbffff000 8K
expect web.map_count == mc
# brk up to the kernel's half is refused (check_brk_limits), even without the stack
web munmap 0xbffdf000 132K
web brk 0xc0100000
expect web.brk == 0x418000
# a read of the kernel's direct map from user mode: error 5 (user, present)
web read 0xc0000000 4
expect dmesg ~ "web[1]: segfault at c0000000 ip 00400000 sp "
expect dmesg ~ " error 5 in web[400000+10000] likely on CPU 0 (core 0, socket 0)"
expect web.alive == 0
check
child exit
check
expect meminfo.AnonPages == 0
