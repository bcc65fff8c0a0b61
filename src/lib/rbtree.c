// SPDX-License-Identifier: MIT
/*
 * rbtree.c - red-black trees (the API of Linux's lib/rbtree.c; this
 * implementation is mmsim's own).
 *
 * Every fix-up case comes in two mirror images.  Rather than write each
 * twice, the code names a side by a direction, LEFT (0) or RIGHT (1), and
 * reaches a child through child()/slot(); "!dir" is the other side.
 *
 * Colours live in bit 0 of __rb_parent_color; a rotation or a re-parenting
 * keeps each node's colour, and recolouring keeps its parent.
 *
 * Nothing here allocates or keeps state: the nodes are the caller's.
 */
#include "rbtree.h"

enum { LEFT = 0, RIGHT = 1 };

static inline int rb_color(const struct rb_node *node)
{
	return (int)(node->__rb_parent_color & 1);
}

static inline bool rb_is_red(const struct rb_node *node)
{
	return rb_color(node) == RB_RED;
}

static inline bool rb_is_black(const struct rb_node *node)
{
	return rb_color(node) == RB_BLACK;
}

/* A NULL leaf counts as black. */
static inline bool is_red(const struct rb_node *node)
{
	return node && rb_is_red(node);
}

static inline void set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = (uintptr_t)parent | (uintptr_t)rb_color(node);
}

static inline void set_color(struct rb_node *node, int color)
{
	node->__rb_parent_color =
		(node->__rb_parent_color & ~(uintptr_t)1) | (uintptr_t)color;
}

static inline struct rb_node **slot(struct rb_node *node, int dir)
{
	return dir == LEFT ? &node->rb_left : &node->rb_right;
}

static inline struct rb_node *child(const struct rb_node *node, int dir)
{
	return dir == LEFT ? node->rb_left : node->rb_right;
}

/* Which side of its parent @node hangs on (@parent must be its parent). */
static inline int side_of(const struct rb_node *node,
			  const struct rb_node *parent)
{
	return parent->rb_left == node ? LEFT : RIGHT;
}

/* Point whatever pointed at @old (its parent's slot, or the root) at @new. */
static inline void replace_child(struct rb_node *old, struct rb_node *new,
				 struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else
		*slot(parent, side_of(old, parent)) = new;
}

/*
 * rotate - turn @top down towards @dir: its child on the other side, @up,
 * takes its place, @top becomes @up's @dir child, and @up's inner subtree
 * moves across to @top.  rotate(x, LEFT) is the textbook left rotation.
 * In-order sequence and colours are unchanged.
 *
 *	     top                 up
 *	    /   \               /  \
 *	   a     up     =>    top   c        (dir == LEFT)
 *	        /  \         /   \
 *	       b    c       a     b
 */
static void rotate(struct rb_node *top, int dir, struct rb_root *root)
{
	struct rb_node *up = child(top, !dir);
	struct rb_node *inner = child(up, dir);
	struct rb_node *parent = rb_parent(top);

	*slot(top, !dir) = inner;
	if (inner)
		set_parent(inner, top);
	*slot(up, dir) = top;
	set_parent(top, up);
	set_parent(up, parent);
	replace_child(top, up, parent, root);
}

/**
 * rb_insert_color - rebalance after linking a node
 * @node: the node just hung, red, by rb_link_node()
 * @root: the tree
 *
 * Only rule 2 (no red child of a red node) can be broken, between @node
 * and its parent.  A red uncle lets the fault move two levels up by
 * recolouring; a black uncle is fixed for good by one or two rotations.
 * At most two rotations per insertion.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	for (;;) {
		struct rb_node *parent = rb_parent(node), *gparent, *uncle;
		int pdir;

		if (!parent) {
			/* @node is the root: it may always be black. */
			set_color(node, RB_BLACK);
			return;
		}
		if (rb_is_black(parent))
			return;

		/* A red parent is not the root, so the grandparent exists. */
		gparent = rb_parent(parent);
		pdir = side_of(parent, gparent);
		uncle = child(gparent, !pdir);

		if (is_red(uncle)) {
			/*
			 * Push the grandparent's blackness down to both its
			 * children; the grandparent, now red, may conflict
			 * with its own parent.
			 */
			set_color(parent, RB_BLACK);
			set_color(uncle, RB_BLACK);
			set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}

		if (side_of(node, parent) != pdir) {
			/*
			 * @node is the inner grandchild: rotate it up over
			 * @parent so the red pair lies on the outside.
			 */
			rotate(parent, pdir, root);
			parent = node;
		}
		/*
		 * @parent is the outer red child of a black grandparent with
		 * a black uncle: rotate it up and swap the two colours.
		 */
		rotate(gparent, !pdir, root);
		set_color(parent, RB_BLACK);
		set_color(gparent, RB_RED);
		return;
	}
}

