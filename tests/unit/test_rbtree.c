// SPDX-License-Identifier: MIT
/*
 * test_rbtree.c - unit tests for src/lib/rbtree.c (Linux's rbtree API).
 *
 * Every tree built here is checked with rb_check() (root black, no red-red,
 * equal black heights, parent links, strict in-order) after each insert and
 * erase, or at stated intervals in the long runs, and its in-order walk is
 * compared with a reference (the sorted keys, or a bitmap).  The random
 * tests are seeded through the machine PRNG, so every run is the same.
 */
#include "helpers.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "random.h"
#include "rbtree.h"

struct item {
	struct rb_node rb;
	long key;
	int seq;		/* insertion order, to tell equal keys apart */
	int visited;		/* post-order walk: when it was visited */
};

#define item_of(node) rb_entry(node, struct item, rb)

/* The colour of @node; the field is private to the tree, tests may peek. */
static int node_color(const struct rb_node *node)
{
	return (int)(node->__rb_parent_color & 1);
}

static void set_node_color(struct rb_node *node, int color)
{
	node->__rb_parent_color =
		(node->__rb_parent_color & ~(uintptr_t)1) | (uintptr_t)color;
}

static int cmp_nodes(const struct rb_node *a, const struct rb_node *b)
{
	long ka = item_of(a)->key, kb = item_of(b)->key;

	return ka < kb ? -1 : ka > kb;
}

static int cmp_key(const void *key, const struct rb_node *node)
{
	long k = *(const long *)key, nk = item_of(node)->key;

	return k < nk ? -1 : k > nk;
}

static int cmp_add(struct rb_node *a, const struct rb_node *b)
{
	return cmp_nodes(a, b);
}

static bool less_nodes(struct rb_node *a, const struct rb_node *b)
{
	return item_of(a)->key < item_of(b)->key;
}

/*
 * insert_item - the caller's insert of the header comment: search for the
 * link, rb_link_node(), rb_insert_color().  False if the key is present.
 */
static bool insert_item(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		struct item *cur = item_of(*link);

		parent = *link;
		if (it->key < cur->key)
			link = &parent->rb_left;
		else if (it->key > cur->key)
			link = &parent->rb_right;
		else
			return false;
	}
	rb_link_node(&it->rb, parent, link);
	rb_insert_color(&it->rb, root);
	return true;
}

/* The same, for a cached tree: track whether the search only went left. */
static bool insert_item_cached(struct rb_root_cached *root, struct item *it)
{
	struct rb_node **link = &root->rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		struct item *cur = item_of(*link);

		parent = *link;
		if (it->key < cur->key) {
			link = &parent->rb_left;
		} else if (it->key > cur->key) {
			link = &parent->rb_right;
			leftmost = false;
		} else {
			return false;
		}
	}
	rb_link_node(&it->rb, parent, link);
	rb_insert_color_cached(&it->rb, root, leftmost);
	return true;
}

static struct item *find_item(const struct rb_root *root, long key)
{
	return rb_entry_safe(rb_find(&key, root, cmp_key), struct item, rb);
}

static int height(const struct rb_node *node)
{
	int l, r;

	if (!node)
		return 0;
	l = height(node->rb_left);
	r = height(node->rb_right);
	return 1 + (l > r ? l : r);
}

static void assert_valid(const struct rb_root *root)
{
	assert_int_equal(rb_check(root, cmp_nodes), RB_CHECK_OK);
}

/* The walk forwards gives exactly @keys[0..n), backwards the reverse. */
static void assert_inorder(const struct rb_root *root, const long *keys,
			   size_t n)
{
	struct rb_node *node;
	size_t i = 0;

	for (node = rb_first(root); node; node = rb_next(node)) {
		assert_true(i < n);
		assert_int_equal(item_of(node)->key, keys[i]);
		i++;
	}
	assert_int_equal(i, n);
	for (node = rb_last(root); node; node = rb_prev(node)) {
		assert_true(i > 0);
		i--;
		assert_int_equal(item_of(node)->key, keys[i]);
	}
	assert_int_equal(i, 0);
}

static struct item *alloc_items(size_t n)
{
	struct item *items = test_calloc(n, sizeof(*items));

