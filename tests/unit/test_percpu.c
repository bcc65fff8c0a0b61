// SPDX-License-Identifier: MIT
/*
 * test_percpu.c - unit tests for src/mm/percpu.c (Linux 6.6 mm/percpu.c,
 * arch/x86/kernel/setup_percpu.c): the boot lines and the first chunk's
 * geometry, allocation on every CPU, alignment, the vmalloc-backed chunks
 * that appear when the first chunk's dynamic region is full and go when
 * empty, meminfo's Percpu and /proc/vmallocinfo, a randomized stress with
 * the invariant checker, and bad input.
 *
 * Where the boot numbers come from (pcpu_build_alloc_info, by hand):
 *   size_sum = PFN_ALIGN(static + reserved + max(dyn, 20K)); on x86_64
 *   static 225280 (PERCPU_STATIC_SIZE_X86_64, a 6.x distribution kernel's
 *   .data..percpu) + r 8192 (PERCPU_MODULE_RESERVE) + d 28672
 *   (PERCPU_DYNAMIC_RESERVE, 28K on 64-bit) = 262144 = 64 pages.
 *   atom_size = PMD_SIZE 2M: alloc_size = 2M, max upa = 2M / 256K = 8.
 *   The largest upa that wastes at most cpus/3 units and needs no more
 *   allocations than a larger one: 2 CPUs -> upa 2 (upa 8 and 4 waste
 *   6 and 2 > 0), unit 1M ("u1048576"); 8 CPUs -> upa 8, unit 256K.
 *   These match real 6.x boot logs: "percpu: Embedded 62 pages/cpu
 *   s217088 r8192 d28672 u1048576" / "pcpu-alloc: [0] 0 1" on 2 CPUs and
 *   "... u262144 alloc=1*2097152" / "pcpu-alloc: [0] 0 1 2 3 4 5 6 7" on 8.
 *   i386: static 98840 (chosen, see percpu.h) + 8192 + 20K (20K on
 *   32-bit) = 127512 -> 131072 = 32 pages, d = 131072 - 98840 - 8192 =
 *   24040; atom_size = PAGE_SIZE: alloc_size 128K, upa 1, unit 128K,
 *   "alloc=32*4096", one "[0] N" per allocation, 8 per line (60 columns
 *   / 6 per allocation, rounded down to a power of two).
 *   Percpu (meminfo) = 64 (or 32) pages * units.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "percpu.h"
#include "random.h"
#include "vmalloc.h"

static void assert_dmesg(struct machine *m, const char *line)
{
	if (!dmesg_has(m, line))
		fail_msg("dmesg lacks '%s':\n%s", line, m->log.buf);
}

/* Count the vmallocinfo lines naming @caller. */
static int vmallocinfo_count(struct machine *m, const char *caller)
{
	char *text = view_text(m, "/proc/vmallocinfo");
	int n = 0;

	for (const char *p = text; (p = strstr(p, caller)); p++)
		n++;
	free(text);
	return n;
}

/* ------------------------------------------------------------ boot lines */

