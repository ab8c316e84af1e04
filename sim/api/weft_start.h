/*
 * weft_start.h - a process the lesson started itself (posix_spawn + exec:
 * multiprocessing's "spawn"), made an actor from the parent's side.
 *
 * A fresh program has no arena and writes no events; its parent registers
 * it, emits its EV_SPAWN on its behalf, and wf_process_join (weft.h)
 * reaps it and emits its EV_EXIT, so its lane lasts exactly as long as the
 * process does.
 */
#ifndef WEFT_START_H
#define WEFT_START_H

#include <sys/types.h>

/* Makes the running child `pid` (of the caller) the actor `name`, joined
 * later with wf_process_join.  0, or WF_ENOMEM / WF_ESYS (the actor table
 * or the process budget is full: the child is killed and reaped). */
int wf_process_adopt(wf_process *p, const char *name, pid_t pid);

#endif
