/* outdir.c - atomic result directories (see outdir.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outdir.h"

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

int outdir_begin(struct outdir *o, const char *dir, char *err, size_t errlen)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || n + 32 >= sizeof(o->final)) {
		snprintf(err, errlen, "%s: bad output directory name", dir);
		return -1;
	}
	memcpy(o->final, dir, n);
	o->final[n] = 0;
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp-XXXXXX", o->final);
	if (!mkdtemp(o->tmp)) {
		snprintf(err, errlen, "%s: cannot create a temporary directory beside it: %s",
			 o->final, strerror(errno));
		return -1;
	}
	return 0;
}

const char *outdir_path(const struct outdir *o, const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", o->tmp, name);
	return buf;
}

int outdir_commit(struct outdir *o, int force, char *err, size_t errlen)
{
	struct stat st;
	char old[4200];

	chmod(o->tmp, 0755);
	if (stat(o->final, &st) == 0) {
		if (!force) {
			snprintf(err, errlen, "%s exists (use --force to replace it)", o->final);
			return -1;
		}
		snprintf(old, sizeof(old), "%s.old-%ld", o->final, (long)getpid());
		if (rename(o->final, old) != 0) {
			snprintf(err, errlen, "%s: cannot move the old result aside: %s", o->final,
				 strerror(errno));
			return -1;
		}
		if (rename(o->tmp, o->final) != 0) {
			snprintf(err, errlen, "%s: %s", o->final, strerror(errno));
			rename(old, o->final);
			return -1;
		}
		rm_tree_flat(old);
		return 0;
	}
	if (rename(o->tmp, o->final) != 0) {
		snprintf(err, errlen, "%s: %s", o->final, strerror(errno));
		return -1;
	}
	return 0;
}

void outdir_abort(struct outdir *o)
{
	rm_tree_flat(o->tmp);
}