	assert_non_null(items);
	for (size_t i = 0; i < n; i++)
		RB_CLEAR_NODE(&items[i].rb);
	return items;
}

/* A random permutation of 0..n-1 (Fisher-Yates). */
static long *permutation(size_t n, uint64_t seed)
{
	struct rnd_state rnd;
	long *p = test_malloc(n * sizeof(*p));

	assert_non_null(p);
	prandom_seed_state(&rnd, seed);
	for (size_t i = 0; i < n; i++)
		p[i] = (long)i;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)prandom_below(&rnd, i);
		long t = p[i - 1];

		p[i - 1] = p[j];
		p[j] = t;
	}
	return p;
}

static long *iota(size_t n)
{
	long *k = test_malloc((n ? n : 1) * sizeof(*k));

	assert_non_null(k);
	for (size_t i = 0; i < n; i++)
		k[i] = (long)i;
	return k;
}

/* ------------------------------------------------------------ basics */

static void test_empty_tree(void **state)
{
	struct rb_root root = RB_ROOT;
	struct rb_root_cached croot = RB_ROOT_CACHED;
	struct item it = { .key = 1 };

	(void)state;
	assert_true(RB_EMPTY_ROOT(&root));
	assert_null(rb_first(&root));
	assert_null(rb_last(&root));
	assert_null(rb_first_postorder(&root));
	assert_null(rb_next_postorder(NULL));
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_OK);
	assert_null(find_item(&root, 1));
	assert_true(RB_EMPTY_ROOT(&croot.rb_root));
	assert_null(rb_first_cached(&croot));

	/* A cleared node tests empty and has no neighbours. */
	RB_CLEAR_NODE(&it.rb);
	assert_true(RB_EMPTY_NODE(&it.rb));
	assert_null(rb_next(&it.rb));
	assert_null(rb_prev(&it.rb));
	assert_null(rb_entry_safe((struct rb_node *)NULL, struct item, rb));
	assert_ptr_equal(rb_entry_safe(&it.rb, struct item, rb), &it);
}

static void test_single_node(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item it = { .key = 42 };

	(void)state;
	RB_CLEAR_NODE(&it.rb);
	assert_true(insert_item(&root, &it));
	assert_false(RB_EMPTY_ROOT(&root));
	assert_false(RB_EMPTY_NODE(&it.rb));
	assert_ptr_equal(root.rb_node, &it.rb);
	assert_null(rb_parent(&it.rb));
	assert_int_equal(node_color(&it.rb), RB_BLACK);
	assert_ptr_equal(rb_first(&root), &it.rb);
	assert_ptr_equal(rb_last(&root), &it.rb);
	assert_null(rb_next(&it.rb));
	assert_null(rb_prev(&it.rb));
	assert_ptr_equal(find_item(&root, 42), &it);
	assert_null(find_item(&root, 41));
	assert_valid(&root);

	rb_erase(&it.rb, &root);
	assert_true(RB_EMPTY_ROOT(&root));
	assert_valid(&root);
}

/* Insert @order[0..n) one by one, checking after every insert. */
static void insert_checked(struct rb_root *root, struct item *items,
			   const long *order, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct item *it = &items[order[i]];

		it->key = order[i];
		assert_true(insert_item(root, it));
		assert_false(insert_item(root, it));	/* duplicate refused */
		assert_valid(root);
	}
}

#define N_ORDERED 2000

static void test_insert_ascending(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item *items = alloc_items(N_ORDERED);
	long *keys = iota(N_ORDERED);

	(void)state;
	insert_checked(&root, items, keys, N_ORDERED);
	assert_inorder(&root, keys, N_ORDERED);
	assert_ptr_equal(rb_first(&root), &items[0].rb);
	assert_ptr_equal(rb_last(&root), &items[N_ORDERED - 1].rb);
	for (long k = 0; k < N_ORDERED; k++)
		assert_ptr_equal(find_item(&root, k), &items[k]);
	test_free(keys);
	test_free(items);
}

