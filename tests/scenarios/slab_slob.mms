# SLOB (slab=slob): no kmalloc caches; kmalloc is a first-fit heap over
# pages, each block with its size in front; Linux had no /proc/slabinfo.
machine ram=64M cpus=2 slab=slob
boot
kernel kmalloc 100 count=30 as a
# 30 blocks of 100 + 8 bytes (size header, 2-byte units) share one page
expect meminfo.SUnreclaim == 4K
# ksize: the block's size rounded up to SLOB units
expect a.size == 100
kernel kmalloc 5000 as big
expect big.size == 8K
kernel kfree a
kernel kfree big
# an empty slob page goes straight back to the page allocator
expect meminfo.Slab == 0
check
