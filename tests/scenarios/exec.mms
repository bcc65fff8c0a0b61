# exec (docs/vm.md "exec, shared libraries, the vDSO"): a dynamically
# linked program's address space (ld.so mapped by the kernel, [vvar] and
# [vdso], libc mapped by ld.so), a library's page-cache pages shared by
# two tasks, and execve of a running task with a thread.  Addresses:
# Linux 6.6 with setarch -R, glibc 2.35's library sizes (Ubuntu 22.04).
machine arch=x86_64 ram=512M cpus=2 seed=42 norandmaps=1
boot
spawn web
show /proc/web/maps
expect web.map_count == 19
# libc's text (r-xp at 7ffff7da8000): 64 pages run by web, then by app
spawn app cpu=1
let c0 = meminfo.Cached
web touch 0x7ffff7da8000 256K
expect web.majflt >= 1
let c1 = meminfo.Cached
expect c1 > c0
app touch 0x7ffff7da8000 256K
expect app.majflt == 0
expect meminfo.Cached == c1
# fault-around's last window maps 8 pages more: 72 pages in each task,
# every one mapped twice: Pss is half the Rss
expect web.rss_file == 72
show /proc/web/smaps_rollup
# the vDSO: kernel pages, shared by every task; [vvar] counts no RSS
web touch 0x7ffff7fc1000 8K
web touch 0x7ffff7fbd000 4K
expect web.rss_file == 74
# libc's RW PT_LOAD starts a page beyond its file offset (relro at
# 7ffff7f95000 from 00214000): file page 0x214 ends the rodata and starts
# the relro, mapped by both.  The first read reads it from the disk (with
# readahead); the second maps the cached page (and, fault-around, the
# relro's three other cached pages): Cached does not grow
web touch 0x7ffff7f94000 4K
let c2 = meminfo.Cached
web touch 0x7ffff7f95000 4K
expect meminfo.Cached == c2
expect web.rss_file == 74 + 1 + 4
check
# execve of a running task with a thread: same pid, the thread killed,
# the old address space freed
web thread as worker
worker cpu 1
web mmap 1M rw as buf
web write buf 1M
expect meminfo.AnonPages >= 1M
web exec cat libs=libc.so.6,libm.so.6
expect cat.pid == 1
expect cat.alive == 1
expect cat.threads == 1
expect cat.rss_anon == 1
expect cat.map_count == 24
# VmExe + VmLib in pages: the program 16, libc 0x195, libm 0x7c, ld.so 0x2a, the vDSO 2
expect cat.exec_vm == 16 + 0x195 + 0x7c + 0x2a + 2
show /proc/cat/maps
check
# a library with a hole before its RW PT_LOAD (p_vaddr 32K, p_offset
# 28K, right after its rodata): ld.so's _dl_map_segments leaves the hole
# PROT_NONE, a ---p VMA of its own (19 VMAs with it)
spawn holey libs=libhole.so.1:text=16K:rodata=8K:relro=4K:data=4K:rw_offset=28K:rw_vaddr=32K
expect holey.map_count == 19
show /proc/holey/maps
holey exit
# bad input: the errno Linux's execve gives
cat exec ok interp=/
expect dmesg !~ "BUG"
app exit
cat exec again
check
