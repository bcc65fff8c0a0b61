# Bad input to the object allocators: Linux's reports, NULL or -errno,
# never a host crash, and the machine consistent afterwards.
machine ram=64M cpus=2 cma=8M
boot
kernel kmalloc 64 as keep
kernel write keep.addr len=64 byte=0x5a
kernel kmalloc 0xffffffffffff
expect dmesg ~ "__alloc_pages: order"
kernel kfree 0x1234
expect dmesg ~ "kfree: 0x1234 is not a kernel direct-map address"
kernel ksize 0xffff888000001008
expect dmesg ~ "__ksize: 0xffff888000001008 is no kmalloc'd object"
kernel kmem_cache_create x 0
expect dmesg ~ "kmem_cache_create(x) failed with error -22"
kernel kmem_cache_create y 64 align=3
expect dmesg ~ "kmem_cache_create(y) failed with error -22"
kernel kmem_cache_destroy kmalloc-64
expect dmesg ~ "kmem_cache_destroy: kmalloc-64 is a kmalloc cache"
kernel kmem_cache_free kmalloc-32 keep
expect dmesg ~ "kmem_cache_free: Wrong slab cache. kmalloc-32 but object is from kmalloc-64"
kernel free_percpu 0xdeadbeef
kernel alloc_percpu 100000000
expect dmesg ~ "illegal size (100000000) or align (4) for percpu allocation"
kernel cma_alloc 0
kernel cma_alloc 10 align=63
# nothing else was damaged
kernel read keep.addr len=64
kernel kfree keep
check
