/*
 * site.c - the site file: what no capture holds.  Same grammar and loader as
 * the rules (conf.h).  Stanzas introduced so far:
 *
 *   network NAME          named networks: regions, zones, segments
 *     prefix = 192.0.2.0/24, 2001:db8:a::/48
 *   healthcheck NAME      source ranges of load-balancer health checks
 *     prefix = 198.51.100.0/24
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "rules.h"
#include "conf.h"

int prefix_parse(const char *s, struct ip_addr *net, uint8_t *len)
{
	char buf[64], *slash;
	unsigned long l;
	unsigned max;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = 0;
	memset(net, 0, sizeof(*net));
	if (inet_pton(AF_INET, buf, net->a) == 1) {
		net->v = 4;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, net->a) == 1) {
		net->v = 6;
		max = 128;
	} else {
		return -1;
	}
	l = max;
	if (slash) {
		char *end;
		if (*slash < '0' || *slash > '9')
			return -1;  /* no sign, no blank: digits only */
		l = strtoul(slash, &end, 10);
		if (*end || l > max)
			return -1;
	}
	*len = (uint8_t)l;
	return 0;
}

int prefix_contains(const struct ip_addr *net, uint8_t len, const struct ip_addr *a)
{
	unsigned full = len / 8, rem = len % 8;

	if (net->v != a->v)
		return 0;
	if (memcmp(net->a, a->a, full) != 0)
		return 0;
	if (rem) {
		uint8_t mask = (uint8_t)(0xff << (8 - rem));
		if ((net->a[full] & mask) != (a->a[full] & mask))
			return 0;
	}
	return 1;
}

const char *prefix_str(const struct ip_addr *a, uint8_t len, char *buf, size_t n)
{
	struct ip_addr m = *a;
	unsigned i, full = len / 8, rem = len % 8, nb = a->v == 6 ? 16 : 4;
	char addr[64];

	for (i = 0; i < nb; i++) {
		if (i > full || (i == full && rem == 0))
			m.a[i] = 0;
		else if (i == full)
			m.a[i] &= (uint8_t)(0xff << (8 - rem));
	}
	ip_addr_str(&m, addr, sizeof(addr));
	snprintf(buf, n, "%s/%u", addr, len);
	return buf;
}

struct site_ctx {
	struct site *s;
	unsigned cap;
};

static int add_prefix(struct site_ctx *c, const char *text, enum site_kind kind, const char *name,
		      const char *file, int line, char *err, size_t errlen)
{
	struct site *s = c->s;
	struct site_prefix sp;

	memset(&sp, 0, sizeof(sp));
	if (prefix_parse(text, &sp.net, &sp.len) < 0) {
		snprintf(err, errlen, "%s:%d: \"%s\" is not an address prefix", file, line, text);
		return -1;
	}
	if (s->n == SITE_MAX_PREFIXES) {
		snprintf(err, errlen, "%s:%d: more than %d prefixes", file, line, SITE_MAX_PREFIXES);
		return -1;
	}
	if (s->n == c->cap) {
		unsigned nc = c->cap ? c->cap * 2 : 16;
		struct site_prefix *nv = realloc(s->p, nc * sizeof(*nv));
		if (!nv) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		s->p = nv;
		c->cap = nc;
	}
	sp.kind = kind;
	snprintf(sp.name, sizeof(sp.name), "%s", name);
	s->p[s->n++] = sp;
	return 0;
}

static int on_site_stanza(void *arg, const struct conf_stanza *st, char *err, size_t errlen)
{
	struct site_ctx *c = arg;
	enum site_kind kind;
	unsigned i, nprefix = 0;

	if (!strcmp(st->kind, "network"))
		kind = SITE_NETWORK;
	else if (!strcmp(st->kind, "healthcheck"))
		kind = SITE_HEALTHCHECK;
	else {
		snprintf(err, errlen, "%s:%d: unknown site stanza \"%s\" (network, healthcheck)", st->file,
			 st->line, st->kind);
		return -1;
	}
	if (st->nargs != 1) {
		snprintf(err, errlen, "%s:%d: expected \"%s NAME\"", st->file, st->line, st->kind);
		return -1;
	}
	for (i = 0; i < st->npairs; i++) {
		const struct conf_pair *kv = &st->kv[i];
		if (!strcmp(kv->key, "prefix")) {
			char *copy = strdup(kv->val), *tok, *save = NULL;
			if (!copy) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
				if (add_prefix(c, tok, kind, st->args[0], st->file, kv->line, err, errlen) < 0) {
					free(copy);
					return -1;
				}
				nprefix++;
			}
			free(copy);
		} else if (strcmp(kv->key, "description") != 0) {
			snprintf(err, errlen, "%s:%d: unknown key \"%s\" in %s", st->file, kv->line, kv->key,
				 st->kind);
			return -1;
		}
	}
	if (!nprefix) {
		snprintf(err, errlen, "%s:%d: %s %s has no prefix", st->file, st->line, st->kind, st->args[0]);
		return -1;
	}
	return 0;
}

int site_load(struct site *s, const char *path, char *err, size_t errlen)
{
	struct site_ctx c = { s, 0 };
	struct conf_handler h = { NULL, on_site_stanza, &c };
	EVP_MD_CTX *sha = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned i, mdlen = 0;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	if (!sha || EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1 ||
	    conf_parse(path, &h, sha, err, errlen) < 0) {
		EVP_MD_CTX_free(sha);
		site_free(s);
		return -1;
	}
	EVP_DigestFinal_ex(sha, md, &mdlen);
	EVP_MD_CTX_free(sha);
	for (i = 0; i < mdlen && i < 32; i++)
		snprintf(s->sha256 + 2 * i, 3, "%02x", md[i]);
	return 0;
}

void site_free(struct site *s)
{
	free(s->p);
	s->p = NULL;
	s->n = 0;
}

const struct site_prefix *site_lookup(const struct site *s, const struct ip_addr *a, int kind)
{
	const struct site_prefix *best = NULL;
	unsigned i;

	if (!s)
		return NULL;
	for (i = 0; i < s->n; i++) {
		const struct site_prefix *p = &s->p[i];
		if (kind >= 0 && (int)p->kind != kind)
			continue;
		if (prefix_contains(&p->net, p->len, a) && (!best || p->len > best->len))
			best = p;
	}
	return best;
}
