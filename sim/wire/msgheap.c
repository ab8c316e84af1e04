/*
 * msgheap.c - the message heap's cells and free stack (see msgheap.h).
 */
#include <string.h>

#include "msgheap.h"
#include "weft.h"

#define LOW(w) ((uint32_t)(w))
#define TAGGED(tag, cell1) ((uint64_t)(tag) << 32 | (cell1))

static struct msg_cell *cell(struct msgheap *h, uint32_t n1)
{
	return &h->cells[n1 - 1];
}

/* One cell (its number + 1), or 0 when there is none: the free stack
 * first, then a cell never used. */
static uint32_t take_cell(struct msgheap *h)
{
	uint64_t old = atomic_load_explicit(&h->head, memory_order_acquire);
	while (LOW(old) != 0) {
		uint32_t next = atomic_load_explicit(&cell(h, LOW(old))->next, memory_order_relaxed);
		uint64_t new = TAGGED((old >> 32) + 1, next);
		if (atomic_compare_exchange_weak_explicit(&h->head, &old, new, memory_order_acquire,
							  memory_order_acquire))
			return LOW(old);
	}
	uint32_t f = atomic_load_explicit(&h->fresh, memory_order_relaxed);
	while (f < MSGHEAP_CELLS) {
		if (atomic_compare_exchange_weak_explicit(&h->fresh, &f, f + 1, memory_order_relaxed,
							  memory_order_relaxed))
			return f + 1;
	}
	return 0;
}

/* Pushes the chain first..last (linked by next) on the free stack at once. */
static void give_chain(struct msgheap *h, uint32_t first, uint32_t last)
{
	uint64_t old = atomic_load_explicit(&h->head, memory_order_relaxed);
	do {
		atomic_store_explicit(&cell(h, last)->next, LOW(old), memory_order_relaxed);
	} while (!atomic_compare_exchange_weak_explicit(&h->head, &old, TAGGED((old >> 32) + 1, first),
							 memory_order_release, memory_order_relaxed));
}

static void count_in_use(struct msgheap *h, uint32_t cells)
{
	uint32_t now = atomic_fetch_add_explicit(&h->in_use, cells, memory_order_relaxed) + cells;
	uint32_t peak = atomic_load_explicit(&h->peak, memory_order_relaxed);
	while (now > peak &&
	       !atomic_compare_exchange_weak_explicit(&h->peak, &peak, now, memory_order_relaxed,
						      memory_order_relaxed))
		;
}

int msgheap_put(struct msgheap *h, const void *buf, size_t len, msg_ref *out)
{
	if (len > MSGHEAP_MAX_LEN) {
		atomic_fetch_add_explicit(&h->refused, 1, memory_order_relaxed);
		return WF_ENOMEM;
	}
	uint32_t cells = len == 0 ? 1 : (uint32_t)((len + MSGHEAP_CELL_DATA - 1) / MSGHEAP_CELL_DATA);
	uint32_t first = 0, last = 0;
	const unsigned char *p = buf;
	for (uint32_t i = 0; i < cells; i++) {
		uint32_t c = take_cell(h);
		if (c == 0) {
			if (first)
				give_chain(h, first, last);
			atomic_fetch_add_explicit(&h->refused, 1, memory_order_relaxed);
			return WF_ENOMEM;
		}
		size_t n = len - (size_t)i * MSGHEAP_CELL_DATA;
		if (n > MSGHEAP_CELL_DATA)
			n = MSGHEAP_CELL_DATA;
		if (n)
			memcpy(cell(h, c)->data, p + (size_t)i * MSGHEAP_CELL_DATA, n);
		atomic_store_explicit(&cell(h, c)->next, 0, memory_order_relaxed);
		if (last)
			atomic_store_explicit(&cell(h, last)->next, c, memory_order_relaxed);
		else
			first = c;
		last = c;
	}
	struct msg_cell *head = cell(h, first);
	head->len = (uint32_t)len;
	head->id = atomic_fetch_add_explicit(&h->next_id, 1, memory_order_relaxed) + 1;
	count_in_use(h, cells);
	atomic_fetch_add_explicit(&h->allocs, 1, memory_order_relaxed);
	*out = first;
	return 0;
}

size_t msgheap_len(const struct msgheap *h, msg_ref m)
{
	return m ? h->cells[m - 1].len : 0;
}

uint32_t msgheap_id(const struct msgheap *h, msg_ref m)
{
	return m ? h->cells[m - 1].id : 0;
}

size_t msgheap_read(const struct msgheap *h, msg_ref m, void *buf, size_t cap)
{
	if (!m)
		return 0;
	size_t len = h->cells[m - 1].len, done = 0;
	if (cap < len)
		len = cap;
	unsigned char *p = buf;
	for (uint32_t c = m; c && done < len;) {
		const struct msg_cell *x = &h->cells[c - 1];
		size_t n = len - done < MSGHEAP_CELL_DATA ? len - done : MSGHEAP_CELL_DATA;
		memcpy(p + done, x->data, n);
		done += n;
		c = atomic_load_explicit(&((struct msg_cell *)x)->next, memory_order_relaxed);
	}
	return done;
}

void msgheap_free(struct msgheap *h, msg_ref m)
{
	if (!m)
		return;
	uint32_t last = m, cells = 1, next;
	while ((next = atomic_load_explicit(&cell(h, last)->next, memory_order_relaxed)) != 0) {
		last = next;
		cells++;
	}
	give_chain(h, m, last);
	atomic_fetch_sub_explicit(&h->in_use, cells, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->frees, 1, memory_order_relaxed);
}

struct msgheap_stats msgheap_stats(const struct msgheap *h)
{
	struct msgheap *w = (struct msgheap *)h;
	return (struct msgheap_stats){
		atomic_load(&w->in_use), atomic_load(&w->peak), atomic_load(&w->fresh),
		atomic_load(&w->allocs), atomic_load(&w->frees), atomic_load(&w->refused),
	};
}
