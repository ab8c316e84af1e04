/*
 * weft_input.h - presses of the input key, for lessons a person drives.
 *
 * A lesson that declares an input (wf_lesson.input_en, lesson.h) is given
 * one press each time the person at the UI presses the input key (`i`):
 * the semaphore lesson releases a permit per press.  Presses are counted,
 * never lost: each is taken by exactly one wf_input_wait or wf_input_poll,
 * in order.  Headless there is no one to press (wf_input_live() is false),
 * so such a lesson follows a schedule of its own instead, from a parameter.
 *
 * The presses are an object of the run (an event named "input key"): a
 * waiting actor's lane is BLOCKED on it, and each press taken is an
 * EV_WAKE on it (b = presses taken so far), so traces record them.
 */
#ifndef WEFT_INPUT_H
#define WEFT_INPUT_H

#include <stdbool.h>

/* True when a person at the UI can press the input key during this run. */
bool wf_input_live(void);
/* Waits up to `timeout` lesson seconds (WF_FOREVER: for ever) for a press
 * not yet taken and takes it: 0, or WF_ETIMEDOUT.  Follows speed and pause. */
int wf_input_wait(double timeout);
/* Takes a press waiting to be taken, if any, without blocking. */
bool wf_input_poll(void);

#endif
