# kaslr=on moves the direct map, vmalloc and vmemmap regions by random 1G
# steps (arch/x86/mm/kaslr.c kernel_randomize_memory); the seed decides, so
# the same seed gives the same layout.  Seed 1 puts vmalloc at 0xffffb17880000000.
machine kaslr=on seed=1
boot
expect dmesg ~ "KASLR enabled"
kernel vmalloc 8K as v
expect v.addr == 0xffffb17880000000
kernel write v.addr len=8K byte=0x11
kernel alloc_pages gfp=GFP_KERNEL as p
kernel vfree v
kernel free_pages p
check
