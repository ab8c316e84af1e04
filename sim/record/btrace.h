/*
 * btrace.h - recorded runs in binary: what `--record` writes.
 *
 * The same content as a text trace (trace.h: header, actor and object
 * tables, events in fold order, the schedule, results and ending) in a
 * compact stream of records after an 8-byte magic, written by the
 * collector's side of the UI through a 256 KiB buffer: no formatting, a
 * write(2) per flush.  An event is one byte of type, one of flags and
 * LEB128 varints of what is not zero or not the same as the event before
 * (time as the step from the previous event, the actor when it changes);
 * a step label, callback or timer name is written once and then named by
 * number; a printed line goes inline.  A race of 8 x 100k recorded is
 * about 8 bytes an event.  docs/trace-format.md has the layout.
 *
 * Reading keeps the events packed (struct trace's `packed`, about the
 * file's size, texts pointing into it) rather than 32-byte structs, with a
 * mark every BTRACE_MARK_EVERY events for seeking: replay folds straight
 * from it.  trace_unpack gives the arrays to whoever wants them.
 *
 * Invariants: every record is self-delimiting and checked when read (a
 * varint of at most 10 bytes, a string of its stated length with its NUL,
 * ids and types in range, times that never go back and fit int64_t); a
 * file that ends inside a record was cut short and reads up to its last
 * whole record (`cut_short`); anything else malformed is an error naming
 * the file and the byte offset.  Everything the writer writes reads back
 * (tests/test_btrace.c holds it over the whole event space).
 */
#ifndef WEFT_BTRACE_H
#define WEFT_BTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

#define BTRACE_MAGIC "\177WEFTBT1"
#define BTRACE_MAGIC_LEN 8
#define BTRACE_EVENTS_MAX (64u << 20)
#define BTRACE_FILE_MAX (1024ull << 20)
#define BTRACE_MARK_EVERY 4096

typedef struct btrace_writer btrace_writer;

/* Creates `path` and writes the magic and the header.  NULL with a
 * one-line reason in err when the file cannot be created. */
btrace_writer *btrace_create(const char *path, const struct trace_header *h, char *err,
			     size_t errsize);
/* Records one folded event (ts in lesson ns) and the text it carries; an
 * EV_SPAWN or EV_OBJ_NEW enters its text as the table's name.  In a free
 * run an EV_STEP that did not park also records its actor as granted. */
void btrace_event(btrace_writer *w, const struct wf_ev *ev, const char *text);
/* Records that `actor` was granted its next step. */
void btrace_grant(btrace_writer *w, uint16_t actor);
/* Records the results and how the run ended. */
void btrace_end(btrace_writer *w, const char *results, const char *ending);
/* Writes what is buffered to the file. */
void btrace_flush(btrace_writer *w);
/* True once a write has failed, with "path: cannot write the trace: why"
 * in err; NULL is fine (false). */
bool btrace_write_failed(const btrace_writer *w, char *err, size_t errsize);
/* Flushes, closes and frees; NULL is fine.  0, or -1 if any write failed. */
int btrace_close(btrace_writer *w);

/* Whether len bytes at buf begin with the binary magic. */
bool btrace_is(const void *buf, size_t len);
/* Reads a binary trace from buf (len bytes, malloc'd: it is taken over,
 * packed in place and kept as t->packed, or freed); `name` is used in
 * messages.  0, or -1 with "name:offset: what is wrong" in err. */
int btrace_parse(uint8_t *buf, size_t len, const char *name, struct trace *t, char *err,
		 size_t errsize);
/* Reads a binary trace from an open regular file (fd is closed). */
int btrace_load_fd(int fd, const char *path, struct trace *t, char *err, size_t errsize);

/* A place in t's packed events, for decoding them in order. */
struct btrace_cursor {
	size_t off;   /* byte offset in t->packed */
	size_t i;     /* index of the next event */
	uint64_t ts;  /* the previous event's ts */
	uint16_t actor;
};

/* The cursor at event i (from the mark at or before it). */
struct btrace_cursor btrace_at(const struct trace *t, size_t i);
/* Decodes the next event into ev and the text it carries (NULL if none;
 * for EV_SPAWN / EV_OBJ_NEW the table's name); false at the end. */
bool btrace_next(const struct trace *t, struct btrace_cursor *c, struct wf_ev *ev,
		 const char **text);
/* Fills t->ev and t->text from the packed events (which are then freed),
 * for readers that index events; 0, or -1 when out of memory. */
int trace_unpack(struct trace *t);
/* Writes t in the text format (docs/trace-format.md) to out; 0 (write
 * errors are left in ferror(out)). */
int btrace_write_text(const struct trace *t, FILE *out);

#endif
