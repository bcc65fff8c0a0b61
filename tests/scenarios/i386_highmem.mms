# A 32-bit PC with 2 GiB: lowmem ends at 0x37ffe000 (896 MiB less 8K, the
# "895MB LOWMEM available" of arch/x86/mm/init_32.c); the rest is ZONE_HIGHMEM,
# which GFP_HIGHUSER may use and GFP_KERNEL may not.
machine arch=i386 ram=2G cpus=2
boot
expect dmesg ~ "MB HIGHMEM available."
expect dmesg ~ "895MB LOWMEM available."
expect dmesg ~ "  HighMem  [mem 0x0000000037ffe000-0x000000007fffffff]"
expect zoneinfo.HighMem.spanned == 0x80000 - 0x37ffe
expect meminfo.HighTotal == zoneinfo.HighMem.managed * 4K
expect meminfo.LowTotal == meminfo.MemTotal - meminfo.HighTotal
kernel alloc_pages gfp=GFP_HIGHUSER as hi
expect hi.zone == HighMem
kernel alloc_pages gfp=GFP_KERNEL as lo
expect lo.zone == Normal
kernel alloc_pages gfp=GFP_DMA as dma
expect dma.zone == DMA
expect vmstat.pgalloc_high == 1
kernel free_pages hi
kernel free_pages lo
kernel free_pages dma
check