static void test_insert_descending(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item *items = alloc_items(N_ORDERED);
	long *keys = iota(N_ORDERED), *order = iota(N_ORDERED);

	(void)state;
	for (size_t i = 0; i < N_ORDERED; i++)
		order[i] = N_ORDERED - 1 - (long)i;
	insert_checked(&root, items, order, N_ORDERED);
	assert_inorder(&root, keys, N_ORDERED);
	for (long k = 0; k < N_ORDERED; k++)
		assert_ptr_equal(find_item(&root, k), &items[k]);
	test_free(order);
	test_free(keys);
	test_free(items);
}

static void test_insert_random(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct rb_root root = RB_ROOT;
		struct item *items = alloc_items(N_ORDERED);
		long *keys = iota(N_ORDERED);
		long *order = permutation(N_ORDERED, seed);

		insert_checked(&root, items, order, N_ORDERED);
		assert_inorder(&root, keys, N_ORDERED);
		assert_null(find_item(&root, -1));
		assert_null(find_item(&root, N_ORDERED));
		test_free(order);
		test_free(keys);
		test_free(items);
	}
}

/* ------------------------------------------------------------ erase */

enum shape { RED_LEAF, BLACK_LEAF, ONE_CHILD, TWO_CHILDREN_NOT_ROOT };

static bool has_shape(const struct rb_node *n, enum shape shape)
{
	int kids = !!n->rb_left + !!n->rb_right;

	switch (shape) {
	case RED_LEAF:
		return kids == 0 && node_color(n) == RB_RED;
	case BLACK_LEAF:
		return kids == 0 && node_color(n) == RB_BLACK && rb_parent(n);
	case ONE_CHILD:
		return kids == 1;
	case TWO_CHILDREN_NOT_ROOT:
		return kids == 2 && rb_parent(n);
	}
	return false;
}

/*
 * For several random trees of 100 keys: repeatedly erase the first node of
 * @shape (while there is one, up to 30 times), checking the tree and its
 * contents after each erase.
 */
static void erase_shapes(enum shape shape)
{
	enum { N = 100 };
	int erased = 0;

	for (uint64_t seed = 10; seed < 30; seed++) {
		struct rb_root root = RB_ROOT;
		struct item *items = alloc_items(N);
		long *order = permutation(N, seed);
		long keys[N];
		size_t n = N;

		for (size_t i = 0; i < N; i++) {
			items[order[i]].key = order[i];
			assert_true(insert_item(&root, &items[order[i]]));
			keys[i] = (long)i;
		}
		for (int round = 0; round < 30; round++) {
			struct rb_node *node;
			size_t i, j;

			for (node = rb_first(&root); node; node = rb_next(node))
				if (has_shape(node, shape))
					break;
			if (!node)
				break;
			rb_erase(node, &root);
			assert_valid(&root);
			for (i = j = 0; i < n; i++)
				if (keys[i] != item_of(node)->key)
					keys[j++] = keys[i];
			assert_int_equal(j, n - 1);
			n = j;
			assert_inorder(&root, keys, n);
			erased++;
		}
		test_free(order);
		test_free(items);
	}
	assert_true(erased >= 20);	/* every tree had at least one */
}

static void test_erase_red_leaf(void **state)
{
	(void)state;
	erase_shapes(RED_LEAF);
}

static void test_erase_black_leaf(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item it[4];
	long rest[] = { 2, 3, 4 };

	(void)state;
	/* 1..4 ascending gives 2B(1B, 3B(-, 4R)): 1 is a black leaf. */
	for (int i = 0; i < 4; i++) {
		it[i].key = i + 1;
		assert_true(insert_item(&root, &it[i]));
	}
	assert_ptr_equal(root.rb_node, &it[1].rb);
	assert_true(has_shape(&it[0].rb, BLACK_LEAF));
	rb_erase(&it[0].rb, &root);
	assert_valid(&root);
	assert_inorder(&root, rest, 3);

	erase_shapes(BLACK_LEAF);
}

