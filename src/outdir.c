/* outdir.c - atomic result directories (see outdir.h). */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outdir.h"

#define RESULT_MAX_FILES 32          /* a manifest listing more is not netrca's */
#define RESULT_NAME_MAX 128

/* The files of a netrca result: the names its manifest lists. */
struct result_files {
	char name[RESULT_MAX_FILES][RESULT_NAME_MAX];
	unsigned n;
};

static void rm_tree_flat(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[8192];

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* dir without its trailing slashes into buf (n bytes); -1 if empty or too long. */
static int strip_name(const char *dir, char *buf, size_t n)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 0 || len + 32 >= n)
		return -1;
	memcpy(buf, dir, len);
	buf[len] = 0;
	return 0;
}

/* A file name a manifest may list: one plain component, not hidden. */
static int plain_name(const char *s)
{
	return s[0] && s[0] != '.' && !strchr(s, '/') && strlen(s) < RESULT_NAME_MAX;
}

/* Reads dir's marker and manifest into rf.  0, or -1 with what is missing in err. */
static int read_result(const char *dir, struct result_files *rf, char *err, size_t errlen)
{
	char p[4400], line[512];
	FILE *f;
	int bad = 0;

	rf->n = 0;
	snprintf(p, sizeof(p), "%s/%s", dir, OUTDIR_MARKER);
	f = fopen(p, "r");
	if (!f || !fgets(line, sizeof(line), f) || strcmp(line, OUTDIR_MARKER_LINE "\n") != 0) {
		snprintf(err, errlen, "%s is not a netrca result (no %s marker in it): --force replaces only a "
			 "result netrca wrote; nothing was changed", dir, OUTDIR_MARKER);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(p, sizeof(p), "%s/%s", dir, OUTDIR_MANIFEST);
	f = fopen(p, "r");
	if (!f) {
		snprintf(err, errlen, "%s is not a complete netrca result (no %s in it): --force replaces only a "
			 "result netrca wrote; nothing was changed", dir, OUTDIR_MANIFEST);
		return -1;
	}
	/* "<64 hex digits>  name" per line (sha256sum's format) */
	while (!bad && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line), i;
		if (len < 68 || line[len - 1] != '\n' || line[64] != ' ' || line[65] != ' ' ||
		    rf->n >= RESULT_MAX_FILES) {
			bad = 1;
			break;
		}
		for (i = 0; i < 64; i++)
			if (!line[i] || !strchr("0123456789abcdef", line[i]))
				bad = 1;
		line[len - 1] = 0;
		if (!plain_name(line + 66))
			bad = 1;
		else
			snprintf(rf->name[rf->n++], RESULT_NAME_MAX, "%s", line + 66);
	}
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "%s: its %s is not one netrca wrote: --force replaces only a result netrca "
			 "wrote; nothing was changed", dir, OUTDIR_MANIFEST);
		return -1;
	}
	return 0;
}

static int is_result_file(const struct result_files *rf, const char *name)
{
	unsigned i;

	if (!strcmp(name, OUTDIR_MARKER) || !strcmp(name, OUTDIR_MANIFEST))
		return 1;
	for (i = 0; i < rf->n; i++)
		if (!strcmp(name, rf->name[i]))
			return 1;
	return 0;
}

/*
 * dir is a netrca result holding nothing but netrca's files (regular files,
 * no links): its names into rf.  0, or -1 with err.
 */
static int check_result(const char *dir, struct result_files *rf, char *err, size_t errlen)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char p[4400];
	int rc = 0;

	if (read_result(dir, rf, err, errlen) < 0)
		return -1;
	d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: cannot list it: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (!is_result_file(rf, de->d_name) || lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s holds %s, which netrca did not write: --force replaces only a "
				 "result netrca wrote; nothing was changed", dir, de->d_name);
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

/* Removes the files rf lists from dir, then dir: 0, or -1 if dir stays (it
 * holds something else). */
