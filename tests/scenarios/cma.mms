# CMA, the Contiguous Memory Allocator (mm/cma.c, kernel/dma/contiguous.c):
# cma=64M sets 64 MiB aside at boot through memblock, then lends its 32
# pageblocks to the buddy allocator as MIGRATE_CMA, for movable pages only.
machine ram=1G cpus=2 cma=64M
boot
# Top-down below the end of RAM, under NODE_DATA, on a 2M pageblock boundary.
expect dmesg ~ "cma: Reserved 64 MiB at 0x000000003be00000 on node -1"
# mem_init runs before the area is activated: it is cma-reserved there.
expect dmesg ~ "K reserved, 65536K cma-reserved)"
expect meminfo.CmaTotal == 64M
expect meminfo.CmaFree == 64M
# The area's pages are managed: MemTotal is what it is without cma=
# (1G less the kernel, the memory map, the per-CPU first chunk ...).
expect meminfo.MemTotal == 1026832K
expect zoneinfo.DMA32.cma == 16384
expect zoneinfo.DMA32.nr_free_cma == 16384
# 0x3be00000 is not 4M-aligned: two order-9 ends and 15 order-10 blocks.
expect pagetypeinfo.DMA32.blocks.CMA == 32
expect pagetypeinfo.DMA32.CMA.9 == 2
expect pagetypeinfo.DMA32.CMA.10 == 15
# Unmovable requests never get CMA pages.
kernel alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN count=max as k
expect meminfo.CmaFree == 64M
show /proc/pagetypeinfo
show /sys/kernel/mm/cma/reserved/alloc_pages_success
expect vmstat.cma_alloc_success == 0
check
# cma_alloc: 1000 pages aligned to 2^4 pages, from the start of the area
# (0x3be00000 >> 12 = 0x3be00: aligned); the bitmap and CmaFree follow.
kernel cma_alloc 1000 align=4 as dma
expect dma.pfn == 0x3be00
expect dma.count == 1000
expect meminfo.CmaFree == 64M - 1000 * 4K
expect vmstat.cma_alloc_success == 1
# With most other memory taken (k), movable requests go to CMA (its free
# pages are over half the zone's); a movable page in the area blocks its
# pageblock until page migration exists.
kernel alloc_pages gfp=GFP_HIGHUSER_MOVABLE count=3000 as movable
expect meminfo.CmaFree < 64M - 1000 * 4K
kernel cma_alloc 15000
expect dmesg ~ "cma: cma_alloc: reserved: alloc failed, req-size: 15000 pages, ret: -16"
kernel free_pages movable
kernel free_pages k
kernel cma_release dma
# freed pages wait on the per-CPU lists until drained
kernel drain_all_pages
expect meminfo.CmaFree == 64M
check
