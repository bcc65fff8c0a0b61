// SPDX-License-Identifier: MIT
/*
 * slub.c - the SLUB allocator (mm/slub.c, Linux 6.6): slab sizing
 * (calculate_sizes, calculate_order), the per-CPU slab with its lockless
 * freelist (fast paths), per-CPU partial slabs (CONFIG_SLUB_CPU_PARTIAL),
 * the node partial lists (slow paths), SLUB debugging (CONFIG_SLUB_DEBUG:
 * red zones, poisoning, owner tracking, consistency checks, slub_debug=,
 * validate_slab_cache) and freelist pointer hardening
 * (CONFIG_SLAB_FREELIST_HARDENED), with slab pages from the page allocator
 * counted in NR_SLAB_*_B.
 *
 * Reached through slub_allocator (slab.h) from slab_common.c, which owns
 * the API and checks the caller's arguments.
 *
 * Debug caches (any of SLAB_DEBUG_FLAGS, from kmem_cache_create or
 * slub_debug=) never get a CPU slab or per-CPU partial slabs: every
 * allocation is alloc_single_from_partial / alloc_single_from_new_slab and
 * every free free_to_partial_list, with alloc_debug_processing /
 * free_debug_processing, as in 6.6.  Reports use SLUB's words (slab_bug,
 * slab_fix, print_trailer, print_section's hex dump with no_hash_pointers,
 * which 6.6 turns on with slub_debug), and taint the machine with 'B'.
 *
 * Modelled differently or not at all:
 *   - %pS of a caller: mmsim has no kernel text.  An object's track stores
 *     a caller number (1: kmem_cache_alloc, 2: kmalloc, 3: kmem_cache_free,
 *     4: kfree, chosen by SLAB_KMALLOC) in place of the address, printed
 *     as "kmalloc+0x0/0x0"; the stack depot handle is the same number and
 *     the saved stack is that one frame.  jiffies count at HZ=1000.
 *   - kmalloc's orig_size (SLAB_KMALLOC with SLAB_STORE_USER) is stored
 *     where 6.6 stores it, but is always object_size: slab_common does not
 *     pass the requested size down, so there is no "kmalloc Redzone".
 *   - Freelist pointers are 8 bytes on both architectures, so hardening
 *     uses a 64-bit swab on i386 too.
 *   - A corrupted free pointer is caught before it is followed on every
 *     path (Linux follows it unless SLAB_CONSISTENCY_CHECKS): reported as
 *     "Freechain corrupt" and the chain cut ("Isolate corrupted
 *     freechain"), so the host never reads outside simulated RAM.  The
 *     hardened set_freepointer's BUG_ON(object == fp) (a naive double
 *     free) is reported and the free refused instead of an oops.
 *   - No freelist randomisation, KASAN/KFENCE/kmemleak hooks, memcg,
 *     get_any_partial (remote nodes), /sys/kernel/slab or debugfs; the
 *     "a" (failslab) option of slub_debug= is accepted and ignored.
 *
 * See slab.h for how a slab's fields sit in struct page.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

#define SLAB_FROZEN_BIT	(1UL << 31)

/* mm/slub.c */
#define DEBUG_DEFAULT_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER)
#define DEBUG_METADATA_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define __OBJECT_POISON		0x80000000U	/* poison the object itself */

/*
 * struct track with CONFIG_STACKDEPOT (which CONFIG_SLUB_DEBUG selects):
 * unsigned long addr; depot_stack_handle_t handle; int cpu; int pid;
 * unsigned long when: 32 bytes on x86_64.
 */
#define TRACK_SIZE		32U
#define TRACK_ADDR		0
#define TRACK_HANDLE		8
#define TRACK_CPU		12
#define TRACK_PID		16
#define TRACK_WHEN		24
enum track_item { TRACK_ALLOC, TRACK_FREE };

#define HZ			1000UL
#define SHRINK_PROMOTE_MAX	32

/* The callers a track can name (see the header). */
static const char *const track_callers[] = {
	NULL, "kmem_cache_alloc", "kmalloc", "kmem_cache_free", "kfree",
};

/* What SLUB keeps per machine: slub_debug= and the error count. */
struct slub_state {
	slab_flags_t slub_debug;	/* flags for every cache */
	char *slub_debug_string;	/* blocks naming caches, or NULL */
	bool disable_higher_order_debug;	/* slub_debug=O */
	unsigned long nr_errors;	/* reports so far (slab_add_kunit_errors) */
};

static unsigned int fls_u(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

static unsigned int ilog2_u(unsigned int x)
{
	return fls_u(x) - 1;
}

#define ALIGN_UP(x, a)		(((x) + (a) - 1) & ~((a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((a) - 1))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order,
						      unsigned int size)
{
	struct kmem_cache_order_objects x = {
		(order << OO_SHIFT) + order_objects(order, size)
	};
	return x;
}

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

/* kmem_cache_has_cpu_partial: CONFIG_SLUB_CPU_PARTIAL, not for debug caches */
static inline bool kmem_cache_has_cpu_partial(const struct kmem_cache *s)
{
	return !kmem_cache_debug(s);
}

static inline bool slub_debug_orig_size(const struct kmem_cache *s)
{
	return (s->flags & SLAB_STORE_USER) && (s->flags & SLAB_KMALLOC);
}

static inline uint64_t fixup_red_left(const struct kmem_cache *s, uint64_t p)
{
	return (s->flags & SLAB_RED_ZONE) ? p + s->red_left_pad : p;
}

static inline uint64_t restore_red_left(const struct kmem_cache *s, uint64_t p)
{
	return (s->flags & SLAB_RED_ZONE) ? p - s->red_left_pad : p;
}

static inline unsigned int size_from_object(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RED_ZONE) ? s->size - s->red_left_pad : s->size;
}

static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + SLAB_PTR_SIZE : s->inuse;
}

static struct slub_state *slub_st(struct machine *m)
{
	return m->slab->slub;
}

/* ------------------------------------------------------------ slab layout */

/* calc_slab_order: the smallest order wasting at most 1/fract_leftover. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_objects,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int min_order = 0;	/* slub_min_order */
	unsigned int order;

	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;

	order = get_order((unsigned long)min_objects * size);
	if (order < min_order)
		order = min_order;
	for (; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;
		unsigned int rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/**
 * slub_calculate_order - calculate_order of Linux 6.6 with slub_min_order 0,
 * slub_max_order PAGE_ALLOC_COSTLY_ORDER and slub_min_objects 0, so
 * min_objects = 4 * (fls(nr_cpus) + 1).
 */
int slub_calculate_order(unsigned int size, unsigned int nr_cpus)
{
	unsigned int slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
	unsigned int order, min_objects, max_objects;

	min_objects = 4 * (fls_u(nr_cpus) + 1);
	max_objects = order_objects(slub_max_order, size);
	if (min_objects > max_objects)
		min_objects = max_objects;

	while (min_objects > 1) {
		unsigned int fraction = 16;

		while (fraction >= 4) {
			order = calc_slab_order(size, min_objects, slub_max_order, fraction);
			if (order <= slub_max_order)
				return (int)order;
			fraction /= 2;
		}
		min_objects--;
	}
	order = calc_slab_order(size, 1, slub_max_order, 1);
	if (order <= slub_max_order)
		return (int)order;
	order = calc_slab_order(size, 1, MAX_PAGE_ORDER, 1);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/* slub_set_cpu_partial: the object limit, and twice it in slabs (6.6). */
static void slub_set_cpu_partial(struct kmem_cache *s, unsigned int nr_objects)
{
	s->cpu_partial = nr_objects;
	/*
	 * We take the number of objects but actually limit the number of
	 * slabs on the per cpu partial list, assuming half-full slabs.
	 */
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, oo_objects(s->oo));
}

/* set_cpu_partial: 6.6's defaults by object size (none for debug caches). */
static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	slub_set_cpu_partial(s, nr_objects);
}

/*
 * calculate_sizes - the object's layout (6.6):
 *
 *   [left red zone][object][right red zone][free pointer][track x 2][orig_size][pad]
 *    red_left_pad   object_size   .. inuse    offset (if outside)
 *
 * The free pointer sits after the object when poisoning, RCU or a ctor
 * need the object's bytes intact, else in its middle.  Then the order.
 */
static int calculate_sizes(struct machine *m, struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = s->object_size;
	int order;

	size = ALIGN_UP(size, SLAB_PTR_SIZE);
	/* poison the object itself unless its bytes must survive a free */
	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	/* a right red zone of at least one word when the object fills its words */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += SLAB_PTR_SIZE;
	s->inuse = size;
	if (slub_debug_orig_size(s) || (flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) ||
	    ((flags & SLAB_RED_ZONE) && s->object_size < SLAB_PTR_SIZE) || s->ctor) {
		s->offset = size;
		size += SLAB_PTR_SIZE;
	} else {
		/* near the middle, away from small over/underflows */
		s->offset = ALIGN_DOWN(s->object_size / 2, SLAB_PTR_SIZE);
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * TRACK_SIZE;
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned int);	/* orig_size */
	}
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		/* padding after the metadata, and the left red zone */
		size += SLAB_PTR_SIZE;
		s->red_left_pad = ALIGN_UP(SLAB_PTR_SIZE, s->align);
		size += s->red_left_pad;
	}
	size = ALIGN_UP(size, s->align);
	s->size = size;
	s->reciprocal_size = UINT64_MAX / size + 1;
	order = slub_calculate_order(size, (unsigned int)m->nr_cpu_ids);
	if (order < 0)
		return 0;
	s->allocflags = 0;
	if (order)
		s->allocflags |= __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(get_order(size), size);
	return !!oo_objects(s->oo);
}

/* ------------------------------------------------------ objects in RAM */

#define obj_host slab_obj_host

static inline uint8_t *obj_bytes(struct machine *m, uint64_t addr)
{
	return (uint8_t *)obj_host(m, addr);
}

/*
 * freelist_ptr_encode/decode: CONFIG_SLAB_FREELIST_HARDENED stores
 * ptr ^ s->random ^ swab(ptr_addr), so a leaked or overwritten pointer
 * does not point anywhere useful.
 */
