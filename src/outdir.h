/*
 * outdir.h - atomic result directories: everything is written into a
 * temporary directory beside the target, then renamed into place as a whole,
 * so a crash never leaves half a result set.
 */
#ifndef NETRCA_OUTDIR_H
#define NETRCA_OUTDIR_H
#include <stddef.h>

struct outdir {
	char final[4096];
	char tmp[4160];
};

/* Creates the temporary directory for final path dir (borrowed). */
int outdir_begin(struct outdir *o, const char *dir, char *err, size_t errlen);
/* Path of file name inside the temporary directory into buf. */
const char *outdir_path(const struct outdir *o, const char *name, char *buf, size_t n);
/* Renames the temporary directory into place (replacing an earlier result
 * when force is set).  Returns 0 or -1 with err. */
int outdir_commit(struct outdir *o, int force, char *err, size_t errlen);
/* Removes the temporary directory and its files. */
void outdir_abort(struct outdir *o);
#endif