static void test_boot_lines_x86_64(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");

	(void)state;
	assert_dmesg(m, "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:1\n");
	assert_dmesg(m, "] percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u1048576\n");
	assert_dmesg(m, "] pcpu-alloc: s225280 r8192 d28672 u1048576 alloc=1*2097152\n");
	assert_dmesg(m, "] pcpu-alloc: [0] 0 1 \n");
	assert_int_equal(meminfo_kb(m, "Percpu:"), 2 * 64 * 4);
	assert_int_equal(pcpu_nr_pages(m), 128);
	/* the first chunk is in the direct map, below MAX_DMA_ADDRESS only if it must be */
	assert_true(virt_addr_valid(m, m->percpu->base_addr));
	assert_true(m->percpu->base_addr - m->layout.page_offset >= (16UL << 20));
	assert_int_equal((m->percpu->base_addr - m->layout.page_offset) & ((2UL << 20) - 1), 0);
	/* the units' tails went back: only 64 pages of each 1M unit are reserved */
	{
		phys_addr_t base = m->percpu->base_addr - m->layout.page_offset;

		assert_true(memblock_is_reserved(&m->memblock, base));
		assert_true(memblock_is_reserved(&m->memblock, base + 1048576 + 262143));
		assert_false(memblock_is_reserved(&m->memblock, base + 262144));
		assert_false(memblock_is_reserved(&m->memblock, base + 1048576 + 262144));
		assert_true(PageReserved(virt_to_page(m, m->percpu->base_addr)));
	}
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);

	m = boot_spec("arch=x86_64 ram=1G cpus=8");
	assert_dmesg(m, "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:8 nr_cpu_ids:8 nr_node_ids:1\n");
	assert_dmesg(m, "] percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u262144\n");
	assert_dmesg(m, "] pcpu-alloc: s225280 r8192 d28672 u262144 alloc=1*2097152\n");
	assert_dmesg(m, "] pcpu-alloc: [0] 0 1 2 3 4 5 6 7 \n");
	assert_int_equal(meminfo_kb(m, "Percpu:"), 8 * 64 * 4);
	mms_machine_free(m);

	/* 2 nodes: a group (a 2M allocation on its node) per node, upa 4 */
	m = boot_spec("arch=x86_64 ram=4G cpus=8 nodes=2");
	assert_dmesg(m, "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:8 nr_cpu_ids:8 nr_node_ids:2\n");
	assert_dmesg(m, "] percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u524288\n");
	assert_dmesg(m, "] pcpu-alloc: [0] 0 1 2 3 [1] 4 5 6 7 \n");
	{
		uint64_t p = __alloc_percpu(m, 64, 8);

		assert_int_equal(page_to_nid(virt_to_page(m, per_cpu_ptr(m, p, 0))), 0);
		assert_int_equal(page_to_nid(virt_to_page(m, per_cpu_ptr(m, p, 7))), 1);
		free_percpu(m, p);
	}
	mms_machine_free(m);

	/* 3 CPUs: upa 4 wastes one unit (<= 3 / 3), shown as "-" and counted */
	m = boot_spec("arch=x86_64 ram=1G cpus=3");
	assert_dmesg(m, "] percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u524288\n");
	assert_dmesg(m, "] pcpu-alloc: [0] 0 1 2 - \n");
	assert_int_equal(meminfo_kb(m, "Percpu:"), 4 * 64 * 4);
	mms_machine_free(m);
}

static void test_boot_lines_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=1G cpus=2");

	(void)state;
	assert_dmesg(m, "setup_percpu: NR_CPUS:64 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:1\n");
	assert_dmesg(m, "] percpu: Embedded 32 pages/cpu s98840 r8192 d24040 u131072\n");
	assert_dmesg(m, "] pcpu-alloc: s98840 r8192 d24040 u131072 alloc=32*4096\n");
	assert_dmesg(m, "] pcpu-alloc: [0] 0 [0] 1 \n");
	assert_int_equal(meminfo_kb(m, "Percpu:"), 2 * 32 * 4);
	/* lowmem, in the direct map */
	assert_true(m->percpu->base_addr >= m->layout.page_offset &&
		    m->percpu->base_addr < m->layout.high_memory);
	mms_machine_free(m);

	m = boot_spec("arch=i386 ram=1G cpus=8");
	assert_dmesg(m, "setup_percpu: NR_CPUS:64 nr_cpumask_bits:8 nr_cpu_ids:8 nr_node_ids:1\n");
	assert_dmesg(m, "] pcpu-alloc: s98840 r8192 d24040 u131072 alloc=32*4096\n");
	assert_dmesg(m, "] pcpu-alloc: [0] 0 [0] 1 [0] 2 [0] 3 [0] 4 [0] 5 [0] 6 [0] 7 \n");
	assert_int_equal(meminfo_kb(m, "Percpu:"), 8 * 32 * 4);
	mms_machine_free(m);
}

/* ------------------------------------------------------- every CPU's copy */

struct span {
	uint64_t start, end;
};

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void fill_pattern(uint8_t *buf, size_t n, unsigned int obj, int cpu)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(obj * 31 + (unsigned int)cpu * 7 + i);
}