static inline uint64_t freelist_ptr(const struct kmem_cache *s, uint64_t ptr,
				    uint64_t ptr_addr)
{
	return ptr ^ s->random ^ __builtin_bswap64(ptr_addr);
}

static inline uint64_t get_freepointer(struct machine *m, const struct kmem_cache *s,
				       uint64_t obj)
{
	uint64_t ptr_addr = obj + s->offset, v;

	memcpy(&v, obj_host(m, ptr_addr), sizeof(v));
	return freelist_ptr(s, v, ptr_addr);
}

static inline void set_freepointer(struct machine *m, const struct kmem_cache *s,
				   uint64_t obj, uint64_t fp)
{
	uint64_t ptr_addr = obj + s->offset;
	uint64_t v = freelist_ptr(s, fp, ptr_addr);

	memcpy(obj_host(m, ptr_addr), &v, sizeof(v));
}

/* check_valid_pointer: 0 or the start of an object of @slab. */
static inline bool check_valid_pointer(struct machine *m, const struct kmem_cache *s,
				       const struct page *slab, uint64_t object)
{
	uint64_t off;

	if (!object)
		return true;
	off = restore_red_left(s, object) - slab_address(m, slab);
	return off < (uint64_t)slab_objects(slab) * s->size &&
	       slab_size_divides(s, (uint32_t)off);
}

/* ------------------------------------------------------ slab counters */

static void slab_set_counters(struct page *slab, unsigned int inuse,
			      unsigned int objects, bool frozen)
{
	slab->private = (unsigned long)inuse | (unsigned long)objects << 16 |
			(frozen ? SLAB_FROZEN_BIT : 0);
}

static void slab_set_inuse(struct page *slab, unsigned int inuse)
{
	slab_set_counters(slab, inuse, slab_objects(slab), slab_frozen(slab));
}

static void slab_set_frozen(struct page *slab, bool frozen)
{
	slab_set_counters(slab, slab_inuse(slab), slab_objects(slab), frozen);
}

/* slab->next and slab->slabs of a slab on a CPU's partial list */
static inline struct page *slab_next(const struct page *slab)
{
	return (struct page *)(void *)slab->lru.next;
}

static inline unsigned int slab_slabs(const struct page *slab)
{
	return (unsigned int)(uintptr_t)slab->lru.prev;
}

static inline void slab_set_next(struct page *slab, struct page *next, unsigned int slabs)
{
	slab->lru.next = (struct list_head *)(void *)next;
	slab->lru.prev = (struct list_head *)(uintptr_t)slabs;
}

static struct kmem_cache_node *get_node(struct kmem_cache *s, int nid)
{
	return &s->node[nid];
}

static int cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B
						 : NR_SLAB_UNRECLAIMABLE_B;
}

static void account_slab(struct machine *m, struct kmem_cache *s,
			 struct page *slab, unsigned int order, int sign)
{
	__mod_node_page_state(NODE_DATA(m, page_to_nid(slab)),
			      (enum node_stat_item)cache_vmstat_idx(s),
			      sign * (long)(PAGE_SIZE << order));
}

static void inc_slabs_node(struct kmem_cache *s, int nid, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s, nid);

	n->nr_slabs++;
	n->total_objects += objects;
}

static void dec_slabs_node(struct kmem_cache *s, int nid, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s, nid);

	n->nr_slabs--;
	n->total_objects -= objects;
}

static unsigned int slab_order(const struct page *slab)
{
	return compound_order(slab);
}

/* ------------------------------------------------------------- reports */

static void add_taint_bad_page(struct machine *m)
{
	m->taint |= 1UL << TAINT_BAD_PAGE;
}

/*
 * print_section - print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16,
 * 1, addr, length, 1): 16 bytes a line, the ASCII at column 49.
 */
static void print_section(struct machine *m, const char *text, uint64_t addr,
			  unsigned int length)
{
	const uint8_t *p = obj_bytes(m, addr);

	for (unsigned int i = 0; i < length; i += 16) {
		unsigned int len = length - i < 16 ? length - i : 16;
		char line[96];
		size_t lx = 0;

		for (unsigned int j = 0; j < len; j++)
			lx += (size_t)snprintf(line + lx, sizeof(line) - lx, "%02x ", p[i + j]);
		if (len)
			lx--;
		while (lx < 49)
			line[lx++] = ' ';
		for (unsigned int j = 0; j < len; j++) {
			uint8_t ch = p[i + j];

			line[lx++] = (ch < 0x80 && isprint(ch)) ? (char)ch : '.';
		}
		line[lx] = '\0';
		pr_err(m, "%s%016llx: %s", text, (unsigned long long)(addr + i), line);
	}
}

static uint64_t get_track(const struct kmem_cache *s, uint64_t object, enum track_item alloc)
{
	return object + get_info_end(s) + (uint64_t)alloc * TRACK_SIZE;
}

static uint64_t slub_jiffies(struct machine *m)
{
	return m->clock_ns / (1000000000UL / HZ);
}

/* set_track: the owner of @object (its caller number, CPU, pid, time). */
static void set_track(struct machine *m, const struct kmem_cache *s, uint64_t object,
		      enum track_item alloc, unsigned int caller)
{
	uint8_t *p = obj_bytes(m, get_track(s, object, alloc));
	uint64_t addr = caller, when = slub_jiffies(m);
	uint32_t handle = caller;
	int32_t cpu = m->cpu, pid = this_cpu(m)->pid;

	memcpy(p + TRACK_ADDR, &addr, 8);
	memcpy(p + TRACK_HANDLE, &handle, 4);
	memcpy(p + TRACK_CPU, &cpu, 4);
	memcpy(p + TRACK_PID, &pid, 4);
	memset(p + TRACK_PID + 4, 0, 4);
	memcpy(p + TRACK_WHEN, &when, 8);
}

static void init_tracking(struct machine *m, const struct kmem_cache *s, uint64_t object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	memset(obj_bytes(m, get_track(s, object, TRACK_ALLOC)), 0, 2 * TRACK_SIZE);
}

static const char *caller_name(uint64_t addr, char *buf, size_t len)
{
	if (addr < sizeof(track_callers) / sizeof(track_callers[0]) && track_callers[addr])
		snprintf(buf, len, "%s+0x0/0x0", track_callers[addr]);
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	return buf;
}

/* print_track: "Allocated in X age=N cpu=C pid=P" and the saved stack. */
static void print_track(struct machine *m, const char *what, uint64_t track, uint64_t pr_time)
{
	const uint8_t *p = obj_bytes(m, track);
	uint64_t addr, when;
	uint32_t handle;
	int32_t cpu, pid;
	char name[64];

	memcpy(&addr, p + TRACK_ADDR, 8);
	if (!addr)
		return;
	memcpy(&handle, p + TRACK_HANDLE, 4);
	memcpy(&cpu, p + TRACK_CPU, 4);
	memcpy(&pid, p + TRACK_PID, 4);
	memcpy(&when, p + TRACK_WHEN, 8);
	pr_err(m, "%s in %s age=%llu cpu=%u pid=%d", what, caller_name(addr, name, sizeof(name)),
	       (unsigned long long)(pr_time - when), (unsigned int)cpu, pid);
	/* stack_depot_print */
	if (handle)
		pr_err(m, " %s", caller_name(handle, name, sizeof(name)));
	else
		pr_err(m, "object allocation/free stack trace missing");
}

static void print_tracking(struct machine *m, const struct kmem_cache *s, uint64_t object)
{
	uint64_t pr_time = slub_jiffies(m);

	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track(m, "Allocated", get_track(s, object, TRACK_ALLOC), pr_time);
	print_track(m, "Freed", get_track(s, object, TRACK_FREE), pr_time);
}

/* %p of a struct slab: its struct page in the vmemmap */
static unsigned long long slab_ptr(struct machine *m, const struct page *slab)
{
	return (unsigned long long)(m->layout.vmemmap_start +
				    page_to_pfn(m, slab) * sizeof(struct page));
}

/* print_slab_info: "Slab 0x... objects=N used=N fp=0x... flags=%pGp" */
static void print_slab_info(struct machine *m, const struct page *slab)
{
	static const struct { int bit; const char *name; } names[] = {
		{ PG_locked, "locked" }, { PG_referenced, "referenced" },
		{ PG_head, "head" }, { PG_active, "active" }, { PG_slab, "slab" },
		{ PG_reserved, "reserved" },
	};
	char flags[128];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (slab->flags & (1UL << names[i].bit))
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%s%s",
					      n ? "|" : "", names[i].name);
	snprintf(flags + n, sizeof(flags) - n, "%snode=%d|zone=%u", n ? "|" : "",
		 page_to_nid(slab), page_zonenum(slab));
	pr_err(m, "Slab 0x%016llx objects=%u used=%u fp=0x%016llx flags=0x%lx(%s)",
	       slab_ptr(m, slab), slab_objects(slab), slab_inuse(slab),
	       (unsigned long long)slab->index, slab->flags, flags);
}

