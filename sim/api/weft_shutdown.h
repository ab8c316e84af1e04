/*
 * weft_shutdown.h - shutting a queue down (Python 3.13: queue.Queue.shutdown,
 * asyncio.Queue.shutdown, queue.ShutDown / asyncio.QueueShutDown), and the
 * task_done / join pair of wf_queue that an immediate shutdown settles.
 *
 * After shutdown every put fails with WF_ESHUTDOWN; a get still takes what
 * is left and fails with WF_ESHUTDOWN once the queue is empty.  Blocked
 * putters and getters wake at once and try again (so a getter may still
 * get an item that is left).  With `immediate` the items left are dropped
 * first, each counted as task_done, so a join waiting only on them returns.
 * A second shutdown is harmless; an immediate one after a plain one drops
 * what is left then.  The queue never opens again.
 */
#ifndef WEFT_SHUTDOWN_H
#define WEFT_SHUTDOWN_H

#include <stdbool.h>

/* queue.Queue.shutdown(immediate): the queue refuses puts from now on,
 * wakes every blocked put, get and (immediate) join.  The number of items
 * dropped (0 unless immediate). */
unsigned wf_queue_shutdown(wf_queue *q, bool immediate);
/* Queue.is_shutdown. */
bool wf_queue_is_shutdown(wf_queue *q);
/* Queue.task_done(): one item got earlier is finished.  0, or WF_ESTATE
 * when there is no unfinished item (ValueError). */
int wf_queue_task_done(wf_queue *q);
/* Queue.join(): blocks until every item put has been task_done (or dropped
 * by an immediate shutdown), at most `timeout` lesson seconds (WF_FOREVER).
 * 0 or WF_ETIMEDOUT. */
int wf_queue_join(wf_queue *q, double timeout);

/* asyncio.Queue.shutdown(immediate), the same rules on a loop's queue:
 * blocked tasks' futures are completed, so they wake and see it.  The
 * number of items dropped. */
unsigned wf_aqueue_shutdown(wf_aqueue *q, bool immediate);

#ifndef WEFT_SIM_INTERNAL
#define wf_queue_shutdown(q, i) WF_AT_(wf_queue_shutdown(q, i))
#define wf_queue_join(q, t) WF_AT_(wf_queue_join(q, t))
#endif

#endif
