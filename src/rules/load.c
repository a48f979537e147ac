/*
 * load.c - the rule/site grammar (conf.h) and the rule-pack loader.
 * A syntax error, an unknown key, a duplicate id, an id outside its
 * detector's range or an out-of-range parameter fails with file:line.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "rules.h"
#include "conf.h"

/* ---------------- the grammar ---------------- */

static int is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Parses a value at p (after "= "); quoted strings take \" and \\ escapes. */
static int parse_value(const char *p, char *out, size_t n, const char *file, int line, char *err,
		       size_t errlen)
{
	size_t o = 0;

	if (*p == '"') {
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			if (o + 1 >= n)
				goto too_long;
			out[o++] = *p;
		}
		if (*p != '"') {
			snprintf(err, errlen, "%s:%d: unterminated string", file, line);
			return -1;
		}
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
		if (*p && *p != '#') {
			snprintf(err, errlen, "%s:%d: text after the closing quote", file, line);
			return -1;
		}
	} else {
		const char *end = strchr(p, '#');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len + 1 > n)
			goto too_long;
		memcpy(out, p, len);
		o = len;
	}
	out[o] = 0;
	if (o == 0) {
		snprintf(err, errlen, "%s:%d: empty value", file, line);
		return -1;
	}
	return 0;
too_long:
	snprintf(err, errlen, "%s:%d: value too long", file, line);
	return -1;
}

static int parse_pair(const char *p, struct conf_pair *kv, const char *file, int line, char *err,
		      size_t errlen)
{
	size_t k = 0;
	char val[CONF_MAX_LINE];

	while (is_word_char((unsigned char)*p)) {
		if (k + 1 >= sizeof(kv->key)) {
			snprintf(err, errlen, "%s:%d: key too long", file, line);
			return -1;
		}
		kv->key[k++] = *p++;
	}
	kv->key[k] = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (k == 0 || *p != '=') {
		snprintf(err, errlen, "%s:%d: expected \"key = value\"", file, line);
		return -1;
	}
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	if (parse_value(p, val, sizeof(val), file, line, err, errlen) < 0)
		return -1;
	kv->val = strdup(val);
	kv->line = line;
	if (!kv->val) {
		snprintf(err, errlen, "%s:%d: out of memory", file, line);
		return -1;
	}
	return 0;
}

