// SPDX-License-Identifier: MIT
/*
 * xarray.c - the XArray of the page cache (lib/xarray.c, Linux 6.6):
 * xas_expand's growth, xas_create's descent, xas_delete_node and
 * xas_shrink on removal, and the per-node mark bitmaps (node_set_mark,
 * xas_set_mark's propagation towards the root).  See xarray.h for what is
 * left out.
 */
#include <stdlib.h>
#include "printk.h"
#include "slab.h"
#include "xarray.h"

/** xa_init - see xarray.h. */
void xa_init(struct xarray *xa, struct kmem_cache *cache)
{
	xa->node = NULL;
	xa->head = NULL;
	xa->head_marks = 0;
	xa->cache = cache;
	xa->nr_nodes = 0;
}

/* max_index: the highest index a node of @shift covers. */
static unsigned long node_max_index(unsigned int shift)
{
	if (shift + XA_CHUNK_SHIFT >= 64)
		return ~0UL;
	return (XA_CHUNK_SIZE << shift) - 1;
}

/* xas_alloc - a node (host) and its radix_tree_node twin. */
static struct xa_node *xa_node_alloc(struct machine *m, struct xarray *xa, unsigned int shift)
{
	struct xa_node *n = calloc(1, sizeof(*n));

	if (!n)
		abort();
	n->shift = (unsigned char)shift;
	if (xa->cache)
		n->kobj = kmem_cache_alloc(m, xa->cache, GFP_KERNEL | __GFP_NOWARN);
	xa->nr_nodes++;
	return n;
}

/* xa_node_free - the node and its twin. */
static void xa_node_free(struct machine *m, struct xarray *xa, struct xa_node *n)
{
	if (n->kobj && xa->cache)
		kmem_cache_free(m, xa->cache, n->kobj);
	xa->nr_nodes--;
	free(n);
}

static bool node_any_mark(const struct xa_node *n, xa_mark_t mark)
{
	return n->marks[mark] != 0;
}

/** xa_load - see xarray.h. */
void *xa_load(const struct xarray *xa, unsigned long index)
{
	const struct xa_node *n = xa->node;

	if (!n)
		return index == 0 ? xa->head : NULL;
	if (index > node_max_index(n->shift))
		return NULL;
	for (;;) {
		void *s = n->slots[(index >> n->shift) & XA_CHUNK_MASK];

		if (!s || n->shift == 0)
			return s;
		n = s;
	}
}

/* The leaf node holding @index (NULL if none) and the slot. */
static struct xa_node *leaf_of(const struct xarray *xa, unsigned long index,
			       unsigned int *off)
{
	struct xa_node *n = xa->node;

	if (!n || index > node_max_index(n->shift))
		return NULL;
	while (n->shift) {
		n = n->slots[(index >> n->shift) & XA_CHUNK_MASK];
		if (!n)
			return NULL;
	}
	*off = (unsigned int)(index & XA_CHUNK_MASK);
	return n->slots[*off] ? n : NULL;
}

/*
 * xas_expand - add levels above the root until @index fits.  The old root
 * (a node, or the lone head entry) becomes slot 0 of the new one, its
 * marks summarised into the new root's bit 0.
 */
static void xa_expand(struct machine *m, struct xarray *xa, unsigned long index)
{
	unsigned int shift;

	if (!xa->node && !xa->head) {
		/* an empty array: the root is made at the height it needs */
		shift = 0;
		while ((index >> shift) >= XA_CHUNK_SIZE)
			shift += XA_CHUNK_SHIFT;
		xa->node = xa_node_alloc(m, xa, shift);
		return;
	}
	shift = xa->node ? xa->node->shift + XA_CHUNK_SHIFT : 0;
	while (index > (xa->node ? node_max_index(xa->node->shift) : 0)) {
		struct xa_node *n = xa_node_alloc(m, xa, shift);

		n->count = 1;
		if (xa->node) {
			n->slots[0] = xa->node;
			for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
				if (node_any_mark(xa->node, k))
					n->marks[k] |= 1;
			xa->node->parent = n;
			xa->node->offset = 0;
		} else {
			n->slots[0] = xa->head;
			for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
				if (xa->head_marks & (1U << k))
					n->marks[k] |= 1;
			xa->head = NULL;
			xa->head_marks = 0;
		}
		xa->node = n;
		shift += XA_CHUNK_SHIFT;
	}
}

