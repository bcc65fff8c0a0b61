# i386: a highmem page has no kernel address until kmap gives it a slot in
# the persistent kmap area (PKMAP_BASE .. +4M); kmap_local uses a per-CPU
# fixmap slot instead (mm/highmem.c).
machine arch=i386 ram=2G cpus=2
boot
expect dmesg ~ "virtual kernel memory layout:"
expect dmesg ~ "    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)"
kernel alloc_pages gfp=GFP_HIGHUSER as hp
expect hp.zone == HighMem
kernel kmap hp as k
expect k.addr >= 0xff400000
expect k.addr < 0xff800000
kernel write k.addr len=4096 byte=0x77
kernel kunmap k
kernel kmap_local hp as l
expect l.addr >= 0xfff9a000
kernel read l.addr
kernel kunmap_local l
# kunmap of a page that is not kmapped is a kernel BUG.
kernel kunmap hp
expect dmesg ~ "kernel BUG at mm/highmem.c"
kernel free_pages hp
check
