/*
 * fifo.h - a growable first-in first-out queue of fixed-size items, for one
 * thread (the loop's).
 *
 * A ring over one allocation: items live at [head, head + len) modulo cap.
 * A push into a full ring doubles it (the items are copied out in order,
 * head back at 0); nothing ever shrinks until fifo_free.  Used by the event
 * loop's ready queue and by asyncio.Queue's items.
 */
#ifndef WEFT_FIFO_H
#define WEFT_FIFO_H

#include <stddef.h>

struct fifo {
	unsigned char *v;
	size_t item;       /* bytes per item */
	size_t head, len, cap;
	size_t first_cap;  /* the capacity of the first allocation */
};

/* An empty fifo of `item`-byte items; the first push allocates first_cap. */
void fifo_init(struct fifo *q, size_t item, size_t first_cap);
/* Frees the items; q is empty (and may be pushed to) afterwards. */
void fifo_free(struct fifo *q);
/* Copies *x in at the tail: 0, or WF_ENOMEM (q unchanged). */
int fifo_push(struct fifo *q, const void *x);
/* Copies the head item out into *out and removes it; q must not be empty. */
void fifo_pop(struct fifo *q, void *out);
/* The i-th item from the head (i < len), in place. */
void *fifo_at(const struct fifo *q, size_t i);

#endif
