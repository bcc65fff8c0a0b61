/* SPDX-License-Identifier: MIT */
/*
 * vmstat.h - the counters behind /proc/vmstat, /proc/zoneinfo and
 * /proc/meminfo (include/linux/mmzone.h's stat items, vm_event_item.h).
 *
 * Each list is an X-macro of (ENUM, "name") in Linux 6.6's order, so the
 * enum and the printed names can never drift apart.  mmsim keeps the
 * counters exact (no per-CPU deltas folded in later), which is what a
 * deterministic simulator wants; the per-CPU stat_threshold is still
 * computed and shown in zoneinfo.
 */
#ifndef MMSIM_VMSTAT_H
#define MMSIM_VMSTAT_H

#define ZONE_STAT_ITEMS(X)                                   \
	X(NR_FREE_PAGES, "nr_free_pages")                    \
	X(NR_ZONE_INACTIVE_ANON, "nr_zone_inactive_anon")    \
	X(NR_ZONE_ACTIVE_ANON, "nr_zone_active_anon")        \
	X(NR_ZONE_INACTIVE_FILE, "nr_zone_inactive_file")    \
	X(NR_ZONE_ACTIVE_FILE, "nr_zone_active_file")        \
	X(NR_ZONE_UNEVICTABLE, "nr_zone_unevictable")        \
	X(NR_ZONE_WRITE_PENDING, "nr_zone_write_pending")    \
	X(NR_MLOCK, "nr_mlock")                              \
	X(NR_BOUNCE, "nr_bounce")                            \
	X(NR_ZSPAGES, "nr_zspages")                          \
	X(NR_FREE_CMA_PAGES, "nr_free_cma")

#define NUMA_EVENT_ITEMS(X)                  \
	X(NUMA_HIT, "numa_hit")              \
	X(NUMA_MISS, "numa_miss")            \
	X(NUMA_FOREIGN, "numa_foreign")      \
	X(NUMA_INTERLEAVE_HIT, "numa_interleave") \
	X(NUMA_LOCAL, "numa_local")          \
	X(NUMA_OTHER, "numa_other")

#define NODE_STAT_ITEMS(X)                                          \
	X(NR_INACTIVE_ANON, "nr_inactive_anon")                     \
	X(NR_ACTIVE_ANON, "nr_active_anon")                         \
	X(NR_INACTIVE_FILE, "nr_inactive_file")                     \
	X(NR_ACTIVE_FILE, "nr_active_file")                         \
	X(NR_UNEVICTABLE, "nr_unevictable")                         \
	X(NR_SLAB_RECLAIMABLE_B, "nr_slab_reclaimable")             \
	X(NR_SLAB_UNRECLAIMABLE_B, "nr_slab_unreclaimable")         \
	X(NR_ISOLATED_ANON, "nr_isolated_anon")                     \
	X(NR_ISOLATED_FILE, "nr_isolated_file")                     \
	X(WORKINGSET_NODES, "workingset_nodes")                     \
	X(WORKINGSET_REFAULT_ANON, "workingset_refault_anon")       \
	X(WORKINGSET_REFAULT_FILE, "workingset_refault_file")       \
	X(WORKINGSET_ACTIVATE_ANON, "workingset_activate_anon")     \
	X(WORKINGSET_ACTIVATE_FILE, "workingset_activate_file")     \
	X(WORKINGSET_RESTORE_ANON, "workingset_restore_anon")       \
	X(WORKINGSET_RESTORE_FILE, "workingset_restore_file")       \
	X(WORKINGSET_NODERECLAIM, "workingset_nodereclaim")         \
	X(NR_ANON_MAPPED, "nr_anon_pages")                          \
	X(NR_FILE_MAPPED, "nr_mapped")                              \
	X(NR_FILE_PAGES, "nr_file_pages")                           \
	X(NR_FILE_DIRTY, "nr_dirty")                                \
	X(NR_WRITEBACK, "nr_writeback")                             \
	X(NR_WRITEBACK_TEMP, "nr_writeback_temp")                   \
	X(NR_SHMEM, "nr_shmem")                                     \
	X(NR_SHMEM_THPS, "nr_shmem_hugepages")                      \
	X(NR_SHMEM_PMDMAPPED, "nr_shmem_pmdmapped")                 \
	X(NR_FILE_THPS, "nr_file_hugepages")                        \
	X(NR_FILE_PMDMAPPED, "nr_file_pmdmapped")                   \
	X(NR_ANON_THPS, "nr_anon_transparent_hugepages")            \
	X(NR_VMSCAN_WRITE, "nr_vmscan_write")                       \
	X(NR_VMSCAN_IMMEDIATE, "nr_vmscan_immediate_reclaim")       \
	X(NR_DIRTIED, "nr_dirtied")                                 \
	X(NR_WRITTEN, "nr_written")                                 \
	X(NR_THROTTLED_WRITTEN, "nr_throttled_written")             \
	X(NR_KERNEL_MISC_RECLAIMABLE, "nr_kernel_misc_reclaimable") \
	X(NR_FOLL_PIN_ACQUIRED, "nr_foll_pin_acquired")             \
	X(NR_FOLL_PIN_RELEASED, "nr_foll_pin_released")             \
	X(NR_KERNEL_STACK_KB, "nr_kernel_stack")                    \
	X(NR_PAGETABLE, "nr_page_table_pages")                      \
	X(NR_SECONDARY_PAGETABLE, "nr_sec_page_table_pages")        \
	X(NR_SWAPCACHE, "nr_swapcached")                            \
	X(PGPROMOTE_SUCCESS, "pgpromote_success")                   \
	X(PGPROMOTE_CANDIDATE, "pgpromote_candidate")

/*
 * Per-zone events get one counter per zone type, indexed by enum zone_type;
 * /proc/vmstat prints only those of the zones the architecture configures
 * (x86_64: dma dma32 normal movable device; i386: dma normal high movable).
 */
#define FOR_ALL_ZONES_X(X, ENUM, name)                 \
	X(ENUM##_DMA, name "_dma")                     \
	X(ENUM##_DMA32, name "_dma32")                 \
	X(ENUM##_NORMAL, name "_normal")               \
	X(ENUM##_HIGH, name "_high")                   \
	X(ENUM##_MOVABLE, name "_movable")             \
	X(ENUM##_DEVICE, name "_device")

#include "vm_event_items.h"

#define X_ENUM(e, s) e,
enum zone_stat_item { ZONE_STAT_ITEMS(X_ENUM) NR_VM_ZONE_STAT_ITEMS };
enum numa_stat_item { NUMA_EVENT_ITEMS(X_ENUM) NR_VM_NUMA_EVENT_ITEMS };
enum node_stat_item { NODE_STAT_ITEMS(X_ENUM) NR_VM_NODE_STAT_ITEMS };
enum vm_event_item { VM_EVENT_ITEMS(X_ENUM) NR_VM_EVENT_ITEMS };
#undef X_ENUM

extern const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS];
extern const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS];
extern const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS];
extern const char *const vm_event_names[NR_VM_EVENT_ITEMS];

#endif /* MMSIM_VMSTAT_H */
