/* csv.h: --csv, columns by RFC 4180: fields separated by a byte (',' or
 * --colsep's), a field in double quotes may hold the separator, newlines
 * and doubled quotes ("" for one).  reader.c finds where a record ends
 * (csv_scan), input.c splits it (csv_split). */
#ifndef PARX_CSV_H
#define PARX_CSV_H

#include <stddef.h>

#include "chunk.h"

/* The first delim in [p, end) outside double quotes, or NULL; *inq is the
 * quoting state at p and is left as it is at the end when none is found. */
char *csv_scan(char *p, const char *end, int delim, int *inq);
/* Split the record s (n bytes; a trailing CR is dropped, as the CR of a
 * CRLF line end) into fields at sep, unquoting them, each added to c. */
void csv_split(int sep, const char *s, size_t n, struct chunk *c);

#endif