static void slab_bug(struct machine *m, const struct kmem_cache *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* slab_bug: the banner every SLUB report starts with. */
static void slab_bug(struct machine *m, const struct kmem_cache *s, const char *fmt, ...)
{
	char buf[160], taint[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	print_tainted(m, taint, sizeof(taint));
	pr_err(m, "=============================================================================");
	pr_err(m, "BUG %s (%s): %s", s->name, taint, buf);
	pr_err(m, "-----------------------------------------------------------------------------");
	pr_err(m, "\n");
	slub_st(m)->nr_errors++;
}

static void slab_fix(struct machine *m, const struct kmem_cache *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* slab_fix: what SLUB did about it. */
static void slab_fix(struct machine *m, const struct kmem_cache *s, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err(m, "FIX %s: %s", s->name, buf);
}

/* print_trailer: the owner, the slab, and the object's bytes by region. */
static void print_trailer(struct machine *m, const struct kmem_cache *s,
			  const struct page *slab, uint64_t p)
{
	uint64_t addr = page_address(m, slab);
	unsigned int off;

	print_tracking(m, s, p);
	print_slab_info(m, slab);
	pr_err(m, "Object 0x%016llx @offset=%llu fp=0x%016llx", (unsigned long long)p,
	       (unsigned long long)(p - addr), (unsigned long long)get_freepointer(m, s, p));
	pr_err(m, "\n");
	if (s->flags & SLAB_RED_ZONE)
		print_section(m, "Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section(m, "Bytes b4 ", p - 16, 16);
	print_section(m, "Object   ", p, s->object_size < PAGE_SIZE ? s->object_size
								 : (unsigned int)PAGE_SIZE);
	if (s->flags & SLAB_RED_ZONE)
		print_section(m, "Redzone  ", p + s->object_size, s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * TRACK_SIZE;
	if (slub_debug_orig_size(s))
		off += sizeof(unsigned int);
	if (off != size_from_object(s))
		print_section(m, "Padding  ", p + off, size_from_object(s) - off);
	dump_stack(m);
}

static void object_err(struct machine *m, const struct kmem_cache *s,
		       const struct page *slab, uint64_t object, const char *reason)
{
	slab_bug(m, s, "%s", reason);
	print_trailer(m, s, slab, object);
	add_taint_bad_page(m);
}

static void slab_err(struct machine *m, const struct kmem_cache *s,
		     const struct page *slab, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void slab_err(struct machine *m, const struct kmem_cache *s,
		     const struct page *slab, const char *fmt, ...)
{
	char buf[100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	slab_bug(m, s, "%s", buf);
	print_slab_info(m, slab);
	dump_stack(m);
	add_taint_bad_page(m);
}

/*
 * freelist_corrupted: @nextfree, read from @object, is no object of
 * @slab: report, and cut the chain there.  (6.6 checks this only with
 * SLAB_CONSISTENCY_CHECKS and otherwise follows the pointer; mmsim always
 * checks, so the host never reads outside simulated RAM.)
 */
static __attribute__((noinline, cold)) bool
freelist_corrupted(struct machine *m, const struct kmem_cache *s,
		   const struct page *slab, uint64_t object, uint64_t nextfree)
{
	if (check_valid_pointer(m, s, slab, nextfree))
		return false;
	object_err(m, s, slab, object, "Freechain corrupt");
	slab_fix(m, s, "Isolate corrupted freechain");
	return true;
}

/* ---------------------------------------------------- debug processing */

/* init_object: red zones to @val, a free object's bytes to the poison. */
static void init_object(struct machine *m, const struct kmem_cache *s, uint64_t object,
			uint8_t val)
{
	uint8_t *p = obj_bytes(m, object);
	unsigned int poison_size = s->object_size;	/* get_orig_size */

	if (s->flags & SLAB_RED_ZONE)
		memset(p - s->red_left_pad, val, s->red_left_pad);
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

static void restore_bytes(struct machine *m, const struct kmem_cache *s, const char *message,
			  uint8_t data, uint64_t from, uint64_t to)
{
	slab_fix(m, s, "Restoring %s 0x%016llx-0x%016llx=0x%x", message,
		 (unsigned long long)from, (unsigned long long)(to - 1), data);
	memset(obj_bytes(m, from), data, to - from);
}

/* check_bytes_and_report: are @bytes at @start all @value?  Else report, restore. */
static int check_bytes_and_report(struct machine *m, const struct kmem_cache *s,
				  const struct page *slab, uint64_t object, const char *what,
				  uint64_t start, uint8_t value, unsigned int bytes)
{
	const uint8_t *p = obj_bytes(m, start);
	uint64_t addr = page_address(m, slab);
	unsigned int i, end;

	for (i = 0; i < bytes && p[i] == value; i++)
		;
	if (i == bytes)
		return 1;
	end = bytes;
	while (end > i && p[end - 1] == value)
		end--;
	slab_bug(m, s, "%s overwritten", what);
	pr_err(m, "0x%016llx-0x%016llx @offset=%llu. First byte 0x%x instead of 0x%x",
	       (unsigned long long)(start + i), (unsigned long long)(start + end - 1),
	       (unsigned long long)(start + i - addr), p[i], value);
	print_trailer(m, s, slab, object);
	add_taint_bad_page(m);
	restore_bytes(m, s, what, value, start + i, start + end);
	return 0;
}

/* check_pad_bytes: the padding after the metadata is POISON_INUSE. */
static int check_pad_bytes(struct machine *m, const struct kmem_cache *s,
			   const struct page *slab, uint64_t p)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * TRACK_SIZE;
		if (s->flags & SLAB_KMALLOC)
			off += sizeof(unsigned int);
	}
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(m, s, slab, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - off);
}

/* slab_pad_check: the slab's tail after the last object (SLAB_POISON). */
static void slab_pad_check(struct machine *m, const struct kmem_cache *s,
			   const struct page *slab)
{
	uint64_t start = page_address(m, slab);
	unsigned int length = (unsigned int)(PAGE_SIZE << slab_order(slab));
	unsigned int remainder = length % s->size, i, end;
	const uint8_t *pad;

	if (!(s->flags & SLAB_POISON) || !remainder)
		return;
	pad = obj_bytes(m, start + length - remainder);
	for (i = 0; i < remainder && pad[i] == POISON_INUSE; i++)
		;
	if (i == remainder)
		return;
	end = remainder;
	while (end > i && pad[end - 1] == POISON_INUSE)
		end--;
	slab_err(m, s, slab, "Padding overwritten. 0x%016llx-0x%016llx @offset=%u",
		 (unsigned long long)(start + length - remainder + i),
		 (unsigned long long)(start + length - remainder + end - 1),
		 length - remainder + i);
	print_section(m, "Padding ", start + length - remainder, remainder);
	restore_bytes(m, s, "slab padding", POISON_INUSE, start + length - remainder + i,
		      start + length - remainder + end);
}

/* check_object: red zones, poison, padding and the free pointer of @object. */
static int check_object(struct machine *m, const struct kmem_cache *s,
			const struct page *slab, uint64_t object, uint8_t val)
{
	uint64_t endobject = object + s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(m, s, slab, object, "Left Redzone",
					    object - s->red_left_pad, val, s->red_left_pad))
			return 0;
		if (!check_bytes_and_report(m, s, slab, object, "Right Redzone", endobject, val,
					    s->inuse - s->object_size))
			return 0;
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		check_bytes_and_report(m, s, slab, object, "Alignment padding", endobject,
				       POISON_INUSE, s->inuse - s->object_size);
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON) &&
		    (!check_bytes_and_report(m, s, slab, object, "Poison", object, POISON_FREE,
					     s->object_size - 1) ||
		     !check_bytes_and_report(m, s, slab, object, "End Poison", endobject - 1,
					     POISON_END, 1)))
			return 0;
		check_pad_bytes(m, s, slab, object);
	}
	if (!freeptr_outside_object(s) && val == SLUB_RED_ACTIVE)
		return 1;	/* the free pointer is the object's data now */
	if (!check_valid_pointer(m, s, slab, get_freepointer(m, s, object))) {
		object_err(m, s, slab, object, "Freepointer corrupt");
		set_freepointer(m, s, object, 0);	/* no more free objects after it */
		return 0;
	}
	return 1;
}

/* check_slab: a slab page with sane counters. */
static int check_slab(struct machine *m, const struct kmem_cache *s, struct page *slab)
{
	unsigned int maxobj;

	if (!PageSlab(slab)) {
		slab_err(m, s, slab, "Not a valid slab page");
		return 0;
	}
	maxobj = order_objects(slab_order(slab), s->size);
	if (slab_objects(slab) > maxobj) {
		slab_err(m, s, slab, "objects %u > max %u", slab_objects(slab), maxobj);
		return 0;
	}
	if (slab_inuse(slab) > slab_objects(slab)) {
		slab_err(m, s, slab, "inuse %u > max %u", slab_inuse(slab), slab_objects(slab));
		return 0;
	}
	slab_pad_check(m, s, slab);
	return 1;
}

/* on_freelist: is @search on the slab's freelist (0: check the list and counts)? */
static int on_freelist(struct machine *m, const struct kmem_cache *s, struct page *slab,
		       uint64_t search)
{
	unsigned int nr = 0, max_objects;
	uint64_t fp = slab->index, object = 0;

	while (fp && nr <= slab_objects(slab)) {
		if (fp == search)
			return 1;
		if (!check_valid_pointer(m, s, slab, fp)) {
			if (object) {
				object_err(m, s, slab, object, "Freechain corrupt");
				set_freepointer(m, s, object, 0);
			} else {
				slab_err(m, s, slab, "Freepointer corrupt");
				slab->index = 0;
				slab_set_inuse(slab, slab_objects(slab));
				slab_fix(m, s, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = get_freepointer(m, s, object);
		nr++;
	}
	max_objects = order_objects(slab_order(slab), s->size);
	if (max_objects > MAX_OBJS_PER_PAGE)
		max_objects = MAX_OBJS_PER_PAGE;
	if (slab_objects(slab) != max_objects) {
		slab_err(m, s, slab, "Wrong number of objects. Found %u but should be %u",
			 slab_objects(slab), max_objects);
		slab_set_counters(slab, slab_inuse(slab), max_objects, slab_frozen(slab));
		slab_fix(m, s, "Number of objects adjusted");
	}
	if (slab_inuse(slab) != slab_objects(slab) - nr) {
		slab_err(m, s, slab, "Wrong object count. Counter is %u but counted were %u",
			 slab_inuse(slab), slab_objects(slab) - nr);
		slab_set_inuse(slab, slab_objects(slab) - nr);
		slab_fix(m, s, "Object count adjusted");
	}
	return search == 0;
}

/* trace: SLAB_TRACE's line for each alloc and free. */
static void trace(struct machine *m, const struct kmem_cache *s, const struct page *slab,
		  uint64_t object, int alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	pr_info(m, "TRACE %s %s 0x%016llx inuse=%u fp=0x%016llx", s->name,
		alloc ? "alloc" : "free", (unsigned long long)object, slab_inuse(slab),
		(unsigned long long)slab->index);
	if (!alloc)
		print_section(m, "Object ", object, s->object_size);
	dump_stack(m);
}

/* add_full/remove_full: SLAB_STORE_USER caches keep full slabs listed. */
static void add_full(struct kmem_cache *s, struct kmem_cache_node *n, struct page *slab)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	list_add(&slab->lru, &n->full);
}

static void remove_full(struct kmem_cache *s, struct page *slab)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	list_del(&slab->lru);
	INIT_LIST_HEAD(&slab->lru);
}

static void setup_object_debug(struct machine *m, const struct kmem_cache *s, uint64_t object)
{
	if (!(s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)))
		return;
	init_object(m, s, object, SLUB_RED_INACTIVE);
	init_tracking(m, s, object);
}

static void setup_slab_debug(struct machine *m, const struct kmem_cache *s, struct page *slab,
			     uint64_t addr)
{
	if (!(s->flags & SLAB_POISON))
		return;
	memset(obj_bytes(m, addr), POISON_INUSE, PAGE_SIZE << slab_order(slab));
}

static void set_orig_size(struct machine *m, const struct kmem_cache *s, uint64_t object,
			  unsigned int orig_size)
{
	if (!slub_debug_orig_size(s))
		return;
	memcpy(obj_bytes(m, object + get_info_end(s) + 2 * TRACK_SIZE), &orig_size,
	       sizeof(orig_size));
}

static int alloc_consistency_checks(struct machine *m, const struct kmem_cache *s,
				    struct page *slab, uint64_t object)
{
	if (!check_slab(m, s, slab))
		return 0;
	if (!check_valid_pointer(m, s, slab, object)) {
		object_err(m, s, slab, object, "Freelist Pointer check fails");
		return 0;
	}
	if (!check_object(m, s, slab, object, SLUB_RED_INACTIVE))
		return 0;
	return 1;
}

/* alloc_debug_processing: checks, then the object's red zones go active. */
static bool alloc_debug_processing(struct machine *m, const struct kmem_cache *s,
				   struct page *slab, uint64_t object)
{
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !alloc_consistency_checks(m, s, slab, object))
		goto bad;
	trace(m, s, slab, object, 1);
	set_orig_size(m, s, object, s->object_size);
	init_object(m, s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	if (PageSlab(slab)) {
		/* the slab's freelist cannot be trusted: nothing more from it */
		slab_fix(m, s, "Marking all objects used");
		slab_set_inuse(slab, slab_objects(slab));
		slab->index = 0;
	}
	return false;
}

static int free_consistency_checks(struct machine *m, const struct kmem_cache *s,
				   struct page *slab, uint64_t object)
{
	if (!check_valid_pointer(m, s, slab, object)) {
		slab_err(m, s, slab, "Invalid object pointer 0x%016llx", (unsigned long long)object);
		return 0;
	}
	if (on_freelist(m, s, slab, object)) {
		object_err(m, s, slab, object, "Object already free");
		return 0;
	}
	if (!check_object(m, s, slab, object, SLUB_RED_ACTIVE))
		return 0;
	if (slab_cache(slab) != s) {
		object_err(m, s, slab, object, "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

/* free_debug_processing: checks, the free track, the object poisoned. */
static bool free_debug_processing(struct machine *m, const struct kmem_cache *s,
				  struct page *slab, uint64_t object, unsigned int caller)
{
	bool checks_ok = false;

	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !check_slab(m, s, slab))
		goto out;
	if (slab_inuse(slab) < 1) {
		slab_err(m, s, slab, "Slab has %u allocated objects but %d are to be freed",
			 slab_inuse(slab), 1);
		goto out;
	}
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !free_consistency_checks(m, s, slab, object))
		goto out;
	if (s->flags & SLAB_STORE_USER)
		set_track(m, s, object, TRACK_FREE, caller);
	trace(m, s, slab, object, 0);
	init_object(m, s, object, SLUB_RED_INACTIVE);
	checks_ok = true;
out:
	if (!checks_ok)
		slab_fix(m, s, "Object at 0x%016llx not freed", (unsigned long long)object);
	return checks_ok;
}

/* ------------------------------------------------------------ slub_debug= */

/*
 * parse_slub_debug_flags - one ';'-separated block of slub_debug=: its
 * flags ("-" clears, "F Z P U T A O"; nothing before a ',' is full
 * debugging), *@slabs the cache list after ',' or NULL.  Returns the
 * next block or NULL.  @init: boot-time parsing, which reports unknown
 * letters and records 'O'.
 */
static const char *parse_slub_debug_flags(struct machine *m, const char *str,
					  slab_flags_t *flags, const char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str && *str == ';')
		str++;
	if (*str == ',') {
		*flags = DEBUG_DEFAULT_FLAGS;
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (tolower((unsigned char)*str)) {
		case '-':
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		case 'a':
			break;		/* SLAB_FAILSLAB: no fault injection */
		case 'o':
			higher_order_disable = true;
			break;
		default:
			if (init)
				pr_err(m, "slub_debug option '%c' unknown. skipped", *str);
		}
	}
check_slabs:
	if (*str == ',')
		*slabs = ++str;
	else
		*slabs = NULL;
	while (*str && *str != ';')
		str++;
	while (*str && *str == ';')
		str++;
	if (init && higher_order_disable)
		slub_st(m)->disable_higher_order_debug = true;
	return *str ? str : NULL;
}

/* setup_slub_debug: the boot option (the value after "slub_debug="). */
static int setup_slub_debug(struct machine *m, const char *str)
{
	struct slub_state *st = slub_st(m);
	slab_flags_t flags, global_flags = 0;	/* no CONFIG_SLUB_DEBUG_ON */
	bool global_changed = false, list_specified = false;
	const char *slab_list, *p = str;

	if (!*str)
		return 0;	/* no slub_debug on the command line */
	while (p) {
		p = parse_slub_debug_flags(m, p, &flags, &slab_list, true);
		if (!slab_list) {
			global_flags = flags;
			global_changed = true;
		} else {
			list_specified = true;
		}
	}
	/*
	 * A single list of flags with a list of caches changes only those
	 * caches: the global flags stay unless a block without a list set them.
	 */
	if (list_specified) {
		if (!global_changed)
			global_flags = st->slub_debug;
		st->slub_debug_string = strdup(str);
		if (!st->slub_debug_string)
			return -ENOMEM;
	}
	st->slub_debug = global_flags;
	return 0;
}

/**
 * kmem_cache_flags - @flags of cache @name with slub_debug='s: the flags
 * of the first block whose cache list matches @name (a trailing '*'
 * matches a prefix), else the global ones.  SLAB_NO_USER_FLAGS caches
 * keep their own; SLAB_NOLEAKTRACE ones get no SLAB_STORE_USER from the
 * global flags (mm/slub.c kmem_cache_flags).
 */
slab_flags_t kmem_cache_flags(struct machine *m, unsigned int object_size,
			      slab_flags_t flags, const char *name)
{
	struct slub_state *st = slub_st(m);
	slab_flags_t block_flags, slub_debug_local;
	const char *iter, *next_block;
	size_t len;

	(void)object_size;
	if (!st || (flags & SLAB_NO_USER_FLAGS))
		return flags;
	slub_debug_local = st->slub_debug;
	if (flags & SLAB_NOLEAKTRACE)
		slub_debug_local &= ~SLAB_STORE_USER;
	len = strlen(name);
	next_block = st->slub_debug_string;
	while (next_block) {
		next_block = parse_slub_debug_flags(m, next_block, &block_flags, &iter, false);
		if (!iter)
			continue;
		while (*iter) {
			const char *end = strchr(iter, ',');
			const char *glob;
			size_t cmplen;

			if (!end)
				end = iter + strlen(iter);
			if (next_block && next_block < end)
				end = next_block - 1;
			glob = memchr(iter, '*', (size_t)(end - iter));
			if (glob)
				cmplen = (size_t)(glob - iter);
			else
				cmplen = len > (size_t)(end - iter) ? len : (size_t)(end - iter);
			if (!strncmp(name, iter, cmplen))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | slub_debug_local;
}

static slab_flags_t slub_cache_flags(struct machine *m, unsigned int size, slab_flags_t flags,
				     const char *name)
{
	return kmem_cache_flags(m, size, flags, name);
}

/* --------------------------------------------------------- cache setup */

static void slub_cache_release(struct machine *m, struct kmem_cache *s);

/*
 * __kmem_cache_create - kmem_cache_open: the slub_debug= flags, the
 * hardening key, sizes (again without debug metadata under slub_debug=O
 * if it raised the order), min_partial, the per-CPU partial limits and
 * the per-CPU/per-node structures (host memory; no slab yet).
 */
static int slub_cache_create(struct machine *m, struct kmem_cache *s)
{
	unsigned long min;

	s->flags = kmem_cache_flags(m, s->size, s->flags, s->name);
	s->random = prandom_u64_state(&m->rnd);
	if (!calculate_sizes(m, s))
		return -EINVAL;
	if (slub_st(m)->disable_higher_order_debug &&
	    get_order(s->size) > get_order(s->object_size)) {
		s->flags &= ~DEBUG_METADATA_FLAGS;
		s->offset = 0;
		if (!calculate_sizes(m, s))
			return -EINVAL;
	}
	min = ilog2_u(s->size) / 2;
	s->min_partial = min < MIN_PARTIAL ? MIN_PARTIAL :
			 min > MAX_PARTIAL ? MAX_PARTIAL : min;
	set_cpu_partial(s);
	s->cpu_slab = calloc((size_t)m->nr_cpu_ids, sizeof(*s->cpu_slab));
	s->node = calloc((size_t)m->nr_node_ids, sizeof(*s->node));
	if (!s->cpu_slab || !s->node) {
		slub_cache_release(m, s);
		return -ENOMEM;
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		INIT_LIST_HEAD(&s->node[nid].partial);
		INIT_LIST_HEAD(&s->node[nid].full);
	}
	return 0;
}

static void slub_cache_release(struct machine *m, struct kmem_cache *s)
{
	(void)m;
	free(s->cpu_slab);
	free(s->node);
	s->cpu_slab = NULL;
	s->node = NULL;
}

/* __kmem_cache_alias's SLUB half: the metadata offset covers the new size. */
static void slub_cache_alias(struct machine *m, struct kmem_cache *s, unsigned int size)
{
	unsigned int inuse = ALIGN_UP(size, SLAB_PTR_SIZE);

	(void)m;
	if (s->inuse < inuse)
		s->inuse = inuse;
}

/* ------------------------------------------------- slabs from the buddy */

#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS |  \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)

static struct page *alloc_slab_page(struct machine *m, gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	return alloc_pages_node(m, node, flags, oo_order(oo));
}

static void setup_object(struct machine *m, struct kmem_cache *s, uint64_t object)
{
	setup_object_debug(m, s, object);
	if (s->ctor)
		s->ctor(m, object);
}

/*
 * allocate_slab: a new slab, unfrozen with nothing in use, every object
 * set up and on its freelist in address order.
 */
static struct page *allocate_slab(struct machine *m, struct kmem_cache *s, gfp_t flags,
				  int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	gfp_t alloc_gfp;
	struct page *slab;
	uint64_t start, p;
	unsigned int objects;

	flags |= s->allocflags;
	/* first try the preferred order without reclaim and warnings */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(m, alloc_gfp, node, oo);
	if (!slab) {
		oo = s->min;
		alloc_gfp = flags;
		if (!oo_order(oo))
			alloc_gfp &= ~__GFP_COMP;
		slab = alloc_slab_page(m, alloc_gfp, node, oo);
		if (!slab)
			return NULL;
	}
	objects = oo_objects(oo);
	SetPageSlab(slab);
	slab->mapping = s;
	INIT_LIST_HEAD(&slab->lru);
	slab_set_counters(slab, 0, objects, false);
	account_slab(m, s, slab, oo_order(oo), 1);

	start = page_address(m, slab);
	setup_slab_debug(m, s, slab, start);
	start = fixup_red_left(s, start);
	for (unsigned int i = 0; i < objects; i++)
		setup_object(m, s, start + (uint64_t)i * s->size);
	for (unsigned int i = 0; i < objects; i++) {
		p = start + (uint64_t)i * s->size;
		set_freepointer(m, s, p, i + 1 < objects ? p + s->size : 0);
	}
	slab->index = start;			/* slab->freelist */
	return slab;
}

static struct page *new_slab(struct machine *m, struct kmem_cache *s, gfp_t flags, int node)
{
	if (flags & GFP_SLAB_BUG_MASK)
		flags = kmalloc_fix_flags(m, flags);
	return allocate_slab(m, s, flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK), node);
}

/* __free_slab: the pages go back to the page allocator. */
static void __free_slab(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	unsigned int order = slab_order(slab);

	account_slab(m, s, slab, order, -1);
	ClearPageSlab(slab);
	slab->mapping = NULL;
	slab->index = 0;
	slab->private = 0;
	slab->lru.next = slab->lru.prev = NULL;
	__free_pages(m, slab, order);
}

/*
 * free_slab: with SLAB_CONSISTENCY_CHECKS every object is checked first.
 * SLAB_TYPESAFE_BY_RCU's grace period is not modelled: the slab goes at
 * once (no reader can be in the middle of one in mmsim).
 */
static void free_slab(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		uint64_t p = fixup_red_left(s, page_address(m, slab));

		slab_pad_check(m, s, slab);
		for (unsigned int i = 0; i < slab_objects(slab); i++, p += s->size)
			check_object(m, s, slab, p, SLUB_RED_INACTIVE);
	}
	__free_slab(m, s, slab);
}

/* discard_slab: an empty slab off every list goes. */
static void discard_slab(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	dec_slabs_node(s, page_to_nid(slab), slab_objects(slab));
	free_slab(m, s, slab);
}

static void add_partial(struct kmem_cache_node *n, struct page *slab, bool tail)
{
	n->nr_partial++;
	if (tail)
		list_add_tail(&slab->lru, &n->partial);
	else
		list_add(&slab->lru, &n->partial);
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->lru);
	INIT_LIST_HEAD(&slab->lru);
	n->nr_partial--;
}

#define DEACTIVATE_TO_HEAD	false
#define DEACTIVATE_TO_TAIL	true

/* ---------------------------------------------------- per-CPU partials */

/*
 * __unfreeze_partials: a CPU's partial slabs back to their nodes'
 * partial lists (tail), or freed when empty and the node has min_partial.
 */
static void __unfreeze_partials(struct machine *m, struct kmem_cache *s,
				struct page *partial_slab)
{
	struct page *slab, *slab_to_discard = NULL;

	while (partial_slab) {
		struct kmem_cache_node *n;

		slab = partial_slab;
		partial_slab = slab_next(slab);
		n = get_node(s, page_to_nid(slab));
		slab_set_frozen(slab, false);
		if (!slab_inuse(slab) && n->nr_partial >= s->min_partial) {
			slab_set_next(slab, slab_to_discard, 0);
			slab_to_discard = slab;
		} else {
			INIT_LIST_HEAD(&slab->lru);
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
	}
	while (slab_to_discard) {
		slab = slab_to_discard;
		slab_to_discard = slab_next(slab);
		discard_slab(m, s, slab);
	}
}

static void unfreeze_partials_cpu(struct machine *m, struct kmem_cache *s,
				  struct kmem_cache_cpu *c)
{
	struct page *partial_slab = c->partial;

	c->partial = NULL;
	if (partial_slab)
		__unfreeze_partials(m, s, partial_slab);
}

/*
 * put_cpu_partial: a frozen slab onto this CPU's partial list.  With
 * @drain, a list already holding cpu_partial_slabs slabs is first
 * unfrozen to the nodes.
 */
static void put_cpu_partial(struct machine *m, struct kmem_cache *s, struct page *slab,
			    bool drain)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cpu];
	struct page *oldslab = c->partial, *slab_to_unfreeze = NULL;
	unsigned int slabs = 0;

	if (oldslab) {
		if (drain && slab_slabs(oldslab) >= s->cpu_partial_slabs) {
			slab_to_unfreeze = oldslab;
			oldslab = NULL;
		} else {
			slabs = slab_slabs(oldslab);
		}
	}
	slabs++;
	slab_set_next(slab, oldslab, slabs);
	c->partial = slab;
	if (slab_to_unfreeze)
		__unfreeze_partials(m, s, slab_to_unfreeze);
}

