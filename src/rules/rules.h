/*
 * rules.h - the rule pack, the site file, the detector registry and the
 * evaluator.
 *
 * Rules are data (rules/<area>.rules): each stanza picks a detector (C code
 * registered in detect_table), its parameters (checked against the
 * detector's schema and ranges), severity and texts.  The site file uses the
 * same grammar and loader for knowledge no capture holds (health-check
 * source ranges, named networks).  Grammar: doc/rules.md.
 */
#ifndef NETRCA_RULES_H
#define NETRCA_RULES_H
#include <stdint.h>
#include "../obs.h"
#include "../result.h"

#define RULE_MAX_PARAMS 12
#define RULES_MAX 1000
#define SITE_MAX_PREFIXES 4096
#define RULES_ERRLEN 512
#define RULE_MAX_CAUSES 8       /* rule ids in one caused_by list */
#define INCIDENTS_MAX 64        /* incident stanzas in one pack */

enum param_kind { PARAM_COUNT, PARAM_DURATION, PARAM_PERCENT, PARAM_PREFIXLEN };

struct param_schema {
	const char *name;
	enum param_kind kind;
	double min, max, def;     /* durations in seconds */
	const char *doc;
};

struct detector_def;

struct rule {
	uint32_t id;
	char slug[64];
	uint32_t version;
	const struct detector_def *det;
	enum severity severity;
	double params[RULE_MAX_PARAMS];   /* indexed like det->params */
	char *title, *explain, *alternatives, *next, *incident;  /* owned */
	/* Rules whose findings explain this rule's on a shared flow, in order
	 * of preference (caused_by = 2001, 2002): see findings_link. */
	uint32_t caused_by[RULE_MAX_CAUSES];
	unsigned ncaused_by;
	char file[256];
	int line;
};

/* An incident class, worded for a person ("incident SLUG" stanza). */
struct incident_def {
	char slug[64];
	char *title;              /* owned: "Path MTU black hole" */
	char file[256];
	int line;
};

struct rulepack {
	struct rule *rules;       /* owned, sorted by id */
	unsigned n;
	struct incident_def *incidents;  /* owned, in load order */
	unsigned nincidents;
	char pack_version[32];
	char sha256[65];          /* over the files' bytes, in the order loaded */
	unsigned nfiles;
};

enum site_kind { SITE_NETWORK = 0, SITE_HEALTHCHECK };

struct site_prefix {
	struct ip_addr net;
	uint8_t len;
	enum site_kind kind;
	char name[64];
};

struct site {
	struct site_prefix *p;    /* owned */
	unsigned n;
	char path[256];
	char sha256[65];
};

/* Detector state is opaque to the evaluator. */
struct detect_ctx {
	const struct rule *rule;
	const struct site *site;  /* may be NULL */
};

struct detector_def {
	const char *slug;         /* the `detector =` value */
	uint32_t id_min, id_max;  /* rule ids this detector may serve */
	const struct param_schema *params;
	unsigned nparams;
	uint32_t consumes;        /* bit (1 << enum obs_type) */
	const char *group_by;     /* how it groups, e.g. "src_prefix, dst_service" */
	const char *doc;
	void *(*create)(const struct detect_ctx *ctx);
	void (*on_obs)(void *st, const struct obs *o);
	/* Emits findings at the end of the capture (end_ts: capture clock). */
	void (*finish)(void *st, int64_t end_ts, struct findings *out);
	void (*destroy)(void *st);
};

/* The registry (src/rules/eval.c). */
const struct detector_def *detector_find(const char *slug);
const struct detector_def *const *detector_all(unsigned *n);

/* The person's words for an incident slug: its stanza's title, else the
 * slug itself (borrowed; NULL for NULL). */
const char *rulepack_incident_title(const struct rulepack *pack, const char *slug);
/* The rule of a given id, or NULL. */
const struct rule *rulepack_rule(const struct rulepack *pack, uint32_t id);

/* Parameter of a rule by name (must exist in the detector's schema). */
double rule_param(const struct rule *r, const char *name);

/*
 * Loads rule files (paths borrowed) into *pack.  Returns 0, or -1 with
 * "file:line: message" in err.  Free with rulepack_free.
 */
int rulepack_load(struct rulepack *pack, char *const *paths, unsigned n, char *err, size_t errlen);
/* Loads every *.rules file of dir in name order. */
int rulepack_load_dir(struct rulepack *pack, const char *dir, char *err, size_t errlen);
void rulepack_free(struct rulepack *pack);

int site_load(struct site *s, const char *path, char *err, size_t errlen);
void site_free(struct site *s);
/* The most specific site prefix containing a, of the given kind (or any kind
 * when kind < 0); NULL if none. */
const struct site_prefix *site_lookup(const struct site *s, const struct ip_addr *a, int kind);
/* Parses "192.0.2.0/24" or "2001:db8::/32" (or a bare address). */
int prefix_parse(const char *s, struct ip_addr *net, uint8_t *len);
int prefix_contains(const struct ip_addr *net, uint8_t len, const struct ip_addr *a);
/* a masked to len bits, formatted "net/len" into buf. */
const char *prefix_str(const struct ip_addr *a, uint8_t len, char *buf, size_t n);

/* The evaluator: one instance per analysis. */
struct evaluator;
struct evaluator *eval_new(const struct rulepack *pack, const struct site *site);
/* Feeds an observation to every rule whose detector consumes its type. */
void eval_obs(void *evaluator, const struct obs *o);
/* Runs every detector's finish, collects and sorts findings. */
void eval_finish(struct evaluator *e, int64_t end_ts, struct findings *out);
void eval_free(struct evaluator *e);
#endif