/*
 * erase_fixup - a black node was removed from above @node (possibly a NULL
 * leaf) under @parent, so every path through @node is one black short.
 * Either find a red node to paint black, or borrow a black from the
 * sibling's side by rotation, or (sibling's side has nothing to spare)
 * make the sibling red and hand the deficit up to the parent.
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root)
{
	while (parent && !is_red(node)) {
		/*
		 * The sibling exists: its side has at least the black height
		 * @node's side had before the erase, which was at least 1.
		 * When @node is NULL, it is on the side whose slot is NULL.
		 */
		int dir = parent->rb_left == node ? LEFT : RIGHT;
		struct rb_node *sib = child(parent, !dir);
		struct rb_node *near, *far;

		if (rb_is_red(sib)) {
			/*
			 * A red sibling means a black parent: rotate the
			 * sibling up, swapping colours, so that @node's new
			 * sibling (the old sibling's inner child) is black.
			 */
			set_color(sib, RB_BLACK);
			set_color(parent, RB_RED);
			rotate(parent, dir, root);
			sib = child(parent, !dir);
		}

		near = child(sib, dir);
		far = child(sib, !dir);
		if (!is_red(near) && !is_red(far)) {
			/*
			 * Take one black off the sibling's side too; the whole
			 * subtree under @parent is now one short.  A red parent
			 * ends the loop and is painted black below.
			 */
			set_color(sib, RB_RED);
			node = parent;
			parent = rb_parent(node);
			continue;
		}

		if (!is_red(far)) {
			/*
			 * Only the near nephew is red: rotate it up over the
			 * sibling, which becomes the far nephew.  (The
			 * textbook paints them black and red here; the step
			 * below repaints both, so that is left to it.)
			 */
			rotate(sib, !dir, root);
			far = sib;
			sib = near;
		}

		/*
		 * The far nephew is red: rotating the sibling up puts a
		 * black above @node (the old parent, painted black) while the
		 * sibling takes the parent's colour and the far nephew turns
		 * black to keep the other side's count.  Done.
		 */
		set_color(sib, rb_color(parent));
		set_color(parent, RB_BLACK);
		set_color(far, RB_BLACK);
		rotate(parent, dir, root);
		return;
	}
	if (node)
		set_color(node, RB_BLACK);
}

/**
 * rb_erase - remove a node from its tree
 * @node: the node, which must be in @root
 * @root: the tree
 *
 * A node with two children swaps places (not contents) with its in-order
 * successor, which has no left child, so the node actually unlinked has at
 * most one child.  If it was black, erase_fixup() restores the black
 * height.  @node's own fields are left stale; RB_CLEAR_NODE() it if it
 * must test as unlinked.  At most three rotations per erase.
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(node);
	struct rb_node *fix, *fix_parent;	/* where the black went missing */
	int removed_color;

	if (!node->rb_left || !node->rb_right) {
		fix = node->rb_left ? node->rb_left : node->rb_right;
		fix_parent = parent;
		removed_color = rb_color(node);
		replace_child(node, fix, parent, root);
		if (fix)
			set_parent(fix, parent);
	} else {
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		/* @succ takes @node's place and colour; its own slot empties. */
		removed_color = rb_color(succ);
		fix = succ->rb_right;
		if (succ == node->rb_right) {
			fix_parent = succ;
		} else {
			fix_parent = rb_parent(succ);
			fix_parent->rb_left = fix;
			if (fix)
				set_parent(fix, fix_parent);
			succ->rb_right = node->rb_right;
			set_parent(succ->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		set_parent(succ->rb_left, succ);
		succ->__rb_parent_color = node->__rb_parent_color;
		replace_child(node, succ, parent, root);
	}

	if (removed_color == RB_BLACK)
		erase_fixup(fix, fix_parent, root);
}

/**
 * rb_replace_node - put @new in @victim's place without rebalancing
 * @victim: a node of @root
 * @new: a node not in any tree, which must sort exactly where @victim does
 * @root: the tree
 *
 * @new takes @victim's parent, children and colour; @victim is left stale.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		set_parent(victim->rb_left, new);
	if (victim->rb_right)
		set_parent(victim->rb_right, new);
	replace_child(victim, new, parent, root);
}

/* The extreme node of the subtree under @node towards @dir. */
static struct rb_node *extreme(const struct rb_node *node, int dir)
{
	while (child(node, dir))
		node = child(node, dir);
	return (struct rb_node *)node;
}

/*
 * step - @node's in-order neighbour towards @dir (RIGHT: next): the nearest
 * node of its @dir subtree if it has one, else the first ancestor reached
 * from its other side.
 */
static struct rb_node *step(const struct rb_node *node, int dir)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (child(node, dir))
		return extreme(child(node, dir), !dir);
	while ((parent = rb_parent(node)) && child(parent, dir) == node)
		node = parent;
	return parent;
}

