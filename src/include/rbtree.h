/* SPDX-License-Identifier: MIT */
/*
 * rbtree.h - intrusive red-black trees, as include/linux/rbtree.h.
 *
 * The kernel keeps ordered sets in red-black trees whose node is embedded
 * in the object: vmalloc's vmap_area trees (keyed by address), and before
 * the maple tree the VMAs of an mm.  mmsim gives them the same API
 * (names, arguments, semantics) so that code built on it reads like the
 * kernel's; the implementation in src/lib/rbtree.c is mmsim's own.
 *
 * The red-black invariants (rb_check() verifies all of them):
 *   1. every node is red or black, and the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to a missing child (a NULL leaf) passes
 *      through the same number of black nodes (the black height).
 * Together they keep the longest root-to-leaf path at most twice the
 * shortest, so a tree of n nodes is at most 2*log2(n+1) high and lookup,
 * insertion and erase are O(log n).
 *
 * The tree does not know the key.  As in Linux, the caller walks down
 * comparing keys itself, finds the empty child slot (the "link") where the
 * new node belongs, hangs the node there with rb_link_node() (as a red
 * leaf) and then calls rb_insert_color() to restore the invariants by
 * recolouring and rotating:
 *
 *	struct vmap_area { unsigned long va_start; struct rb_node rb_node; };
 *
 *	void insert_vmap_area(struct vmap_area *va, struct rb_root *root)
 *	{
 *		struct rb_node **link = &root->rb_node, *parent = NULL;
 *
 *		while (*link) {
 *			struct vmap_area *tmp =
 *				rb_entry(*link, struct vmap_area, rb_node);
 *
 *			parent = *link;
 *			if (va->va_start < tmp->va_start)
 *				link = &parent->rb_left;
 *			else
 *				link = &parent->rb_right;
 *		}
 *		rb_link_node(&va->rb_node, parent, link);
 *		rb_insert_color(&va->rb_node, root);
 *	}
 *
 * Erase needs no search: rb_erase(&va->rb_node, root).  In-order walks use
 * rb_first()/rb_next() (or rb_last()/rb_prev()); they follow parent
 * pointers, so they need no stack and cost O(1) amortised per step.
 *
 * rb_add() and rb_find() (and friends) wrap the search loop for callers
 * that are happy to pass a comparison function.  struct rb_root_cached also
 * remembers the leftmost node, so rb_first_cached() is O(1).
 *
 * Differences from Linux: no RCU-safe variants (mmsim is single-threaded),
 * no augmented trees (yet), and rbtree_postorder_for_each_entry_safe()
 * takes the entry type explicitly, like mmsim's list_for_each_entry(),
 * because mmsim is plain C11 without typeof.
 */
#ifndef MMSIM_RBTREE_H
#define MMSIM_RBTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "list.h"	/* container_of */

/*
 * struct rb_node - a tree node, embedded in the object it orders.
 * @__rb_parent_color: the parent's address with the node's colour in bit 0
 *	(RB_RED 0, RB_BLACK 1); nodes are pointer-aligned, so the bit is free.
 *	Private: use rb_parent() and the tree operations.
 * @rb_right, @rb_left: the children, NULL where there is none.
 */
struct rb_node {
	uintptr_t __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
};

_Static_assert(sizeof(struct rb_node) <= 24, "struct rb_node is 3 words");
_Static_assert(_Alignof(struct rb_node) >= 2, "colour bit needs alignment");

#define RB_RED		0
#define RB_BLACK	1

/* struct rb_root - a tree: the root node, NULL when empty. */
struct rb_root {
	struct rb_node *rb_node;
};

/*
 * struct rb_root_cached - a tree that also caches its leftmost (smallest)
 * node, for users that repeatedly take the first entry.
 */
struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

#define RB_ROOT		(struct rb_root) { NULL, }
#define RB_ROOT_CACHED	(struct rb_root_cached) { { NULL, }, NULL }

#define rb_entry(ptr, type, member) container_of(ptr, type, member)

static inline void *__rb_entry_or_null(const struct rb_node *node, size_t off)
{
	return node ? (void *)((const char *)node - off) : NULL;
}

/* rb_entry_safe - rb_entry(), but NULL for a NULL @ptr. */
#define rb_entry_safe(ptr, type, member) \
	((type *)__rb_entry_or_null((ptr), offsetof(type, member)))

#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)

/* "Empty" nodes are known not to be in any tree: their parent is themselves. */
#define RB_EMPTY_NODE(node) \
	((node)->__rb_parent_color == (uintptr_t)(node))
#define RB_CLEAR_NODE(node) \
	((node)->__rb_parent_color = (uintptr_t)(node))

/* rb_parent - @node's parent, NULL for the root. */
static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return (struct rb_node *)(node->__rb_parent_color & ~(uintptr_t)1);
}

/*
 * rb_link_node - hang @node, red and childless, at @rb_link (a NULL child
 * slot of @parent, or &root->rb_node for an empty tree).  The caller then
 * calls rb_insert_color() to rebalance.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (uintptr_t)parent;	/* RB_RED is 0 */
	node->rb_left = NULL;
	node->rb_right = NULL;
	*rb_link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);

struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);

/* Post-order walk: children before their parent (for tearing a tree down). */
struct rb_node *rb_first_postorder(const struct rb_root *root);
struct rb_node *rb_next_postorder(const struct rb_node *node);

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

/*
 * rbtree_postorder_for_each_entry_safe - visit every entry of @root in
 * post-order; @pos may be freed (without rb_erase()) in the body, which is
 * how a whole tree is torn down in O(n).  @n is a temporary of @type *.
 */