/* Allocate @n objects, write each CPU's copy through the MMU, check all. */
static void every_cpu(const char *spec, int n)
{
	struct machine *m = boot_spec(spec);
	int cpus = m->nr_cpu_ids;
	uint64_t *ptrs = calloc((size_t)n, sizeof(*ptrs));
	size_t *sizes = calloc((size_t)n, sizeof(*sizes));
	struct span *spans = calloc((size_t)n * (size_t)cpus, sizeof(*spans));
	uint8_t buf[4096], want[4096];
	int ns = 0;

	for (int i = 0; i < n; i++) {
		sizes[i] = 4 + (size_t)(i * 52) % 1500;
		ptrs[i] = __alloc_percpu(m, sizes[i], 4);
		assert_true(ptrs[i] != 0);
		for (int cpu = 0; cpu < cpus; cpu++) {
			uint64_t va = per_cpu_ptr(m, ptrs[i], cpu);

			/* zeroed on every CPU */
			assert_int_equal(mms_kernel_read(m, va, buf, sizes[i]), 0);
			for (size_t k = 0; k < sizes[i]; k++)
				assert_int_equal(buf[k], 0);
			fill_pattern(want, sizes[i], (unsigned int)i, cpu);
			assert_int_equal(mms_kernel_write(m, va, want, sizes[i]), 0);
			spans[ns++] = (struct span){ va, va + sizes[i] };
		}
	}
	/* no two copies overlap */
	qsort(spans, (size_t)ns, sizeof(*spans), span_cmp);
	for (int i = 1; i < ns; i++)
		assert_true(spans[i].start >= spans[i - 1].end);
	/* every pattern survived the others' writes */
	for (int i = 0; i < n; i++)
		for (int cpu = 0; cpu < cpus; cpu++) {
			assert_int_equal(mms_kernel_read(m, per_cpu_ptr(m, ptrs[i], cpu), buf,
							 sizes[i]), 0);
			fill_pattern(want, sizes[i], (unsigned int)i, cpu);
			assert_memory_equal(buf, want, sizes[i]);
		}
	assert_int_equal(check_machine(m), 0);
	for (int i = 0; i < n; i++)
		free_percpu(m, ptrs[i]);
	assert_int_equal(check_machine(m), 0);
	free(ptrs);
	free(sizes);
	free(spans);
	mms_machine_free(m);
}

static void test_every_cpu(void **state)
{
	(void)state;
	/* a few objects stay in the first chunk (the direct map) */
	every_cpu("arch=x86_64 ram=256M cpus=4", 12);
	every_cpu("arch=i386 ram=256M cpus=3", 12);
	/* enough to spill into vmalloc chunks (pages from any zone on i386) */
	every_cpu("arch=x86_64 ram=256M cpus=4", 300);
	every_cpu("arch=i386 ram=1G cpus=2", 300);
}

/* -------------------------------------------------------------- alignment */