/* ------------------------------------------------------------ allocation */

/*
 * alloc_single_from_partial: a debug cache's object straight from a
 * node partial slab (which stays unfrozen, listed).
 */
static uint64_t alloc_single_from_partial(struct machine *m, struct kmem_cache *s,
					  struct kmem_cache_node *n, struct page *slab)
{
	uint64_t object = slab->index;

	slab->index = get_freepointer(m, s, object);
	slab_set_inuse(slab, slab_inuse(slab) + 1);
	if (!alloc_debug_processing(m, s, slab, object)) {
		remove_partial(n, slab);	/* isolated: on no list */
		return 0;
	}
	if (freelist_corrupted(m, s, slab, object, slab->index)) {
		slab->index = 0;
		slab_set_inuse(slab, slab_objects(slab));
	}
	if (slab_inuse(slab) == slab_objects(slab)) {
		remove_partial(n, slab);
		add_full(s, n, slab);
	}
	return object;
}

/* alloc_single_from_new_slab: a debug cache's first object of a new slab. */
static uint64_t alloc_single_from_new_slab(struct machine *m, struct kmem_cache *s,
					   struct page *slab)
{
	int nid = page_to_nid(slab);
	struct kmem_cache_node *n = get_node(s, nid);
	uint64_t object = slab->index;

