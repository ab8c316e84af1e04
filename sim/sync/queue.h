/*
 * queue.h - what other parts of the runtime need of a wf_queue beyond weft.h.
 */
#ifndef WEFT_QUEUE_H
#define WEFT_QUEUE_H

#include <stdint.h>

#include "weft.h"

/* The queue's object id, for events about it (EV_MSG_SEND ...). */
uint16_t queue_object(const wf_queue *q);

#endif
