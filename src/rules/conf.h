/*
 * conf.h - the grammar shared by rule files and the site file (doc/rules.md):
 *
 *   file    = { blank | comment | top | stanza } ;
 *   top     = key "=" value                      (column 0, before any stanza)
 *   stanza  = header { pair } ;
 *   header  = word { word }                      (column 0)
 *   pair    = indent key "=" value               (indented)
 *   key     = word { "." word } ;  value = quoted | bare ;  comment = "#" ...
 *
 * Files are read whole (capped), lines are capped, and every error names
 * file:line.
 */
#ifndef NETRCA_CONF_H
#define NETRCA_CONF_H
#include <stddef.h>
#include <stdint.h>

#define CONF_MAX_FILE (1u << 20)
#define CONF_MAX_LINE 4096
#define CONF_MAX_PAIRS 48
#define CONF_MAX_ARGS 4

struct conf_pair {
	char key[64];
	char *val;                /* owned by the stanza */
	int line;
};

struct conf_stanza {
	const char *file;
	int line;
	char kind[32];
	char args[CONF_MAX_ARGS][64];
	unsigned nargs;
	struct conf_pair kv[CONF_MAX_PAIRS];
	unsigned npairs;
};

struct conf_handler {
	/* return 0 to go on, -1 to stop (message already in err) */
	int (*top)(void *arg, const char *file, const struct conf_pair *p, char *err, size_t errlen);
	int (*stanza)(void *arg, const struct conf_stanza *s, char *err, size_t errlen);
	void *arg;
};

/* Parses path; feeds sha (an EVP_MD_CTX *, may be NULL) with its bytes. */
int conf_parse(const char *path, const struct conf_handler *h, void *sha, char *err, size_t errlen);

/* Value helpers; return 0 or -1 with "file:line: ..." in err. */
int conf_duration(const struct conf_pair *p, const char *file, double *out, char *err, size_t errlen);
int conf_number(const struct conf_pair *p, const char *file, double *out, char *err, size_t errlen);
#endif
