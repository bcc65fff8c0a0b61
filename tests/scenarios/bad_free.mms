# Freeing a page twice, freeing with the wrong order, freeing a reserved
# page: the kernel reports "BUG: Bad page state in process …" with the
# page's dump (mm/page_alloc.c bad_page, mm/debug.c dump_page), taints
# itself (B), and mmsim keeps every page as it was.
machine ram=64M cpus=1
boot
kernel alloc_pages order=2 as blk
kernel free_pages blk order=0
expect dmesg ~ "BUG: Bad page state in process swapper/0  pfn:"
expect dmesg ~ "page dumped because: freed with order 0, allocated with order 2"
kernel free_pages pfn=0x1000 order=0
expect dmesg ~ "page dumped because: PAGE_FLAGS_CHECK_AT_FREE flag(s) set"
expect dmesg ~ "Tainted: G    B"
kernel alloc_pages order=0 as one
kernel free_pages one
kernel drain_all_pages
check