	slab->index = get_freepointer(m, s, object);
	slab_set_inuse(slab, 1);
	if (!alloc_debug_processing(m, s, slab, object))
		return 0;	/* the slab is leaked, as in Linux */
	if (slab_inuse(slab) == slab_objects(slab))
		add_full(s, n, slab);
	else
		add_partial(n, slab, DEACTIVATE_TO_HEAD);
	inc_slabs_node(s, nid, slab_objects(slab));
	return object;
}

/*
 * acquire_slab: freeze a node partial slab; the first (@mode) hands its
 * whole freelist to the CPU, the others keep theirs.
 */
static uint64_t acquire_slab(struct kmem_cache_node *n, struct page *slab, bool mode)
{
	uint64_t freelist = slab->index;

	if (mode) {
		slab_set_counters(slab, slab_objects(slab), slab_objects(slab), true);
		slab->index = 0;
	} else {
		slab_set_frozen(slab, true);
	}
	remove_partial(n, slab);
	return freelist;
}

/*
 * get_partial_node: from node @nid's partial list, the CPU slab (its
 * freelist returned) and, while partial_slabs <= cpu_partial_slabs / 2,
 * more slabs for the CPU's partial list.  A debug cache takes one object
 * (alloc_single_from_partial) and *@slabp stays NULL.
 */
static uint64_t get_partial_node(struct machine *m, struct kmem_cache *s, int nid,
				 struct page **slabp)
{
	struct kmem_cache_node *n = get_node(s, nid);
	struct page *slab, *t;
	uint64_t object = 0;
	unsigned int partial_slabs = 0;

	if (!n->nr_partial)
		return 0;
	list_for_each_entry_safe(slab, t, &n->partial, struct page, lru) {
		uint64_t f;

		if (kmem_cache_debug(s)) {
			object = alloc_single_from_partial(m, s, n, slab);
			if (object)
				break;
			continue;
		}
		f = acquire_slab(n, slab, object == 0);
		if (!object) {
			*slabp = slab;
			object = f;
		} else {
			put_cpu_partial(m, s, slab, false);
			partial_slabs++;
		}
		if (!kmem_cache_has_cpu_partial(s) || partial_slabs > s->cpu_partial_slabs / 2)
			break;
	}
	return object;
}

/* get_partial: this CPU's node (get_any_partial is not modelled). */
static uint64_t get_partial(struct machine *m, struct kmem_cache *s, int node,
			    struct page **slabp)
{
	return get_partial_node(m, s, node == NUMA_NO_NODE ? this_cpu(m)->node : node, slabp);
}

/*
 * deactivate_slab: the CPU slab's freelist spliced in front of the
 * slab's own (remote frees), unfrozen; to the node's partial list (tail
 * if remote frees were there, else head), freed when empty beyond
 * min_partial, or on no list when full.
 */
