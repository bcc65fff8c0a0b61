// SPDX-License-Identifier: MIT
/*
 * lookup.c - reading numbers off the views for `expect`.
 *
 * Paths:
 *   meminfo.KEY                 bytes (a "kB" value times 1024), else the count
 *   vmstat.KEY                  the counter
 *   zoneinfo.[NODE.]ZONE.FIELD  free min low high spanned present managed cma
 *                               boost, any "name value" line (nr_free_pages,
 *                               numa_hit ...), protection.I, cpuN.count/high/batch
 *   buddyinfo.[NODE.]ZONE.ORDER free blocks of that order
 *   pagetypeinfo.[NODE.]ZONE.TYPE.ORDER   free blocks of a migratetype
 *   pagetypeinfo.[NODE.]ZONE.blocks.TYPE  pageblocks of a migratetype
 *   sysctl.vm.NAME              /proc/sys/vm/NAME
 *   slabinfo.CACHE.FIELD        a /proc/slabinfo column (active_objs, num_objs,
 *                               objsize, objperslab, pagesperslab, limit,
 *                               batchcount, sharedfactor, active_slabs,
 *                               num_slabs, sharedavail)
 *   slab.CACHE.ATTR             /sys/kernel/slab/CACHE/ATTR (SLUB)
 *   NAME.pfn .order .count .node .zone    a result bound with "as NAME"
 * NODE defaults to 0.  Numbers take K/M/G suffixes and 0x.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "lookup.h"

#define SPLIT_MAX 8

/* Split @path at '.' into at most SPLIT_MAX parts (in @buf). */
static int split_path(const char *path, char *buf, size_t len, char **parts)
{
	int n = 0;
	char *p = buf;

	snprintf(buf, len, "%s", path);
	parts[n++] = p;
	while ((p = strchr(p, '.')) && n < SPLIT_MAX) {
		*p++ = '\0';
		parts[n++] = p;
	}
	return n;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* A number with an optional K/M/G/T suffix. */
static bool parse_number(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno)
		return false;
	switch (*end) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	default: break;
	}
	if (*end)
		return false;
	*out = v << shift;
	return true;
}

/* The line of @text that starts with @prefix (after @from), or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, prefix, n))
			return p;
	return NULL;
}

static int view_text(struct lookup_ctx *ctx, const char *path, char **text,
		     char *msg, size_t n)
{
	*text = mms_view(ctx->m, path);
	if (!*text) {
		snprintf(msg, n, "no view %s", path);
		return -1;
	}
	return 0;
}

static int lookup_meminfo(struct lookup_ctx *ctx, const char *key, struct value *out,
			  char *msg, size_t n)
{
	char *text, prefix[80];
	const char *line;
	unsigned long long v;
	char unit[8] = "";

	if (view_text(ctx, "/proc/meminfo", &text, msg, n))
		return -1;
	snprintf(prefix, sizeof(prefix), "%s:", key);
	line = find_line(text, prefix);
	if (!line || sscanf(line + strlen(prefix), "%llu %7s", &v, unit) < 1) {
		snprintf(msg, n, "meminfo has no line '%s'", key);
		free(text);
		return -1;
	}
	value_num(out, !strncmp(unit, "kB", 2) ? v * 1024 : v);
	free(text);
	return 0;
}

static int lookup_vmstat(struct lookup_ctx *ctx, const char *key, struct value *out,
			 char *msg, size_t n)
{
	char *text, prefix[80];
	const char *line;
	unsigned long long v;

	if (view_text(ctx, "/proc/vmstat", &text, msg, n))
		return -1;
	snprintf(prefix, sizeof(prefix), "%s ", key);
	line = find_line(text, prefix);
	if (!line || sscanf(line + strlen(prefix), "%llu", &v) != 1) {
		snprintf(msg, n, "vmstat has no counter '%s'", key);
		free(text);
		return -1;
	}
	value_num(out, v);
	free(text);
	return 0;
}

/* Find the "Node N, zone NAME" header line in @text. */
static const char *find_zone_header(const char *text, const char *node, const char *zone,
				    const char *fmt)
{
	char prefix[80];

	snprintf(prefix, sizeof(prefix), fmt, node, zone);
	return find_line(text, prefix);
}

