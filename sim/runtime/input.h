/*
 * input.h - the UI's side of the input key (the lesson's: weft_input.h).
 *
 * One word in the arena counts the presses delivered (the UI bumps it and
 * wakes its futex); another counts the presses the lesson has taken.  The
 * UI says before the host starts whether it will deliver any.
 */
#ifndef WEFT_RUNTIME_INPUT_H
#define WEFT_RUNTIME_INPUT_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

/* Says whether a person will press the key in this run (before the host starts). */
void input_attach(struct arena *a, bool live);
/* Delivers one press and wakes a waiting lesson; returns the presses delivered so far. */
uint32_t input_press(struct arena *a);
/* Presses delivered and not yet taken by the lesson. */
uint32_t input_pending(const struct arena *a);

#endif
