/* fuzz.h: small helpers shared by the libFuzzer targets in tests/fuzz/.
 * Each target is one .c file defining LLVMFuzzerTestOneInput and linked
 * with the parx sources it needs (never main.c). */
#ifndef PARX_FUZZ_H
#define PARX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An oracle failed: say which, then abort so libFuzzer saves the input. */
#define FUZZ_CHECK(cond)                                                  \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "%s:%d: check failed: %s\n",      \
				__FILE__, __LINE__, #cond);               \
			abort();                                          \
		}                                                         \
	} while (0)

#endif