/* Next whitespace-separated word of @p (into @w), or NULL at end of line. */
static const char *next_word(const char *p, char *w, size_t n)
{
	size_t k = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '\n')
		return NULL;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
		if (k + 1 < n)
			w[k++] = *p;
		p++;
	}
	w[k] = '\0';
	return p;
}

static int lookup_zoneinfo(struct lookup_ctx *ctx, char **parts, int np,
			   struct value *out, char *msg, size_t n)
{
	const char *node = "0", *zone, *field, *sub = NULL;
	char *text, word[64];
	const char *p, *end, *hdr;
	int i = 1;

	if (np > 1 && all_digits(parts[1]))
		node = parts[i++];
	if (np - i < 2) {
		snprintf(msg, n, "zoneinfo path needs ZONE.FIELD");
		return -1;
	}
	zone = parts[i];
	field = parts[i + 1];
	if (np - i > 2)
		sub = parts[i + 2];
	if (view_text(ctx, "/proc/zoneinfo", &text, msg, n))
		return -1;
	hdr = find_zone_header(text, node, zone, "Node %s, zone %8s");
	if (!hdr) {
		snprintf(msg, n, "zoneinfo has no zone %s on node %s", zone, node);
		free(text);
		return -1;
	}
	/* The block ends at the next "Node " header. */
	end = strstr(hdr + 1, "\nNode ");
	if (!end)
		end = hdr + strlen(hdr);
	if (!strcmp(field, "protection")) {
		p = strstr(hdr, "protection: (");
		long idx = sub ? strtol(sub, NULL, 10) : 0;

		if (!p || p > end) {
			free(text);
			snprintf(msg, n, "zoneinfo %s has no protection line", zone);
			return -1;
		}
		p += strlen("protection: (");
		for (long k = 0; k < idx && p; k++)
			p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
		if (!p) {
			free(text);
			snprintf(msg, n, "zoneinfo protection has no entry %s", sub);
			return -1;
		}
		value_num(out, strtoull(p, NULL, 10));
		free(text);
		return 0;
	}
	if (!strncmp(field, "cpu", 3) && sub) {
		char cpuline[32];

		snprintf(cpuline, sizeof(cpuline), "cpu: %s\n", field + 3);
		p = strstr(hdr, cpuline);
		if (!p || p > end) {
			free(text);
			snprintf(msg, n, "zoneinfo %s has no %s", zone, field);
			return -1;
		}
		hdr = p + strlen(cpuline) - 1;	/* at the newline before "count:" */
		field = sub;
	}
	for (p = strchr(hdr, '\n'); p && p < end; p = strchr(p + 1, '\n')) {
		const char *q = next_word(p + 1, word, sizeof(word));
		char key[64];

		if (!q)
			continue;
		if (!strcmp(word, "pages")) {	/* "pages free     N" */
			q = next_word(q, word, sizeof(word));
			if (!q)
				continue;
		}
		snprintf(key, sizeof(key), "%s", word);
		if (key[0] && key[strlen(key) - 1] == ':')
			key[strlen(key) - 1] = '\0';
		if (strcmp(key, field))
			continue;
		if (next_word(q, word, sizeof(word)) && isdigit((unsigned char)word[0])) {
			value_num(out, strtoull(word, NULL, 10));
			free(text);
			return 0;
		}
	}
	snprintf(msg, n, "zoneinfo %s (node %s) has no field '%s'", zone, node, field);
	free(text);
	return -1;
}

static int lookup_buddyinfo(struct lookup_ctx *ctx, char **parts, int np,
			    struct value *out, char *msg, size_t n)
{
	const char *node = "0";
	char *text, word[32];
	const char *p;
	int i = 1;
	long order;

