/*
 * style.c - the one stylesheet of report.html and its CSP hash.
 *
 * The page carries this text verbatim inside its only <style> element and
 * allows exactly it through `style-src 'sha256-...'`.  Nothing from a capture
 * ever goes in here: the CSS is a compile-time constant, ASCII only, so the
 * bytes the browser hashes are the bytes we hash.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include "report.h"

const char report_css[] =
"\n"
":root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--soft:#f5f7fa;--accent:#234e70;"
"--crit:#7b1420;--high:#b42318;--med:#a15c07;--low:#175cd3;--info:#475467}\n"
"*{box-sizing:border-box}\n"
"html{background:#fff}\n"
"body{margin:0 auto;max-width:1180px;padding:28px 32px 48px;color:var(--ink);"
"font:14px/1.5 -apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
"h1{font-size:22px;font-weight:600;margin:0 0 2px}\n"
"h2{font-size:17px;font-weight:600;margin:34px 0 10px;padding-bottom:5px;"
"border-bottom:2px solid var(--line);color:var(--accent)}\n"
"h3{font-size:15px;font-weight:600;margin:0}\n"
"h4{font-size:13px;font-weight:600;margin:14px 0 4px;color:var(--muted)}\n"
"p{margin:4px 0}\n"
"code,.mono,textarea,td.num,td.mono{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;"
"font-size:12.5px}\n"
"header.top{display:flex;justify-content:space-between;align-items:flex-end;"
"border-bottom:3px solid var(--accent);padding-bottom:10px;margin-bottom:16px}\n"
"header.top .sub{color:var(--muted);font-size:13px}\n"
".banner{border:1px solid #f0b429;background:#fffbea;color:#7c5e10;padding:10px 14px;"
"border-radius:6px;margin:12px 0;font-weight:500}\n"
".banner.bad{border-color:#e12d39;background:#ffeeee;color:#8a041a}\n"
".banner strong{font-weight:700}\n"
"table{border-collapse:collapse;width:100%;margin:6px 0 4px}\n"
"th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}\n"
"th{font-size:12px;font-weight:600;color:var(--muted);background:var(--soft)}\n"
"td.num,th.num{text-align:right;white-space:nowrap}\n"
"tfoot td{font-weight:600;border-top:2px solid var(--line);border-bottom:none}\n"
"table.kv th{width:190px;background:none;font-size:13px;font-weight:500}\n"
"table.kv td{word-break:break-all}\n"
".custody{border:1px solid var(--line);border-radius:8px;padding:10px 16px;margin:10px 0}\n"
".custody.partial{border-color:#f0b429;border-left:6px solid #f0b429}\n"
".custody.unreadable{border-color:#e12d39;border-left:6px solid #e12d39}\n"
".custody h3{margin:4px 0 6px;word-break:break-all}\n"
"table.custody-table td{vertical-align:middle}\n"
"td.ts{white-space:nowrap;font-size:12px}\n"
".fname{font-weight:600;word-break:break-all}\n"
".hash{color:var(--muted);font-size:11.5px;word-break:break-all}\n"
".status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;"
"border:1px solid currentColor}\n"
".status.complete{color:#1e7a46}.status.partial{color:#a15c07;background:#fffbea}"
".status.unreadable{color:#b42318;background:#ffeeee}\n"
"nav.toc{font-size:13px;color:var(--muted);margin:4px 0 0}\n"
"nav.toc a{color:var(--accent)}\n"
".strip{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0 4px}\n"
".tile{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:10px 14px;"
"border-top:5px solid var(--info);background:#fff}\n"
".tile .n{font-size:26px;font-weight:600;line-height:1.1}\n"
".tile .l{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
".tile.critical{border-top-color:var(--crit)}.tile.high{border-top-color:var(--high)}"
".tile.medium{border-top-color:var(--med)}.tile.low{border-top-color:var(--low)}\n"
".tile.zero{opacity:.55}\n"
".verdict-line{margin:10px 0;font-size:15px}\n"
"section.first{border:2px solid var(--accent);border-radius:8px;padding:4px 18px 12px;margin:6px 0 14px}\n"
"section.first h2{margin-top:8px}\n"
"section.first ul{list-style:none;padding-left:0}\n"
"section.first li{margin:6px 0;font-size:15px}\n"
"section.first li a{color:var(--ink);text-decoration:none}\n"
"section.first .clean{font-size:15px;font-weight:600;color:#1e7a46}\n"
"article.finding.consequence{margin:12px 0 4px 8px;border-style:dashed;border-left-style:solid}\n"
".caused{color:var(--muted);font-size:13px;margin:2px 0 0}\n"
".when{color:var(--muted);font-size:12.5px}\n"
".badge{display:inline-block;min-width:64px;text-align:center;padding:1px 8px;"
"border-radius:10px;font-size:11px;font-weight:700;text-transform:uppercase;"
"letter-spacing:.05em;color:#fff;background:var(--info);vertical-align:2px}\n"
".badge.critical{background:var(--crit)}.badge.high{background:var(--high)}"
".badge.medium{background:var(--med)}.badge.low{background:var(--low)}\n"
"article.finding{border:1px solid var(--line);border-left:6px solid var(--info);"
"border-radius:8px;padding:12px 16px 14px;margin:14px 0;page-break-inside:avoid}\n"
"article.finding.critical{border-left-color:var(--crit)}"
"article.finding.high{border-left-color:var(--high)}"
"article.finding.medium{border-left-color:var(--med)}"
"article.finding.low{border-left-color:var(--low)}\n"
"article.finding .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}\n"
"article.finding .rule{color:var(--muted);font-size:12.5px;margin-left:auto}\n"
".verdict{font-size:15px;font-weight:500;margin:8px 0 4px}\n"
".group{color:var(--muted)}\n"
".frames{word-break:break-word}\n"
"textarea{width:100%;min-height:2.6em;resize:vertical;padding:6px 8px;border:1px solid var(--line);"
"border-radius:5px;background:var(--soft);color:var(--ink)}\n"
"ul{margin:4px 0;padding-left:20px}\n"
".muted{color:var(--muted)}\n"
".ok{color:#1e7a46;font-weight:600}\n"
".none{color:var(--muted);font-style:italic}\n"
"footer{margin-top:36px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);"
"font-size:12px}\n"
"@media print{body{max-width:none;padding:0;font-size:11px}"
"h2{page-break-after:avoid;margin-top:18px}"
"article.finding,.custody,.tile{page-break-inside:avoid}"
"textarea{resize:none;border:1px solid #999;min-height:0;height:auto}"
".badge,.tile,article.finding{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
"a{color:inherit;text-decoration:none}}\n";

/*
 * Writes "'sha256-<base64>'" (the CSP source expression for report_css)
 * into buf.  Returns 0, or -1 if buf is too small or OpenSSL fails.
 */
int report_css_hash(char *buf, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	unsigned int mdlen = 0;
	int blen;

	if (!buf || n == 0)
		return -1;
	buf[0] = 0;
	if (!EVP_Digest(report_css, strlen(report_css), md, &mdlen, EVP_sha256(), NULL))
		return -1;
	blen = EVP_EncodeBlock(b64, md, (int)mdlen);
	if (blen <= 0)
		return -1;
	if ((size_t)snprintf(buf, n, "'sha256-%s'", (const char *)b64) >= n) {
		buf[0] = 0;
		return -1;
	}
	return 0;
}
