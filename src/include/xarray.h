/* SPDX-License-Identifier: MIT */
/*
 * xarray.h - the page cache's index: an XArray (include/linux/xarray.h,
 * lib/xarray.c, Linux 6.6), reduced to what address_space needs.
 *
 * A radix tree of 64-slot nodes (XA_CHUNK_SHIFT 6), each node a host
 * struct with a twin object in the "radix_tree_node" slab cache (so
 * slabinfo and SReclaimable count the nodes as Linux does).  As Linux's:
 * a lone entry at index 0 lives in the head without a node; the tree grows
 * a level when an index does not fit and shrinks back (xas_shrink) when
 * only slot 0 of the root is used; empty nodes are freed at once.
 * Three marks per entry (XA_MARK_0..2: the page cache's DIRTY, WRITEBACK
 * and TOWRITE tags), kept per node as Linux's bitmaps so a marked search
 * skips unmarked subtrees.  No value entries (shadows, swap) yet, no
 * multi-index entries, no RCU.
 */
#ifndef MMSIM_XARRAY_H
#define MMSIM_XARRAY_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct kmem_cache;

#define XA_CHUNK_SHIFT	6
#define XA_CHUNK_SIZE	(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK	(XA_CHUNK_SIZE - 1)
#define XA_MAX_MARKS	3

typedef unsigned int xa_mark_t;
#define XA_MARK_0	0U
#define XA_MARK_1	1U
#define XA_MARK_2	2U
#define XA_PRESENT	8U	/* xa_find: any entry */

/* sizeof(struct xa_node) on 6.6 x86_64: the radix_tree_node object size. */
#define XA_NODE_OBJ_SIZE 576

struct xa_node {
	unsigned char shift;		/* bits of the index below this node */
	unsigned char offset;		/* slot in the parent */
	unsigned char count;		/* non-NULL slots */
	struct xa_node *parent;
	void *slots[XA_CHUNK_SIZE];	/* entries (shift 0) or child nodes */
	uint64_t marks[XA_MAX_MARKS];	/* a bit per slot */
	uint64_t kobj;			/* the twin in radix_tree_node */
};

struct xarray {
	struct xa_node *node;		/* the root node, or NULL */
	void *head;			/* without a node: the entry at index 0 */
	unsigned int head_marks;	/* its marks (xa_flags in Linux) */
	struct kmem_cache *cache;	/* radix_tree_node, NULL: no twins */
	unsigned long nr_nodes;
};

/* xa_init - an empty array whose nodes come from @cache (may be NULL). */
void xa_init(struct xarray *xa, struct kmem_cache *cache);
/* xa_load - the entry at @index, NULL if none. */
void *xa_load(const struct xarray *xa, unsigned long index);
/* xa_store - put @entry (non-NULL) at @index; the old entry. */
void *xa_store(struct machine *m, struct xarray *xa, unsigned long index, void *entry);
/* xa_erase - remove the entry at @index (its marks too); the old entry. */
void *xa_erase(struct machine *m, struct xarray *xa, unsigned long index);
/* xa_set_mark / xa_clear_mark / xa_get_mark - on a present entry. */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark);
bool xa_get_mark(const struct xarray *xa, unsigned long index, xa_mark_t mark);
/* xa_marked - is any entry marked @mark? */
bool xa_marked(const struct xarray *xa, xa_mark_t mark);
/*
 * xa_find - the first entry at or after *@index, up to @max, that has
 * @filter (a mark, or XA_PRESENT); sets *@index to it.  NULL if none.
 */
void *xa_find(const struct xarray *xa, unsigned long *index, unsigned long max,
	      xa_mark_t filter);
/* xa_destroy - free every node (the entries are the caller's). */
void xa_destroy(struct machine *m, struct xarray *xa);
/* xa_check - the tree's counts, parents, marks: the number of violations. */
int xa_check(struct machine *m, const struct xarray *xa, const char *who);

#endif /* MMSIM_XARRAY_H */