	if (np > 1 && all_digits(parts[1]) && np > 3)
		node = parts[i++];
	if (np - i != 2 || !all_digits(parts[i + 1]) || (order = atol(parts[i + 1])) > 10) {
		snprintf(msg, n, "buddyinfo path is buddyinfo.[NODE.]ZONE.ORDER (order 0..10)");
		return -1;
	}
	if (view_text(ctx, "/proc/buddyinfo", &text, msg, n))
		return -1;
	p = find_zone_header(text, node, parts[i], "Node %s, zone %8s ");
	if (!p) {
		snprintf(msg, n, "buddyinfo has no zone %s on node %s", parts[i], node);
		free(text);
		return -1;
	}
	p += strlen("Node , zone          ") + strlen(node);
	for (long k = 0; k <= order && p; k++)
		p = next_word(p, word, sizeof(word));
	value_num(out, p ? strtoull(word, NULL, 10) : 0);
	free(text);
	return 0;
}

static const char *const mt_names[] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate", NULL,
};

static int lookup_pagetypeinfo(struct lookup_ctx *ctx, char **parts, int np,
			       struct value *out, char *msg, size_t n)
{
	const char *node = "0";
	char *text, word[32], prefix[96];
	const char *p;
	int i = 1, mt = -1;

	if (np > 1 && all_digits(parts[1]))
		node = parts[i++];
	if (np - i != 3) {
		snprintf(msg, n, "pagetypeinfo path is pagetypeinfo.[NODE.]ZONE.TYPE.ORDER or .ZONE.blocks.TYPE");
		return -1;
	}
	if (view_text(ctx, "/proc/pagetypeinfo", &text, msg, n))
		return -1;
	if (!strcmp(parts[i + 1], "blocks")) {
		for (int k = 0; mt_names[k]; k++)
			if (!strcmp(mt_names[k], parts[i + 2]))
				mt = k;
		snprintf(prefix, sizeof(prefix), "Node %s, zone %8s ", node, parts[i]);
		p = strstr(text, "Number of blocks type");
		p = p ? strstr(p, prefix) : NULL;
		if (mt < 0 || !p) {
			snprintf(msg, n, "pagetypeinfo has no block count for %s %s", parts[i],
				 parts[i + 2]);
			free(text);
			return -1;
		}
		p += strlen(prefix);
		for (int k = 0; k <= mt && p; k++)
			p = next_word(p, word, sizeof(word));
	} else {
		long order = atol(parts[i + 2]);

		snprintf(prefix, sizeof(prefix), "Node %4s, zone %8s, type %12s ", node,
			 parts[i], parts[i + 1]);
		p = find_line(text, prefix);
		if (!p || !all_digits(parts[i + 2]) || order > 10) {
			snprintf(msg, n, "pagetypeinfo has no free counts for %s %s order %s",
				 parts[i], parts[i + 1], parts[i + 2]);
			free(text);
			return -1;
		}
		p += strlen(prefix);
		for (long k = 0; k <= order && p; k++)
			p = next_word(p, word, sizeof(word));
	}
	value_num(out, p ? strtoull(word[0] == '>' ? word + 1 : word, NULL, 10) : 0);
	free(text);
	return 0;
}

/* tlb.CPU.LEVEL.hits|misses (LEVEL l1d, l1i, stlb) and tlb.CPU.walks, from the tlb view. */
static int lookup_tlb(struct lookup_ctx *ctx, char **parts, int np, struct value *out,
		      char *msg, size_t n)
{
	static const char *const levels[] = { "l1d", "l1i", "stlb" };
	static const char *const labels[] = { "  L1 dTLB ", "  L1 iTLB ", "  STLB    " };
	char *text, hdr[32];
	const char *p, *line;
	unsigned long long hits, misses, walks, refs;

	if (np < 3 || !all_digits(parts[1])) {
		snprintf(msg, n, "tlb path is tlb.CPU.LEVEL.hits|misses or tlb.CPU.walks");
		return -1;
	}
	if (view_text(ctx, "tlb", &text, msg, n))
		return -1;
	snprintf(hdr, sizeof(hdr), "CPU %s:", parts[1]);
	p = find_line(text, hdr);
	if (!p) {
		snprintf(msg, n, "no CPU %s", parts[1]);
		free(text);
		return -1;
	}
	if (np == 3 && !strcmp(parts[2], "walks")) {
		line = strstr(p, "  walks ");
		if (line && sscanf(line, "  walks %llu walk memory references %llu", &walks, &refs) == 2) {
			value_num(out, walks);
			free(text);
			return 0;
		}
	}
	for (int l = 0; np == 4 && l < 3; l++) {
		if (strcmp(parts[2], levels[l]))
			continue;
		line = strstr(p, labels[l]);
		if (line && sscanf(line + strlen(labels[l]), " hits %llu misses %llu", &hits,
				   &misses) == 2 && (!strcmp(parts[3], "hits") || !strcmp(parts[3], "misses"))) {
			value_num(out, parts[3][0] == 'h' ? hits : misses);
			free(text);
			return 0;
		}
	}
	snprintf(msg, n, "tlb path is tlb.CPU.LEVEL.hits|misses (l1d, l1i, stlb) or tlb.CPU.walks");
	free(text);
	return -1;
}