static void test_erase_one_child(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item it[4];
	long rest[] = { 1, 2, 4 };

	(void)state;
	/* In 2B(1B, 3B(-, 4R)), 3 has one child; 4 takes its place. */
	for (int i = 0; i < 4; i++) {
		it[i].key = i + 1;
		assert_true(insert_item(&root, &it[i]));
	}
	assert_true(has_shape(&it[2].rb, ONE_CHILD));
	rb_erase(&it[2].rb, &root);
	assert_valid(&root);
	assert_inorder(&root, rest, 3);
	assert_ptr_equal(root.rb_node->rb_right, &it[3].rb);
	assert_int_equal(node_color(&it[3].rb), RB_BLACK);

	erase_shapes(ONE_CHILD);
}

static void test_erase_two_children(void **state)
{
	(void)state;
	erase_shapes(TWO_CHILDREN_NOT_ROOT);
}

static void test_erase_root(void **state)
{
	enum { N = 300 };
	struct rb_root root = RB_ROOT;
	struct item *items = alloc_items(N);
	long *order = permutation(N, 7);
	long *keys = iota(N);
	size_t n = N;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		items[order[i]].key = order[i];
		assert_true(insert_item(&root, &items[order[i]]));
	}
	while (!RB_EMPTY_ROOT(&root)) {
		long k = item_of(root.rb_node)->key;
		size_t i, j;

		rb_erase(root.rb_node, &root);
		assert_valid(&root);
		assert_null(find_item(&root, k));
		for (i = j = 0; i < n; i++)
			if (keys[i] != k)
				keys[j++] = keys[i];
		n = j;
		assert_inorder(&root, keys, n);
	}
	assert_int_equal(n, 0);
	test_free(keys);
	test_free(order);
	test_free(items);
}

/*
 * Every key of every tree of 1..40 nodes, built ascending, descending and
 * in three random orders, erased on its own; then each tree emptied in a
 * random order.  Reaches every fix-up case in both mirror images.
 */
static void test_erase_every_position(void **state)
{
	enum { MAXN = 40, ORDERS = 5 };
	struct item items[MAXN];
	long keys[MAXN];

	(void)state;
	for (size_t n = 1; n <= MAXN; n++) {
		for (int o = 0; o < ORDERS; o++) {
			long *order = permutation(n, 100 + n * ORDERS + o);

			if (o == 0 || o == 1)
				for (size_t i = 0; i < n; i++)
					order[i] = o == 0 ? (long)i
							  : (long)(n - 1 - i);
			for (size_t victim = 0; victim <= n; victim++) {
				struct rb_root root = RB_ROOT;
				size_t m = 0;

				for (size_t i = 0; i < n; i++) {
					items[order[i]].key = order[i];
					assert_true(insert_item(&root,
								&items[order[i]]));
				}
				if (victim == n) {
					/* Empty it in the insertion order. */
					for (size_t i = 0; i < n; i++) {
						rb_erase(&items[order[i]].rb, &root);
						assert_valid(&root);
					}
					assert_true(RB_EMPTY_ROOT(&root));
					continue;
				}
				rb_erase(&items[victim].rb, &root);
				assert_valid(&root);
				for (size_t i = 0; i < n; i++)
					if (i != victim)
						keys[m++] = (long)i;
				assert_inorder(&root, keys, m);
			}
			test_free(order);
		}
	}
}

/* ------------------------------------------------------------ stress */

#define STRESS_OPS	200000
#define STRESS_KEYS	4096
#define STRESS_PHASE	16384

/*
 * 200,000 random inserts, erases and lookups over 4096 keys against a
 * bitmap, in phases of 16384 operations that lean to inserting (80% insert,
 * 10% erase, 10% lookup) and then to erasing (10/80/10), so the tree
 * repeatedly grows past 3/4 of the keys and shrinks below 1/4.  Inserts
 * alternate between the open-coded search and rb_find_add().  rb_check() after every operation for the first 5,000, then every
 * 1,000 (with a full in-order comparison against the bitmap).
 */
