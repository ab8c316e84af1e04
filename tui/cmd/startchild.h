/*
 * startchild.h - the hidden entry of a child the start-methods lesson
 * spawns (posix_spawn of /proc/self/exe, as multiprocessing's spawn runs a
 * fresh interpreter): `weft --weft-start-child FD`.
 */
#ifndef WEFT_STARTCHILD_H
#define WEFT_STARTCHILD_H

#include <stdbool.h>

/* True when argv asks for the hidden entry; then *code is the exit code. */
bool startchild_main(int argc, char **argv, int *code);

#endif
