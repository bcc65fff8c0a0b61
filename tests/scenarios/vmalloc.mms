# vmalloc: virtually contiguous, physically scattered; a guard page after
# each area; lazy freeing: the range waits, unflushed, for a purge
# (mm/vmalloc.c).
machine ram=1G cpus=2
boot
kernel vmalloc 16K as a
kernel vmalloc 8K as b
# 16K + a 4K guard page: b starts 20K after a.
expect b.addr == a.addr + 20K
expect meminfo.VmallocUsed == 24K
show /proc/vmallocinfo
kernel write a.addr len=16K byte=0x5a
kernel read a.addr + 12K
# The guard page after a faults.
kernel read a.addr + 16K
expect dmesg ~ "BUG: unable to handle page fault for address: ffffc90000004000"
kernel vfree a
expect meminfo.VmallocUsed == 8K
# a's range is not free yet: a new area goes after b.
kernel vmalloc 16K as c
expect c.addr == b.addr + 12K
kernel vfree b
kernel vfree c
# vfree of something vmalloc never returned: a WARNING, nothing else.
kernel vfree 0xffffc90000123000
expect dmesg ~ "Trying to vfree() nonexistent vm area (ffffc90000123000)"
expect meminfo.VmallocUsed == 0
check