static void deactivate_slab(struct machine *m, struct kmem_cache *s,
			    struct page *slab, uint64_t freelist)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	bool tail = DEACTIVATE_TO_HEAD;
	uint64_t iter = freelist, freelist_tail = 0;
	unsigned int free_delta = 0, inuse;

	if (slab->index)
		tail = DEACTIVATE_TO_TAIL;
	while (iter) {
		uint64_t nextfree = get_freepointer(m, s, iter);

		if (freelist_corrupted(m, s, slab, iter, nextfree))
			break;	/* iter and what follows stay "in use" */
		freelist_tail = iter;
		free_delta++;
		iter = nextfree;
	}
	inuse = slab_inuse(slab);
	if (freelist_tail) {
		inuse -= free_delta;
		set_freepointer(m, s, freelist_tail, slab->index);
		slab->index = freelist;
	}
	slab_set_counters(slab, inuse, slab_objects(slab), false);
	if (!inuse && n->nr_partial >= s->min_partial)
		discard_slab(m, s, slab);
	else if (slab->index)
		add_partial(n, slab, tail);
	/* else full: on no list */
}

static void flush_slab(struct machine *m, struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	uint64_t freelist = c->freelist;

	c->slab = NULL;
	c->freelist = 0;
	if (slab)
		deactivate_slab(m, s, slab, freelist);
}

/* node_match: may the CPU slab serve a request for @node? */
static inline bool node_match(const struct page *slab, int node)
{
	return node == NUMA_NO_NODE || page_to_nid(slab) == node;
}

/* get_freelist: take the frozen CPU slab's remote frees (unfrozen if none). */
static uint64_t get_freelist(struct page *slab)
{
	uint64_t freelist = slab->index;

	slab->index = 0;
	slab_set_counters(slab, slab_objects(slab), slab_objects(slab), freelist != 0);
	return freelist;
}

/* next_object: the free pointer of @object, a CPU freelist's next, checked. */
static inline uint64_t next_object(struct machine *m, struct kmem_cache *s,
				   const struct page *slab, uint64_t object)
{
	uint64_t next = get_freepointer(m, s, object);

	if (__builtin_expect(next && !check_valid_pointer(m, s, slab, next), 0) &&
	    freelist_corrupted(m, s, slab, object, next))
		next = 0;
	return next;
}

/* slab_out_of_memory: the report when no slab could be had. */
static void slab_out_of_memory(struct machine *m, struct kmem_cache *s, gfp_t gfp, int nid)
{
	char names[160];

	if (gfp & __GFP_NOWARN)
		return;
	pr_warn(m, "SLUB: Unable to allocate memory on node %d, gfp=%#x(%s)", nid, gfp,
		gfp_format(gfp, names, sizeof(names)));
	pr_warn(m, "  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u",
		s->name, s->object_size, s->size, oo_order(s->oo), oo_order(s->min));
	if (oo_order(s->min) > get_order(s->object_size))
		pr_warn(m, "  %s debugging increased min order, use slub_debug=O to disable.",
			s->name);
	for (int node = 0; node < m->nr_node_ids; node++) {
		struct kmem_cache_node *n = get_node(s, node);
		unsigned long nr_free = 0;
		struct page *slab;

		list_for_each_entry(slab, &n->partial, struct page, lru)
			nr_free += slab_objects(slab) - slab_inuse(slab);
		pr_warn(m, "  node %d: slabs: %lu, objs: %lu, free: %lu", node, n->nr_slabs,
			n->total_objects, nr_free);
	}
}

/* The caller a track names for an allocation or a free of @s. */
static inline unsigned int track_caller(const struct kmem_cache *s, bool alloc)
{
	return (alloc ? 1U : 3U) + !!(s->flags & SLAB_KMALLOC);
}

/* A debug cache's allocation: every one is a slow path. */
static uint64_t alloc_debug_slow(struct machine *m, struct kmem_cache *s, gfp_t gfp,
				 int node)
{
	struct page *slab = NULL;
	uint64_t object;

	for (;;) {
		object = get_partial(m, s, node, &slab);
		if (object)
			break;
		slab = new_slab(m, s, gfp, node);
		if (!slab) {
			slab_out_of_memory(m, s, gfp, node);
			return 0;
		}
		object = alloc_single_from_new_slab(m, s, slab);
		if (object)
			break;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(m, s, object, TRACK_ALLOC, track_caller(s, true));
	return object;
}

/*
 * ___slab_alloc: the slow path.  The CPU slab's remote frees, then the
 * CPU's partial slabs, then the node's partial slabs, then a new slab.
 */
static __attribute__((noinline)) uint64_t
slab_alloc_slow(struct machine *m, struct kmem_cache *s, struct kmem_cache_cpu *c,
		gfp_t gfp, int node)
{
	struct page *slab;
	uint64_t freelist;

	if (kmem_cache_debug(s))
		return alloc_debug_slow(m, s, gfp, node);
	slab = c->slab;
	if (!slab)
		goto new_slab;
redo:
	if (!node_match(slab, node)) {
		/* the CPU slab is on another node: give it back */
		flush_slab(m, s, c);
		goto new_slab;
	}
	freelist = c->freelist;
	if (freelist)
		goto load_freelist;
	freelist = get_freelist(slab);
	if (!freelist) {
		c->slab = NULL;		/* full: unfrozen, on no list */
		goto new_slab;
	}
load_freelist:
	c->freelist = next_object(m, s, c->slab, freelist);
	return freelist;

new_slab:
	if (c->partial) {
		/* slub_percpu_partial: the CPU's partial slabs come first */
		slab = c->slab = c->partial;
		c->partial = slab_next(slab);
		INIT_LIST_HEAD(&slab->lru);
		goto redo;
	}
	slab = NULL;
	freelist = get_partial(m, s, node, &slab);
	if (!freelist) {
		slab = new_slab(m, s, gfp, node);
		if (!slab) {
			slab_out_of_memory(m, s, gfp, node);
			return 0;
		}
		freelist = slab->index;
		slab->index = 0;
		slab_set_counters(slab, slab_objects(slab), slab_objects(slab), true);
		inc_slabs_node(s, page_to_nid(slab), slab_objects(slab));
	}
	c->slab = slab;
	goto load_freelist;
}

/*
 * slub_alloc_rare - what slub_alloc's fast path hands on (tail calls, so
 * the fast path itself calls nothing): with @object 0 the slow path; else
 * @object was popped and either its free pointer is corrupt (checked
 * again and reported here) or it is to be zeroed.
 */
static __attribute__((noinline)) uint64_t
slub_alloc_rare(struct machine *m, struct kmem_cache *s, struct kmem_cache_cpu *c, gfp_t gfp,
		int node, uint64_t object)
{
	if (!object)
		object = slab_alloc_slow(m, s, c, gfp, node);
	else if (c->freelist == object)
		c->freelist = next_object(m, s, c->slab, object);
	if (object && (gfp & __GFP_ZERO))
		memset(obj_host(m, object), 0, s->object_size);
	return object;
}

/*
 * slab_alloc_node - an object of @s: its kernel virtual address, 0 if no
 * memory.  __GFP_ZERO clears object_size bytes.  The fast path pops the
 * CPU freelist: a decode and a check of the next pointer.
 */
static uint64_t slub_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cpu];
	uint64_t object = c->freelist, next;

	if (__builtin_expect(!object || !node_match(c->slab, node), 0))
		return slub_alloc_rare(m, s, c, gfp, node, 0);
	/* fast path: pop the CPU freelist; no call, so nothing to spill */
	next = get_freepointer(m, s, object);
	if (__builtin_expect(next && !check_valid_pointer(m, s, c->slab, next), 0))
		return slub_alloc_rare(m, s, c, gfp, node, object);
	c->freelist = next;
	if (__builtin_expect(gfp & __GFP_ZERO, 0))
		return slub_alloc_rare(m, s, c, gfp, node, object);
	return object;
}

/*
 * __kmem_cache_alloc_bulk - @nr objects popped off the CPU freelist, the
 * slow path when it runs dry; all or nothing.
 */
static int slub_alloc_bulk(struct machine *m, struct kmem_cache *s, gfp_t gfp, size_t nr,
			   uint64_t *p)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cpu];
	size_t i;

	for (i = 0; i < nr; i++) {
		uint64_t object = c->freelist;

		if (!object) {
			p[i] = slab_alloc_slow(m, s, c, gfp, NUMA_NO_NODE);
			if (!p[i]) {
				kmem_cache_free_bulk(m, s, i, p);
				return 0;
			}
			continue;
		}
		c->freelist = next_object(m, s, c->slab, object);
		p[i] = object;
	}
	if (gfp & __GFP_ZERO)
		for (i = 0; i < nr; i++)
			memset(obj_host(m, p[i]), 0, s->object_size);
	return (int)nr;
}

/* ----------------------------------------------------------------- free */

/* The hardened set_freepointer's BUG_ON(object == fp): a naive double free. */
static __attribute__((noinline)) bool
freeptr_bug(struct machine *m, const struct kmem_cache *s, uint64_t object, uint64_t fp)
{
	if (object != fp)
		return false;
	pr_warn(m, "------------[ cut here ]------------");
	pr_err(m, "kernel BUG at mm/slub.c: set_freepointer: %s: object 0x%016llx is its own free pointer (double free)",
	       s->name, (unsigned long long)object);
	pr_err(m, "invalid opcode: 0000 [#1] PREEMPT SMP");
	dump_stack(m);
	add_taint_bad_page(m);
	return true;
}

/* free_to_partial_list: a debug cache's free, checked, under the node lock. */
static void free_to_partial_list(struct machine *m, struct kmem_cache *s, struct page *slab,
				 uint64_t addr)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	struct page *slab_free = NULL;

	if (free_debug_processing(m, s, slab, addr, track_caller(s, false))) {
		uint64_t prior = slab->index;
		unsigned int inuse = slab_inuse(slab) - 1;

		if (freeptr_bug(m, s, addr, prior))
			return;
		slab_set_inuse(slab, inuse);
		set_freepointer(m, s, addr, prior);
		slab->index = addr;
		if (!inuse && n->nr_partial >= s->min_partial)
			slab_free = slab;
		if (!prior) {
			/* was full */
			remove_full(s, slab);
			if (!slab_free)
				add_partial(n, slab, DEACTIVATE_TO_TAIL);
		} else if (slab_free) {
			remove_partial(n, slab);
		}
	}
	if (slab_free) {
		dec_slabs_node(s, page_to_nid(slab_free), slab_objects(slab_free));
		free_slab(m, s, slab_free);
	}
}

