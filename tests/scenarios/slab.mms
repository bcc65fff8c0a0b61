# The object allocators from a scenario: kmalloc caches, a cache of our
# own, merging, slabinfo and /sys/kernel/slab.  Numbers: SLUB on 2 CPUs
# (calculate_order: min_objects = 4 * (fls(2) + 1) = 12).
machine ram=64M cpus=2
boot
expect dmesg ~ "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=2, Nodes=1"
expect meminfo.Slab == 0

# kmalloc(100) comes from kmalloc-128: 32 objects per order-0 slab
kernel kmalloc 100 count=33 as small
expect small.count == 33
expect small.size == 128
expect slabinfo.kmalloc-128.num_objs == 64
expect slabinfo.kmalloc-128.active_slabs == 2
expect slab.kmalloc-128.objs_per_slab == 32
expect meminfo.SUnreclaim == 8K

# above 8 KiB: a compound page from the page allocator, not a slab
kernel kmalloc 9000 as big
expect big.size == 16K
expect meminfo.SUnreclaim == 24K
kernel kfree big

# a cache of our own: 200 bytes with SLAB_HWCACHE_ALIGN -> 256-byte slots
# (align 64, ALIGN(200, 64) = 256); unmergeable because we ask so
kernel kmem_cache_create dentry_like 200 flags=SLAB_HWCACHE_ALIGN|SLAB_NO_MERGE
expect slabinfo.dentry_like.objsize == 256
expect slabinfo.dentry_like.objperslab == 16
kernel kmem_cache_alloc dentry_like count=20 as d
expect slabinfo.dentry_like.num_slabs == 2
# a mergeable one of the same shape becomes an alias of kmalloc-256
kernel kmem_cache_create merged 200 flags=SLAB_HWCACHE_ALIGN
expect slab.kmalloc-256.aliases == 1

# bad frees are reported, not fatal
kernel kmem_cache_free dentry_like small
expect dmesg ~ "kmem_cache_free: Wrong slab cache. dentry_like but object is from kmalloc-128"
kernel kfree d.addr + 8
expect dmesg ~ "BUG dentry_like (Not tainted): Invalid object pointer"

kernel kmem_cache_free dentry_like d
kernel kmem_cache_destroy dentry_like
kernel kmem_cache_destroy merged
expect slab.kmalloc-256.aliases == 0
kernel kfree small
kernel kmem_cache_shrink kmalloc-128
expect meminfo.Slab == 0
check
