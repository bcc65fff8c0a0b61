# Two NUMA nodes (RAM split evenly, as numa=fake=2 would): an allocation
# prefers the requested node; __GFP_THISNODE never leaves it; numa_hit and
# numa_miss count where each allocation landed (mm/page_alloc.c
# zone_statistics).
machine ram=2G cpus=2 nodes=2
boot
expect dmesg ~ "Built 2 zonelists"
expect dmesg ~ "Initmem setup node 1 [mem 0x0000000040000000-0x000000007fffffff]"
kernel alloc_pages node=1 as b
expect b.node == 1
kernel alloc_pages node=0 gfp=GFP_KERNEL|__GFP_THISNODE as a
expect a.node == 0
expect vmstat.numa_hit == 2
expect vmstat.numa_miss == 0
expect zoneinfo.1.DMA32.numa_hit == 1
kernel free_pages a
kernel free_pages b
check
