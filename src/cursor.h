/*
 * cursor.h - the only way netrca reads packet bytes.
 *
 * A cursor is a borrowed, read-only view {ptr, len, off, bad} over bytes owned
 * by someone else (the reader's record buffer, or a reassembled datagram).
 * Every read checks the remaining length first (n <= len - off, which cannot
 * overflow because off <= len always holds), and on failure sets a sticky
 * error flag and returns 0 without moving.  Once bad, every later read returns
 * 0, so a parser reads a whole header in straight-line code and tests
 * cursor_ok() once at the end.
 *
 * cursor_sub() carves a child view of exactly the length a header declared and
 * advances the parent past it: a parser handed the child can never read past
 * the bytes its own length field covers.
 */
#ifndef NETRCA_CURSOR_H
#define NETRCA_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t *ptr; /* borrowed; never freed through the cursor */
	size_t len;
	size_t off;
	int bad;
};

/* Borrows p for the lifetime of the cursor. */
static inline struct cursor cursor_make(const uint8_t *p, size_t len)
{
	struct cursor c = { p, p ? len : 0, 0, 0 };
	return c;
}

static inline size_t cursor_left(const struct cursor *c)
{
	return c->bad ? 0 : c->len - c->off;
}

static inline int cursor_ok(const struct cursor *c) { return !c->bad; }
static inline size_t cursor_pos(const struct cursor *c) { return c->off; }

static inline int cursor_has(struct cursor *c, size_t n)
{
	if (c->bad || n > c->len - c->off) {
		c->bad = 1;
		return 0;
	}
	return 1;
}

static inline uint8_t cursor_u8(struct cursor *c)
{
	if (!cursor_has(c, 1))
		return 0;
	return c->ptr[c->off++];
}

static inline uint16_t cursor_be16(struct cursor *c)
{
	uint16_t v;
	if (!cursor_has(c, 2))
		return 0;
	v = (uint16_t)((c->ptr[c->off] << 8) | c->ptr[c->off + 1]);
	c->off += 2;
	return v;
}

static inline uint16_t cursor_le16(struct cursor *c)
{
	uint16_t v;
	if (!cursor_has(c, 2))
		return 0;
	v = (uint16_t)(c->ptr[c->off] | (c->ptr[c->off + 1] << 8));
	c->off += 2;
	return v;
}

static inline uint32_t cursor_be24(struct cursor *c)
{
	uint32_t v;
	if (!cursor_has(c, 3))
		return 0;
	v = ((uint32_t)c->ptr[c->off] << 16) | ((uint32_t)c->ptr[c->off + 1] << 8) |
	    c->ptr[c->off + 2];
	c->off += 3;
	return v;
}

static inline uint32_t cursor_be32(struct cursor *c)
{
	uint32_t v;
	if (!cursor_has(c, 4))
		return 0;
	v = ((uint32_t)c->ptr[c->off] << 24) | ((uint32_t)c->ptr[c->off + 1] << 16) |
	    ((uint32_t)c->ptr[c->off + 2] << 8) | c->ptr[c->off + 3];
	c->off += 4;
	return v;
}

static inline uint32_t cursor_le32(struct cursor *c)
{
	uint32_t v;
	if (!cursor_has(c, 4))
		return 0;
	v = c->ptr[c->off] | ((uint32_t)c->ptr[c->off + 1] << 8) |
	    ((uint32_t)c->ptr[c->off + 2] << 16) | ((uint32_t)c->ptr[c->off + 3] << 24);
	c->off += 4;
	return v;
}

/* 32-bit read in the byte order given (big != 0: network order). */
static inline uint32_t cursor_u32(struct cursor *c, int big)
{
	return big ? cursor_be32(c) : cursor_le32(c);
}

static inline uint16_t cursor_u16(struct cursor *c, int big)
{
	return big ? cursor_be16(c) : cursor_le16(c);
}

