/*
 * startchild.c - `weft --weft-start-child FD`: runs nothing of Weft, only
 * the start-methods lesson's child, which reports its first instruction's
 * time and the globals it sees over pipe FD (lessons/modern/start_methods.c).
 */
#include <stdlib.h>
#include <string.h>

#include "startchild.h"

int start_methods_spawned(int fd); /* lessons/modern/start_methods.c */

bool startchild_main(int argc, char **argv, int *code)
{
	if (argc != 3 || strcmp(argv[1], "--weft-start-child") != 0)
		return false;
	*code = start_methods_spawned(atoi(argv[2]));
	return true;
}
