# SLAB (slab=slab): array caches in front of the slabs, their tunables in
# /proc/slabinfo, and the periodic reaping that drains untouched arrays.
# kmalloc-128 on 2 CPUs: limit 120 (objects <= 256 bytes), batchcount 60,
# shared 8 (a page or less, more than one CPU): enable_cpucache.
machine ram=64M cpus=2 slab=slab
boot
expect dmesg !~ "SLUB:"
kernel kmalloc 100 count=200 as a
expect a.size == 128
expect slabinfo.kmalloc-128.limit == 120
expect slabinfo.kmalloc-128.batchcount == 60
expect slabinfo.kmalloc-128.sharedfactor == 8
# 200 objects: 7 slabs of 32 (calculate_slab_order: order 0, 32 x 128 B)
expect slabinfo.kmalloc-128.num_slabs == 7
kernel kfree a
# Freed objects wait in the arrays: still "active" for slabinfo, and the
# CPU array's overflow went to the node's shared array (sharedavail).
expect slabinfo.kmalloc-128.active_objs == 224
expect slabinfo.kmalloc-128.sharedavail == 120
# cache_reap: untouched arrays give a fifth of their limit back each pass,
# and free slabs go back to the page allocator.
kernel cache_reap
kernel cache_reap
kernel cache_reap
expect slabinfo.kmalloc-128.num_slabs < 7
kernel kmem_cache_shrink kmalloc-128
expect slabinfo.kmalloc-128.num_slabs == 0
expect meminfo.Slab == 0
check
