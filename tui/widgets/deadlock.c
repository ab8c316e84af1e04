/*
 * deadlock.c - the wait-for cycle the model found, in the reader's words
 * and as a picture (see widgets.h).
 *
 * The words are the model's sentence (model_deadlock_describe) built from
 * the i18n table, so a Chinese screen says it in Chinese; the picture
 * follows the cycle from its lowest actor back to it: each actor, then the
 * lock it waits for, which the next one holds ("T1 → B → T2 → A → T1"); a
 * join has no lock between the two.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "widgets.h"

/* Appends s to buf (size bytes), cutting at a character boundary. */
static void append(char *buf, size_t size, const char *s)
{
	size_t used = strlen(buf), n = strlen(s);
	if (used + 1 >= size)
		return;
	if (used + n + 1 > size) {
		n = size - used - 1;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf + used, s, n);
	buf[used + n] = 0;
}

static const char *actor_name(const model *m, uint16_t id)
{
	const struct model_actor *a = model_actor(m, id);
	return a ? a->name : "?";
}

static const char *object_name(const model *m, uint16_t id)
{
	const struct model_object *o = model_object(m, id);
	return o ? o->name : "?";
}

bool deadlock_words(const model *m, bool zh, char *buf, size_t size)
{
	const struct model_deadlock *d = model_deadlock(m);
	if (size)
		buf[0] = 0;
	if (!d || !size)
		return false;
	for (size_t i = 0; i < d->len; i++) {
		const char *a = actor_name(m, d->actor[i]), *b = actor_name(m, d->actor[(i + 1) % d->len]);
		char part[160];
		if (d->obj[i] == WF_NONE)
			snprintf(part, sizeof part, tr(M_DL_JOINS, zh), a, b);
		else if (d->len == 1)
			snprintf(part, sizeof part, tr(M_DL_SELF, zh), a, object_name(m, d->obj[i]));
		else
			snprintf(part, sizeof part, tr(M_DL_WAITS, zh), a, object_name(m, d->obj[i]), b);
		if (i)
			append(buf, size, tr(M_DL_SEP, zh));
		append(buf, size, part);
	}
	return true;
}

bool deadlock_picture(const model *m, bool ascii, char *buf, size_t size)
{
	const struct model_deadlock *d = model_deadlock(m);
	const char *arrow = ascii ? " -> " : " \u2192 ";
	if (size)
		buf[0] = 0;
	if (!d || !size)
		return false;
	for (size_t i = 0; i < d->len; i++) {
		append(buf, size, actor_name(m, d->actor[i]));
		append(buf, size, arrow);
		if (d->obj[i] != WF_NONE) {
			append(buf, size, object_name(m, d->obj[i]));
			append(buf, size, arrow);
		}
	}
	append(buf, size, actor_name(m, d->actor[0]));
	return true;
}
