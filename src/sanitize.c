/* sanitize.c - see sanitize.h. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "sanitize.h"
#include "cursor.h"

/* Decodes one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, max
 * U+10FFFF); returns its length or 0 if invalid. */
static size_t utf8_next(struct cursor *c, uint32_t *cp)
{
	uint8_t b = cursor_peek_u8(c, 0);
	size_t n, i;
	uint32_t v, min;

	if (b < 0x80) {
		*cp = b;
		return 1;
	} else if ((b & 0xe0) == 0xc0) {
		n = 2; v = b & 0x1f; min = 0x80;
	} else if ((b & 0xf0) == 0xe0) {
		n = 3; v = b & 0x0f; min = 0x800;
	} else if ((b & 0xf8) == 0xf0) {
		n = 4; v = b & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (cursor_left(c) < n)
		return 0;
	for (i = 1; i < n; i++) {
		uint8_t x = cursor_peek_u8(c, i);
		if ((x & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (x & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static int is_format_char(uint32_t cp)
{
	return (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
	       cp == 0xfffe || cp == 0xffff; /* not XML-legal */
}

int sanitize_str(const void *in, size_t len, char *out, size_t n, size_t cap, int *truncated)
{
	struct cursor c = cursor_make(in, len);
	size_t o = 0, limit = cap < n - 4 ? cap : n - 4;
	int changed = 0;
	char esc[12];

	if (truncated)
		*truncated = 0;
	while (cursor_left(&c) > 0) {
		uint32_t cp = 0;
		size_t k = utf8_next(&c, &cp), elen;
		const char *piece;

		if (k == 0) {
			snprintf(esc, sizeof(esc), "\\x%02X", cursor_peek_u8(&c, 0));
			piece = esc;
			k = 1;
			changed = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02X", (unsigned)cp);
			piece = esc;
			changed = 1;
		} else if (cp >= 0x80 && cp < 0xa0) {
			/* C1 control: its two UTF-8 bytes, so that \xNN always
			 * stands for exactly one input byte (a lone 0x85 byte
			 * and U+0085 must not look alike). */
			snprintf(esc, sizeof(esc), "\\x%02X\\x%02X", cursor_peek_u8(&c, 0),
				 cursor_peek_u8(&c, 1));
			piece = esc;
			changed = 1;
		} else if (is_format_char(cp)) {
			snprintf(esc, sizeof(esc), "\\u%04X", (unsigned)cp);
			piece = esc;
			changed = 1;
		} else if (cp == '\\') {
			piece = "\\\\";
			changed = 1;
		} else {
			piece = NULL;
		}
		elen = piece ? strlen(piece) : k;
		if (o + elen > limit) {
			if (truncated)
				*truncated = 1;
			memcpy(out + o, "...", 3);
			o += 3;
			changed = 1;
			break;
		}
		if (piece)
			memcpy(out + o, piece, elen);
		else
			cursor_bytes(&c, out + o, k), k = 0;
		o += elen;
		if (k)
			cursor_skip(&c, k);
	}
	out[o] = 0;
	return changed;
}