static void test_stress_random(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item *items = alloc_items(STRESS_KEYS);
	bool *present = test_calloc(STRESS_KEYS, sizeof(*present));
	struct rnd_state rnd;
	size_t count = 0, max_count = 0, min_late = STRESS_KEYS;
	unsigned long inserts = 0, erases = 0, hits = 0, misses = 0;

	(void)state;
	assert_non_null(present);
	prandom_seed_state(&rnd, 0x5eed);
	for (long k = 0; k < STRESS_KEYS; k++)
		items[k].key = k;

	for (long op = 0; op < STRESS_OPS; op++) {
		long k = (long)prandom_below(&rnd, STRESS_KEYS);
		unsigned int r = (unsigned int)prandom_below(&rnd, 100);
		bool grow = (op / STRESS_PHASE) % 2 == 0;
		unsigned int p_insert = grow ? 80 : 10;
		unsigned int p_erase = grow ? 10 : 80;
		struct item *it = &items[k];

		if (r < p_insert) {
			bool added;

			if (op & 1) {
				added = insert_item(&root, it);
			} else {
				struct rb_node *dup = rb_find_add(&it->rb, &root,
								  cmp_add);

				added = !dup;
				if (dup)
					assert_ptr_equal(dup, &it->rb);
			}
			assert_int_equal(added, !present[k]);
			if (added) {
				present[k] = true;
				count++;
				inserts++;
			}
		} else if (r < p_insert + p_erase) {
			if (present[k]) {
				assert_false(RB_EMPTY_NODE(&it->rb));
				rb_erase(&it->rb, &root);
				RB_CLEAR_NODE(&it->rb);
				present[k] = false;
				count--;
				erases++;
			}
			assert_null(find_item(&root, k));
		} else {
			struct item *found = find_item(&root, k);

			if (present[k]) {
				assert_ptr_equal(found, it);
				hits++;
			} else {
				assert_null(found);
				misses++;
			}
		}

		if (count > max_count)
			max_count = count;
		if (op > STRESS_OPS / 2 && count < min_late)
			min_late = count;

		if (op < 5000 || op % 1000 == 0 || op == STRESS_OPS - 1) {
			assert_valid(&root);
			assert_int_equal(RB_EMPTY_ROOT(&root), count == 0);
		}
		if (op % 1000 == 0 || op == STRESS_OPS - 1) {
			struct rb_node *node = rb_first(&root);
			size_t seen = 0;

			for (long j = 0; j < STRESS_KEYS; j++) {
				if (!present[j])
					continue;
				assert_non_null(node);
				assert_ptr_equal(node, &items[j].rb);
				node = rb_next(node);
				seen++;
			}
			assert_null(node);
			assert_int_equal(seen, count);
			assert_true(height(root.rb_node) <=
				    2.0 * log2((double)count + 1.0));
		}
	}
	/* The run really did grow, shrink and do all three things. */
	assert_true(max_count > STRESS_KEYS * 3 / 4);
	assert_true(min_late < STRESS_KEYS / 4);
	assert_true(inserts > 10000 && erases > 10000);
	assert_true(hits > 1000 && misses > 1000);
	test_free(present);
	test_free(items);
}

/* ------------------------------------------------------------ others */

static void test_replace_node(void **state)
{
	enum { N = 64 };
	struct rb_root root = RB_ROOT;
	struct item items[N], repl[3];
	long *keys = iota(N);
	struct item *victims[3];

	(void)state;
	for (long k = 0; k < N; k++) {
		items[k].key = k;
		assert_true(insert_item(&root, &items[k]));
	}
	victims[0] = item_of(root.rb_node);		/* the root */
	victims[1] = item_of(rb_first(&root));		/* a leaf */
	victims[2] = item_of(root.rb_node->rb_right);	/* two children */
	assert_null(victims[1]->rb.rb_left);
	assert_null(victims[1]->rb.rb_right);
	assert_non_null(victims[2]->rb.rb_left);
	assert_non_null(victims[2]->rb.rb_right);

	for (int i = 0; i < 3; i++) {
		struct item *v = victims[i];
		int color = node_color(&v->rb);
		struct rb_node *parent = rb_parent(&v->rb);
		struct rb_node *left = v->rb.rb_left, *right = v->rb.rb_right;

		repl[i].key = v->key;
		rb_replace_node(&v->rb, &repl[i].rb, &root);
		assert_valid(&root);
		assert_ptr_equal(find_item(&root, v->key), &repl[i]);
		assert_ptr_equal(rb_parent(&repl[i].rb), parent);
		assert_ptr_equal(repl[i].rb.rb_left, left);
		assert_ptr_equal(repl[i].rb.rb_right, right);
		assert_int_equal(node_color(&repl[i].rb), color);
		if (!parent)
			assert_ptr_equal(root.rb_node, &repl[i].rb);
		if (left)
			assert_ptr_equal(rb_parent(left), &repl[i].rb);
		if (right)
			assert_ptr_equal(rb_parent(right), &repl[i].rb);
	}
	assert_inorder(&root, keys, N);
	/* The walk meets the replacements, not the victims. */
	for (struct rb_node *n = rb_first(&root); n; n = rb_next(n))
		for (int i = 0; i < 3; i++)
			assert_ptr_not_equal(n, &victims[i]->rb);
	/* The replacements erase like any node. */
	for (int i = 0; i < 3; i++) {
		rb_erase(&repl[i].rb, &root);
		assert_valid(&root);
		assert_null(find_item(&root, repl[i].key));
	}
	test_free(keys);
}

