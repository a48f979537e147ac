/*
 * outdir.h - atomic result directories: everything is written into a
 * temporary directory beside the target, then renamed into place as a whole,
 * so a crash never leaves half a result set.
 *
 * netrca is an evidence tool: it never replaces or removes what it did not
 * write.  Every result directory carries a marker file (OUTDIR_MARKER, not
 * listed in manifest.sha256: it describes the directory, it is not a
 * result), and --force replaces an existing path only when it is a
 * directory holding that marker, a manifest.sha256 and nothing but the
 * files that manifest lists.
 */
#ifndef NETRCA_OUTDIR_H
#define NETRCA_OUTDIR_H
#include <stddef.h>

#define OUTDIR_MARKER ".netrca-result"
#define OUTDIR_MARKER_LINE "netrca-result 1"   /* the marker's first line */
#define OUTDIR_MANIFEST "manifest.sha256"

struct outdir {
	char final[4096];
	char tmp[4160];
};

/*
 * Every check on the output path that can fail, made before the analysis
 * (nothing is created): out (borrowed) is a usable name; it does not exist,
 * or force is set and it is a netrca result (see above); its parent exists
 * and is writable; it is not, does not contain and is not inside any of the
 * n inputs (borrowed paths; "-" and paths that cannot be resolved are
 * skipped: the reader reports those).  Returns 0, or -1 with one line
 * naming the path in err.
 */
int outdir_check(const char *out, char *const *inputs, unsigned n, int force, char *err, size_t errlen);
/* Creates the temporary directory for final path dir (borrowed). */
int outdir_begin(struct outdir *o, const char *dir, char *err, size_t errlen);
/* Path of file name inside the temporary directory into buf. */
const char *outdir_path(const struct outdir *o, const char *name, char *buf, size_t n);
/* 1 if something exists under the final name (the previous result). */
int outdir_final_exists(const struct outdir *o);
/*
 * Writes the marker and renames the temporary directory into place.  With
 * force an earlier netrca result is moved aside first (checked again: it
 * must still be one), and removed once the new one is in place: only the
 * files netrca wrote, then the directory.  Returns 0; 1 when the new result
 * is in place but the previous one was kept aside (err names where: files
 * netrca did not write appeared in it meanwhile); -1 with err when the
 * new result is not in place (the previous one is then unchanged).
 */
int outdir_commit(struct outdir *o, int force, char *err, size_t errlen);
/* Removes the temporary directory and its files (all netrca's); again is a no-op. */
void outdir_abort(struct outdir *o);
#endif
