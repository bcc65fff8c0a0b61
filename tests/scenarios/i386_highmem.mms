# A 32-bit PC with 2 GiB and 2 CPUs.  Lowmem ends at MAXMEM = VMALLOC_END -
# PAGE_OFFSET - 128M: FIXADDR_TOP 0xfffff000 less 101 fixmap slots and 512
# boot-time slots gives 0xffd9a000; the cpu_entry_area (2 x 39 pages + 1)
# below it, aligned down to 4M: 0xffc00000; the LDT PMD below: 0xff800000;
# PKMAP_BASE below that: 0xff400000; VMALLOC_END = 0xff3fe000; MAXMEM =
# 0x373fe000 ("883MB LOWMEM available", arch/x86/mm/init_32.c).  The rest
# is ZONE_HIGHMEM, which GFP_HIGHUSER may use and GFP_KERNEL may not.
machine arch=i386 ram=2G cpus=2
boot
expect dmesg ~ "MB HIGHMEM available."
expect dmesg ~ "883MB LOWMEM available."
expect dmesg ~ "  HighMem  [mem 0x00000000373fe000-0x000000007fffffff]"
expect zoneinfo.HighMem.spanned == 0x80000 - 0x373fe
expect dmesg ~ "    pkmap   : 0xff400000 - 0xff800000   (4096 kB)"
expect dmesg ~ "    lowmem  : 0xc0000000 - 0xf73fe000   ( 883 MB)"
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
