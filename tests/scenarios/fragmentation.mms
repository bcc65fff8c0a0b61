# Anti-fragmentation: every pageblock (512 pages on x86_64) has a
# migratetype. At boot they are all Movable (except the first DMA block,
# which memmap_init never reaches). An unmovable request with no unmovable
# free pages steals from Movable, taking the whole pageblock
# (mm/page_alloc.c __rmqueue_fallback, steal_suitable_fallback).
machine ram=256M cpus=1
boot
kernel drain_all_pages
expect pagetypeinfo.DMA32.blocks.Unmovable == 0
expect pagetypeinfo.DMA32.blocks.Movable == 120
# The fallback takes the LARGEST free block of another type - an order-10
# block, two pageblocks - and, since that is at least a pageblock, claims
# both (change_pageblock_range).
kernel alloc_pages order=0 gfp=GFP_KERNEL as k
expect k.zone == DMA32
expect pagetypeinfo.DMA32.blocks.Unmovable == 2
expect pagetypeinfo.DMA32.blocks.Movable == 118
# A movable request stays in Movable blocks.
kernel alloc_pages order=0 gfp=GFP_HIGHUSER_MOVABLE as u
expect pagetypeinfo.DMA32.blocks.Unmovable == 2
kernel free_pages k
kernel free_pages u
check