/** xa_store - see xarray.h (the entry keeps the marks of the one it replaces). */
void *xa_store(struct machine *m, struct xarray *xa, unsigned long index, void *entry)
{
	struct xa_node *n;
	unsigned int off;
	void *old;

	if (!xa->node && index == 0) {
		old = xa->head;
		xa->head = entry;
		return old;
	}
	xa_expand(m, xa, index);
	n = xa->node;
	while (n->shift) {		/* xas_create: the nodes on the way down */
		struct xa_node *child;

		off = (unsigned int)((index >> n->shift) & XA_CHUNK_MASK);
		child = n->slots[off];
		if (!child) {
			child = xa_node_alloc(m, xa, n->shift - XA_CHUNK_SHIFT);
			child->parent = n;
			child->offset = (unsigned char)off;
			n->slots[off] = child;
			n->count++;
		}
		n = child;
	}
	off = (unsigned int)(index & XA_CHUNK_MASK);
	old = n->slots[off];
	if (!old)
		n->count++;
	n->slots[off] = entry;
	return old;
}

/* Clear @mark of slot @off of @n and, as far as it empties them, of its parents. */
static void node_clear_mark_up(struct xa_node *n, unsigned int off, xa_mark_t mark)
{
	while (n) {
		n->marks[mark] &= ~(1ULL << off);
		if (n->marks[mark])
			return;
		off = n->offset;
		n = n->parent;
	}
}

/* xas_shrink - while the root has only slot 0, slot 0 becomes the root. */
static void xa_shrink(struct machine *m, struct xarray *xa)
{
	for (;;) {
		struct xa_node *root = xa->node;
		void *entry;

		if (!root || root->count != 1 || !(entry = root->slots[0]))
			return;
		if (root->shift == 0) {
			xa->head = entry;
			xa->head_marks = 0;
			for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
				if (root->marks[k] & 1)
					xa->head_marks |= 1U << k;
			xa->node = NULL;
			xa_node_free(m, xa, root);
			return;
		}
		((struct xa_node *)entry)->parent = NULL;
		xa->node = entry;
		xa_node_free(m, xa, root);
	}
}

/** xa_erase - see xarray.h. */
void *xa_erase(struct machine *m, struct xarray *xa, unsigned long index)
{
	struct xa_node *n;
	unsigned int off;
	void *old;

	if (!xa->node) {
		if (index)
			return NULL;
		old = xa->head;
		xa->head = NULL;
		xa->head_marks = 0;
		return old;
	}
	n = leaf_of(xa, index, &off);
	if (!n)
		return NULL;
	old = n->slots[off];
	for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
		if (n->marks[k] & (1ULL << off))
			node_clear_mark_up(n, off, k);
	n->slots[off] = NULL;
	n->count--;
	/* xas_delete_node: empty nodes go, up to the root */
	while (n && n->count == 0) {
		struct xa_node *parent = n->parent;

		if (parent) {
			parent->slots[n->offset] = NULL;
			parent->count--;
			for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
				if (parent->marks[k] & (1ULL << n->offset))
					node_clear_mark_up(parent, n->offset, k);
		} else {
			xa->node = NULL;
		}
		xa_node_free(m, xa, n);
		n = parent;
	}
	xa_shrink(m, xa);
	return old;
}

/** xa_set_mark - see xarray.h. */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *n;
	unsigned int off;

	if (!xa->node) {
		if (index == 0 && xa->head)
			xa->head_marks |= 1U << mark;
		return;
	}
	n = leaf_of(xa, index, &off);
	while (n) {
		if (n->marks[mark] & (1ULL << off))
			return;
		n->marks[mark] |= 1ULL << off;
		off = n->offset;
		n = n->parent;
	}
}

/** xa_clear_mark - see xarray.h. */
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *n;
	unsigned int off;

	if (!xa->node) {
		if (index == 0)
			xa->head_marks &= ~(1U << mark);
		return;
	}
	n = leaf_of(xa, index, &off);
	if (n && (n->marks[mark] & (1ULL << off)))
		node_clear_mark_up(n, off, mark);
}

/** xa_get_mark - see xarray.h. */
bool xa_get_mark(const struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	struct xa_node *n;
	unsigned int off;

	if (!xa->node)
		return index == 0 && xa->head && (xa->head_marks & (1U << mark));
	n = leaf_of(xa, index, &off);
	return n && (n->marks[mark] >> off) & 1;
}

/** xa_marked - see xarray.h. */
bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	if (!xa->node)
		return xa->head && (xa->head_marks & (1U << mark));
	return node_any_mark(xa->node, mark);
}

