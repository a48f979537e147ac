/*
 * sanitize.h - one sanitiser for every string that comes from a capture (or
 * from a file name) before it reaches any report.
 *
 * Output is valid UTF-8, legal in XML 1.0, and shows what would otherwise be
 * invisible or dangerous: C0/C1 controls, DEL and invalid bytes as \xNN;
 * bidi and format characters (U+200B-U+200F, U+202A-U+202E, U+2066-U+2069,
 * U+FEFF) as \uNNNN; a backslash as \\ so the escapes are unambiguous.  The
 * result is capped at `cap` bytes (then "..." and *truncated set).
 */
#ifndef NETRCA_SANITIZE_H
#define NETRCA_SANITIZE_H
#include <stddef.h>

/* Writes the sanitised form of in[0..len) into out (size n >= 8, always
 * NUL-terminated).  Returns 1 if anything was escaped or cut, else 0. */
int sanitize_str(const void *in, size_t len, char *out, size_t n, size_t cap, int *truncated);
#endif
