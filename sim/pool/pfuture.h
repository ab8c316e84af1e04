/*
 * pfuture.h - what the pools need of a wf_pfuture (internal).
 */
#ifndef WEFT_PFUTURE_H
#define WEFT_PFUTURE_H

#include <stdint.h>

#include "weft.h"

/* The future's object id (EV_TASK_SUBMIT names it), WF_NONE when the
 * object table was full. */
uint16_t pfuture_object(const wf_pfuture *f);

#endif
