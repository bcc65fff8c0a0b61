# The hardware is configurable: a 1-way 16-entry L1 dTLB for 4K pages makes
# two pages 16 pages apart evict each other from L1 (they still hit in the
# STLB); the caches can be switched on; cost.dram changes simulated time.
machine ram=256M cpus=1 tlb.l1d.4k=16x1 caches=on cost.dram=400
boot
translate 0xffff888000100000
translate 0xffff888000110000
translate 0xffff888000100000
show tlb
show caches
show clock
# Both pages map to L1 set 0 of a 16-set, 1-way array: three misses in L1,
# the third translation found in the STLB; two walks of 4 levels.
expect tlb.0.l1d.misses == 3
expect tlb.0.stlb.hits == 1
expect tlb.0.stlb.misses == 2
expect tlb.0.walks == 2
