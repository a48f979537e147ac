/*
 * analyze.h - the analyze command's pipeline (src/analyze.c): the checks on
 * the output and the inputs, the rule pack, the engine, the findings, the
 * writers and the manifest, in one place; src/main.c parses the command
 * line into struct analyze_args and calls analyze_run.
 */
#ifndef NETRCA_ANALYZE_H
#define NETRCA_ANALYZE_H
#include <stddef.h>
#include "engine.h"
#include "rules/rules.h"

/* The exit codes (netrca.1, EXIT STATUS). */
enum { EXIT_OKAY = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INPUT = 3, EXIT_INTERNAL = 4 };

struct analyze_args {
	struct engine_opts o;
	char *out;
	const char *rules, *site;
	int force, quiet, fail_on;
	int verbose;                 /* -v: every finding on a terminal */
	char options_line[2048];
};

/*
 * Runs the analysis of the inputs (borrowed) as a says and writes the
 * result directory; prints the first screen, progress and errors; returns
 * an exit code.  Takes a->out (owned, freed here; NULL: next to the first
 * input).
 */
int analyze_run(struct analyze_args *a, char **inputs, unsigned ninputs);
/* The installed (or source tree's) rule pack directory. */
const char *analyze_default_rules(void);
/* Loads the pack at path (a directory or one file) into *pack; -1 with a
 * message in err. */
int analyze_load_pack(struct rulepack *pack, const char *path, char *err, size_t errlen);
#endif
