/*
 * recycle.h - a pool of same-sized blocks given back by one thread and
 * taken again by another (flows and TCP state: the packet stage allocates,
 * the finishing stage frees), without malloc/free and without a lock.
 *
 * recycle_put (the giving thread) pushes onto a shared stack with a
 * compare-and-swap; recycle_get (the taking thread) pops from its own list
 * and, when that is empty, takes the whole shared stack at once with an
 * exchange, so no node is ever popped from the shared stack alone (no ABA).
 * Blocks come back zeroed.  The pool holds at most as many blocks as were
 * ever live at once; recycle_drain frees them.  Under AddressSanitizer the
 * pool is bypassed (plain calloc/free) so use-after-free stays visible.
 */
#ifndef NETRCA_RECYCLE_H
#define NETRCA_RECYCLE_H
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define RECYCLE_BYPASS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RECYCLE_BYPASS 1
#endif
#endif
#ifndef RECYCLE_BYPASS
#define RECYCLE_BYPASS 0
#endif

struct recycle_node {
	struct recycle_node *next;
};

struct recycle {
	size_t size;                              /* block size (>= a pointer) */
	_Atomic(struct recycle_node *) shared;    /* given back, not yet taken */
	struct recycle_node *local;               /* the taking thread's */
};

static inline void recycle_init(struct recycle *r, size_t size)
{
	r->size = size < sizeof(struct recycle_node) ? sizeof(struct recycle_node) : size;
	atomic_init(&r->shared, NULL);
	r->local = NULL;
}

/* A zeroed block: recycled, or new (NULL if out of memory). */
static inline void *recycle_get(struct recycle *r)
{
	struct recycle_node *n;

	if (!RECYCLE_BYPASS) {
		if (!r->local)
			r->local = atomic_exchange_explicit(&r->shared, NULL, memory_order_acquire);
		if ((n = r->local) != NULL) {
			r->local = n->next;
			/* the next block was last written by the giving thread, on
			 * another core: start moving its first line here now, for
			 * the next call (reading its link was a stall of its own) */
			if (r->local)
				__builtin_prefetch(r->local, 1, 3);
			memset(n, 0, r->size);
			return n;
		}
	}
	return calloc(1, r->size);
}

/* Gives a block back (NULL is ignored); one giving thread at a time. */
static inline void recycle_put(struct recycle *r, void *p)
{
	struct recycle_node *n = p, *head;

	if (!p)
		return;
	if (RECYCLE_BYPASS) {
		free(p);
		return;
	}
	head = atomic_load_explicit(&r->shared, memory_order_relaxed);
	do
		n->next = head;
	while (!atomic_compare_exchange_weak_explicit(&r->shared, &head, n, memory_order_release,
						      memory_order_relaxed));
}

/* Frees every pooled block (no other thread may use the pool meanwhile). */
static inline void recycle_drain(struct recycle *r)
{
	struct recycle_node *n = atomic_exchange(&r->shared, NULL), *next;

	for (; n; n = next) {
		next = n->next;
		free(n);
	}
	for (n = r->local; n; n = next) {
		next = n->next;
		free(n);
	}
	r->local = NULL;
}
#endif
