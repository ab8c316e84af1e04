/*
 * msgio.h - a message's way in and out of the arena's message heap, for the
 * primitives that carry payloads (queue_msg.c, pipe.c).
 *
 * msgio_new copies a payload into the heap (wf_arena->msgs); a full heap is
 * a limit of the run: the call fails with WF_ENOMEM and the refusal is
 * recorded as LIMIT_MSGS (arena_refuse), which in the lesson host stops
 * the lesson: "stopped: too many messages in flight (3072 KiB of
 * messages)".  A message longer than MSGHEAP_MAX_LEN only fails.  msgio_take copies it
 * out and frees it, so every message is freed exactly once, by whoever
 * consumes it.
 */
#ifndef WEFT_MSGIO_H
#define WEFT_MSGIO_H

#include <stddef.h>

#include "msgheap.h"

/* 0 with the new message in *out, or WF_ENOMEM (see above). */
int msgio_new(const void *buf, size_t len, msg_ref *out);
/* Copies message m into buf (at most cap bytes), its length to *len (may be
 * NULL), and frees it.  0, or WF_ESHORT when it did not fit. */
int msgio_take(msg_ref m, void *buf, size_t cap, size_t *len);

#endif