static int lookup_sysctl(struct lookup_ctx *ctx, char **parts, int np,
			 struct value *out, char *msg, size_t n)
{
	char path[128], *text;

	if (np != 3 || strcmp(parts[1], "vm")) {
		snprintf(msg, n, "sysctl path is sysctl.vm.NAME");
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/sys/vm/%s", parts[2]);
	if (view_text(ctx, path, &text, msg, n))
		return -1;
	value_num(out, strtoull(text, NULL, 10));
	free(text);
	return 0;
}

/* slabinfo.CACHE.FIELD: a column of the cache's /proc/slabinfo line. */
static int lookup_slabinfo(struct lookup_ctx *ctx, char **parts, int np,
			   struct value *out, char *msg, size_t n)
{
	static const char *const fields[] = {
		"active_objs", "num_objs", "objsize", "objperslab", "pagesperslab",
		"limit", "batchcount", "sharedfactor", "active_slabs", "num_slabs",
		"sharedavail",
	};
	unsigned long long v[11];
	char *text, prefix[80];
	const char *line;

	if (np != 3) {
		snprintf(msg, n, "slabinfo path is slabinfo.CACHE.FIELD");
		return -1;
	}
	if (view_text(ctx, "/proc/slabinfo", &text, msg, n))
		return -1;
	snprintf(prefix, sizeof(prefix), "%s ", parts[1]);
	line = find_line(text, prefix);
	if (!line || sscanf(line + strlen(prefix),
			    "%llu %llu %llu %llu %llu : tunables %llu %llu %llu : slabdata %llu %llu %llu",
			    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
			    &v[10]) != 11) {
		snprintf(msg, n, "slabinfo has no cache '%s'", parts[1]);
		free(text);
		return -1;
	}
	free(text);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!strcmp(fields[i], parts[2])) {
			value_num(out, v[i]);
			return 0;
		}
	}
	snprintf(msg, n, "slabinfo has no field '%s' (active_objs num_objs objsize objperslab "
		 "pagesperslab limit batchcount sharedfactor active_slabs num_slabs sharedavail)",
		 parts[2]);
	return -1;
}

/* slab.CACHE.ATTR: the number at the start of /sys/kernel/slab/CACHE/ATTR. */
static int lookup_sys_slab(struct lookup_ctx *ctx, char **parts, int np,
			   struct value *out, char *msg, size_t n)
{
	char path[192], *text;

	if (np != 3) {
		snprintf(msg, n, "slab path is slab.CACHE.ATTR (/sys/kernel/slab/CACHE/ATTR)");
		return -1;
	}
	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/%s", parts[1], parts[2]);
	if (view_text(ctx, path, &text, msg, n))
		return -1;
	value_num(out, strtoull(text, NULL, 10));
	free(text);
	return 0;
}

/**
 * lookup_value - see lookup.h.
 */
