/*
 * fifo.c - see fifo.h.
 */
#include <stdlib.h>
#include <string.h>

#include "fifo.h"
#include "weft.h"

void fifo_init(struct fifo *q, size_t item, size_t first_cap)
{
	*q = (struct fifo){.item = item, .first_cap = first_cap ? first_cap : 1};
}

void fifo_free(struct fifo *q)
{
	free(q->v);
	q->v = NULL;
	q->head = q->len = q->cap = 0;
}

void *fifo_at(const struct fifo *q, size_t i)
{
	return q->v + (q->head + i) % q->cap * q->item;
}

int fifo_push(struct fifo *q, const void *x)
{
	if (q->len == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : q->first_cap;
		unsigned char *v = malloc(cap * q->item);
		if (!v)
			return WF_ENOMEM;
		for (size_t i = 0; i < q->len; i++)
			memcpy(v + i * q->item, fifo_at(q, i), q->item);
		free(q->v);
		q->v = v;
		q->cap = cap;
		q->head = 0;
	}
	memcpy(q->v + (q->head + q->len) % q->cap * q->item, x, q->item);
	q->len++;
	return 0;
}

void fifo_pop(struct fifo *q, void *out)
{
	memcpy(out, fifo_at(q, 0), q->item);
	q->head = (q->head + 1) % q->cap;
	q->len--;
}
