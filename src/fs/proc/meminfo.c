// SPDX-License-Identifier: MIT
/*
 * meminfo.c - /proc/meminfo in the layout of Linux 6.6
 * fs/proc/meminfo.c (x86_64 / i386 with SWAP, ZSWAP, THP, CMA, HUGETLB,
 * MEMORY_FAILURE; HighTotal..LowFree on i386 only).
 *
 * Every line a later issue fills (page cache, slab, swap, vmalloc...) is
 * already here, reading its counter; those counters are 0 until then.
 */
#include <stdio.h>
#include "internal.h"
#include "pagemap.h"
#include "mm.h"
#include "percpu.h"
#include "vmalloc.h"

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

/* show_val_kb: a 16-column label, the value right-aligned in 8, " kB". */
static void show_val_kb(struct seq_file *s, const char *label, unsigned long pages)
{
	seq_printf(s, "%s%8lu kB\n", label, K(pages));
}

static unsigned long node_lru(struct machine *m, enum node_stat_item i)
{
	return global_node_page_state(m, i);
}

/**
 * show_meminfo - /proc/meminfo.
 */
void show_meminfo(struct machine *m, struct seq_file *s)
{
	unsigned long freeram = global_zone_page_state(m, NR_FREE_PAGES);
	unsigned long freehigh = 0, cached, sreclaimable, sunreclaim;
	unsigned long commit_limit;
	struct zone *zone;

	for_each_populated_zone(m, zone)
		if (is_highmem(zone))
			freehigh += zone_page_state(zone, NR_FREE_PAGES);
	/* cached = NR_FILE_PAGES - total_swapcache_pages() - i.bufferram */
	cached = global_node_page_state(m, NR_FILE_PAGES) - nr_blockdev_pages(m);
	sreclaimable = global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) / PAGE_SIZE;
	sunreclaim = global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) / PAGE_SIZE;
	commit_limit = vm_commit_limit(m);	/* overcommit_ratio 50 and no swap by default */

	show_val_kb(s, "MemTotal:       ", m->totalram_pages);
	show_val_kb(s, "MemFree:        ", freeram);
	show_val_kb(s, "MemAvailable:   ", si_mem_available(m));
	show_val_kb(s, "Buffers:        ", nr_blockdev_pages(m));
	show_val_kb(s, "Cached:         ", cached);
	show_val_kb(s, "SwapCached:     ", 0);
	show_val_kb(s, "Active:         ", node_lru(m, NR_ACTIVE_ANON) + node_lru(m, NR_ACTIVE_FILE));
	show_val_kb(s, "Inactive:       ", node_lru(m, NR_INACTIVE_ANON) + node_lru(m, NR_INACTIVE_FILE));
	show_val_kb(s, "Active(anon):   ", node_lru(m, NR_ACTIVE_ANON));
	show_val_kb(s, "Inactive(anon): ", node_lru(m, NR_INACTIVE_ANON));
	show_val_kb(s, "Active(file):   ", node_lru(m, NR_ACTIVE_FILE));
	show_val_kb(s, "Inactive(file): ", node_lru(m, NR_INACTIVE_FILE));
	show_val_kb(s, "Unevictable:    ", node_lru(m, NR_UNEVICTABLE));
	show_val_kb(s, "Mlocked:        ", global_zone_page_state(m, NR_MLOCK));
	if (m->arch->has_zone[ZONE_HIGHMEM]) {
		show_val_kb(s, "HighTotal:      ", m->totalhigh_pages);
		show_val_kb(s, "HighFree:       ", freehigh);
		show_val_kb(s, "LowTotal:       ", m->totalram_pages - m->totalhigh_pages);
		show_val_kb(s, "LowFree:        ", freeram - freehigh);
	}
	show_val_kb(s, "SwapTotal:      ", 0);
	show_val_kb(s, "SwapFree:       ", 0);
	seq_printf(s, "Zswap:          %8lu kB\n", 0UL);
	seq_printf(s, "Zswapped:       %8lu kB\n", 0UL);
	show_val_kb(s, "Dirty:          ", global_node_page_state(m, NR_FILE_DIRTY));
	show_val_kb(s, "Writeback:      ", global_node_page_state(m, NR_WRITEBACK));
	show_val_kb(s, "AnonPages:      ", global_node_page_state(m, NR_ANON_MAPPED));
	show_val_kb(s, "Mapped:         ", global_node_page_state(m, NR_FILE_MAPPED));
	show_val_kb(s, "Shmem:          ", global_node_page_state(m, NR_SHMEM));
	show_val_kb(s, "KReclaimable:   ", sreclaimable +
		    global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE));
	show_val_kb(s, "Slab:           ", sreclaimable + sunreclaim);
	show_val_kb(s, "SReclaimable:   ", sreclaimable);
	show_val_kb(s, "SUnreclaim:     ", sunreclaim);
	seq_printf(s, "KernelStack:    %8lu kB\n", global_node_page_state(m, NR_KERNEL_STACK_KB));
	show_val_kb(s, "PageTables:     ", global_node_page_state(m, NR_PAGETABLE));
	show_val_kb(s, "SecPageTables:  ", global_node_page_state(m, NR_SECONDARY_PAGETABLE));
	show_val_kb(s, "NFS_Unstable:   ", 0);
	show_val_kb(s, "Bounce:         ", global_zone_page_state(m, NR_BOUNCE));
	show_val_kb(s, "WritebackTmp:   ", global_node_page_state(m, NR_WRITEBACK_TEMP));
	show_val_kb(s, "CommitLimit:    ", commit_limit);
	show_val_kb(s, "Committed_AS:   ", vm_memory_committed(m));
	/* VMALLOC_TOTAL: 32 TiB on x86_64; on i386 the window up to PKMAP_BASE */
	seq_printf(s, "VmallocTotal:   %8llu kB\n",
		   /* x86_64's VMALLOC_END is the last byte, i386's one past it */
		   (unsigned long long)((m->layout.vmalloc_end - m->layout.vmalloc_start -
					 (m->arch->bits == 64 ? 1 : 0)) >> 10));
	show_val_kb(s, "VmallocUsed:    ", vmalloc_nr_pages(m));
	show_val_kb(s, "VmallocChunk:   ", 0);
	show_val_kb(s, "Percpu:         ", pcpu_nr_pages(m));
	seq_printf(s, "HardwareCorrupted: %5lu kB\n", 0UL);
	show_val_kb(s, "AnonHugePages:  ", global_node_page_state(m, NR_ANON_THPS) * 512);
	show_val_kb(s, "ShmemHugePages: ", global_node_page_state(m, NR_SHMEM_THPS) * 512);
	show_val_kb(s, "ShmemPmdMapped: ", global_node_page_state(m, NR_SHMEM_PMDMAPPED) * 512);
	show_val_kb(s, "FileHugePages:  ", global_node_page_state(m, NR_FILE_THPS) * 512);
	show_val_kb(s, "FilePmdMapped:  ", global_node_page_state(m, NR_FILE_PMDMAPPED) * 512);
	show_val_kb(s, "CmaTotal:       ", m->totalcma_pages);
	show_val_kb(s, "CmaFree:        ", global_zone_page_state(m, NR_FREE_CMA_PAGES));
	seq_printf(s, "HugePages_Total:   %5lu\n", 0UL);
	seq_printf(s, "HugePages_Free:    %5lu\n", 0UL);
	seq_printf(s, "HugePages_Rsvd:    %5lu\n", 0UL);
	seq_printf(s, "HugePages_Surp:    %5lu\n", 0UL);
	seq_printf(s, "Hugepagesize:   %8lu kB\n", m->arch->bits == 64 ? 2048UL : 4096UL);
	seq_printf(s, "Hugetlb:        %8lu kB\n", 0UL);
	/* arch_report_meminfo: the direct map's pages of each size */
	seq_printf(s, "DirectMap4k:    %8lu kB\n", m->direct_pages_count[0] << 2);
	if (m->arch->bits == 64) {
		seq_printf(s, "DirectMap2M:    %8lu kB\n", m->direct_pages_count[1] << 11);
		seq_printf(s, "DirectMap1G:    %8lu kB\n", m->direct_pages_count[2] << 20);
	} else {
		seq_printf(s, "DirectMap4M:    %8lu kB\n", m->direct_pages_count[1] << 12);
	}
}
