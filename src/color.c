/* color.c: --color and --color-failed: the escape sequences that colour
 * a job's output lines.  Job N takes the N-th colour of a fixed cycle of
 * 307 (background, foreground) pairs from the 256-colour palette, the
 * order GNU parallel uses; a failed job is white on red. */
#include <stdio.h>
#include <string.h>

#include "color.h"
#include "template.h"

/* The cycle: the background colour, plus 256 when the text is white
 * (231) rather than black (0). */
static const unsigned short color_cycle[] = {
	390, 277, 499, 149, 358, 231, 459, 78, 329, 208, 423, 6, 300, 278,
	500, 150, 359, 249, 460, 79, 330, 209, 424, 7, 301, 186, 391, 151,
	360, 250, 461, 80, 331, 210, 425, 9, 308, 187, 392, 279, 501, 251,
	462, 81, 332, 211, 426, 10, 309, 188, 393, 280, 502, 152, 361, 82,
	333, 212, 427, 11, 310, 189, 394, 281, 503, 153, 362, 252, 463, 213,
	428, 13, 311, 190, 395, 282, 504, 154, 363, 253, 464, 83, 334, 14,
	312, 191, 396, 283, 505, 155, 364, 254, 465, 84, 335, 214, 429, 192,
	397, 284, 506, 156, 365, 257, 466, 85, 336, 215, 430, 15, 313, 285,
	157, 366, 258, 467, 86, 337, 216, 431, 40, 314, 193, 398, 158, 367,
	259, 468, 87, 344, 217, 432, 41, 315, 194, 399, 286, 260, 469, 113,
	345, 218, 433, 42, 316, 195, 400, 287, 159, 368, 114, 346, 219, 434,
	43, 317, 196, 401, 288, 171, 369, 261, 470, 220, 436, 44, 318, 197,
	402, 289, 172, 370, 262, 488, 115, 347, 45, 319, 198, 403, 290, 173,
	380, 263, 489, 116, 348, 221, 438, 199, 404, 291, 174, 381, 264, 490,
	117, 349, 222, 439, 46, 320, 292, 175, 382, 265, 491, 118, 350, 223,
	440, 47, 321, 200, 405, 176, 383, 268, 492, 119, 351, 224, 452, 48,
	322, 201, 416, 293, 269, 493, 120, 352, 225, 453, 49, 323, 202, 417,
	294, 177, 384, 121, 353, 226, 454, 50, 324, 203, 418, 295, 178, 385,
	272, 494, 227, 455, 51, 325, 204, 419, 296, 179, 386, 273, 495, 122,
	354, 75, 326, 205, 420, 297, 180, 387, 274, 496, 123, 355, 228, 456,
	206, 421, 298, 181, 388, 275, 497, 147, 356, 229, 457, 76, 327, 299,
	182, 389, 276, 498, 148, 357, 230, 458, 77, 328, 207, 422, 185
};

size_t color_start(unsigned long seq, int failed, char *buf, size_t n)
{
	unsigned bg = 196, fg = 231;
	int k;

	if (!failed) {
		unsigned c = color_cycle[(seq ? seq - 1 : 0) %
					 (sizeof color_cycle / sizeof *color_cycle)];
		bg = c & 255;
		fg = c & 256 ? 231 : 0;
	}
	k = snprintf(buf, n, "\033[48;5;%03u;38;5;%03um\033[K", bg, fg);
	return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

void color_tag(const struct tmpl *tagt, const struct job *j, int col,
	       int failed, struct sbuf *out)
{
	char buf[COLOR_MAX];

	if (col || failed)
		sbuf_add(out, buf, color_start(j->seq, failed, buf, sizeof buf));
	if (tagt) {
		tmpl_expand(tagt, &j->args, j->seq, j->slot, TR_RAW, out);
		sbuf_addc(out, '\t');
	}
}

void color_lines(const struct sbuf *tag, int col, const char *text,
		 struct sbuf *out)
{
	const char *nl;

	do {
		nl = strchr(text, '\n');
		sbuf_add(out, tag->buf ? tag->buf : "", tag->len);
		sbuf_add(out, text, nl ? (size_t)(nl - text) : strlen(text));
		if (col)
			sbuf_adds(out, COLOR_END);
		sbuf_addc(out, '\n');
		text = nl ? nl + 1 : NULL;
	} while (text);
}
