# The per-CPU page lists: the first order-0 allocation on a CPU moves a
# batch of pages from the buddy lists to that CPU's list
# (mm/page_alloc.c rmqueue_bulk); frees go back to the CPU's list; a drain
# returns them to the buddy lists.
machine ram=1G cpus=2
boot
kernel drain_all_pages
expect zoneinfo.DMA32.cpu0.count == 0
expect zoneinfo.DMA32.cpu1.count == 0
# zone_batchsize: min(managed >> 10, 256) / 4 = 61, rounded to 2^n - 1 = 63
expect zoneinfo.DMA32.cpu0.batch == 63
cpu 1
kernel alloc_pages gfp=GFP_KERNEL as one
expect one.zone == DMA32
expect zoneinfo.DMA32.cpu1.count == 62
kernel free_pages one
expect zoneinfo.DMA32.cpu1.count == 63
expect zoneinfo.DMA32.cpu0.count == 0
kernel drain_all_pages
expect zoneinfo.DMA32.cpu1.count == 0
check
