/* header.c: checking the column names --header read from the inputs. */
#include <errno.h>
#include <string.h>

#include "header.h"

int header_check(const struct chunk *cols, size_t *first, size_t *again)
{
	size_t i, k;

	for (i = 0; i < cols->nvals; i++)
		for (k = i + 1; k < cols->nvals; k++)
			if (cols->len[i] && cols->len[i] == cols->len[k] &&
			    memcmp(CHUNK_VAL(cols, i), CHUNK_VAL(cols, k),
				   cols->len[i]) == 0) {
				*first = i;
				*again = k;
				errno = EINVAL;
				return -1;
			}
	return 0;
}