/*
 * The cached tree: under 20,000 random inserts and erases of 512 keys,
 * rb_first_cached() always equals rb_first(), rb_erase_cached() returns the
 * new leftmost exactly when it erased the leftmost, and the same holds
 * with rb_add_cached() and rb_replace_node_cached().
 */
static void test_cached_leftmost(void **state)
{
	enum { KEYS = 512, OPS = 20000 };
	struct rb_root_cached root = RB_ROOT_CACHED;
	struct item *items = alloc_items(KEYS);
	bool present[KEYS] = { false };
	struct rnd_state rnd;
	struct item spare;
	int leftmost_erases = 0, leftmost_adds = 0;

	(void)state;
	prandom_seed_state(&rnd, 99);
	for (long k = 0; k < KEYS; k++)
		items[k].key = k;

	for (int op = 0; op < OPS; op++) {
		long k = (long)prandom_below(&rnd, KEYS);
		struct item *it = &items[k];
		bool grow = (op / 2048) % 2 == 0;

		if (!present[k] && prandom_below(&rnd, 100) < (grow ? 70u : 30u)) {
			struct rb_node *old_first = rb_first_cached(&root);

			if (op & 1) {
				assert_true(insert_item_cached(&root, it));
			} else {
				struct rb_node *ret =
					rb_add_cached(&it->rb, &root, less_nodes);
				bool first = !old_first ||
					     item_of(old_first)->key > k;

				assert_ptr_equal(ret, first ? &it->rb : NULL);
				leftmost_adds += first;
			}
			present[k] = true;
		} else if (present[k]) {
			bool was_first = rb_first_cached(&root) == &it->rb;
			struct rb_node *next = rb_next(&it->rb);
			struct rb_node *ret = rb_erase_cached(&it->rb, &root);

			assert_ptr_equal(ret, was_first ? next : NULL);
			leftmost_erases += was_first;
			present[k] = false;
		}
		assert_ptr_equal(rb_first_cached(&root), rb_first(&root.rb_root));
		if (op < 2000 || op % 500 == 0)
			assert_valid(&root.rb_root);
	}
	assert_true(leftmost_erases > 5);
	assert_true(leftmost_adds > 5);

	/* Replacing the leftmost node moves the cache to the replacement. */
	assert_non_null(rb_first_cached(&root));
	spare.key = item_of(rb_first_cached(&root))->key;
	rb_replace_node_cached(rb_first_cached(&root), &spare.rb, &root);
	assert_ptr_equal(rb_first_cached(&root), &spare.rb);
	assert_ptr_equal(rb_first(&root.rb_root), &spare.rb);
	assert_valid(&root.rb_root);

	/* Emptying it leaves the cache NULL. */
	while (rb_first_cached(&root))
		rb_erase_cached(rb_first_cached(&root), &root);
	assert_true(RB_EMPTY_ROOT(&root.rb_root));
	test_free(items);
}

/*
 * rb_add() keeps equal keys in insertion order; rb_find() finds a key,
 * rb_find_first() and rb_for_each() the run of equal keys in that order;
 * rb_find_add() refuses a key that is present.
 */
