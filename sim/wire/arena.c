/*
 * arena.c - mapping the arena, its two bump areas and its tables' limits
 * (see arena.h).
 */
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

#include "arena.h"

struct arena *arena_new(void)
{
	/* NORESERVE: rings are large but only the slots written cost memory. */
	void *p = mmap(NULL, sizeof(struct arena), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct arena *a = p;
	atomic_store(&a->ctl.gate, GATE_RECORDING);
	return a;
}

void arena_free(struct arena *a)
{
	if (a)
		munmap(a, sizeof *a);
}

void (*arena_on_refuse)(enum limit_kind why);

void arena_refuse(struct arena *a, enum limit_kind why)
{
	uint32_t none = LIMIT_NONE;
	atomic_compare_exchange_strong(&a->ctl.limit_hit, &none, (uint32_t)why);
	if (arena_on_refuse)
		arena_on_refuse(why);
}

int32_t arena_take_index(struct arena *a, _Atomic uint32_t *count, uint32_t max,
			 enum limit_kind why)
{
	uint32_t n = atomic_load(count);
	do {
		if (n >= max) {
			arena_refuse(a, why);
			return -1;
		}
	} while (!atomic_compare_exchange_weak(count, &n, n + 1));
	return (int32_t)n;
}

void *arena_alloc(struct arena *a, size_t size)
{
	/* Checked before the rounding, which would wrap a request within 63
	 * bytes of SIZE_MAX around to 0. */
	if (size > ARENA_HEAP_SIZE || size > SIZE_MAX - 63) {
		arena_refuse(a, LIMIT_HEAP);
		return NULL;
	}
	size = (size + 63) & ~(size_t)63;
	uint64_t at = atomic_load(&a->ctl.heap_used);
	do {
		if (at + size > ARENA_HEAP_SIZE) {
			arena_refuse(a, LIMIT_HEAP);
			return NULL;
		}
	} while (!atomic_compare_exchange_weak(&a->ctl.heap_used, &at, at + size));
	return a->heap + at;
}

uint64_t arena_text_put(struct arena *a, const char *s, size_t len)
{
	if (len > ARENA_TEXT_SIZE / 4)
		len = ARENA_TEXT_SIZE / 4;
	uint64_t at = atomic_fetch_add(&a->ctl.text_cursor, len);
	for (size_t i = 0; i < len; i++)
		a->text[(at + i) % ARENA_TEXT_SIZE] = s[i];
	return at;
}

int arena_text_get(const struct arena *a, uint64_t offset, size_t len, char *buf, size_t size)
{
	uint64_t cursor = atomic_load(&((struct arena *)a)->ctl.text_cursor);
	if (size == 0)
		return -1;
	if (cursor - offset > ARENA_TEXT_SIZE) {
		buf[0] = 0;
		return -1;
	}
	size_t n = len < size - 1 ? len : size - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = a->text[(offset + i) % ARENA_TEXT_SIZE];
	buf[n] = 0;
	/* A writer may have lapped us while we copied. */
	cursor = atomic_load(&((struct arena *)a)->ctl.text_cursor);
	return cursor - offset > ARENA_TEXT_SIZE ? -1 : 0;
}

uint32_t arena_actor_count(const struct arena *a)
{
	uint32_t n = atomic_load(&((struct arena *)a)->ctl.actor_count);
	return n < ARENA_MAX_ACTORS ? n : ARENA_MAX_ACTORS;
}

uint32_t arena_object_count(const struct arena *a)
{
	uint32_t n = atomic_load(&((struct arena *)a)->ctl.object_count);
	return n < ARENA_MAX_OBJECTS ? n : ARENA_MAX_OBJECTS;
}