/* The first entry of the subtree @n (covering from @base) at or after *@index. */
static void *node_find(const struct xa_node *n, unsigned long base, unsigned long *index,
		       unsigned long max, xa_mark_t filter)
{
	unsigned int off = (unsigned int)((*index - base) >> n->shift);

	for (; off < XA_CHUNK_SIZE; off++) {
		unsigned long lo;
		void *s = n->slots[off];

		if (n->shift + XA_CHUNK_SHIFT > 64 && off >= (1UL << (64 - n->shift)))
			return NULL;
		lo = base + ((unsigned long)off << n->shift);
		if (lo > max)
			return NULL;
		if (!s || (filter != XA_PRESENT && !((n->marks[filter] >> off) & 1)))
			continue;
		if (n->shift == 0) {
			*index = lo;
			return s;
		} else {
			unsigned long from = *index > lo ? *index : lo, saved = *index;
			void *r;

			*index = from;
			r = node_find(s, lo, index, max, filter);
			if (r)
				return r;
			*index = saved;
		}
	}
	return NULL;
}

/** xa_find - see xarray.h. */
void *xa_find(const struct xarray *xa, unsigned long *index, unsigned long max,
	      xa_mark_t filter)
{
	if (*index > max)
		return NULL;
	if (!xa->node) {
		if (*index == 0 && xa->head &&
		    (filter == XA_PRESENT || (xa->head_marks & (1U << filter))))
			return xa->head;
		return NULL;
	}
	if (*index > node_max_index(xa->node->shift))
		return NULL;
	return node_find(xa->node, 0, index, max, filter);
}

static void node_destroy(struct machine *m, struct xarray *xa, struct xa_node *n)
{
	if (n->shift)
		for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++)
			if (n->slots[i])
				node_destroy(m, xa, n->slots[i]);
	xa_node_free(m, xa, n);
}

/** xa_destroy - see xarray.h. */
void xa_destroy(struct machine *m, struct xarray *xa)
{
	if (xa->node)
		node_destroy(m, xa, xa->node);
	xa->node = NULL;
	xa->head = NULL;
	xa->head_marks = 0;
}

/* Check @n's subtree; the nodes it has. */
static unsigned long node_check(struct machine *m, const struct xa_node *n, const char *who,
				int *errors)
{
	unsigned long nodes = 1;
	unsigned int count = 0;

	for (unsigned int i = 0; i < XA_CHUNK_SIZE; i++) {
		const struct xa_node *c = n->slots[i];

		if (!c) {
			for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
				if ((n->marks[k] >> i) & 1) {
					printk(m, "mmsim: DEBUG_VM: %s: xa_node shift %u slot %u empty but marked %u",
					       who, n->shift, i, k);
					(*errors)++;
				}
			continue;
		}
		count++;
		if (!n->shift)
			continue;
		if (c->parent != n || c->offset != i || c->shift + XA_CHUNK_SHIFT != n->shift) {
			printk(m, "mmsim: DEBUG_VM: %s: xa_node shift %u slot %u: bad child links",
			       who, n->shift, i);
			(*errors)++;
			continue;
		}
		for (xa_mark_t k = 0; k < XA_MAX_MARKS; k++)
			if (((n->marks[k] >> i) & 1) != (c->marks[k] != 0)) {
				printk(m, "mmsim: DEBUG_VM: %s: xa_node shift %u slot %u: mark %u not its child's",
				       who, n->shift, i, k);
				(*errors)++;
			}
		nodes += node_check(m, c, who, errors);
	}
	if (count != n->count || count == 0) {
		printk(m, "mmsim: DEBUG_VM: %s: xa_node shift %u: count %u but %u slots used",
		       who, n->shift, n->count, count);
		(*errors)++;
	}
	return nodes;
}

/** xa_check - see xarray.h. */
int xa_check(struct machine *m, const struct xarray *xa, const char *who)
{
	int errors = 0;
	unsigned long nodes = 0;

	if (xa->node) {
		if (xa->head || xa->node->parent) {
			printk(m, "mmsim: DEBUG_VM: %s: xarray root with a head entry or a parent", who);
			errors++;
		}
		nodes = node_check(m, xa->node, who, &errors);
	}
	if (nodes != xa->nr_nodes) {
		printk(m, "mmsim: DEBUG_VM: %s: %lu xa_nodes in the tree, %lu counted", who, nodes,
		       xa->nr_nodes);
		errors++;
	}
	return errors;
}
