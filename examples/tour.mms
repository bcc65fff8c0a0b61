# The mmsim tour: what `make run` shows.  It is an ordinary scenario: every
# `expect` below is checked each time it runs, so the tour cannot drift from
# what mmsim does.  docs/ has a page for each part.
say ============================================================================
say  mmsim tour - Linux memory management, executable
say ============================================================================
say
say Part 1. Boot: from the firmware memory map to the page allocator
say ----------------------------------------------------------------------------
say A machine is configured, then booted.  The BIOS hands the kernel an e820
say map; the kernel trims it, gives the usable ranges to memblock (the boot
say memory allocator that replaced bootmem), reserves its own image, builds the
say memory map (one 64-byte struct page per 4K frame), sizes the zones and
say finally hands every unreserved page to the buddy allocator.
say
machine arch=x86_64 ram=1G cpus=2 seed=42
boot
say $ show dmesg
show dmesg
say
say Three zones by physical address: DMA (< 16M), DMA32 (< 4G), Normal (the
say rest - empty on a 1G machine).  "Memory: A/B available" is what the buddy
say allocator manages (A) out of the RAM present (B); the difference is the
say kernel image, the memory map and other boot-time reservations.
expect zoneinfo.DMA.spanned == 4095
expect meminfo.MemTotal == zoneinfo.DMA.managed * 4K + zoneinfo.DMA32.managed * 4K
say
say Part 2. The buddy allocator
say ----------------------------------------------------------------------------
say Free memory is kept in blocks of 2^order pages, order 0 (4K) to 10 (4M).
say /proc/buddyinfo counts the free blocks of each order in each zone:
kernel drain_all_pages
say $ show /proc/buddyinfo
show /proc/buddyinfo
let order3 = buddyinfo.DMA32.3
let order10 = buddyinfo.DMA32.10
say
say An order-3 request (8 pages, 32K) takes the smallest free block that fits
say and splits it; the halves it does not need go back on the free lists.
say (A movable request, as user memory is: all free blocks are Movable now.)
kernel alloc_pages order=3 gfp=GFP_HIGHUSER_MOVABLE as blk
show /proc/buddyinfo
say Freeing it merges it with its buddy (the block at pfn ^ 8) again and again:
kernel free_pages blk
kernel drain_all_pages
show /proc/buddyinfo
expect buddyinfo.DMA32.3 == order3
expect buddyinfo.DMA32.10 == order10
say
say Part 3. Per-CPU page lists
say ----------------------------------------------------------------------------
say Single pages do not come from the buddy lists directly: each CPU keeps a
say list of free pages per zone, refilled and drained in batches, so the
say common case touches no shared state.  zoneinfo shows count/high/batch:
kernel alloc_pages order=0 as page
say $ expect zoneinfo.DMA32.cpu0.count == 62    (a batch of 63, minus the one we got)
expect zoneinfo.DMA32.cpu0.count == 62
kernel free_pages page
expect zoneinfo.DMA32.cpu0.count == 63
kernel drain_all_pages
expect zoneinfo.DMA32.cpu0.count == 0
say
say Part 4. Migratetypes and fragmentation
say ----------------------------------------------------------------------------
say Every 2M pageblock has a migratetype.  Movable pages (user memory) and
say unmovable ones (kernel memory) are kept in different blocks so that
say movable blocks can later be compacted.  At boot all blocks are Movable;
say the first unmovable allocation steals a whole block:
say $ show /proc/pagetypeinfo   (before)
show /proc/pagetypeinfo
kernel alloc_pages order=0 gfp=GFP_KERNEL as k
say $ show /proc/pagetypeinfo   (after one GFP_KERNEL page)
show /proc/pagetypeinfo
kernel free_pages k
say
say Part 5. Watermarks and running out
say ----------------------------------------------------------------------------
say Each zone has min/low/high watermarks derived from min_free_kbytes
say (sqrt(16 x lowmem in kB)).  Below low, kswapd would be woken; below min
say only urgent (GFP_ATOMIC) requests may go on.  When nothing is left the
say kernel logs "page allocation failure" with a Mem-Info report:
kernel alloc_pages order=10 gfp=GFP_KERNEL count=max as all
show dmesg new
expect dmesg ~ "page allocation failure: order:10, mode:0xcc0(GFP_KERNEL)"
kernel free_pages all
check
say
say Part 6. The MMU, page tables and the TLB
say ----------------------------------------------------------------------------
say The kernel maps all RAM at PAGE_OFFSET (0xffff888000000000) in its own page
say table, swapper_pg_dir, using the largest pages that fit: 4K pages for the
say first 2M, 2M pages after (1G pages on machines with whole gigabytes):
expect meminfo.DirectMap4k == 2048K
say Translating a kernel address: the CPU looks in its TLB, misses, and walks
say the four levels, reading each entry from a page-table frame in RAM:
translate 0xffff888000201000
say The second time, the TLB has it:
translate 0xffff888000201000
say The tree of the kernel page table around the start of the direct map:
show pagetable 0xffff888000000000 0xffff8880003fffff
say
say Part 7. vmalloc: contiguous addresses, scattered pages
say ----------------------------------------------------------------------------
say vmalloc takes order-0 pages from the buddy allocator and maps them side by
say side in the vmalloc area; a guard page after each area catches overruns.
kernel vmalloc 16K as v
show /proc/vmallocinfo
translate v.addr + 4K
kernel read v.addr + 16K
say (that was the guard page: the kernel oopses)
show dmesg new
say vfree unmaps at once but flushes the TLBs lazily, for many areas at a
say time; until then the range stays "unpurged":
kernel vfree v
show /proc/vmallocinfo
say
say Part 8. A 32-bit machine: lowmem, highmem and kmap
say ----------------------------------------------------------------------------
say On i386 the kernel has only 1 GiB of addresses: it maps about 880 MiB of
say RAM permanently (lowmem); the rest (ZONE_HIGHMEM) is reachable only through
say temporary mappings.  See the tests/scenarios/i386_*.mms scenarios and:
say   machine arch=i386 ram=2G   then   show dmesg   (the virtual memory layout)
say
say Part 9. Objects: the slab allocator and kmalloc
say ----------------------------------------------------------------------------
say Kernel objects are far smaller than a page.  A cache (struct kmem_cache)
say cuts slabs - blocks from the buddy allocator - into equal objects and
say keeps the free ones on a list threaded through the objects themselves.
say SLUB (the default; slab=slab and slab=slob boot the other two) gives each
say CPU a slab of its own, so the common alloc and free touch nothing shared.
say kmalloc is a set of caches of sizes 8 .. 8192; 100 bytes come from
say kmalloc-128, 32 objects per order-0 slab:
let unreclaimable = meminfo.SUnreclaim
kernel kmalloc 100 count=40 as objs
expect slabinfo.kmalloc-128.objperslab == 32
expect slabinfo.kmalloc-128.num_slabs == 2
say $ grep -e name -e kmalloc-128 /proc/slabinfo
show /proc/slabinfo grep "# name" kmalloc-128
say Each CPU's active slab counts as in use, free objects and all.
say A cache of our own.  One that could share an existing cache's slabs is
say merged into it (an alias, as /sys/kernel/slab shows); SLAB_NO_MERGE and
say constructors keep a cache apart:
kernel kmem_cache_create my_obj 200 flags=SLAB_HWCACHE_ALIGN
kernel kmem_cache_create my_own 200 flags=SLAB_HWCACHE_ALIGN|SLAB_NO_MERGE
kernel kmem_cache_alloc my_own count=3 as mine
expect slabinfo.my_own.objsize == 256
say The kernel's own objects have caches from boot (task_struct, mm_struct,
say vm_area_struct, anon_vma ...); they fill as processes appear:
expect slabinfo.task_struct.objsize == 9792
say Above 8 KiB kmalloc takes pages straight from the buddy allocator; a free
say to the wrong cache is refused with SLUB's report:
kernel kmalloc 20000 as big
expect big.size == 32K
kernel kmem_cache_free my_own objs.addr
show dmesg new
kernel kfree objs
kernel kfree big
kernel kmem_cache_free my_own mine
kernel kmem_cache_destroy my_own
kernel kmem_cache_destroy my_obj
expect meminfo.SUnreclaim == unreclaimable + 8K
say (the emptied kmalloc-128 slabs: SLUB keeps min_partial of them per node)
kernel kmem_cache_shrink kmalloc-128
expect meminfo.SUnreclaim == unreclaimable
say (what is left is the kernel's own, from part 7's vmalloc: the slabs of its
say vmap_area objects, and of kmalloc-64 and kmalloc-32, which held the area's
say vm_struct and page array; SLUB keeps each as a CPU slab)
check
say
say Part 10. Per-CPU memory and the contiguous memory allocator
say ----------------------------------------------------------------------------
say alloc_percpu gives each CPU its own copy of an object, so counters and
say caches need no locking.  The first chunk was set up at boot, one unit per
say CPU in the direct map (the "percpu: Embedded ..." line); one pointer names
say every CPU's copy, a unit apart:
expect dmesg ~ "percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u1048576"
kernel alloc_percpu 8 align=8 as hits
kernel per_cpu_ptr hits
expect hits.cpu1 - hits.cpu0 == 1M
kernel free_percpu hits
say CMA (cma=SIZE on the machine line) sets a region aside at boot and lends
say it to movable pages until a driver needs it contiguous: cma_alloc takes it
say back (and must move those pages away: page migration is a later issue).
say See tests/scenarios/cma.mms:  machine cma=64M  ...  kernel cma_alloc 1000
say
say Part 11. Processes: address spaces, demand paging, copy-on-write
say ----------------------------------------------------------------------------
say A process sees its own virtual address space: text, data, heap (brk),
say the mmap area growing down from below the stack, the stack.  A program
say linked against libc also has ld.so (mapped by the kernel), libc (mapped
say by ld.so), both from their files, and the vDSO.  Each region is a VMA
say (vm_area_struct), kept in a red-black tree and a sorted list:
spawn web
show /proc/web/maps
say mmap only creates a VMA; a page is given when it is first touched (a page
say fault).  64 pages written: 64 minor faults, 64 anonymous pages.
let f0 = web.minflt
web mmap 256K rw private anonymous as buf
web write buf 256K
expect web.minflt - f0 == 64
say fork copies the page tables with every private page write-protected in
say both; the child's first write to a page copies it (copy-on-write):
web fork as child
let c0 = child.minflt
child write buf 8K
expect child.minflt - c0 == 2
say A write to a page the process may only read: SIGSEGV, and the kernel's
say "segfault at" line, as on Linux:
child mprotect buf.addr 4K r
child write buf.addr 1
show dmesg new
expect child.alive == 0
web exit
check
say
say Part 12. Files: the page cache and exec
say ----------------------------------------------------------------------------
say A read goes through the page cache: the first one reads the disk
say (readahead brings 16K for the 4K asked), the second is served from RAM.
file create notes 256K
let c0 = meminfo.Cached
let in0 = vmstat.pgpgin
file read notes 0 4096
expect meminfo.Cached - c0 == 16K
expect vmstat.pgpgin - in0 == 16
file read notes 0 4096
expect vmstat.pgpgin - in0 == 16
say A write only dirties the cached page; fsync (or the flusher, 30 s later)
say writes it back:
file write notes 0 4096 byte=0x5a
expect meminfo.Dirty == 4K
file fsync notes
expect meminfo.Dirty == 0
say execve gives a running process a new program: the same pid, a new
say address space, the old one freed - here 1M of anonymous memory:
spawn sh
sh mmap 1M rw private anonymous as heap
sh write heap 1M
let a0 = meminfo.AnonPages
sh exec cat
expect cat.alive == 1
expect a0 - meminfo.AnonPages >= 1M
show /proc/cat/status grep Vm
check
say
say That is what is built so far: the machine, memblock, zones, the buddy
say allocator with per-CPU lists and watermarks, the page tables, MMU, TLB and
say caches, vmalloc and kmap, the object allocators and kmalloc, per-CPU
say memory and CMA, processes with their address spaces, shared libraries,
say exec, page faults and copy-on-write, the page cache, and their /proc and
say /sys views.
say Try: mmsim --help, docs/scenario.md.
