/*
 * msgheap.h - variable-size messages in the shared arena, freed when consumed.
 *
 * A message (a pickled object, a line, a request) is copied into a chain of
 * fixed-size cells taken from one free list that every process of the run
 * shares; whoever consumes it frees the chain back.  So a run that sends a
 * million messages uses only as many cells as are in flight at once, and a
 * full heap refuses a message (WF_ENOMEM) instead of writing past its table.
 *
 * How to use it (sim/ code; lessons use wf_queue_put_msg / the pipe):
 *
 *     msg_ref m;
 *     if (msgheap_put(&wf_arena->msgs, buf, len, &m) != 0)
 *             ... the heap is full: WF_ENOMEM; nothing was allocated
 *     ... hand m (a 32-bit number) to another process: a queue item, a
 *         pipe slot; whoever holds it owns the message ...
 *     size_t n = msgheap_read(&wf_arena->msgs, m, out, cap);  (copies up to cap)
 *     msgheap_free(&wf_arena->msgs, m);                      (once, by the owner)
 *
 * msgheap_len and msgheap_id read the message's length and run-unique id
 * (what EV_MSG_SEND / EV_MSG_RECV carry, so the model can pair them).
 *
 * The invariants.  A zeroed struct msgheap is an empty heap, so the arena
 * needs no initialisation (it is mapped zeroed).  Cells never used are
 * taken from a bump cursor (`fresh`), freed cells go to a lock-free stack
 * (`head`: a 32-bit tag above a 32-bit cell number + 1, so a pop that raced
 * a pop and a push fails its compare-and-swap instead of corrupting the
 * list).  A cell belongs to exactly one of: never used, the free stack, one
 * message.  Only the message's owner touches its cells' contents; the
 * hand-over (a queue's mutex, the pipe's) orders the copy before the read.
 * Everything is atomics on the shared mapping, so it works across fork().
 */
#ifndef WEFT_MSGHEAP_H
#define WEFT_MSGHEAP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define MSGHEAP_CELL 64u                             /* bytes per cell */
#define MSGHEAP_CELL_DATA (MSGHEAP_CELL - 16u)       /* payload bytes per cell */
#define MSGHEAP_CELLS 65536u                         /* 4 MiB of cells */
#define MSGHEAP_MAX_LEN (64u * 1024u)                /* the largest message */

/* A message, as a number any process of the run may hold; 0: none. */
typedef uint32_t msg_ref;

struct msg_cell {
	_Atomic uint32_t next; /* the next cell of its message or of the free stack: number + 1; 0: last */
	uint32_t len;          /* first cell: the message's length in bytes */
	uint32_t id;           /* first cell: the message's id */
	uint32_t spare;
	unsigned char data[MSGHEAP_CELL_DATA];
};

_Static_assert(sizeof(struct msg_cell) == MSGHEAP_CELL, "a cell is 64 bytes");

struct msgheap {
	_Atomic uint64_t head;    /* the free stack: tag << 32 | (cell + 1); 0 in the low half: empty */
	_Atomic uint32_t fresh;   /* cells never used start here */
	_Atomic uint32_t in_use;  /* cells held by messages now */
	_Atomic uint32_t peak;    /* the most cells ever held at once (the high-water mark) */
	_Atomic uint32_t next_id; /* ids handed out so far */
	_Atomic uint64_t allocs, frees, refused; /* messages put, freed, refused for want of cells */
	_Alignas(64) struct msg_cell cells[MSGHEAP_CELLS];
};

/* What a heap has done, read at one moment (counters may move meanwhile). */
struct msgheap_stats {
	uint32_t in_use, peak, fresh; /* cells now, at most, ever touched */
	uint64_t allocs, frees, refused;
};

/* Copies len bytes into a new message; 0 with its reference in *out, or
 * WF_ENOMEM (nothing allocated, `refused` counted) when the heap has not the
 * cells or len exceeds MSGHEAP_MAX_LEN.  Any process, any thread. */
int msgheap_put(struct msgheap *h, const void *buf, size_t len, msg_ref *out);
/* The length in bytes of message m. */
size_t msgheap_len(const struct msgheap *h, msg_ref m);
/* The run-unique id of message m (1, 2, ...). */
uint32_t msgheap_id(const struct msgheap *h, msg_ref m);
/* Copies at most cap bytes of message m into buf; returns how many. */
size_t msgheap_read(const struct msgheap *h, msg_ref m, void *buf, size_t cap);
/* Gives message m's cells back; m must not be used again.  0 is ignored. */
void msgheap_free(struct msgheap *h, msg_ref m);
/* The heap's counters now. */
struct msgheap_stats msgheap_stats(const struct msgheap *h);

#endif