static void test_alignment(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	uint64_t ptrs[32];
	int n = 0;

	(void)state;
	for (size_t align = 1; align <= PAGE_SIZE; align <<= 1) {
		/* an odd-sized object first, to push the next one off alignment */
		ptrs[n++] = __alloc_percpu(m, 12, 4);
		ptrs[n] = __alloc_percpu(m, 40, align);
		assert_true(ptrs[n] != 0);
		for (int cpu = 0; cpu < 2; cpu++) {
			uint64_t va = per_cpu_ptr(m, ptrs[n], cpu);

			assert_int_equal(va % (align < 4 ? 4 : align), 0);
		}
		n++;
	}
	assert_int_equal(check_machine(m), 0);
	for (int i = 0; i < n; i++)
		free_percpu(m, ptrs[i]);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* ---------------------------------------------- vmalloc chunks come and go */

static void test_vmalloc_chunks(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	struct pcpu_state *pc = m->percpu;
	unsigned long boot_percpu = meminfo_kb(m, "Percpu:");
	uint64_t ptrs[2048];
	int n = 0;
	uint64_t va;

	(void)state;
	assert_int_equal(boot_percpu, 512);
	assert_int_equal(vmallocinfo_count(m, "pcpu_get_vm_areas"), 0);
	/*
	 * The dynamic region is 28672 bytes less what the hidden start
	 * takes (none: 225280 + 8192 is page aligned): 28 objects of 1K fill
	 * it.  Once fewer than PCPU_EMPTY_POP_PAGES_LOW (2) empty populated
	 * pages remain, the balance work creates a chunk in the vmalloc
	 * space and populates PCPU_EMPTY_POP_PAGES_HIGH - empty pages of it
	 * on both units, so Percpu grows before the first chunk is full.
	 */
	for (n = 0; n < 28; n++) {
		ptrs[n] = __alloc_percpu(m, 1024, 4);
		va = per_cpu_ptr(m, ptrs[n], 1);
		assert_true(virt_addr_valid(m, va));
		assert_int_equal(check_machine(m), 0);
	}
	assert_int_equal(pc->first_chunk->free_bytes, 0);
	assert_int_equal(vmallocinfo_count(m, "pcpu_get_vm_areas"), 1);
	/* the balance work populated some of the new chunk's pages already */
	assert_true(meminfo_kb(m, "Percpu:") > boot_percpu);
	/* the next object is in the vmalloc chunk, readable and writable */
	ptrs[n] = __alloc_percpu(m, 1024, 4);
	va = per_cpu_ptr(m, ptrs[n], 1);
	assert_true(is_vmalloc_addr(m, va));
	n++;
	{
		uint8_t w[1024], r[1024];

		fill_pattern(w, sizeof(w), 1, 1);
		assert_int_equal(mms_kernel_write(m, va, w, sizeof(w)), 0);
		assert_int_equal(mms_kernel_read(m, va, r, sizeof(r)), 0);
		assert_memory_equal(w, r, sizeof(r));
	}
	/*
	 * The chunk's vm area: the 2 units' group, 2 * 1M, at the top of the
	 * vmalloc space (VMALLOC_END 0xffffe90000000000, aligned to 2M),
	 * no guard page and no pages= (the allocator maps its own pages).
	 */
	{
		char *text = view_text(m, "/proc/vmallocinfo");

		assert_non_null(strstr(text,
			"0xffffe8ffffe00000-0xffffe90000000000 2097152 pcpu_get_vm_areas vmalloc\n"));
		free(text);
	}
	/* fill the first vmalloc chunk (1M units: 1024 objects) and spill into a second */
	while (vmallocinfo_count(m, "pcpu_get_vm_areas") < 2) {
		assert_true(n < 2048);
		ptrs[n] = __alloc_percpu(m, 1024, 4);
		assert_true(ptrs[n] != 0);
		n++;
	}
	assert_int_equal(check_machine(m), 0);
	/* Percpu counts populated pages of every unit: 64 + chunk 1 + chunk 2 */
	assert_int_equal(meminfo_kb(m, "Percpu:"), pcpu_nr_pages(m) * 4);
	assert_int_equal(pcpu_nr_pages(m) % 2, 0);

	/*
	 * Free everything.  Linux keeps one fully free chunk (pcpu_balance_free
	 * spares the first on the free slot) and destroys the others: free_percpu
	 * schedules the balance work only when another chunk is already free.
	 */
	for (int i = n - 1; i >= 0; i--) {
		free_percpu(m, ptrs[i]);
		assert_int_equal(check_machine(m), 0);
	}
	assert_int_equal(vmallocinfo_count(m, "pcpu_get_vm_areas"), 1);
	assert_int_equal(pc->nr_chunks_created, 2);
	assert_int_equal(pc->nr_chunks_destroyed, 1);
	assert_int_equal(pc->first_chunk->free_bytes, 28672);
	mms_machine_free(m);
}

/*
 * Freeing in the other order: the first chunk's objects first, so the
 * system has empty pages to spare, then the vmalloc chunk's.  Once a
 * quarter of that chunk's pages (64 of its 256-page units) are empty
 * while more than PCPU_EMPTY_POP_PAGES_HIGH others are, free_percpu
 * isolates it and the balance work depopulates its empty pages
 * (pcpu_reclaim_populated); when it is fully free it is reintegrated as
 * the spare chunk: its vm area stays, its pages are gone, and Percpu is
 * back to the first chunk's 512 kB.
 */
static void test_vmalloc_chunk_depopulated(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	unsigned long free_pages;
	uint64_t ptrs[600];
	int n;

	(void)state;
	drain_all_pages(m, NULL);
	free_pages = global_zone_page_state(m, NR_FREE_PAGES);
	for (n = 0; n < 600; n++) {
		ptrs[n] = __alloc_percpu(m, 1024, 4);
		assert_true(ptrs[n] != 0);
	}
	/* 572 objects of 1K in the vmalloc chunk: 143 pages a unit, and up to 4 spare */
	assert_int_equal(vmallocinfo_count(m, "pcpu_get_vm_areas"), 1);
	assert_true(pcpu_nr_pages(m) >= 2 * (64 + 143));
	for (int i = 0; i < 28; i++) {
		free_percpu(m, ptrs[i]);
		assert_int_equal(check_machine(m), 0);
	}
	for (int i = 28; i < n; i++) {
		free_percpu(m, ptrs[i]);
		assert_int_equal(check_machine(m), 0);
	}
	assert_int_equal(meminfo_kb(m, "Percpu:"), 512);
	assert_int_equal(vmallocinfo_count(m, "pcpu_get_vm_areas"), 1);
	assert_int_equal(m->percpu->nr_chunks_destroyed, 0);
	/*
	 * Every page went back to the buddy allocator but the kernel page
	 * tables that now map the chunk's 2M area (a PMD table under the
	 * preallocated vmalloc PUD, and a PTE table) and the slabs holding
	 * the spare chunk's vmap_area and vm_struct (kmalloc-64) objects:
	 * one page each.
	 */
	drain_all_pages(m, NULL);
	assert_int_equal(free_pages - global_zone_page_state(m, NR_FREE_PAGES), 4);
	assert_int_equal(meminfo_kb(m, "Slab:"), 8);
	mms_machine_free(m);
}

/* ------------------------------------------------------------------ stress */


struct live {
	uint64_t ptr;
	size_t size;
	unsigned int tag;
};

/*
 * How many of an object's first bytes the stress test stamps: at most 64,
 * and not past the end of its first page (the next virtual page is
 * another frame, so the host pointer must not run over).
 */
static size_t stamp_len(struct machine *m, uint64_t ptr, size_t size, int cpu)
{
	size_t room = PAGE_SIZE - (per_cpu_ptr(m, ptr, cpu) & (PAGE_SIZE - 1));
	size_t n = size < 64 ? size : 64;

	return n < room ? n : room;
}

static void check_live(struct machine *m, const struct live *l)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		uint8_t *p = per_cpu_ptr_host(m, l->ptr, cpu);
		size_t n = stamp_len(m, l->ptr, l->size, cpu);

		assert_non_null(p);
		for (size_t k = 0; k < n; k++)
			if (p[k] != (uint8_t)(l->tag + (unsigned int)cpu + k))
				fail_msg("object %#llx cpu %d byte %zu changed",
					 (unsigned long long)l->ptr, cpu, k);
	}
}