static void test_rb_add_find(void **state)
{
	enum { N = 300 };
	struct rb_root root = RB_ROOT;
	struct item items[N], extra;
	struct rnd_state rnd;
	int per_key[10] = { 0 };
	struct rb_node *node;
	long key, prev_key = -1;
	int prev_seq = -1;

	(void)state;
	prandom_seed_state(&rnd, 5);
	for (int i = 0; i < N; i++) {
		items[i].key = (long)prandom_below(&rnd, 10);
		items[i].seq = i;
		per_key[items[i].key]++;
		rb_add(&items[i].rb, &root, less_nodes);
		/* Duplicates are allowed, so check validity without order. */
		assert_int_equal(rb_check(&root, NULL), RB_CHECK_OK);
	}
	/* Non-decreasing keys; equal keys in insertion order. */
	for (node = rb_first(&root); node; node = rb_next(node)) {
		struct item *it = item_of(node);

		assert_true(it->key >= prev_key);
		if (it->key == prev_key)
			assert_true(it->seq > prev_seq);
		prev_key = it->key;
		prev_seq = it->seq;
	}
	/* Strict order fails on the duplicates. */
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_ORDER);

	for (key = 0; key < 10; key++) {
		int n = 0, last_seq = -1;

		node = rb_find(&key, &root, cmp_key);
		assert_non_null(node);
		assert_int_equal(item_of(node)->key, key);

		node = rb_find_first(&key, &root, cmp_key);
		assert_non_null(node);
		assert_true(!rb_prev(node) || item_of(rb_prev(node))->key < key);

		rb_for_each(node, &key, &root, cmp_key) {
			assert_int_equal(item_of(node)->key, key);
			assert_true(item_of(node)->seq > last_seq);
			last_seq = item_of(node)->seq;
			n++;
		}
		assert_int_equal(n, per_key[key]);
	}
	key = 10;
	assert_null(rb_find(&key, &root, cmp_key));
	assert_null(rb_find_first(&key, &root, cmp_key));
	key = -1;
	assert_null(rb_find(&key, &root, cmp_key));

	/* rb_find_add: present keys are returned, new ones added. */
	extra.key = 3;
	node = rb_find_add(&extra.rb, &root, cmp_add);
	assert_non_null(node);
	assert_int_equal(item_of(node)->key, 3);
	extra.key = 10;
	assert_null(rb_find_add(&extra.rb, &root, cmp_add));
	key = 10;
	assert_ptr_equal(rb_find(&key, &root, cmp_key), &extra.rb);
	assert_ptr_equal(rb_last(&root), &extra.rb);
	assert_int_equal(rb_check(&root, NULL), RB_CHECK_OK);
}

/* The height of a red-black tree of n nodes is at most 2*log2(n+1). */
static void test_height_bound(void **state)
{
	enum { N = 100000 };
	struct item *items = alloc_items(N);
	double bound = 2.0 * log2(N + 1.0);

	(void)state;
	for (int pass = 0; pass < 3; pass++) {
		struct rb_root root = RB_ROOT;
		long *order = pass == 2 ? permutation(N, 3) : NULL;

		for (long i = 0; i < N; i++) {
			long k = pass == 0 ? i : pass == 1 ? N - 1 - i : order[i];

			items[k].key = k;
			assert_true(insert_item(&root, &items[k]));
			if ((i & (i + 1)) == 0)	/* n = i + 1 a power of 2 */
				assert_true(height(root.rb_node) <=
					    2.0 * log2(i + 2.0));
		}
		assert_valid(&root);
		assert_true(height(root.rb_node) <= bound);
		if (order)
			test_free(order);
	}
	test_free(items);
}

/*
 * Post-order: every node after its children, each exactly once; and the
 * _safe iterator can free each node as it goes (the leak check proves all
 * were visited).
 */
