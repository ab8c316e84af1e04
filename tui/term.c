#include "term.h"
int term_main(const struct cli *c)
{
	(void)c;
	return 1;
}