int lookup_value(struct lookup_ctx *ctx, const char *path, struct value *out,
		 char *msg, size_t n)
{
	char buf[256], *parts[SPLIT_MAX];
	int np = split_path(path, buf, sizeof(buf), parts);
	int r;

	if (np >= 2 && !strcmp(parts[0], "meminfo"))
		return lookup_meminfo(ctx, parts[1], out, msg, n);
	if (np >= 2 && !strcmp(parts[0], "vmstat"))
		return lookup_vmstat(ctx, parts[1], out, msg, n);
	if (!strcmp(parts[0], "zoneinfo"))
		return lookup_zoneinfo(ctx, parts, np, out, msg, n);
	if (!strcmp(parts[0], "buddyinfo"))
		return lookup_buddyinfo(ctx, parts, np, out, msg, n);
	if (!strcmp(parts[0], "pagetypeinfo"))
		return lookup_pagetypeinfo(ctx, parts, np, out, msg, n);
	if (!strcmp(parts[0], "sysctl"))
		return lookup_sysctl(ctx, parts, np, out, msg, n);
	if (!strcmp(parts[0], "tlb"))
		return lookup_tlb(ctx, parts, np, out, msg, n);
	if (!strcmp(parts[0], "slabinfo"))
		return lookup_slabinfo(ctx, parts, np, out, msg, n);
	if (!strcmp(parts[0], "slab"))
		return lookup_sys_slab(ctx, parts, np, out, msg, n);
	if (np == 2 && ctx->binding_value) {
		r = ctx->binding_value(ctx->bindings, ctx->m, parts[0], parts[1], out);
		if (r == 0)
			return 0;
		if (r == -ENODATA) {
			snprintf(msg, n, "%s holds no block", parts[0]);
			return -1;
		}
		if (r == -EINVAL) {
			snprintf(msg, n, "%s has no field '%s' (pfn order count node zone)",
				 parts[0], parts[1]);
			return -1;
		}
	}
	snprintf(msg, n, "unknown value '%s'", path);
	return -1;
}

/* One term: a number, a path, or (else) a string literal. */
static int eval_term(struct lookup_ctx *ctx, const char *tok, struct value *v,
		     char *msg, size_t n)
{
	if (parse_number(tok, &v->num)) {
		v->is_str = false;
		return 0;
	}
	for (size_t i = 0; i < ctx->nvars; i++)
		if (!strcmp(ctx->vars[i].name, tok)) {
			value_num(v, ctx->vars[i].value);
			return 0;
		}
	if (strchr(tok, '.'))
		return lookup_value(ctx, tok, v, msg, n);
	value_str(v, tok);
	return 0;
}

/* A product: TERM (*|/ TERM)*. */
static int eval_product(struct lookup_ctx *ctx, int argc, char **argv, int *i,
			struct value *out, char *msg, size_t n)
{
	if (*i >= argc) {
		snprintf(msg, n, "missing operand");
		return -1;
	}
	if (eval_term(ctx, argv[(*i)++], out, msg, n))
		return -1;
	while (*i + 1 < argc && (!strcmp(argv[*i], "*") || !strcmp(argv[*i], "/"))) {
		char op = argv[*i][0];
		struct value t;

		if (eval_term(ctx, argv[*i + 1], &t, msg, n))
			return -1;
		if (out->is_str || t.is_str) {
			snprintf(msg, n, "cannot do arithmetic on words");
			return -1;
		}
		if (op == '/' && t.num == 0) {
			snprintf(msg, n, "division by zero");
			return -1;
		}
		out->num = op == '*' ? out->num * t.num : out->num / t.num;
		*i += 2;
	}
	return 0;
}

/* A sum: PRODUCT (+|- PRODUCT)*, up to an operator or the end. */
static int eval_sum(struct lookup_ctx *ctx, int argc, char **argv, int *i,
		    struct value *out, char *msg, size_t n)
{
	if (eval_product(ctx, argc, argv, i, out, msg, n))
		return -1;
	while (*i + 1 < argc && (!strcmp(argv[*i], "+") || !strcmp(argv[*i], "-"))) {
		bool plus = argv[*i][0] == '+';
		struct value t;

		(*i)++;
		if (eval_product(ctx, argc, argv, i, &t, msg, n))
			return -1;
		if (out->is_str || t.is_str) {
			snprintf(msg, n, "cannot do arithmetic on words");
			return -1;
		}
		out->num = plus ? out->num + t.num : out->num - t.num;
	}
	return 0;
}