static int remove_result(const char *dir, const struct result_files *rf)
{
	char p[4400];
	unsigned i;

	for (i = 0; i < rf->n; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, rf->name[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/%s", dir, OUTDIR_MANIFEST);
	unlink(p);
	snprintf(p, sizeof(p), "%s/%s", dir, OUTDIR_MARKER);
	unlink(p);
	return rmdir(dir);
}

/* b is a or lies under it (canonical paths). */
static int path_within(const char *b, const char *a)
{
	size_t n = strlen(a);

	if (n == 1 && a[0] == '/')
		return 1;
	return strncmp(a, b, n) == 0 && (b[n] == 0 || b[n] == '/');
}

/* The output must not be, hold or lie inside an input: canon is the
 * output's canonical path. */
static int check_overlap(const char *out, const char *canon, char *const *inputs, unsigned n, char *err,
			 size_t errlen)
{
	char in[PATH_MAX];
	unsigned i;

	for (i = 0; i < n; i++) {
		if (!strcmp(inputs[i], "-") || !realpath(inputs[i], in))
			continue;
		if (!strcmp(in, canon)) {
			snprintf(err, errlen, "%s: the output would replace the input %s", out, inputs[i]);
			return -1;
		}
		if (path_within(in, canon)) {
			snprintf(err, errlen, "%s: the output directory would contain the input %s", out, inputs[i]);
			return -1;
		}
		if (path_within(canon, in)) {
			snprintf(err, errlen, "%s: the output would lie inside the input %s", out, inputs[i]);
			return -1;
		}
	}
	return 0;
}

int outdir_check(const char *out, char *const *inputs, unsigned n, int force, char *err, size_t errlen)
{
	char name[4096], parent[4096], canon[PATH_MAX + 4096], pc[PATH_MAX];
	const char *base, *slash;
	struct stat st;
	struct result_files rf;
	int exists;

	if (strip_name(out, name, sizeof(name)) < 0) {
		snprintf(err, errlen, "%s: bad output directory name", out);
		return -1;
	}
	slash = strrchr(name, '/');
	base = slash ? slash + 1 : name;
	if (!strcmp(name, "/") || !strcmp(base, ".") || !strcmp(base, "..")) {
		snprintf(err, errlen, "%s: name a directory for the result, not %s", out, name);
		return -1;
	}
	if (!slash)
		snprintf(parent, sizeof(parent), ".");
	else if (slash == name)
		snprintf(parent, sizeof(parent), "/");
	else
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - name), name);
	if (stat(parent, &st) != 0) {
		snprintf(err, errlen, "%s: cannot create it: %s: %s", name, parent,
			 errno == ENOENT ? "no such directory" : strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: cannot create it: %s is not a directory", name, parent);
		return -1;
	}
	if (access(parent, W_OK | X_OK) != 0) {
		snprintf(err, errlen, "%s: cannot create it: %s is not writable: %s", name, parent, strerror(errno));
		return -1;
	}
	exists = lstat(name, &st) == 0;
	if (!exists && errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	if (!realpath(parent, pc)) {
		snprintf(err, errlen, "%s: %s", parent, strerror(errno));
		return -1;
	}
	snprintf(canon, sizeof(canon), "%s%s%s", pc, strcmp(pc, "/") ? "/" : "", base);
	if (check_overlap(name, canon, inputs, n, err, errlen) < 0)
		return -1;
	if (!exists)
		return 0;
	if (!force) {
		snprintf(err, errlen, "%s exists (use --force to replace an earlier netrca result)", name);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a netrca result (%s): --force replaces only a result netrca wrote; "
			 "nothing was changed", name, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory");
		return -1;
	}
	if (check_result(name, &rf, err, errlen) < 0)
		return -1;
	/* its files are removed once the new result is in place */
	if (access(name, W_OK | X_OK) != 0) {
		snprintf(err, errlen, "%s: cannot replace it: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

int outdir_begin(struct outdir *o, const char *dir, char *err, size_t errlen)
{
	if (strip_name(dir, o->final, sizeof(o->final)) < 0) {
		snprintf(err, errlen, "%s: bad output directory name", dir);
		o->tmp[0] = 0;
		return -1;
	}
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp-XXXXXX", o->final);
	if (!mkdtemp(o->tmp)) {
		snprintf(err, errlen, "%s: cannot create a temporary directory beside it: %s",
			 o->final, strerror(errno));
		o->tmp[0] = 0;
		return -1;
	}
	return 0;
}

const char *outdir_path(const struct outdir *o, const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", o->tmp, name);
	return buf;
}

int outdir_final_exists(const struct outdir *o)
{
	struct stat st;

	return lstat(o->final, &st) == 0;
}

/* rename(from, to) that never replaces an existing to (a directory renamed
 * onto an empty one would replace it): renameat2's RENAME_NOREPLACE, or a
 * check first where the file system has no such flag. */
static int rename_new(const char *from, const char *to)
{
	struct stat st;

	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Renames dir to a new "<final>.old-XXXXXX" (name into buf): 0 or -1. */
static int move_aside(const char *dir, char *buf, size_t n)
{
	char final[4100];
	size_t len = strlen(dir);

	/* named after the result, whether dir is the result or its temporary
	 * name ("<final>.tmp-XXXXXX") */
	if (len > 11 && !strncmp(dir + len - 11, ".tmp-", 5))
		len -= 11;
	snprintf(final, sizeof(final), "%.*s", (int)len, dir);
	snprintf(buf, n, "%s.old-XXXXXX", final);
	if (!mkdtemp(buf) || rmdir(buf) != 0)
		return -1;
	return rename_new(dir, buf);
}

static int write_marker(const struct outdir *o, char *err, size_t errlen)
{
	char p[4300];
	FILE *f;
	int e;

	f = fopen(outdir_path(o, OUTDIR_MARKER, p, sizeof(p)), "w");
	if (f) {
		fprintf(f, "%s\ngenerator netrca %s\n", OUTDIR_MARKER_LINE, PACKAGE_VERSION);
		e = ferror(f) ? errno : 0;
		if (fclose(f) != 0 && !e)
			e = errno ? errno : EIO;
		if (!e)
			return 0;
	} else {
		e = errno;
	}
	snprintf(err, errlen, "%s: cannot write %s: %s; %s", o->final, OUTDIR_MARKER, strerror(e ? e : EIO),
		 outdir_final_exists(o) ? "the previous result is unchanged" : "no result written");
	errno = e;
	return -1;
}

int outdir_commit(struct outdir *o, int force, char *err, size_t errlen)
{
	struct result_files rf;
	char old[4200];

	if (write_marker(o, err, errlen) < 0)
		return -1;
	chmod(o->tmp, 0755);
	if (!outdir_final_exists(o)) {
		if (rename_new(o->tmp, o->final) != 0) {
			snprintf(err, errlen, "%s: %s", o->final,
				 errno == EEXIST ? "exists (created during the analysis)" : strerror(errno));
			return -1;
		}
		o->tmp[0] = 0;
		return 0;
	}
	if (!force) {
		snprintf(err, errlen, "%s exists (use --force to replace an earlier netrca result)", o->final);
		return -1;
	}
	/* checked before the analysis; again now, the moment before it moves */
	if (check_result(o->final, &rf, err, errlen) < 0)
		return -1;
	if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE) == 0) {
		/* one step: the final name never lacks a result; the
		 * temporary name now holds the previous one */
		snprintf(old, sizeof(old), "%s", o->tmp);
	} else if (errno != EINVAL && errno != ENOSYS) {
		snprintf(err, errlen, "%s: cannot replace it: %s", o->final, strerror(errno));
		return -1;
	} else {
		/* no exchange on this file system: aside, then in */
		if (move_aside(o->final, old, sizeof(old)) != 0) {
			snprintf(err, errlen, "%s: cannot move the previous result aside: %s", o->final,
				 strerror(errno));
			return -1;
		}
		if (rename_new(o->tmp, o->final) != 0) {
			snprintf(err, errlen, "%s: %s", o->final, strerror(errno));
			rename_new(old, o->final);
			return -1;
		}
	}
	o->tmp[0] = 0;
	if (remove_result(old, &rf) != 0) {
		int e = errno;
		char kept[4200];
		if (move_aside(old, kept, sizeof(kept)) != 0)
			snprintf(kept, sizeof(kept), "%s", old);
		snprintf(err, errlen, "%s: written; the previous result was kept as %s: %s", o->final, kept,
			 e == ENOTEMPTY || e == EEXIST ? "files netrca did not write appeared in it" : strerror(e));
		return 1;
	}
	return 0;
}

void outdir_abort(struct outdir *o)
{
	if (o->tmp[0])
		rm_tree_flat(o->tmp);
	o->tmp[0] = 0;
}