#define rbtree_postorder_for_each_entry_safe(pos, n, root, type, field)	\
	for (pos = rb_entry_safe(rb_first_postorder(root), type, field);	\
	     pos && (n = rb_entry_safe(rb_next_postorder(&pos->field),		\
				       type, field), 1);			\
	     pos = n)

/*
 * Return codes of rb_check(): 0 for a valid tree, otherwise the rule the
 * check found broken first (it walks the tree in order and stops there).
 */
enum rb_check_result {
	RB_CHECK_OK = 0,
	RB_CHECK_ROOT_PARENT = -1,	/* the root has a parent */
	RB_CHECK_ROOT_RED = -2,		/* the root is red */
	RB_CHECK_PARENT = -3,		/* a child's parent pointer is wrong */
	RB_CHECK_RED_RED = -4,		/* a red node has a red child */
	RB_CHECK_BLACK_HEIGHT = -5,	/* two paths differ in black nodes */
	RB_CHECK_ORDER = -6,		/* in-order sequence not increasing */
};

int rb_check(const struct rb_root *root,
	     int (*cmp)(const struct rb_node *, const struct rb_node *));

/* ---- the leftmost-cached tree ---- */

#define rb_first_cached(root) (root)->rb_leftmost

/*
 * rb_insert_color_cached - rb_insert_color() for a cached tree; @leftmost
 * says whether the search only ever went left, i.e. @node is the new
 * leftmost node.
 */
static inline void rb_insert_color_cached(struct rb_node *node,
					  struct rb_root_cached *root,
					  bool leftmost)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_color(node, &root->rb_root);
}

/*
 * rb_erase_cached - rb_erase() for a cached tree.  Returns the new leftmost
 * node if @node was the leftmost, NULL otherwise.
 */
static inline struct rb_node *rb_erase_cached(struct rb_node *node,
					      struct rb_root_cached *root)
{
	struct rb_node *leftmost = NULL;

	if (root->rb_leftmost == node)
		leftmost = root->rb_leftmost = rb_next(node);
	rb_erase(node, &root->rb_root);
	return leftmost;
}

static inline void rb_replace_node_cached(struct rb_node *victim,
					  struct rb_node *new,
					  struct rb_root_cached *root)
{
	if (root->rb_leftmost == victim)
		root->rb_leftmost = new;
	rb_replace_node(victim, new, &root->rb_root);
}

/*
 * ---- generic add and find helpers ----
 *
 * Two kinds of operator, related like this:
 *	cmp(key of a, b) < 0   <=>  less(a, b)
 *	cmp(key of a, b) > 0   <=>  less(b, a)
 *	cmp(key of a, b) == 0  <=>  !less(a, b) && !less(b, a)
 * rb_add() needs only a (partial) order, so equal nodes may coexist: a new
 * node goes after the nodes equal to it.  rb_find() takes a bare key, so
 * no dummy object is needed to search.
 */

/*
 * rb_add - insert @node into @tree, ordered by @less.
 */
static inline void rb_add(struct rb_node *node, struct rb_root *tree,
			  bool (*less)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_node;
	struct rb_node *parent = NULL;

	while (*link) {
		parent = *link;
		link = less(node, parent) ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, tree);
}

/*
 * rb_add_cached - rb_add() for a cached tree.  Returns @node if it became
 * the leftmost node, NULL otherwise.
 */
static inline struct rb_node *
rb_add_cached(struct rb_node *node, struct rb_root_cached *tree,
	      bool (*less)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_root.rb_node;
	struct rb_node *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (less(node, parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(node, parent, link);
	rb_insert_color_cached(node, tree, leftmost);
	return leftmost ? node : NULL;
}

/*
 * rb_find_add - find a node equal to @node by @cmp; if there is none,
 * insert @node.  Returns the equal node found, or NULL if @node was added.
 */
static inline struct rb_node *
rb_find_add(struct rb_node *node, struct rb_root *tree,
	    int (*cmp)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_node;
	struct rb_node *parent = NULL;

	while (*link) {
		int c;

		parent = *link;
		c = cmp(node, parent);
		if (c < 0)
			link = &parent->rb_left;
		else if (c > 0)
			link = &parent->rb_right;
		else
			return parent;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, tree);
	return NULL;
}

/*
 * rb_find - a node of @tree matching @key by @cmp, NULL if none.  If
 * several match, which one is unspecified (see rb_find_first()).
 */
static inline struct rb_node *
rb_find(const void *key, const struct rb_root *tree,
	int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = tree->rb_node;

	while (node) {
		int c = cmp(key, node);

		if (c < 0)
			node = node->rb_left;
		else if (c > 0)
			node = node->rb_right;
		else
			return node;
	}
	return NULL;
}

/* rb_find_first - the leftmost node of @tree matching @key, NULL if none. */
static inline struct rb_node *
rb_find_first(const void *key, const struct rb_root *tree,
	      int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = tree->rb_node, *match = NULL;

	while (node) {
		int c = cmp(key, node);

		if (c <= 0) {
			if (c == 0)
				match = node;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return match;
}

/* rb_next_match - the node after @node if it matches @key too, else NULL. */
static inline struct rb_node *
rb_next_match(const void *key, struct rb_node *node,
	      int (*cmp)(const void *key, const struct rb_node *))
{
	node = rb_next(node);
	if (node && cmp(key, node))
		node = NULL;
	return node;
}

/* rb_for_each - iterate @node over every node of @tree matching @key. */
#define rb_for_each(node, key, tree, cmp)				\
	for ((node) = rb_find_first((key), (tree), (cmp));		\
	     (node); (node) = rb_next_match((key), (node), (cmp)))

#endif /* MMSIM_RBTREE_H */
