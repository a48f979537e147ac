/* html.c - report.html (work in progress). */
#include <stdio.h>
#include "report.h"

int report_write_html(const struct analysis *a, const char *path, char *err, size_t errlen)
{
	(void)a;
	(void)path;
	snprintf(err, errlen, "report.html: not written yet");
	return -1;
}