/*
 * __slab_free: the object back to its slab's own freelist.  A full slab
 * getting its first free object is frozen onto this CPU's partial list
 * (put_cpu_partial, draining it when full); an empty one is freed when
 * the node already keeps min_partial slabs.
 */
static __attribute__((noinline)) void
__slab_free(struct machine *m, struct kmem_cache *s, struct page *slab, uint64_t addr)
{
	struct kmem_cache_node *n;
	uint64_t prior;
	unsigned int inuse;
	bool was_frozen;

	if (kmem_cache_debug(s)) {
		free_to_partial_list(m, s, slab, addr);
		return;
	}
	prior = slab->index;
	if (freeptr_bug(m, s, addr, prior))
		return;
	set_freepointer(m, s, addr, prior);
	slab->index = addr;
	inuse = slab_inuse(slab) - 1;
	was_frozen = slab_frozen(slab);
	slab_set_inuse(slab, inuse);
	if (was_frozen)
		return;		/* a CPU's slab: it finds the object later */
	if (!prior && kmem_cache_has_cpu_partial(s)) {
		slab_set_frozen(slab, true);
		put_cpu_partial(m, s, slab, true);
		return;
	}
	if (!inuse || !prior) {
		n = get_node(s, page_to_nid(slab));
		if (!inuse && n->nr_partial >= s->min_partial) {
			if (prior)
				remove_partial(n, slab);
			else
				remove_full(s, slab);
			discard_slab(m, s, slab);
			return;
		}
		if (!kmem_cache_has_cpu_partial(s) && !prior) {
			remove_full(s, slab);
			add_partial(n, slab, DEACTIVATE_TO_TAIL);
		}
	}
}

/*
 * slub_free_rare - what slub_free's fast path hands on: with @slab NULL a
 * bad address ("Wrong slab cache", "Invalid object pointer"), else a
 * valid object of another slab (__slab_free) or the object at the head of
 * this CPU's freelist (a double free).
 */
static __attribute__((noinline)) void
slub_free_rare(struct machine *m, struct kmem_cache *s, struct page *slab, uint64_t addr)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cpu];

	if (!slab) {
		if (!cache_from_obj(m, s, addr, "kmem_cache_free"))
			return;		/* "Wrong slab cache", reported */
		slab = virt_to_slab_page(m, addr);
		/* an address between objects: SLUB's "Invalid object pointer" */
		slab_err(m, s, slab, "Invalid object pointer 0x%016llx", (unsigned long long)addr);
		slab_fix(m, s, "Object at 0x%016llx not freed", (unsigned long long)addr);
		return;
	}
	if (slab == c->slab) {
		freeptr_bug(m, s, addr, c->freelist);	/* the object just freed */
		return;
	}
	__slab_free(m, s, slab, addr);
}

/*
 * slub_free_slab - the free once @slab is known to be a slab of @s (kfree
 * found it from the page): the object-boundary check, then the fast path.
 */
static void slub_free_slab(struct machine *m, struct kmem_cache *s, struct page *slab,
			   uint64_t addr)
{
	struct kmem_cache_cpu *c;

	if (__builtin_expect(!check_valid_pointer(m, s, slab, addr), 0))
		return slub_free_rare(m, s, NULL, addr);
	c = &s->cpu_slab[m->cpu];
	if (__builtin_expect(slab != c->slab || addr == c->freelist, 0))
		return slub_free_rare(m, s, slab, addr);
	/* do_slab_free fast path: onto the CPU freelist */
	set_freepointer(m, s, addr, c->freelist);
	c->freelist = addr;
}

/*
 * slub_free - kmem_cache_free: the address must be in a slab of @s
 * (cache_from_obj's check; "Wrong slab cache" otherwise), then
 * slub_free_slab.  An address between objects is SLUB's "Invalid object
 * pointer"; an object of this CPU's slab goes onto the CPU freelist.
 */
static void slub_free(struct machine *m, struct kmem_cache *s, uint64_t addr)
{
	struct page *slab;

	if (__builtin_expect(!virt_addr_valid(m, addr), 0))
		return slub_free_rare(m, s, NULL, addr);
	slab = compound_head(virt_to_page(m, addr));
	if (__builtin_expect(!PageSlab(slab) || slab_cache(slab) != s, 0))
		return slub_free_rare(m, s, NULL, addr);
	slub_free_slab(m, s, slab, addr);
}

/* ------------------------------------------------------- shrink, shutdown */

/* flush_all: every CPU's slab deactivated and its partial slabs unfrozen. */
static void flush_all(struct machine *m, struct kmem_cache *s)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		flush_slab(m, s, c);
		unfreeze_partials_cpu(m, s, c);
	}
}

/* list_slab_objects: the objects still allocated in @slab, reported. */
static void list_slab_objects(struct machine *m, struct kmem_cache *s, struct page *slab,
			      const char *text)
{
	unsigned int objects = slab_objects(slab);
	uint64_t addr = page_address(m, slab), p;
	uint8_t *map = calloc(objects ? objects : 1, 1);

	slab_err(m, s, slab, text, s->name);
	if (!map)
		return;
	/* __fill_map: the free ones (the freelist was checked on the way in) */
	for (p = slab->index; p && check_valid_pointer(m, s, slab, p); p = get_freepointer(m, s, p)) {
		unsigned int idx = (unsigned int)((restore_red_left(s, p) - addr) / s->size);

		if (map[idx])
			break;
		map[idx] = 1;
	}
	p = fixup_red_left(s, addr);
	for (unsigned int i = 0; i < objects; i++, p += s->size) {
		if (map[i])
			continue;
		pr_err(m, "Object 0x%016llx @offset=%llu", (unsigned long long)p,
		       (unsigned long long)(p - addr));
		print_tracking(m, s, p);
	}
	free(map);
}

/*
 * __kmem_cache_shutdown - flush the CPU slabs, free every empty node
 * partial slab; the others are reported ("Objects remaining") and stay.
 * Returns 1 if any slab remains.
 */
static int slub_cache_shutdown(struct machine *m, struct kmem_cache *s)
{
	flush_all(m, s);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct page *slab, *t;

		list_for_each_entry_safe(slab, t, &n->partial, struct page, lru) {
			if (!slab_inuse(slab)) {
				remove_partial(n, slab);
				discard_slab(m, s, slab);
			} else {
				list_slab_objects(m, s, slab,
						  "Objects remaining in %s on __kmem_cache_shutdown()");
			}
		}
		if (n->nr_partial || n->nr_slabs)
			return 1;
	}
	return 0;
}

/*
 * __kmem_cache_shrink - flush the CPU slabs, free every empty partial
 * slab, and sort the rest by free objects (fewest first, up to
 * SHRINK_PROMOTE_MAX) so allocation fills the fullest slabs first.
 * Returns 0, or 1 if some slab still has objects.
 */
static int slub_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	int ret = 0;

	flush_all(m, s);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct list_head discard, promote[SHRINK_PROMOTE_MAX];
		struct page *slab, *t;

		INIT_LIST_HEAD(&discard);
		for (int i = 0; i < SHRINK_PROMOTE_MAX; i++)
			INIT_LIST_HEAD(&promote[i]);
		list_for_each_entry_safe(slab, t, &n->partial, struct page, lru) {
			unsigned int free = slab_objects(slab) - slab_inuse(slab);

			if (free == slab_objects(slab)) {
				list_move(&slab->lru, &discard);
				n->nr_partial--;
				dec_slabs_node(s, nid, slab_objects(slab));
			} else if (free <= SHRINK_PROMOTE_MAX) {
				list_move_tail(&slab->lru, &promote[free - 1]);
			}
		}
		/* list_splice of promote[i] at the head, from the emptiest down */
		for (int i = SHRINK_PROMOTE_MAX - 1; i >= 0; i--)
			while (!list_empty(&promote[i]))
				list_move(promote[i].prev, &n->partial);
		list_for_each_entry_safe(slab, t, &discard, struct page, lru) {
			list_del(&slab->lru);
			free_slab(m, s, slab);
		}
		if (n->nr_slabs)
			ret = 1;
	}
	return ret;
}

/* ------------------------------------------------------------ validation */

/* validate_slab: the slab, its freelist and every object by its state. */
static void validate_slab(struct machine *m, struct kmem_cache *s, struct page *slab,
			  uint8_t *map)
{
	unsigned int objects = slab_objects(slab);
	uint64_t addr = page_address(m, slab), p;

	if (!check_slab(m, s, slab) || !on_freelist(m, s, slab, 0))
		return;
	memset(map, 0, objects);
	for (p = slab->index; p; p = get_freepointer(m, s, p)) {
		unsigned int idx = (unsigned int)((restore_red_left(s, p) - addr) / s->size);

		if (map[idx])
			break;
		map[idx] = 1;
	}
	p = fixup_red_left(s, addr);
	for (unsigned int i = 0; i < objects; i++, p += s->size)
		if (!check_object(m, s, slab, p, map[i] ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE))
			break;
}

static void validate_slab_node(struct machine *m, struct kmem_cache *s,
			       struct kmem_cache_node *n, uint8_t *map)
{
	unsigned long count = 0;
	struct page *slab;

	list_for_each_entry(slab, &n->partial, struct page, lru) {
		validate_slab(m, s, slab, map);
		count++;
	}
	if (count != n->nr_partial) {
		pr_err(m, "SLUB %s: %lu partial slabs counted but counter=%lu", s->name, count,
		       n->nr_partial);
		slub_st(m)->nr_errors++;
	}
	if (!(s->flags & SLAB_STORE_USER))
		return;
	list_for_each_entry(slab, &n->full, struct page, lru) {
		validate_slab(m, s, slab, map);
		count++;
	}
	if (count != n->nr_slabs) {
		pr_err(m, "SLUB: %s %lu slabs counted but counter=%lu", s->name, count,
		       n->nr_slabs);
		slub_st(m)->nr_errors++;
	}
}

