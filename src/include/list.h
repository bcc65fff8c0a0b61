/* SPDX-License-Identifier: MIT */
/*
 * list.h - circular doubly-linked lists, as include/linux/list.h.
 *
 * The kernel threads free pages, slabs and VMAs on intrusive lists whose
 * head is embedded in the object; mmsim does the same so the code reads
 * like the kernel's.  Only the operations mmsim uses are here.
 */
#ifndef MMSIM_LIST_H
#define MMSIM_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_head {
	struct list_head *next, *prev;
};

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* list_add - insert @new after @head (stack order). */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/* list_add_tail - insert @new before @head (queue order). */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_move(struct list_head *entry, struct list_head *head)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	list_add(entry, head);
}

static inline void list_move_tail(struct list_head *entry, struct list_head *head)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	list_add_tail(entry, head);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && head->next == head->prev;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) list_entry((head)->prev, type, member)

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_entry(pos, head, type, member)                  \
	for (pos = list_entry((head)->next, type, member);            \
	     &pos->member != (head);                                  \
	     pos = list_entry(pos->member.next, type, member))

#define list_for_each_entry_reverse(pos, head, type, member)          \
	for (pos = list_entry((head)->prev, type, member);            \
	     &pos->member != (head);                                  \
	     pos = list_entry(pos->member.prev, type, member))

#define list_for_each_entry_safe(pos, n, head, type, member)          \
	for (pos = list_entry((head)->next, type, member),            \
	     n = list_entry(pos->member.next, type, member);          \
	     &pos->member != (head);                                  \
	     pos = n, n = list_entry(n->member.next, type, member))

#endif /* MMSIM_LIST_H */