/* Copies n bytes into dst (caller-owned, at least n bytes). */
static inline int cursor_bytes(struct cursor *c, void *dst, size_t n)
{
	if (!cursor_has(c, n))
		return 0;
	memcpy(dst, c->ptr + c->off, n);
	c->off += n;
	return 1;
}

static inline int cursor_skip(struct cursor *c, size_t n)
{
	if (!cursor_has(c, n))
		return 0;
	c->off += n;
	return 1;
}

/*
 * Child view of exactly n bytes at the current position; the parent moves past
 * them.  If fewer than n remain, both are bad and the child is empty.
 */
static inline struct cursor cursor_sub(struct cursor *c, size_t n)
{
	struct cursor child = { NULL, 0, 0, 1 };
	if (!cursor_has(c, n))
		return child;
	child.ptr = c->ptr + c->off;
	child.len = n;
	child.bad = 0;
	c->off += n;
	return child;
}

/* Child view of at most n bytes: for lengths a header declares but the
 * snapshot length may have cut (the parent is not marked bad). */
static inline struct cursor cursor_sub_clamp(struct cursor *c, size_t n)
{
	size_t left = cursor_left(c);
	return cursor_sub(c, n < left ? n : left);
}

/* Ends the view n bytes after the current position when more remain (a
 * length field that bounds everything after it: trailing padding is then
 * not read); never lengthens it, keeps the position. */
static inline void cursor_limit(struct cursor *c, size_t n)
{
	if (!c->bad && n < cursor_left(c))
		c->len = c->off + n;
}

/* The rest of the view as a child; the parent is then exhausted. */
static inline struct cursor cursor_rest(struct cursor *c)
{
	return cursor_sub(c, cursor_left(c));
}

/*
 * Borrowed pointer to the next n bytes without copying (valid as long as the
 * underlying buffer is), advancing past them; NULL (and bad) if short.
 */
static inline const uint8_t *cursor_view(struct cursor *c, size_t n)
{
	const uint8_t *p;
	if (!cursor_has(c, n))
		return NULL;
	p = c->ptr + c->off;
	c->off += n;
	return p;
}

/* Peek helpers: read without moving; return 0 (not bad) when short. */
static inline uint8_t cursor_peek_u8(const struct cursor *c, size_t at)
{
	if (c->bad || at >= c->len - c->off)
		return 0;
	return c->ptr[c->off + at];
}

static inline uint16_t cursor_peek_be16(const struct cursor *c, size_t at)
{
	if (c->bad || c->len - c->off < 2 || at > c->len - c->off - 2)
		return 0;
	return (uint16_t)((c->ptr[c->off + at] << 8) | c->ptr[c->off + at + 1]);
}

/* Ones'-complement sum over the remaining bytes (RFC 1071) added to sum:
 * congruent (mod 0xffff) to the sum of the 16-bit big-endian words, the
 * bytes' part already folded to 16 bits; fold the result with
 * cursor_csum_fold. */
static inline uint32_t cursor_csum(const struct cursor *c, uint32_t sum)
{
	/* RFC 1071: the ones' complement sum does not depend on byte order, so
	 * the bytes are added in the machine's order, 8 at a time as two 32-bit
	 * halves into 64 bits (no overflow below 2^32 bytes), and the folded
	 * result is swapped to network order at the end (RFC 1071 2(B)). */
	size_t i = 0, n = cursor_left(c);
	const uint8_t *p = c->ptr + c->off;
	uint64_t acc = 0;
	uint32_t s;
	uint16_t one = 1;
	int little;

	memcpy(&little, &one, 1);
	little &= 1;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		acc += (w & 0xffffffffu) + (w >> 32);
	}
	for (; i + 2 <= n; i += 2) {
		uint16_t w;
		memcpy(&w, p + i, 2);
		acc += w;
	}
	if (i < n)   /* the odd byte is the high byte of a zero-padded word */
		acc += little ? p[i] : (uint32_t)p[i] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	s = (uint32_t)acc;
	if (little)
		s = ((s & 0xff) << 8) | (s >> 8);
	return sum + s;
}

static inline uint16_t cursor_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

#endif
