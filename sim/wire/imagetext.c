/*
 * imagetext.c - the program's read-only segments (see imagetext.h).
 */
#include <link.h>
#include <string.h>

#include "imagetext.h"

struct image_text image_text;

static int first_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	for (int i = 0; i < info->dlpi_phnum && image_text.n < IMAGE_RANGES; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) || !(ph->p_flags & PF_R))
			continue;
		image_text.lo[image_text.n] = info->dlpi_addr + ph->p_vaddr;
		image_text.hi[image_text.n] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		image_text.n++;
	}
	return 1; /* the first object is the program itself */
}

__attribute__((constructor)) static void image_text_init(void)
{
	dl_iterate_phdr(first_object, NULL);
}

const char *image_text_string(uintptr_t p, size_t max)
{
	for (int i = 0; i < image_text.n; i++) {
		if (p < image_text.lo[i] || p >= image_text.hi[i])
			continue;
		size_t room = image_text.hi[i] - p < max ? image_text.hi[i] - p : max;
		const char *s = (const char *)p;
		return memchr(s, 0, room) ? s : NULL;
	}
	return NULL;
}