/**
 * slub_validate_cache - validate_slab_cache (/sys/kernel/slab/<cache>/
 * validate): flush the CPU slabs, then check every slab on the node lists
 * (partial, and full with SLAB_STORE_USER) and every object in it: red
 * zones, poison, padding and free pointers, reported and repaired as
 * SLUB does.  Returns the number of errors reported (0: clean), or
 * -EINVAL if @s is no SLUB cache.
 */
int slub_validate_cache(struct machine *m, struct kmem_cache *s)
{
	struct slub_state *st;
	unsigned long errors;
	uint8_t *map;

	if (!m->slab || m->slab->ops != &slub_allocator || !s || s->refcount <= 0)
		return -EINVAL;
	st = slub_st(m);
	map = malloc(oo_objects(s->oo) ? oo_objects(s->oo) : 1);
	if (!map)
		return -ENOMEM;
	errors = st->nr_errors;
	flush_all(m, s);
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		validate_slab_node(m, s, get_node(s, nid), map);
	free(map);
	return (int)(st->nr_errors - errors);
}

/*
 * get_slabinfo: free objects are counted on the node partial slabs only
 * (count_partial); those of CPU slabs and per-CPU partial slabs count as
 * active, as Linux's slabinfo shows them.
 */
static void slub_get_slabinfo(struct machine *m, struct kmem_cache *s, struct slabinfo *si)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct page *slab;

		nr_slabs += n->nr_slabs;
		nr_objs += n->total_objects;
		list_for_each_entry(slab, &n->partial, struct page, lru)
			nr_free += slab_objects(slab) - slab_inuse(slab);
	}
	memset(si, 0, sizeof(*si));
	si->active_objs = nr_objs - nr_free;
	si->num_objs = nr_objs;
	si->active_slabs = nr_slabs;
	si->num_slabs = nr_slabs;
	si->objects_per_slab = oo_objects(s->oo);
	si->cache_order = oo_order(s->oo);
}

/* ------------------------------------------------------- invariant checker */

#define SLUB_REPORT(m, n, ...) do {                                   \
	if ((n)++ < 20)                                               \
		printk((m), "mmsim: DEBUG_VM: SLUB: " __VA_ARGS__);   \
} while (0)

/*
 * check_chain - a freelist of @slab from @head: every pointer an object
 * of @slab, no more links than objects (so no cycle).  Returns its length
 * (counting stops at the first bad link, which is reported).
 */
static unsigned int check_chain(struct machine *m, struct kmem_cache *s, struct page *slab,
				uint64_t head, const char *what, int *errors)
{
	unsigned int n = 0, objects = slab_objects(slab);

	for (uint64_t p = head; p; p = get_freepointer(m, s, p)) {
		if (!check_valid_pointer(m, s, slab, p)) {
			SLUB_REPORT(m, *errors, "%s: %s of slab pfn %#lx: %#llx is no object of it",
				    s->name, what, page_to_pfn(m, slab), (unsigned long long)p);
			break;
		}
		if (++n > objects) {
			SLUB_REPORT(m, *errors, "%s: %s of slab pfn %#lx is longer than its %u objects",
				    s->name, what, page_to_pfn(m, slab), objects);
			break;
		}
	}
	return n;
}

/* A slab of @s at all: PG_slab on the head page, the cache in mapping. */
static bool check_slab_page(struct machine *m, struct kmem_cache *s, struct page *slab,
			    const char *where, int *errors)
{
	if (PageSlab(slab) && slab_cache(slab) == s && slab_inuse(slab) <= slab_objects(slab))
		return true;
	SLUB_REPORT(m, *errors, "%s: %s slab pfn %#lx: slab=%d cache=%s inuse=%u objects=%u",
		    s->name, where, page_to_pfn(m, slab), PageSlab(slab),
		    PageSlab(slab) ? slab_cache(slab)->name : "-", slab_inuse(slab),
		    slab_objects(slab));
	return false;
}

static void check_node_partial(struct machine *m, struct kmem_cache *s, int nid, int *errors)
{
	struct kmem_cache_node *n = get_node(s, nid);
	unsigned long count = 0;
	struct page *slab;

	list_for_each_entry(slab, &n->partial, struct page, lru) {
		unsigned int free;

		count++;
		if (!check_slab_page(m, s, slab, "node partial", errors))
			continue;
		if (slab_frozen(slab) || page_to_nid(slab) != nid)
			SLUB_REPORT(m, *errors, "%s: node %d partial slab pfn %#lx: frozen=%d node=%d",
				    s->name, nid, page_to_pfn(m, slab), slab_frozen(slab),
				    page_to_nid(slab));
		free = check_chain(m, s, slab, slab->index, "freelist", errors);
		if (free != slab_objects(slab) - slab_inuse(slab))
			SLUB_REPORT(m, *errors, "%s: slab pfn %#lx: %u free on its freelist, inuse says %u",
				    s->name, page_to_pfn(m, slab), free,
				    slab_objects(slab) - slab_inuse(slab));
	}
	if (count != n->nr_partial)
		SLUB_REPORT(m, *errors, "%s: node %d: %lu partial slabs listed, nr_partial %lu",
			    s->name, nid, count, n->nr_partial);
	if (n->nr_partial > n->nr_slabs)
		SLUB_REPORT(m, *errors, "%s: node %d: nr_partial %lu > nr_slabs %lu", s->name, nid,
			    n->nr_partial, n->nr_slabs);
}

static void check_cpu(struct machine *m, struct kmem_cache *s, int cpu, int *errors)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
	unsigned int nr = 0;

	if (c->slab) {
		if (check_slab_page(m, s, c->slab, "CPU", errors)) {
			if (!slab_frozen(c->slab))
				SLUB_REPORT(m, *errors, "%s: CPU %d slab pfn %#lx is not frozen",
					    s->name, cpu, page_to_pfn(m, c->slab));
			check_chain(m, s, c->slab, c->freelist, "CPU freelist", errors);
			check_chain(m, s, c->slab, c->slab->index, "remote freelist", errors);
		}
	} else if (c->freelist) {
		SLUB_REPORT(m, *errors, "%s: CPU %d has a freelist but no slab", s->name, cpu);
	}
	for (struct page *slab = c->partial; slab; slab = slab_next(slab)) {
		if (!check_slab_page(m, s, slab, "CPU partial", errors))
			break;
		if (!slab_frozen(slab))
			SLUB_REPORT(m, *errors, "%s: CPU %d partial slab pfn %#lx is not frozen",
				    s->name, cpu, page_to_pfn(m, slab));
		if (++nr > 4096) {
			SLUB_REPORT(m, *errors, "%s: CPU %d partial list does not end", s->name, cpu);
			break;
		}
	}
	if (c->partial && slab_slabs(c->partial) != nr)
		SLUB_REPORT(m, *errors, "%s: CPU %d: %u partial slabs, the head says %u", s->name,
			    cpu, nr, slab_slabs(c->partial));
}

/**
 * slub_check - SLUB's invariants, without disturbing it (unlike
 * validation, nothing is flushed): every CPU slab frozen and of its cache,
 * its freelists made of its objects; the per-CPU partial lists frozen and
 * counted right; every node partial slab unfrozen, on its node, with as
 * many objects on its freelist as inuse leaves free; nr_partial the
 * list's length.  Violations are "mmsim: DEBUG_VM: SLUB: ..." lines;
 * returns their number (0 when the machine does not run SLUB).
 */
int slub_check(struct machine *m)
{
	struct kmem_cache *s;
	int errors = 0;

	if (!m->slab || m->slab->ops != &slub_allocator)
		return 0;
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
			check_cpu(m, s, cpu, &errors);
		for (int nid = 0; nid < m->nr_node_ids; nid++)
			check_node_partial(m, s, nid, &errors);
	}
	return errors;
}

/**
 * slub_cpu_partial_slabs - how many slabs sit on @cpu's partial list of @s
 * (the head slab's slabs count, as show_slab_objects reads it).
 */
unsigned long slub_cpu_partial_slabs(struct machine *m, struct kmem_cache *s, int cpu)
{
	struct page *partial = s->cpu_slab[cpu].partial;

	(void)m;
	return partial ? slab_slabs(partial) : 0;
}

/** slub_cpu_partial - the cache's cpu_partial (objects kept per CPU). */
unsigned int slub_cpu_partial(const struct kmem_cache *s)
{
	return s->cpu_partial;
}

/* kmem_cache_init's SLUB line (mm/slub.c kmem_cache_init). */
static int slub_init(struct machine *m)
{
	int err;

	m->slab->slub = calloc(1, sizeof(*m->slab->slub));
	if (!m->slab->slub)
		return -ENOMEM;
	err = setup_slub_debug(m, m->cfg.slub_debug);
	if (err)
		return err;
	pr_info(m, "SLUB: HWalign=%u, Order=%u-%u, MinObjects=%u, CPUs=%d, Nodes=%d",
		SLAB_CACHE_LINE_SIZE, 0U, (unsigned int)PAGE_ALLOC_COSTLY_ORDER, 0U,
		m->nr_cpu_ids, m->nr_node_ids);
	return 0;
}

static void slub_release(struct machine *m)
{
	if (!m->slab->slub)
		return;
	free(m->slab->slub->slub_debug_string);
	free(m->slab->slub);
	m->slab->slub = NULL;
}

const struct slab_allocator_ops slub_allocator = {
	.name = "SLUB",
	.init = slub_init,
	.release = slub_release,
	.cache_create = slub_cache_create,
	.cache_release = slub_cache_release,
	.cache_shutdown = slub_cache_shutdown,
	.cache_shrink = slub_cache_shrink,
	.alloc = slub_alloc,
	.free = slub_free,
	.free_slab = slub_free_slab,
	.get_slabinfo = slub_get_slabinfo,
	.cache_flags = slub_cache_flags,
	.cache_alias = slub_cache_alias,
	.alloc_bulk = slub_alloc_bulk,
	.mergeable = true,
};