static void test_postorder(void **state)
{
	enum { N = 1000 };
	struct rb_root root = RB_ROOT;
	struct item *items = alloc_items(N), *pos, *n;
	long *order = permutation(N, 11);
	struct rb_node *node;
	int t = 0;

	(void)state;
	for (int i = 0; i < N; i++) {
		items[order[i]].key = order[i];
		assert_true(insert_item(&root, &items[order[i]]));
	}
	for (node = rb_first_postorder(&root); node;
	     node = rb_next_postorder(node)) {
		struct item *it = item_of(node);

		assert_int_equal(it->visited, 0);
		it->visited = ++t;
		if (node->rb_left)
			assert_true(item_of(node->rb_left)->visited > 0);
		if (node->rb_right)
			assert_true(item_of(node->rb_right)->visited > 0);
	}
	assert_int_equal(t, N);
	assert_int_equal(item_of(root.rb_node)->visited, N);	/* root last */
	test_free(order);
	test_free(items);

	/* Tear down a tree of separately allocated entries. */
	root = RB_ROOT;
	for (long k = 0; k < N; k++) {
		struct item *it = test_calloc(1, sizeof(*it));

		assert_non_null(it);
		it->key = (k * 7919) % N;
		assert_true(insert_item(&root, it));
	}
	t = 0;
	rbtree_postorder_for_each_entry_safe(pos, n, &root, struct item, rb) {
		test_free(pos);
		t++;
	}
	assert_int_equal(t, N);
}

/* rb_check() reports each kind of damage with its own code. */
static void test_check_detects_corruption(void **state)
{
	struct rb_root root = RB_ROOT;
	struct item it[4];

	(void)state;
	/* 2B(1R, 3R) */
	for (int i = 0; i < 3; i++) {
		it[i].key = i + 1;
		assert_true(insert_item(&root, &it[i]));
	}
	assert_ptr_equal(root.rb_node, &it[1].rb);
	assert_valid(&root);

	set_node_color(&it[1].rb, RB_RED);
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_ROOT_RED);
	set_node_color(&it[1].rb, RB_BLACK);

	it[1].rb.__rb_parent_color = (uintptr_t)&it[0].rb | RB_BLACK;
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_ROOT_PARENT);
	it[1].rb.__rb_parent_color = RB_BLACK;
	assert_valid(&root);

	/* 3's parent pointer aims at 1. */
	it[2].rb.__rb_parent_color = (uintptr_t)&it[0].rb | RB_RED;
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_PARENT);
	it[2].rb.__rb_parent_color = (uintptr_t)&it[1].rb | RB_RED;
	assert_valid(&root);

	/* A red child hung under red 3 without rebalancing. */
	it[3].key = 4;
	rb_link_node(&it[3].rb, &it[2].rb, &it[2].rb.rb_right);
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_RED_RED);
	it[2].rb.rb_right = NULL;
	assert_valid(&root);

	/* 1 black, 3 red: the left path has one more black. */
	set_node_color(&it[0].rb, RB_BLACK);
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_BLACK_HEIGHT);
	set_node_color(&it[0].rb, RB_RED);
	assert_valid(&root);

	/* Keys out of order: caught only when an order is given. */
	it[0].key = 5;
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_ORDER);
	assert_int_equal(rb_check(&root, NULL), RB_CHECK_OK);
	it[0].key = 1;
	assert_valid(&root);

	/* A cycle back to the root, and one node in both slots: no hang. */
	it[0].rb.rb_left = root.rb_node;
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_PARENT);
	it[0].rb.rb_left = NULL;
	root.rb_node->rb_right = root.rb_node->rb_left;
	assert_int_equal(rb_check(&root, cmp_nodes), RB_CHECK_PARENT);
	root.rb_node->rb_right = &it[2].rb;
	assert_valid(&root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_tree),
		cmocka_unit_test(test_single_node),
		cmocka_unit_test(test_insert_ascending),
		cmocka_unit_test(test_insert_descending),
		cmocka_unit_test(test_insert_random),
		cmocka_unit_test(test_erase_red_leaf),
		cmocka_unit_test(test_erase_black_leaf),
		cmocka_unit_test(test_erase_one_child),
		cmocka_unit_test(test_erase_two_children),
		cmocka_unit_test(test_erase_root),
		cmocka_unit_test(test_erase_every_position),
		cmocka_unit_test(test_stress_random),
		cmocka_unit_test(test_replace_node),
		cmocka_unit_test(test_cached_leftmost),
		cmocka_unit_test(test_rb_add_find),
		cmocka_unit_test(test_height_bound),
		cmocka_unit_test(test_postorder),
		cmocka_unit_test(test_check_detects_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