/**
 * rb_next - the in-order successor of @node
 * @node: a node in a tree
 *
 * Return: the next node, or NULL if @node is the last one (or is cleared
 * by RB_CLEAR_NODE()).
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	return step(node, RIGHT);
}

/**
 * rb_prev - the in-order predecessor of @node
 * @node: a node in a tree
 *
 * Return: the previous node, or NULL if @node is the first one (or is
 * cleared by RB_CLEAR_NODE()).
 */
struct rb_node *rb_prev(const struct rb_node *node)
{
	return step(node, LEFT);
}

/**
 * rb_first - the smallest node of @root, NULL if the tree is empty
 * @root: the tree
 */
struct rb_node *rb_first(const struct rb_root *root)
{
	return root->rb_node ? extreme(root->rb_node, LEFT) : NULL;
}

/**
 * rb_last - the largest node of @root, NULL if the tree is empty
 * @root: the tree
 */
struct rb_node *rb_last(const struct rb_root *root)
{
	return root->rb_node ? extreme(root->rb_node, RIGHT) : NULL;
}

/* The first node in post-order of the subtree under @node: a deepest leaf,
 * reached by going left whenever possible, else right. */
static struct rb_node *deepest_first(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

/**
 * rb_next_postorder - the node after @node in post-order
 * @node: a node in a tree, or NULL
 *
 * After a left child comes the first of its parent's right subtree; after
 * a right child (or a left one with no right sibling), the parent.  Only
 * @node's parent and sibling are read, so @node may be freed afterwards.
 */
struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && parent->rb_left == node && parent->rb_right)
		return deepest_first(parent->rb_right);
	return parent;
}

/**
 * rb_first_postorder - the first node of @root in post-order
 * @root: the tree
 */
struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? deepest_first(root->rb_node) : NULL;
}

/*
 * check_arrival - the walk of rb_check() steps from @parent down to @node:
 * check the link, the colours and, if @node has a missing child, the black
 * height of the path (@depth counts its black nodes, @node included).
 */
static int check_arrival(const struct rb_node *parent,
			 const struct rb_node *node, long depth, long *bh)
{
	if (rb_parent(node) != parent)
		return RB_CHECK_PARENT;
	if (node->rb_left && node->rb_left == node->rb_right)
		return RB_CHECK_PARENT;		/* one node in both slots */
	if (rb_is_red(parent) && rb_is_red(node))
		return RB_CHECK_RED_RED;
	if (!node->rb_left || !node->rb_right) {
		if (*bh < 0)
			*bh = depth;
		else if (depth != *bh)
			return RB_CHECK_BLACK_HEIGHT;
	}
	return RB_CHECK_OK;
}

/**
 * rb_check - verify that @root is a valid red-black tree
 * @root: the tree
 * @cmp: the order the tree should be in (<0, 0, >0 like strcmp), or NULL to
 *	skip the order check
 *
 * Checks that the root has no parent and is black, that every child's
 * parent pointer points back, that no red node has a red child, that every
 * path to a missing child has the same number of black nodes, and that the
 * in-order sequence strictly increases by @cmp.  The walk is iterative and
 * goes down only through links it has verified, so it terminates on any
 * corruption and needs no memory.
 *
 * Return: 0 (RB_CHECK_OK), or the negative enum rb_check_result of the
 * first broken rule met by the in-order walk.
 */
int rb_check(const struct rb_root *root,
	     int (*cmp)(const struct rb_node *, const struct rb_node *))
{
	const struct rb_node *node = root->rb_node, *prev = NULL;
	long depth, bh = -1;
	int err;

	if (!node)
		return RB_CHECK_OK;
	if (rb_parent(node))
		return RB_CHECK_ROOT_PARENT;
	if (rb_is_red(node))
		return RB_CHECK_ROOT_RED;
	if (node->rb_left && node->rb_left == node->rb_right)
		return RB_CHECK_PARENT;
	depth = 1;
	if (!node->rb_left || !node->rb_right)
		bh = depth;

	for (;;) {
		/* Just arrived at @node from above: go down its left spine. */
		while (node->rb_left) {
			depth += rb_is_black(node->rb_left);
			err = check_arrival(node, node->rb_left, depth, &bh);
			if (err)
				return err;
			node = node->rb_left;
		}
		/* Visit in order; climb out of subtrees already finished. */
		for (;;) {
			if (cmp && prev && cmp(prev, node) >= 0)
				return RB_CHECK_ORDER;
			prev = node;
			if (node->rb_right) {
				depth += rb_is_black(node->rb_right);
				err = check_arrival(node, node->rb_right,
						    depth, &bh);
				if (err)
					return err;
				node = node->rb_right;
				break;
			}
			for (;;) {
				const struct rb_node *parent = rb_parent(node);

				depth -= rb_is_black(node);
				if (!parent)
					return RB_CHECK_OK;
				if (parent->rb_left == node) {
					node = parent;
					break;
				}
				node = parent;
			}
		}
	}
}
