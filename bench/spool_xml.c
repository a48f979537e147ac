/* bench/spool_xml.c - report_write_xml on given conn.log / tcp.log spools, nothing
 * else in the analysis (bench/spool_diff.sh links it with an old and a new
 * src/report/xml.c and compares the two reports). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/report.h"

int main(int argc, char **argv)
{
	struct engine_result er;
	struct analysis a;
	char err[512] = "";
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: spool_xml CONN_LOG TCP_LOG|- OUT.xml\n");
		return 2;
	}
	memset(&er, 0, sizeof(er));
	memset(&a, 0, sizeof(a));
	er.conn_rows = 424242;
	a.er = &er;
	a.fail_on = SEV_COUNT;
	a.conn_log = argv[1];
	a.tcp_log = strcmp(argv[2], "-") ? argv[2] : NULL;
	rc = report_write_xml(&a, argv[3], err, sizeof(err));
	printf("rc %d %s\n", rc, err);
	return 0;
}
