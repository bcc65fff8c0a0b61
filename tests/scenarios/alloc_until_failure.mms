# Allocate order-0 pages with GFP_KERNEL until the allocator says no, then
# check Linux's warning: "<comm>: page allocation failure: order:0,
# mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0", the stack
# and the Mem-Info report (mm/page_alloc.c warn_alloc, mm/show_mem.c).
machine ram=32M cpus=1
boot
kernel alloc_pages order=0 gfp=GFP_KERNEL count=max as all
expect all.count > 5000
expect dmesg ~ "swapper/0: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0"
expect dmesg ~ "Call Trace:"
expect dmesg ~ "Mem-Info:"
expect dmesg ~ "lowmem_reserve[]: 0 "
expect dmesg ~ " pages RAM"
# The allocator stops at the min watermark (GFP_KERNEL may use the range
# between low and min in the slow path, not below min).
expect zoneinfo.DMA32.free <= zoneinfo.DMA32.min
# GFP_ATOMIC (ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK) may dip below min.
kernel alloc_pages order=0 gfp=GFP_ATOMIC|__GFP_NOWARN count=max as atomic
expect atomic.count > 0
kernel free_pages atomic
kernel free_pages all
kernel drain_all_pages
check
