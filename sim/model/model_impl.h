/*
 * model_impl.h - the model's storage, shared by the files that keep it
 * (internal): model.c folds events into it (model_shape.c each object's own
 * state by its kind's shape), model_query.c answers what the widgets ask of
 * it, model_copy.c makes, copies and frees it.  They include this header
 * and no one another's.  See model.h for the model's contract.
 */
#ifndef WEFT_MODEL_IMPL_H
#define WEFT_MODEL_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "model_loop.h"
#include "model_msg.h"

#define CPU_UNKNOWN 0xffu
#define GROW_FIRST 64 /* first allocation of a lane or series */

/* Why a blocked actor is blocked, which decides whom it waits for. */
enum why { WHY_NONE = 0, WHY_LOCK, WHY_JOIN, WHY_OTHER };

struct actor_rec {
	struct model_actor pub; /* pub.lane points at lane */
	struct model_interval *lane;
	size_t cap;
	uint8_t sched; /* latest enum sched_state sampled, 0 if none */
	uint8_t why;   /* enum why, while blocked */
	uint8_t exit_seen; /* an EV_EXIT has set pub.exit_status */
	uint8_t reaped;    /* joined: no longer a zombie, whatever a late sample says */
	uint16_t pending_kind, pending_obj; /* the step it is parked at (EV_STEP) */
	uint8_t step_contended; /* that step is an acquire of a held lock, counted as contended */
	uint16_t id;
};

struct object_rec {
	struct model_object pub; /* first: model_count() finds the record from it; pub.series points at series */
	struct model_sample *series;
	size_t cap;
	uint8_t shape; /* objkind_get(pub.kind)->shape, read once at EV_OBJ_NEW */
	uint16_t id;
};

struct model {
	struct actor_rec *actor[MODEL_ACTOR_MAX];
	size_t actor_count; /* highest spawned id + 1 */
	struct object_rec *object[MODEL_OBJECT_MAX];
	size_t object_count; /* highest created id + 1 */
	struct model_line line[MODEL_CONSOLE_MAX];
	char *text[MODEL_CONSOLE_MAX]; /* owned copies behind line[i].text */
	size_t line_head;              /* slot of the oldest line */
	size_t line_count;
	uint64_t line_total;            /* lines ever folded */
	int64_t now;
	uint64_t events, ignored;
	int deadlocked;
	struct model_deadlock deadlock;
	size_t parked; /* actors parked at a step (fold_step) */
	uint8_t ever_parked; /* any actor has been, this run */
	struct mloop *loop; /* event loops and tasks (model_loop.c), NULL until one reports */
	struct mmsg *msg;   /* messages (model_msg.c), NULL until one is sent */
	uint64_t dropped;   /* events lost so far (EV_DROPPED) */
	struct model_drop drop[MODEL_DROPS_MAX];
	size_t ndrops;
	struct mpool *pool; /* pools and futures (model_pool.c), NULL until one reports */
};

/* --- tables ---------------------------------------------------------------- */


static inline struct actor_rec *actor_get(const model *m, uint64_t id)
{
	return id < MODEL_ACTOR_MAX ? m->actor[id] : NULL;
}

static inline struct object_rec *object_get(const model *m, uint64_t id)
{
	return id < MODEL_OBJECT_MAX ? m->object[id] : NULL;
}

/* --- per-shape object state (model_shape.c) ---------------------------------- */

/* Folds what ev (an event on object o by actor r) changes of o's own state
 * and counters, by o's shape; called before the actor's state is moved. */
void shape_fold(struct object_rec *o, const struct actor_rec *r, const struct wf_ev *ev);
/* Folds EV_COUNTER and EV_DROPPED, which name no actor. */
void shape_fold_counter(model *m, const struct wf_ev *ev);
void shape_fold_dropped(model *m, const struct wf_ev *ev, int64_t t);

#endif
