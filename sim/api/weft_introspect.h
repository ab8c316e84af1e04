/*
 * weft_introspect.h - asking an event loop which tasks it has, as
 * asyncio.all_tasks() does (included by weft.h).  The answer is read from
 * the loop's own table of the futures it owns, so it is what the loop
 * really holds; asyncio.current_task() is wf_task_current() in
 * weft_async.h.  Loop thread only, like the rest of the loop.
 */
#ifndef WEFT_INTROSPECT_H
#define WEFT_INTROSPECT_H

#include <stddef.h>

#include "weft_async.h"

/* asyncio.all_tasks(loop): the tasks of loop l not yet done (the running
 * one included), oldest first; fills out[0..max) and returns how many
 * there are, which may be more than max.  l NULL: this thread's loop;
 * 0 when there is none. */
size_t wf_all_tasks(wf_loop *l, wf_task **out, size_t max);

#endif
