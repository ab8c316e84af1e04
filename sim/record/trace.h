/*
 * trace.h - recorded runs: a text file, one record a line.
 *
 * A trace holds what the model was fed, in the order it was fed: a header
 * (format and weft versions, lesson, parameters, speed, schedule kind and
 * seed), the actor and object tables, every event with lesson-ns timestamps,
 * the schedule (the order in which actors were granted their gates), and how
 * the run ended.  Folding a trace's events into a fresh model gives the same
 * model as the live run, which is what replay and golden frames rest on.
 * The format is documented in docs/trace-format.md.
 *
 * The writer streams records as the run goes and flushes at every
 * trace_flush, so a run cut short leaves a file readable up to its last
 * whole line; the reader ignores a final line with no newline (and says
 * so in `cut_short`).  Any other malformed line is an error naming the file
 * and line.
 *
 * Bounds, the same on both sides, so every trace the writer writes reads
 * back and no file can make the reader outgrow the machine: a line is at
 * most TRACE_LINE_MAX bytes (texts are cut to TRACE_TEXT_MAX), a trace at
 * most TRACE_FILE_MAX bytes and TRACE_EVENTS_MAX events (a writer that
 * reaches either records no more events, and its ending says "trace
 * full"), event times never go back, and lesson time fits an int64_t.  The
 * reader reads a chunk at a time (memory: the events it keeps, not the
 * file), and only a regular file: a FIFO, a device or a directory is
 * refused at once, without blocking.
 */
#ifndef WEFT_TRACE_H
#define WEFT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define TRACE_FORMAT 1
#define TRACE_TEXT_MAX 512
#define TRACE_LINE_MAX 4096
#define TRACE_RESULTS_MAX 1023
#define TRACE_ENDING_MAX 63
#define TRACE_FILE_MAX (512u << 20)
#define TRACE_EVENTS_MAX (8u << 20)

struct trace_header {
	char weft[16];     /* weft version that wrote it */
	char lesson[32];
	char params[256];  /* "threads=2 iters=1 lock=off" */
	double speed;
	char sched[16];    /* "free", "step", "random", "pct", "rerun" */
	uint64_t seed;
};

/* An entry of the actor or object table. */
struct trace_name {
	uint16_t id;
	uint64_t a, b;     /* actors: parent id, pid; objects: enum obj_kind, capacity */
	char name[32];
};

struct trace {
	struct trace_header h;
	struct wf_ev *ev;          /* events, in fold order */
	char **text;               /* text[i]: the text event i carries, or NULL */
	size_t nev;
	struct trace_name *actor, *object;
	size_t nactor, nobject;
	uint16_t *grant;           /* the schedule */
	size_t ngrant;
	char results[1024];
	char ending[64];           /* "done", "deadlock", "crashed: killed by SIGSEGV", or "" */
	bool cut_short;            /* the file ended inside a line */
	/* a binary trace (btrace.h) keeps its nev events packed instead, and
	 * ev and text stay NULL until trace_unpack: */
	uint8_t *packed;
	size_t packed_len;
	const char **btext;        /* texts named by number, pointing into packed */
	size_t nbtext;
	struct trace_mark *mark;   /* mark[k]: where event k * BTRACE_MARK_EVERY begins */
	size_t nmark;
};

/* A place in a binary trace's packed events (btrace.h). */
struct trace_mark {
	size_t off;
	uint64_t ts;    /* the ts of the event before */
	uint16_t actor; /* the actor of the event before */
};

typedef struct trace_writer trace_writer;

/* Whether a run may record into path: not a directory, FIFO or socket, and
 * creatable (it is created, empty, when missing).  `existed` says whether
 * a file with something in it was there (it will be replaced).  0, or -1 with "path: why". */
int trace_check_target(const char *path, bool *existed, char *err, size_t errsize);
/* Creates `path` and writes the header.  NULL with a one-line reason in err
 * when the file cannot be created. */
trace_writer *trace_create(const char *path, const struct trace_header *h, char *err,
			   size_t errsize);
/* Records one folded event (ts in lesson ns) and the text it carries; an
 * EV_SPAWN or EV_OBJ_NEW also enters its name in the tables. */
void trace_event(trace_writer *w, const struct wf_ev *ev, const char *text);
/* Records that `actor` was granted its next step. */
void trace_grant(trace_writer *w, uint16_t actor);
/* Records the results and how the run ended. */
void trace_end(trace_writer *w, const char *results, const char *ending);
/* Pushes what is buffered to the file. */
void trace_flush(trace_writer *w);
/* True once a write has failed, with "path: cannot write the trace: why"
 * in err; NULL is fine (false). */
bool trace_write_failed(const trace_writer *w, char *err, size_t errsize);
/* Flushes, closes and frees; NULL is fine.  Returns 0, or -1 if any write
 * failed (the file is then incomplete). */
int trace_close(trace_writer *w);

/* Reads a trace from len bytes of buf; `name` is used in messages.  0, or -1
 * with "name:line: what is wrong" in err (the trace is then empty). */
int trace_parse(const char *buf, size_t len, const char *name, struct trace *t, char *err,
		size_t errsize);
/* Reads the file at path (as trace_parse), a chunk at a time; refuses what
 * is not a regular file or is larger than TRACE_FILE_MAX ("path: why"). */
int trace_load(const char *path, struct trace *t, char *err, size_t errsize);
/* True when another version of weft wrote t, with a one-line note saying
 * which (the format is the same, or the reader would have refused it). */
bool trace_other_version(const struct trace *t, char *note, size_t size);
/* Frees what a parse allocated; the trace is then empty. */
void trace_free(struct trace *t);
/* The text an event's EV_SPAWN / EV_OBJ_NEW carries: the table's name. */
const char *trace_text(const struct trace *t, size_t i);

#endif