static void stress(const char *spec, uint64_t seed, int steps)
{
	struct machine *m = boot_spec(spec);
	struct rnd_state rnd;
	struct live *live = calloc(4096, sizeof(*live));
	int nlive = 0;
	unsigned int tag = 0;

	prandom_seed_state(&rnd, seed);
	for (int step = 0; step < steps; step++) {
		uint64_t r = prandom_below(&rnd, 100);
		/* two rounds of growing and shrinking, so chunks come and go */
		uint64_t bias = (step * 4 / steps) % 2 == 0 ? 70 : 30;

		if (nlive < 4000 && (r < bias || nlive == 0)) {
			size_t size = prandom_below(&rnd, 3) == 0 ? 1 + prandom_below(&rnd, 8192) :
				      1 + prandom_below(&rnd, 256);
			size_t align = 1UL << prandom_below(&rnd, 13);
			bool reserved = prandom_below(&rnd, 20) == 0;
			uint64_t p = reserved ? __alloc_reserved_percpu(m, size, align) :
				     __alloc_percpu(m, size, align);

			if (!p) {
				assert_true(reserved);	/* the 8K reserved region may fill */
			} else {
				struct live *l = &live[nlive++];

				l->ptr = p;
				l->size = size;
				l->tag = tag++;
				for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
					uint64_t va = per_cpu_ptr(m, p, cpu);
					size_t n = stamp_len(m, p, size, cpu);
					uint8_t *h = per_cpu_ptr_host(m, p, cpu);

					assert_int_equal(va % (align < 4 ? 4 : align), 0);
					assert_non_null(h);
					for (size_t k = 0; k < n; k++)
						h[k] = (uint8_t)(l->tag + (unsigned int)cpu + k);
				}
			}
		} else {
			int i = (int)prandom_below(&rnd, (uint64_t)nlive);

			check_live(m, &live[i]);
			free_percpu(m, live[i].ptr);
			live[i] = live[--nlive];
		}
		if (check_machine(m))
			fail_msg("step %d: invariant violated:\n%s", step, m->log.buf);
	}
	for (int i = 0; i < nlive; i++)
		check_live(m, &live[i]);
	while (nlive)
		free_percpu(m, live[--nlive].ptr);
	assert_int_equal(check_machine(m), 0);
	assert_false(dmesg_has(m, "WARNING"));
	/*
	 * The vmalloc chunks were exercised, and what is left of them is
	 * fully free.  Usually one spare is left; two can be when the last
	 * to empty was isolated: its reclaim reintegrates it in front of the
	 * older free chunk, and pcpu_balance_free(true), the work's last
	 * step, frees only chunks without populated pages - as in 6.6.
	 */
	assert_true(m->percpu->nr_chunks_created >= 2);
	assert_true(m->percpu->nr_chunks_created - m->percpu->nr_chunks_destroyed <= 2);
	{
		struct pcpu_chunk *c;
		unsigned long left = 0;

		list_for_each_entry(c, &m->percpu->all_chunks, struct pcpu_chunk, all)
			if (c->data) {
				assert_int_equal(c->free_bytes, m->percpu->unit_size);
				left++;
			}
		assert_int_equal(left, m->percpu->nr_chunks_created - m->percpu->nr_chunks_destroyed);
		assert_int_equal(vmallocinfo_count(m, "pcpu_get_vm_areas"),
				 (int)left * m->percpu->nr_groups);
	}
	free(live);
	mms_machine_free(m);
}