/**
 * eval_expr - see lookup.h.
 */
int eval_expr(struct lookup_ctx *ctx, int argc, char **argv, struct value *out,
	      char *msg, size_t n)
{
	int i = 0;

	msg[0] = '\0';
	if (eval_sum(ctx, argc, argv, &i, out, msg, n))
		return -1;
	if (i != argc) {
		snprintf(msg, n, "unexpected '%s'", argv[i]);
		return -1;
	}
	return 0;
}

static const char *const ops[] = { "==", "!=", "<=", ">=", "<", ">", NULL };

static bool compare(uint64_t a, const char *op, uint64_t b)
{
	if (!strcmp(op, "==")) return a == b;
	if (!strcmp(op, "!=")) return a != b;
	if (!strcmp(op, "<=")) return a <= b;
	if (!strcmp(op, ">=")) return a >= b;
	if (!strcmp(op, "<")) return a < b;
	return a > b;
}

static int expect_dmesg(struct lookup_ctx *ctx, int argc, char **argv, char *msg,
			size_t n)
{
	bool negate = !strcmp(argv[1], "!~");
	char *text = mms_view(ctx->m, "dmesg");
	bool found;

	if (argc != 3) {
		free(text);
		snprintf(msg, n, "expected: dmesg ~ \"TEXT\"");
		return -1;
	}
	found = text && strstr(text, argv[2]);
	free(text);
	if (found != negate)
		return 1;
	snprintf(msg, n, "dmesg %s \"%s\"", negate ? "contains" : "does not contain", argv[2]);
	return 0;
}

/* The expression as written, for messages. */
static void expr_text(int argc, char **argv, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < argc && len < n; k++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", k ? " " : "", argv[k]);
}

/**
 * expect_eval - see lookup.h.
 */
int expect_eval(struct lookup_ctx *ctx, int argc, char **argv, char *msg, size_t n)
{
	struct value a, b;
	const char *op = NULL;
	char expr[256];
	int i = 0;

	msg[0] = '\0';
	if (argc >= 2 && !strcmp(argv[0], "dmesg") &&
	    (!strcmp(argv[1], "~") || !strcmp(argv[1], "!~")))
		return expect_dmesg(ctx, argc, argv, msg, n);
	if (eval_sum(ctx, argc, argv, &i, &a, msg, n))
		return -1;
	for (int k = 0; i < argc && ops[k]; k++)
		if (!strcmp(argv[i], ops[k]))
			op = ops[k];
	if (!op) {
		snprintf(msg, n, "expected an operator (== != < <= > >=) after '%s'", argv[0]);
		return -1;
	}
	i++;
	if (eval_sum(ctx, argc, argv, &i, &b, msg, n))
		return -1;
	if (i != argc) {
		snprintf(msg, n, "unexpected '%s'", argv[i]);
		return -1;
	}
	expr_text(argc, argv, expr, sizeof(expr));
	if (a.is_str || b.is_str) {
		bool eq;

		if (strcmp(op, "==") && strcmp(op, "!=")) {
			snprintf(msg, n, "words can only be compared with == or !=");
			return -1;
		}
		if (!a.is_str)
			snprintf(a.str, sizeof(a.str), "%llu", (unsigned long long)a.num);
		if (!b.is_str)
			snprintf(b.str, sizeof(b.str), "%llu", (unsigned long long)b.num);
		eq = !strcmp(a.str, b.str);
		if (eq == !strcmp(op, "=="))
			return 1;
		snprintf(msg, n, "%s: actual %s, expected %s %s", expr, a.str, op, b.str);
		return 0;
	}
	if (compare(a.num, op, b.num))
		return 1;
	snprintf(msg, n, "%s: actual %llu, expected %s %llu", expr,
		 (unsigned long long)a.num, op, (unsigned long long)b.num);
	return 0;
}