static int parse_header(const char *p, struct conf_stanza *s, const char *file, int line, char *err,
			size_t errlen)
{
	unsigned n = 0;

	memset(s, 0, sizeof(*s));
	s->file = file;
	s->line = line;
	while (*p && *p != '#') {
		size_t k = 0;
		char *dst = n == 0 ? s->kind : s->args[n - 1];
		size_t cap = n == 0 ? sizeof(s->kind) : sizeof(s->args[0]);
		if (n > CONF_MAX_ARGS) {
			snprintf(err, errlen, "%s:%d: too many words in the stanza header", file, line);
			return -1;
		}
		while (*p && !isspace((unsigned char)*p) && *p != '#') {
			if (!is_word_char((unsigned char)*p)) {
				snprintf(err, errlen, "%s:%d: unexpected character '%c' in the stanza header",
					 file, line, isprint((unsigned char)*p) ? *p : '?');
				return -1;
			}
			if (k + 1 >= cap) {
				snprintf(err, errlen, "%s:%d: word too long", file, line);
				return -1;
			}
			dst[k++] = *p++;
		}
		dst[k] = 0;
		n++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	s->nargs = n ? n - 1 : 0;
	return 0;
}

static void stanza_clear(struct conf_stanza *s)
{
	unsigned i;
	for (i = 0; i < s->npairs; i++)
		free(s->kv[i].val);
	s->npairs = 0;
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(CONF_MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	n = fread(buf, 1, CONF_MAX_FILE + 1, f);
	fclose(f);
	if (n > CONF_MAX_FILE) {
		free(buf);
		snprintf(err, errlen, "%s: larger than %u bytes", path, CONF_MAX_FILE);
		return NULL;
	}
	if (memchr(buf, 0, n)) {
		free(buf);
		snprintf(err, errlen, "%s: contains a NUL byte (not a text file)", path);
		return NULL;
	}
	buf[n] = 0;
	*len = n;
	return buf;
}

int conf_parse(const char *path, const struct conf_handler *h, void *sha, char *err, size_t errlen)
{
	size_t len;
	char *buf = slurp(path, &len, err, errlen), *p, *nl;
	struct conf_stanza *st = NULL;
	int line = 0, rc = -1, open = 0;

	if (!buf)
		return -1;
	if (sha)
		EVP_DigestUpdate(sha, buf, len);
	st = calloc(1, sizeof(*st));
	if (!st) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	for (p = buf; p && *p; p = nl) {
		char *q;
		line++;
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = 0;
		if (strlen(p) > CONF_MAX_LINE) {
			snprintf(err, errlen, "%s:%d: line longer than %d bytes", path, line, CONF_MAX_LINE);
			goto out;
		}
		q = p + strlen(p);
		while (q > p && (q[-1] == '\r' || q[-1] == ' ' || q[-1] == '\t'))
			*--q = 0;
		for (q = p; *q == ' ' || *q == '\t'; q++)
			;
		if (*q == 0 || *q == '#')
			continue;
		if (q != p) { /* indented: a pair of the open stanza */
			if (!open) {
				snprintf(err, errlen, "%s:%d: indented line outside a stanza", path, line);
				goto out;
			}
			if (st->npairs == CONF_MAX_PAIRS) {
				snprintf(err, errlen, "%s:%d: more than %d keys in one stanza", path, line,
					 CONF_MAX_PAIRS);
				goto out;
			}
			if (parse_pair(q, &st->kv[st->npairs], path, line, err, errlen) < 0)
				goto out;
			st->npairs++;
			continue;
		}
		if (open) {
			if (h->stanza(h->arg, st, err, errlen) < 0)
				goto out;
			stanza_clear(st);
			open = 0;
		}
		if (strchr(q, '=')) {
			struct conf_pair kv;
			memset(&kv, 0, sizeof(kv));
			if (parse_pair(q, &kv, path, line, err, errlen) < 0)
				goto out;
			if (!h->top) {
				snprintf(err, errlen, "%s:%d: unexpected top-level key \"%s\"", path, line, kv.key);
				free(kv.val);
				goto out;
			}
			rc = h->top(h->arg, path, &kv, err, errlen);
			free(kv.val);
			if (rc < 0)
				goto out;
			rc = -1;
			continue;
		}
		if (parse_header(q, st, path, line, err, errlen) < 0)
			goto out;
		open = 1;
	}
	if (open && h->stanza(h->arg, st, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	if (st) {
		stanza_clear(st);
		free(st);
	}
	free(buf);
	return rc;
}

int conf_number(const struct conf_pair *p, const char *file, double *out, char *err, size_t errlen)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(p->val, &end);
	if (end == p->val || errno || !isfinite(v) || (*end && strcmp(end, "%") != 0)) {
		snprintf(err, errlen, "%s:%d: %s: \"%s\" is not a number", file, p->line, p->key, p->val);
		return -1;
	}
	*out = v;
	return 0;
}

int conf_duration(const struct conf_pair *p, const char *file, double *out, char *err, size_t errlen)
{
	char *end;
	double v, mul;

	errno = 0;
	v = strtod(p->val, &end);
	if (end == p->val || errno || !isfinite(v))
		goto bad;
	if (!strcmp(end, "ms"))
		mul = 0.001;
	else if (!strcmp(end, "s") || !*end)
		mul = 1;
	else if (!strcmp(end, "m"))
		mul = 60;
	else if (!strcmp(end, "h"))
		mul = 3600;
	else
		goto bad;
	*out = v * mul;
	return 0;
bad:
	snprintf(err, errlen, "%s:%d: %s: \"%s\" is not a duration (e.g. 500ms, 30s, 2m, 1h)", file,
		 p->line, p->key, p->val);
	return -1;
}

/* ---------------- rules ---------------- */

struct load_ctx {
	struct rulepack *pack;
	unsigned cap;
};

static int set_text(char **dst, const struct conf_pair *kv)
{
	free(*dst);
	*dst = strdup(kv->val);
	return *dst ? 0 : -1;
}

static int rule_param_set(struct rule *r, const struct conf_pair *kv, const char *file, char *err,
			  size_t errlen)
{
	const char *name = kv->key + 6; /* after "param." */
	unsigned i;
	double v;

	for (i = 0; i < r->det->nparams; i++) {
		const struct param_schema *ps = &r->det->params[i];
		if (strcmp(ps->name, name) != 0)
			continue;
		if ((ps->kind == PARAM_DURATION ? conf_duration(kv, file, &v, err, errlen)
						: conf_number(kv, file, &v, err, errlen)) < 0)
			return -1;
		if (ps->kind != PARAM_PERCENT && strchr(kv->val, '%')) {
			snprintf(err, errlen, "%s:%d: %s is not a percentage", file, kv->line, kv->key);
			return -1;
		}
		if ((ps->kind == PARAM_COUNT || ps->kind == PARAM_PREFIXLEN) && v != floor(v)) {
			snprintf(err, errlen, "%s:%d: %s must be a whole number", file, kv->line, kv->key);
			return -1;
		}
		if (v < ps->min || v > ps->max) {
			snprintf(err, errlen, "%s:%d: %s = %g is out of range [%g, %g]", file, kv->line,
				 kv->key, v, ps->min, ps->max);
			return -1;
		}
		r->params[i] = v;
		return 0;
	}
	snprintf(err, errlen, "%s:%d: detector %s has no parameter \"%s\"", file, kv->line,
		 r->det->slug, name);
	return -1;
}

static int valid_slug(const char *s)
{
	size_t i, n = strlen(s);
	if (n == 0 || n >= 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

/* "caused_by = 2001, 2002": rule ids (1000-9999), not the rule's own, each
 * once, at most RULE_MAX_CAUSES.  Rules absent from the pack are allowed
 * (a pack may leave the cause out): they link nothing. */
static int rule_causes(struct rule *r, const struct conf_pair *kv, const char *file, char *err,
		       size_t errlen)
{
	const char *p = kv->val;
	unsigned j;

	r->ncaused_by = 0;
	for (;;) {
		char *end;
		unsigned long id;
		while (*p == ' ' || *p == '\t')
			p++;
		id = strtoul(p, &end, 10);
		if (end == p || id < 1000 || id > 9999) {
			snprintf(err, errlen, "%s:%d: caused_by takes rule ids from 1000 to 9999, separated by commas",
				 file, kv->line);
			return -1;
		}
		if (id == r->id) {
			snprintf(err, errlen, "%s:%d: rule %u cannot be caused by itself", file, kv->line, r->id);
			return -1;
		}
		for (j = 0; j < r->ncaused_by; j++)
			if (r->caused_by[j] == id) {
				snprintf(err, errlen, "%s:%d: caused_by names %lu twice", file, kv->line, id);
				return -1;
			}
		if (r->ncaused_by == RULE_MAX_CAUSES) {
			snprintf(err, errlen, "%s:%d: caused_by names more than %d rules", file, kv->line,
				 RULE_MAX_CAUSES);
			return -1;
		}
		r->caused_by[r->ncaused_by++] = (uint32_t)id;
		p = end;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return 0;
		if (*p++ != ',') {
			snprintf(err, errlen, "%s:%d: caused_by takes rule ids from 1000 to 9999, separated by commas",
				 file, kv->line);
			return -1;
		}
	}
}

static int rule_key(struct rule *r, const struct conf_pair *kv, const char *file, char *err, size_t errlen)
{
	char *end;

	if (!strcmp(kv->key, "version")) {
		unsigned long v = strtoul(kv->val, &end, 10);
		if (*end || v == 0 || v > 1000000) {
			snprintf(err, errlen, "%s:%d: version must be a whole number >= 1", file, kv->line);
			return -1;
		}
		r->version = (uint32_t)v;
	} else if (!strcmp(kv->key, "severity")) {
		int s = severity_parse(kv->val);
		if (s < 0) {
			snprintf(err, errlen, "%s:%d: severity \"%s\" is not info, low, medium, high or critical",
				 file, kv->line, kv->val);
			return -1;
		}
		r->severity = (enum severity)s;
	} else if (!strcmp(kv->key, "group_by")) {
		if (strcmp(kv->val, r->det->group_by) != 0) {
			snprintf(err, errlen, "%s:%d: detector %s groups by \"%s\", not \"%s\"", file,
				 kv->line, r->det->slug, r->det->group_by, kv->val);
			return -1;
		}
	} else if (!strncmp(kv->key, "param.", 6)) {
		return rule_param_set(r, kv, file, err, errlen);
	} else if (!strcmp(kv->key, "title")) {
		return set_text(&r->title, kv);
	} else if (!strcmp(kv->key, "explain")) {
		return set_text(&r->explain, kv);
	} else if (!strcmp(kv->key, "alternatives")) {
		return set_text(&r->alternatives, kv);
	} else if (!strcmp(kv->key, "next")) {
		return set_text(&r->next, kv);
	} else if (!strcmp(kv->key, "incident")) {
		if (!valid_slug(kv->val)) {
			snprintf(err, errlen, "%s:%d: incident \"%s\" must be lower-case letters, digits and '-'",
				 file, kv->line, kv->val);
			return -1;
		}
		return set_text(&r->incident, kv);
	} else if (!strcmp(kv->key, "caused_by")) {
		return rule_causes(r, kv, file, err, errlen);
	} else if (strcmp(kv->key, "detector") != 0) {
		snprintf(err, errlen, "%s:%d: unknown key \"%s\"", file, kv->line, kv->key);
		return -1;
	}
	return 0;
}

static void rule_free(struct rule *r)
{
	free(r->title);
	free(r->explain);
	free(r->alternatives);
	free(r->next);
	free(r->incident);
}

/* "incident SLUG" with title = "...": how the first screen names the
 * incident class that rules' `incident` keys point to. */
static int on_incident(struct load_ctx *lc, const struct conf_stanza *s, char *err, size_t errlen)
{
	struct rulepack *pk = lc->pack;
	struct incident_def d, *nv;
	unsigned i;

	memset(&d, 0, sizeof(d));
	if (s->nargs != 1 || !valid_slug(s->args[0])) {
		snprintf(err, errlen, "%s:%d: expected \"incident SLUG\" (lower-case letters, digits and '-')",
			 s->file, s->line);
		return -1;
	}
	for (i = 0; i < pk->nincidents; i++)
		if (!strcmp(pk->incidents[i].slug, s->args[0])) {
			snprintf(err, errlen, "%s:%d: duplicate incident %s (first at %s:%d)", s->file, s->line,
				 s->args[0], pk->incidents[i].file, pk->incidents[i].line);
			return -1;
		}
	for (i = 0; i < s->npairs; i++) {
		if (strcmp(s->kv[i].key, "title") != 0) {
			snprintf(err, errlen, "%s:%d: unknown key \"%s\" in incident %s", s->file, s->kv[i].line,
				 s->kv[i].key, s->args[0]);
			free(d.title);
			return -1;
		}
		if (d.title) {
			snprintf(err, errlen, "%s:%d: \"title\" given twice in incident %s", s->file,
				 s->kv[i].line, s->args[0]);
			free(d.title);
			return -1;
		}
		if (set_text(&d.title, &s->kv[i]) < 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	if (!d.title || !*d.title) {
		snprintf(err, errlen, "%s:%d: incident %s needs a \"title\"", s->file, s->line, s->args[0]);
		free(d.title);
		return -1;
	}
	if (pk->nincidents == INCIDENTS_MAX ||
	    !(nv = realloc(pk->incidents, (pk->nincidents + 1) * sizeof(*nv)))) {
		snprintf(err, errlen, "%s:%d: more than %d incidents", s->file, s->line, INCIDENTS_MAX);
		free(d.title);
		return -1;
	}
	snprintf(d.slug, sizeof(d.slug), "%s", s->args[0]);
	snprintf(d.file, sizeof(d.file), "%s", s->file);
	d.line = s->line;
	pk->incidents = nv;
	pk->incidents[pk->nincidents++] = d;
	return 0;
}

static int on_rule(void *arg, const struct conf_stanza *s, char *err, size_t errlen)
{
	struct load_ctx *lc = arg;
	struct rulepack *pk = lc->pack;
	struct rule r;
	const char *det = NULL;
	char *end;
	unsigned long id;
	unsigned i;

	memset(&r, 0, sizeof(r));
	if (!strcmp(s->kind, "incident"))
		return on_incident(lc, s, err, errlen);
	if (strcmp(s->kind, "rule") != 0 || s->nargs != 2) {
		snprintf(err, errlen, "%s:%d: expected \"rule ID SLUG\" or \"incident SLUG\"", s->file, s->line);
		return -1;
	}
	id = strtoul(s->args[0], &end, 10);
	if (*end || id < 1000 || id > 9999) {
		snprintf(err, errlen, "%s:%d: rule id \"%s\" must be a number from 1000 to 9999", s->file,
			 s->line, s->args[0]);
		return -1;
	}
	if (!valid_slug(s->args[1])) {
		snprintf(err, errlen, "%s:%d: slug \"%s\" must be lower-case letters, digits and '-'",
			 s->file, s->line, s->args[1]);
		return -1;
	}
	for (i = 0; i < pk->n; i++) {
		if (pk->rules[i].id == id || !strcmp(pk->rules[i].slug, s->args[1])) {
			snprintf(err, errlen, "%s:%d: duplicate rule %s %s (first at %s:%d)", s->file, s->line,
				 s->args[0], s->args[1], pk->rules[i].file, pk->rules[i].line);
			return -1;
		}
	}
	for (i = 0; i < s->npairs; i++)
		if (!strcmp(s->kv[i].key, "detector"))
			det = s->kv[i].val;
	if (!det || !(r.det = detector_find(det))) {
		snprintf(err, errlen, "%s:%d: rule %lu: %s detector%s%s", s->file, s->line, id,
			 det ? "unknown" : "missing", det ? " " : "", det ? det : "");
		return -1;
	}
	if (id < r.det->id_min || id > r.det->id_max) {
		snprintf(err, errlen, "%s:%d: rule %lu: detector %s serves ids %u-%u", s->file, s->line, id,
			 r.det->slug, r.det->id_min, r.det->id_max);
		return -1;
	}
	r.id = (uint32_t)id;   /* before the keys: caused_by refuses the rule's own id */
	snprintf(r.slug, sizeof(r.slug), "%s", s->args[1]);
	snprintf(r.file, sizeof(r.file), "%s", s->file);
	r.line = s->line;
	r.severity = SEV_MEDIUM;
	for (i = 0; i < r.det->nparams; i++)
		r.params[i] = r.det->params[i].def;
	for (i = 0; i < s->npairs; i++) {
		unsigned j;
		for (j = 0; j < i; j++)
			if (!strcmp(s->kv[j].key, s->kv[i].key)) {
				snprintf(err, errlen, "%s:%d: \"%s\" given twice in rule %lu (first at line %d)",
					 s->file, s->kv[i].line, s->kv[i].key, id, s->kv[j].line);
				rule_free(&r);
				return -1;
			}
		if (rule_key(&r, &s->kv[i], s->file, err, errlen) < 0) {
			rule_free(&r);
			return -1;
		}
	}
	if (!r.version || !r.title) {
		snprintf(err, errlen, "%s:%d: rule %lu needs \"version\" and \"title\"", s->file, s->line, id);
		rule_free(&r);
		return -1;
	}
	if (pk->n == RULES_MAX) {
		snprintf(err, errlen, "%s:%d: more than %d rules", s->file, s->line, RULES_MAX);
		rule_free(&r);
		return -1;
	}
	if (pk->n == lc->cap) {
		unsigned nc = lc->cap ? lc->cap * 2 : 16;
		struct rule *nv = realloc(pk->rules, nc * sizeof(*nv));
		if (!nv) {
			rule_free(&r);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		pk->rules = nv;
		lc->cap = nc;
	}
	pk->rules[pk->n++] = r;
	return 0;
}

static int on_pack_top(void *arg, const char *file, const struct conf_pair *p, char *err, size_t errlen)
{
	struct load_ctx *lc = arg;

	if (strcmp(p->key, "pack_version") != 0) {
		snprintf(err, errlen, "%s:%d: unknown top-level key \"%s\"", file, p->line, p->key);
		return -1;
	}
	if (lc->pack->pack_version[0] && strcmp(lc->pack->pack_version, p->val) != 0) {
		snprintf(err, errlen, "%s:%d: pack_version %s disagrees with %s declared earlier", file,
			 p->line, p->val, lc->pack->pack_version);
		return -1;
	}
	snprintf(lc->pack->pack_version, sizeof(lc->pack->pack_version), "%s", p->val);
	return 0;
}

static int rule_cmp(const void *a, const void *b)
{
	const struct rule *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

int rulepack_load(struct rulepack *pack, char *const *paths, unsigned n, char *err, size_t errlen)
{
	struct load_ctx lc = { pack, 0 };
	struct conf_handler h = { on_pack_top, on_rule, &lc };
	EVP_MD_CTX *sha = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned i, mdlen = 0;

	memset(pack, 0, sizeof(*pack));
	if (!sha || EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "cannot initialise SHA-256");
		EVP_MD_CTX_free(sha);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (conf_parse(paths[i], &h, sha, err, errlen) < 0) {
			EVP_MD_CTX_free(sha);
			rulepack_free(pack);
			return -1;
		}
		pack->nfiles++;
	}
	EVP_DigestFinal_ex(sha, md, &mdlen);
	EVP_MD_CTX_free(sha);
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(pack->sha256 + 2 * i, 3, "%02x", md[i]);
	if (!pack->pack_version[0])
		snprintf(pack->pack_version, sizeof(pack->pack_version), "unversioned");
	if (pack->n > 1)
		qsort(pack->rules, pack->n, sizeof(*pack->rules), rule_cmp);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rulepack_load_dir(struct rulepack *pack, const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **paths = NULL;
	unsigned n = 0, i;
	int rc = -1;

	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char **np;
		if (l < 7 || strcmp(de->d_name + l - 6, ".rules") != 0 || de->d_name[0] == '.')
			continue;
		if (n == 256 || !(np = realloc(paths, (n + 1) * sizeof(*np))))
			break;
		paths = np;
		paths[n] = malloc(strlen(dir) + l + 2);
		if (!paths[n])
			break;
		sprintf(paths[n], "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n == 0) {
		snprintf(err, errlen, "%s: no *.rules files", dir);
		goto out;
	}
	qsort(paths, n, sizeof(*paths), name_cmp);
	rc = rulepack_load(pack, paths, n, err, errlen);
out:
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

void rulepack_free(struct rulepack *pack)
{
	unsigned i;
	for (i = 0; i < pack->n; i++)
		rule_free(&pack->rules[i]);
	for (i = 0; i < pack->nincidents; i++)
		free(pack->incidents[i].title);
	free(pack->incidents);
	free(pack->rules);
	memset(pack, 0, sizeof(*pack));
}

const char *rulepack_incident_title(const struct rulepack *pack, const char *slug)
{
	unsigned i;

	if (!slug)
		return NULL;
	for (i = 0; pack && i < pack->nincidents; i++)
		if (!strcmp(pack->incidents[i].slug, slug))
			return pack->incidents[i].title;
	return slug;
}

const struct rule *rulepack_rule(const struct rulepack *pack, uint32_t id)
{
	unsigned lo = 0, hi = pack ? pack->n : 0;

	while (lo < hi) {   /* the rules are sorted by id */
		unsigned mid = lo + (hi - lo) / 2;
		if (pack->rules[mid].id == id)
			return &pack->rules[mid];
		if (pack->rules[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

double rule_param(const struct rule *r, const char *name)
{
	unsigned i;
	for (i = 0; i < r->det->nparams; i++)
		if (!strcmp(r->det->params[i].name, name))
			return r->params[i];
	return 0;
}