static void test_stress(void **state)
{
	(void)state;
	stress("arch=x86_64 ram=64M cpus=8", 1, 4000);
	stress("arch=x86_64 ram=128M cpus=8 nodes=2", 2, 3000);
	stress("arch=i386 ram=64M cpus=3", 3, 2000);
}

/* --------------------------------------------------------------- bad input */

static void test_bad_input(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	uint64_t keep = __alloc_percpu(m, 64, 8), p;
	int free_before;
	uint8_t pat[64], got[64];

	(void)state;
	fill_pattern(pat, sizeof(pat), 9, 1);
	assert_int_equal(mms_kernel_write(m, per_cpu_ptr(m, keep, 1), pat, sizeof(pat)), 0);
	free_before = m->percpu->first_chunk->free_bytes;

	/* pcpu_alloc's check: size rounded to 4 first, align at least 4 */
	assert_int_equal(__alloc_percpu(m, 0, 4), 0);
	assert_dmesg(m, "illegal size (0) or align (4) for percpu allocation\n");
	assert_dmesg(m, "WARNING: CPU: 0 PID: 0 at mm/percpu.c: pcpu_alloc\n");
	assert_int_equal(__alloc_percpu(m, PCPU_MIN_UNIT_SIZE + 1, 4), 0);
	assert_dmesg(m, "illegal size (32772) or align (4) for percpu allocation\n");
	assert_int_equal(__alloc_percpu(m, PCPU_MIN_UNIT_SIZE, 4) != 0, 1);	/* the limit itself is fine */
	assert_int_equal(__alloc_percpu(m, 16, 24), 0);
	assert_dmesg(m, "illegal size (16) or align (24) for percpu allocation\n");
	assert_int_equal(__alloc_percpu(m, 16, 8192), 0);
	assert_dmesg(m, "illegal size (16) or align (8192) for percpu allocation\n");
	/* __GFP_NOWARN: no report */
	{
		unsigned long lines = m->log.lines;

		assert_int_equal(__alloc_percpu_gfp(m, 0, 4, GFP_KERNEL | __GFP_NOWARN), 0);
		assert_int_equal(m->log.lines, lines);
	}

	/* free_percpu of pointers never returned: a WARNING, nothing else */
	free_before = m->percpu->first_chunk->free_bytes;
	free_percpu(m, keep + 4);			/* inside an allocation */
	assert_dmesg(m, "Trying to free_percpu() nonexistent percpu area");
	free_percpu(m, keep + 2);			/* misaligned */
	free_percpu(m, keep + 4096);			/* free space */
	free_percpu(m, 0x123456789ULL);			/* nowhere */
	free_percpu(m, 8);				/* the static area */
	free_percpu(m, 0);				/* NULL: ignored */
	assert_int_equal(m->percpu->first_chunk->free_bytes, free_before);
	assert_int_equal(mms_kernel_read(m, per_cpu_ptr(m, keep, 1), got, sizeof(got)), 0);
	assert_memory_equal(got, pat, sizeof(pat));
	assert_int_equal(check_machine(m), 0);
	/* a double free */
	p = __alloc_percpu(m, 32, 4);
	free_percpu(m, p);
	free_before = m->percpu->first_chunk->free_bytes;
	{
		unsigned long lines = m->log.lines;

		free_percpu(m, p);
		assert_true(m->log.lines > lines);
	}
	assert_int_equal(m->percpu->first_chunk->free_bytes, free_before);
	assert_int_equal(check_machine(m), 0);
	free_percpu(m, keep);
	assert_int_equal(check_machine(m), 0);
	/* per_cpu_ptr of a bad CPU */
	assert_int_equal(per_cpu_ptr(m, keep, 2), 0);
	assert_int_equal(per_cpu_ptr(m, keep, -1), 0);
	mms_machine_free(m);
}

