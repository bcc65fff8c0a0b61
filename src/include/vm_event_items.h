/* SPDX-License-Identifier: MIT */
/*
 * vm_event_items.h - the event counters of /proc/vmstat, in the order of
 * Linux 6.6's include/linux/vm_event_item.h for an x86_64 config with NUMA,
 * SWAP, THP, COMPACTION, CMA, MIGRATION, NUMA_BALANCING, HUGETLB, KSM, ZSWAP,
 * MEMORY_BALLOON with BALLOON_COMPACTION, and DEBUG_TLBFLUSH.  Included by vmstat.h only.
 */
#define VM_EVENT_ITEMS(X)                                               \
	X(PGPGIN, "pgpgin")                                             \
	X(PGPGOUT, "pgpgout")                                           \
	X(PSWPIN, "pswpin")                                             \
	X(PSWPOUT, "pswpout")                                           \
	FOR_ALL_ZONES_X(X, PGALLOC, "pgalloc")                          \
	FOR_ALL_ZONES_X(X, ALLOCSTALL, "allocstall")                    \
	FOR_ALL_ZONES_X(X, PGSCAN_SKIP, "pgskip")                       \
	X(PGFREE, "pgfree")                                             \
	X(PGACTIVATE, "pgactivate")                                     \
	X(PGDEACTIVATE, "pgdeactivate")                                 \
	X(PGLAZYFREE, "pglazyfree")                                     \
	X(PGFAULT, "pgfault")                                           \
	X(PGMAJFAULT, "pgmajfault")                                     \
	X(PGLAZYFREED, "pglazyfreed")                                   \
	X(PGREFILL, "pgrefill")                                         \
	X(PGREUSE, "pgreuse")                                           \
	X(PGSTEAL_KSWAPD, "pgsteal_kswapd")                             \
	X(PGSTEAL_DIRECT, "pgsteal_direct")                             \
	X(PGSTEAL_KHUGEPAGED, "pgsteal_khugepaged")                     \
	X(PGDEMOTE_KSWAPD, "pgdemote_kswapd")                           \
	X(PGDEMOTE_DIRECT, "pgdemote_direct")                           \
	X(PGDEMOTE_KHUGEPAGED, "pgdemote_khugepaged")                   \
	X(PGSCAN_KSWAPD, "pgscan_kswapd")                               \
	X(PGSCAN_DIRECT, "pgscan_direct")                               \
	X(PGSCAN_KHUGEPAGED, "pgscan_khugepaged")                       \
	X(PGSCAN_DIRECT_THROTTLE, "pgscan_direct_throttle")             \
	X(PGSCAN_ANON, "pgscan_anon")                                   \
	X(PGSCAN_FILE, "pgscan_file")                                   \
	X(PGSTEAL_ANON, "pgsteal_anon")                                 \
	X(PGSTEAL_FILE, "pgsteal_file")                                 \
	X(PGSCAN_ZONE_RECLAIM_FAILED, "zone_reclaim_failed")            \
	X(PGINODESTEAL, "pginodesteal")                                 \
	X(SLABS_SCANNED, "slabs_scanned")                               \
	X(KSWAPD_INODESTEAL, "kswapd_inodesteal")                       \
	X(KSWAPD_LOW_WMARK_HIT_QUICKLY, "kswapd_low_wmark_hit_quickly") \
	X(KSWAPD_HIGH_WMARK_HIT_QUICKLY, "kswapd_high_wmark_hit_quickly") \
	X(PAGEOUTRUN, "pageoutrun")                                     \
	X(PGROTATED, "pgrotated")                                       \
	X(DROP_PAGECACHE, "drop_pagecache")                             \
	X(DROP_SLAB, "drop_slab")                                       \
	X(OOM_KILL, "oom_kill")                                         \
	X(NUMA_PTE_UPDATES, "numa_pte_updates")                         \
	X(NUMA_HUGE_PTE_UPDATES, "numa_huge_pte_updates")               \
	X(NUMA_HINT_FAULTS, "numa_hint_faults")                         \
	X(NUMA_HINT_FAULTS_LOCAL, "numa_hint_faults_local")             \
	X(NUMA_PAGE_MIGRATE, "numa_pages_migrated")                     \
	X(PGMIGRATE_SUCCESS, "pgmigrate_success")                       \
	X(PGMIGRATE_FAIL, "pgmigrate_fail")                             \
	X(THP_MIGRATION_SUCCESS, "thp_migration_success")               \
	X(THP_MIGRATION_FAIL, "thp_migration_fail")                     \
	X(THP_MIGRATION_SPLIT, "thp_migration_split")                   \
	X(COMPACTMIGRATE_SCANNED, "compact_migrate_scanned")            \
	X(COMPACTFREE_SCANNED, "compact_free_scanned")                  \
	X(COMPACTISOLATED, "compact_isolated")                          \
	X(COMPACTSTALL, "compact_stall")                                \
	X(COMPACTFAIL, "compact_fail")                                  \
	X(COMPACTSUCCESS, "compact_success")                            \
	X(KCOMPACTD_WAKE, "compact_daemon_wake")                        \
	X(KCOMPACTD_MIGRATE_SCANNED, "compact_daemon_migrate_scanned")  \
	X(KCOMPACTD_FREE_SCANNED, "compact_daemon_free_scanned")        \
	X(HTLB_BUDDY_PGALLOC, "htlb_buddy_alloc_success")               \
	X(HTLB_BUDDY_PGALLOC_FAIL, "htlb_buddy_alloc_fail")             \
	X(CMA_ALLOC_SUCCESS, "cma_alloc_success")                       \
	X(CMA_ALLOC_FAIL, "cma_alloc_fail")                             \
	X(UNEVICTABLE_PGCULLED, "unevictable_pgs_culled")               \
	X(UNEVICTABLE_PGSCANNED, "unevictable_pgs_scanned")             \
	X(UNEVICTABLE_PGRESCUED, "unevictable_pgs_rescued")             \
	X(UNEVICTABLE_PGMLOCKED, "unevictable_pgs_mlocked")             \
	X(UNEVICTABLE_PGMUNLOCKED, "unevictable_pgs_munlocked")         \
	X(UNEVICTABLE_PGCLEARED, "unevictable_pgs_cleared")             \
	X(UNEVICTABLE_PGSTRANDED, "unevictable_pgs_stranded")           \
	X(THP_FAULT_ALLOC, "thp_fault_alloc")                           \
	X(THP_FAULT_FALLBACK, "thp_fault_fallback")                     \
	X(THP_FAULT_FALLBACK_CHARGE, "thp_fault_fallback_charge")       \
	X(THP_COLLAPSE_ALLOC, "thp_collapse_alloc")                     \
	X(THP_COLLAPSE_ALLOC_FAILED, "thp_collapse_alloc_failed")       \
	X(THP_FILE_ALLOC, "thp_file_alloc")                             \
	X(THP_FILE_FALLBACK, "thp_file_fallback")                       \
	X(THP_FILE_FALLBACK_CHARGE, "thp_file_fallback_charge")         \
	X(THP_FILE_MAPPED, "thp_file_mapped")                           \
	X(THP_SPLIT_PAGE, "thp_split_page")                             \
	X(THP_SPLIT_PAGE_FAILED, "thp_split_page_failed")               \
	X(THP_DEFERRED_SPLIT_PAGE, "thp_deferred_split_page")           \
	X(THP_SPLIT_PMD, "thp_split_pmd")                               \
	X(THP_SCAN_EXCEED_NONE_PTE, "thp_scan_exceed_none_pte")         \
	X(THP_SCAN_EXCEED_SWAP_PTE, "thp_scan_exceed_swap_pte")         \
	X(THP_SCAN_EXCEED_SHARED_PTE, "thp_scan_exceed_share_pte")      \
	X(THP_SPLIT_PUD, "thp_split_pud")                               \
	X(THP_ZERO_PAGE_ALLOC, "thp_zero_page_alloc")                   \
	X(THP_ZERO_PAGE_ALLOC_FAILED, "thp_zero_page_alloc_failed")     \
	X(THP_SWPOUT, "thp_swpout")                                     \
	X(THP_SWPOUT_FALLBACK, "thp_swpout_fallback")                   \
	X(BALLOON_INFLATE, "balloon_inflate")                           \
	X(BALLOON_DEFLATE, "balloon_deflate")                           \
	X(BALLOON_MIGRATE, "balloon_migrate")                           \
	X(NR_TLB_REMOTE_FLUSH, "nr_tlb_remote_flush")                   \
	X(NR_TLB_REMOTE_FLUSH_RECEIVED, "nr_tlb_remote_flush_received") \
	X(NR_TLB_LOCAL_FLUSH_ALL, "nr_tlb_local_flush_all")             \
	X(NR_TLB_LOCAL_FLUSH_ONE, "nr_tlb_local_flush_one")             \
	X(SWAP_RA, "swap_ra")                                           \
	X(SWAP_RA_HIT, "swap_ra_hit")                                   \
	X(KSM_SWPIN_COPY, "ksm_swpin_copy")                             \
	X(COW_KSM, "cow_ksm")                                           \
	X(ZSWPIN, "zswpin")                                             \
	X(ZSWPOUT, "zswpout")                                           \
	X(DIRECT_MAP_LEVEL2_SPLIT, "direct_map_level2_splits")          \
	X(DIRECT_MAP_LEVEL3_SPLIT, "direct_map_level3_splits")
