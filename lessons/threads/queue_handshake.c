/*
 * queue-handshake - a producer hands letters to a consumer and waits for
 * each one to be handled.
 *
 * Python: queue.Queue carrying (letter, threading.Event()) pairs; the
 * producer pops letters from the end of its copy of ['a', 'b', 'c', 'd'],
 * puts each with a fresh event and waits on that event; the consumer gets
 * with timeout=3, prints the letter upper-cased without a newline, sets the
 * event; the producer then prints a space.  The consumer ends when a get
 * runs out (queue.Empty), 3 s after the last letter.
 *
 * Invariants: the queue carries pointers to `struct parcel` (one per
 * letter, owned by the producer, alive for the whole run).  `out` is the
 * program's stdout as Python would write it; each thread appends only
 * after the hand-shake that orders it (the consumer after its get, the
 * producer after its wait), so the two never write it at once.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lesson.h"
#include "weft.h"

#define LETTERS 4

struct parcel {
	char letter;
	wf_event *done; /* set by the consumer once the letter is printed */
};

static wf_queue *queue;
static struct parcel parcels[LETTERS];
static char out[2 * LETTERS + 1]; /* what Python's print(..., end='') wrote */
static size_t out_len;
static int handshakes;
static double empty_after; /* lesson seconds from the last get to queue.Empty */

static void append(char c)
{
	out[out_len++] = c;
	out[out_len] = '\0';
}

static void producer(void *arg)
{
	const char *list = arg;
	char letters[LETTERS + 1];
	size_t n = strlen(list);
	memcpy(letters, list, n + 1); /* letters = letter_list[:] */
	for (int i = 0; n > 0; i++) {
		struct parcel *p = &parcels[i];
		p->letter = letters[--n]; /* letters.pop(): from the end */
		char name[16];
		snprintf(name, sizeof name, "evt_%c", p->letter);
		p->done = wf_event_new(name, 0);
		if (!p->done) {
			wf_print("producer: no room for another event");
			return;
		}
		wf_print("producer: put ('%c', %s), waiting for it", p->letter, name);
		wf_queue_put(queue, (uint64_t)(uintptr_t)p, WF_FOREVER);
		wf_event_wait(p->done, WF_FOREVER);
		handshakes++;
		append(' ');
		wf_print("producer printed \" \"  (stdout so far: \"%s\")", out);
	}
}

static void consumer(void *arg)
{
	(void)arg;
	double last = wf_now();
	for (;;) {
		uint64_t item;
		if (wf_queue_get(queue, &item, 3.0) == WF_EEMPTY) {
			empty_after = wf_now() - last;
			wf_print("consumer: get(timeout=3) raised queue.Empty after %.1f s, so it stops",
				 empty_after);
			return;
		}
		last = wf_now();
		struct parcel *p = (struct parcel *)(uintptr_t)item;
		append((char)toupper((unsigned char)p->letter));
		wf_print("consumer printed \"%c\"", toupper((unsigned char)p->letter));
		wf_event_set(p->done);
	}
}

static void run(void)
{
	queue = wf_queue_new("q", 64, 0); /* queue.Queue(): never full here */
	if (!queue) {
		wf_print("no room for the queue");
		return;
	}
	out_len = 0;
	out[0] = '\0';
	handshakes = 0;
	empty_after = 0;
	static char letters[] = "abcd";
	wf_thread t1, t2;
	wf_thread_spawn(&t1, "consumer", consumer, NULL);
	wf_thread_spawn(&t2, "producer", producer, letters);
	wf_thread_join(&t2);
	wf_thread_join(&t1);
	wf_print("%s", out);

	char seen[LETTERS + 1];
	size_t k = 0;
	for (size_t i = 0; i < out_len && k < LETTERS; i++)
		if (out[i] != ' ')
			seen[k++] = out[i];
	seen[k] = '\0';
	wf_result("letters=%s spaces=%zu handshakes=%d empty_after_s=%.1f", seen, out_len - k,
		  handshakes, empty_after);
}

/* The challenge (lesson.h). */
static const struct wf_challenge handshake_challenges[] = {
	{"queue-handshake-empty", "make the consumer see an empty queue", "让消费者看到一个空队列",
	 WF_GOAL_EMPTY_GET, "q", NULL},
};

const struct wf_lesson lesson_queue_handshake = {
	.id = "queue-handshake",
	.track = "threads",
	.title_en = "Queue hand-shake: an event per item",
	.title_zh = "队列握手：每个元素配一个事件",
	.run = run,
	.challenges = handshake_challenges,
	.nchallenges = 1,
};