/* The reserved region serves __alloc_reserved_percpu and only it. */
static void test_reserved(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	struct pcpu_state *pc = m->percpu;
	uint64_t r = __alloc_reserved_percpu(m, 4096, 8), d = __alloc_percpu(m, 4096, 8);

	(void)state;
	/* reserved right after the static area, dynamic after the reserved */
	assert_int_equal(per_cpu_ptr(m, r, 0), pc->base_addr + 225280);
	assert_int_equal(per_cpu_ptr(m, d, 0), pc->base_addr + 225280 + 8192);
	assert_int_equal(per_cpu_ptr(m, d, 1), pc->base_addr + 1048576 + 225280 + 8192);
	/* x86_64's per-CPU section is zero-based: the pointer is the offset */
	assert_int_equal(r, 225280);
	assert_int_equal(pc->reserved_chunk->free_bytes, 4096);
	assert_non_null((void *)(uintptr_t)__alloc_reserved_percpu(m, 4096, 4));
	assert_int_equal(__alloc_reserved_percpu(m, 4, 4), 0);
	assert_dmesg(m, "percpu: allocation failed, size=4 align=4 atomic=0, alloc from reserved chunk failed\n");
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * check_machine runs pcpu_verify: a negative control (a counter made
 * wrong is reported once an allocation or free has been through), and
 * the clean pass remembered until the allocator changes something.
 */
static void test_verify_catches(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	struct pcpu_state *pc = m->percpu;
	uint64_t p = __alloc_percpu(m, 64, 8);

	(void)state;
	assert_int_equal(check_machine(m), 0);
	assert_true(pc->verified);
	pc->nr_populated++;			/* what a bug in the accounting would do */
	free_percpu(m, p);			/* an entry point: the next check is full */
	assert_false(pc->verified);
	assert_true(check_machine(m) > 0);
	assert_dmesg(m, "mmsim: DEBUG_VM: percpu: pcpu_nr_populated");
	assert_false(pc->verified);		/* a failed pass is not remembered */
	pc->nr_populated--;
	assert_int_equal(check_machine(m), 0);
	assert_true(pc->verified);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_lines_x86_64),
		cmocka_unit_test(test_boot_lines_i386),
		cmocka_unit_test(test_every_cpu),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_vmalloc_chunks),
		cmocka_unit_test(test_vmalloc_chunk_depopulated),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_stress),
		cmocka_unit_test(test_verify_catches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
