// SPDX-License-Identifier: MIT
/*
 * scenario.c - the interpreter of mmsim scenarios.
 *
 * A scenario is a text file of commands, one a line; '#' starts a comment.
 * Each command is a word followed by arguments; a table maps words to
 * handlers.  Errors are reported as "FILE:LINE: message" and stop the run
 * with exit status 1, as does a failed `expect` (which prints what it
 * expected and what it found).  docs/scenario.md is the reference.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mmsim/mmsim.h"
#include "scenario.h"
#include "lookup.h"

#include "scenario_impl.h"

/** fail - report "FILE:LINE: message" on the error stream; returns -1. */
int fail(struct scenario *sc, const char *fmt, ...)
{
	va_list ap;

	fprintf(sc->err, "%s:%d: ", sc->file, sc->line);
	va_start(ap, fmt);
	vfprintf(sc->err, fmt, ap);
	va_end(ap);
	fputc('\n', sc->err);
	return -1;
}

int need_machine(struct scenario *sc, const char *cmd)
{
	if (!sc->m)
		return fail(sc, "%s: no machine yet (use 'boot' first)", cmd);
	return 0;
}

/* ---- named results ---- */

struct binding *binding_find(struct scenario *sc, const char *name)
{
	for (size_t i = 0; i < sc->nb; i++)
		if (!strcmp(sc->b[i].name, name))
			return &sc->b[i];
	return NULL;
}

void binding_clear(struct binding *b)
{
	free(b->pfn);
	free(b->order);
	free(b->objs);
	b->pfn = NULL;
	b->order = NULL;
	b->objs = NULL;
	b->n = b->cap = 0;
	b->cache[0] = '\0';
}

struct binding *binding_new(struct scenario *sc, const char *name)
{
	struct binding *b = binding_find(sc, name);

	if (b) {
		binding_clear(b);
		b->kind = BIND_PAGES;
		b->addr = b->size = 0;
		return b;
	}
	b = realloc(sc->b, (sc->nb + 1) * sizeof(*b));
	if (!b)
		abort();
	sc->b = b;
	b = &sc->b[sc->nb++];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	return b;
}

void binding_push(struct binding *b, unsigned long pfn, unsigned int order)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->pfn = realloc(b->pfn, b->cap * sizeof(*b->pfn));
		b->order = realloc(b->order, b->cap * sizeof(*b->order));
		if (!b->pfn || !b->order)
			abort();
	}
	b->pfn[b->n] = pfn;
	b->order[b->n] = order;
	b->n++;
}

void binding_remove(struct scenario *sc, struct binding *b)
{
	size_t i = (size_t)(b - sc->b);

	binding_clear(b);
	memmove(&sc->b[i], &sc->b[i + 1], (sc->nb - i - 1) * sizeof(*b));
	sc->nb--;
}

/* ---- argument helpers ---- */

/* Find key=value among args[from..]; NULL if absent. */
const char *arg_value(int argc, char **argv, int from, const char *key)
{
	size_t n = strlen(key);

	for (int i = from; i < argc; i++)
		if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
			return argv[i] + n + 1;
	return NULL;
}

/* "as NAME" among the args; NULL if absent. */
const char *arg_as(int argc, char **argv, int from)
{
	for (int i = from; i + 1 < argc; i++)
		if (!strcmp(argv[i], "as"))
			return argv[i + 1];
	return NULL;
}

/* Every arg must be key=value with a known key, or "as NAME". */
int check_args(struct scenario *sc, int argc, char **argv, int from,
		      const char *const *keys)
{
	for (int i = from; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		bool known = false;

		if (!strcmp(argv[i], "as") && i + 1 < argc) {
			i++;
			continue;
		}
		for (int k = 0; keys[k] && eq; k++)
			if (strlen(keys[k]) == (size_t)(eq - argv[i]) &&
			    !strncmp(argv[i], keys[k], (size_t)(eq - argv[i])))
				known = true;
		if (!known)
			return fail(sc, "%s: unexpected argument '%s'", argv[0], argv[i]);
	}
	return 0;
}

int parse_uint_arg(struct scenario *sc, const char *cmd, const char *key,
			  const char *v, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(v, &end, 0);
	/* sizes may carry K, M or G */
	if (*end && !end[1] && strchr("KMG", *end) && end != v) {
		int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : 30;

		if (x > (~0UL >> shift))
			errno = ERANGE;
		x <<= shift;
		end++;
	}
	if (!*v || *end || errno || x > max || *v == '-')
		return fail(sc, "%s: %s=%s: must be a number from 0 to %lu", cmd, key, v, max);
	*out = x;
	return 0;
}

/* ---- commands ---- */

static int cmd_machine(struct scenario *sc, int argc, char **argv)
{
	char msg[256];

	if (sc->m)
		return fail(sc, "machine: the machine has already booted");
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq)
			return fail(sc, "machine: '%s': expected key=value", argv[i]);
		*eq = '\0';
		if (mms_config_set(&sc->cfg, argv[i], eq + 1, msg, sizeof(msg))) {
			*eq = '=';
			return fail(sc, "machine: %s", msg);
		}
		*eq = '=';
	}
	return 0;
}

static int cmd_boot(struct scenario *sc, int argc, char **argv)
{
	char msg[512];

	(void)argv;
	if (argc != 1)
		return fail(sc, "boot: takes no arguments (set them with 'machine')");
	if (sc->m)
		return fail(sc, "boot: the machine has already booted");
	sc->m = mms_machine_boot(&sc->cfg, msg, sizeof(msg));
	if (!sc->m)
		return fail(sc, "boot: %s", msg);
	return 0;
}

/* show PATH grep WORD...: the lines of @text with any WORD in them. */
static void show_grep(struct scenario *sc, const char *text, int nw, char **words)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);

		for (int i = 0; i < nw; i++) {
			const char *hit = strstr(p, words[i]);

			if (hit && hit < p + len) {
				fwrite(p, 1, len, sc->out);
				break;
			}
		}
		p += len;
	}
}

static int cmd_show(struct scenario *sc, int argc, char **argv)
{
	char *text;

	if (argc >= 2 && !strcmp(argv[1], "pagetable")) {
		uint64_t start = 0, end = ~0ULL;

		if (need_machine(sc, "show"))
			return -1;
		if (argc == 4 && (eval_args(sc, "show pagetable", 2, 3, argv, &start) ||
				  eval_args(sc, "show pagetable", 3, 4, argv, &end)))
			return -1;
		if (argc != 2 && argc != 4)
			return fail(sc, "show pagetable: expected no range or START END");
		text = mms_pagetable_text(sc->m, start, end);
		fputs(text, sc->out);
		free(text);
		return 0;
	}
	if (argc < 2 || (argc > 3 && strcmp(argv[2], "grep")))
		return fail(sc, "show: expected a view path, e.g. show /proc/buddyinfo");
	if (need_machine(sc, "show"))
		return -1;
	text = mms_view(sc->m, argv[1]);
	if (!text)
		return fail(sc, "show: unknown view '%s' (see mmsim --help)", argv[1]);
	if (argc >= 3 && !strcmp(argv[2], "grep")) {
		show_grep(sc, text, argc - 3, argv + 3);
	} else if (argc == 3) {
		if (strcmp(argv[1], "dmesg") || strcmp(argv[2], "new")) {
			free(text);
			return fail(sc, "show: '%s' takes no argument '%s'", argv[1], argv[2]);
		}
		size_t len = strlen(text);

		if (sc->dmesg_shown > len)
			sc->dmesg_shown = 0;
		fputs(text + sc->dmesg_shown, sc->out);
		sc->dmesg_shown = len;
	} else {
		fputs(text, sc->out);
		if (!strcmp(argv[1], "dmesg"))
			sc->dmesg_shown = strlen(text);
	}
	free(text);
	return 0;
}

static int kernel_alloc_pages(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "order", "gfp", "node", "count", NULL };
	const char *v, *name = arg_as(argc, argv, 2);
	unsigned long order = 0, nid_arg = 0, count = 1, pfn;
	unsigned int gfp = 0;
	bool until_fail = false;
	int nid = -1, ret = 0;
	char msg[256];
	struct binding tmp = { 0 }, *b = &tmp;
	const char *zone;
	int znid;

	if (check_args(sc, argc, argv, 2, keys))
		return -1;
	if ((v = arg_value(argc, argv, 2, "order")) &&
	    parse_uint_arg(sc, "alloc_pages", "order", v, 63, &order))
		return -1;
	v = arg_value(argc, argv, 2, "gfp");
	if (mms_gfp_parse(v ? v : "GFP_KERNEL", &gfp, msg, sizeof(msg)))
		return fail(sc, "alloc_pages: %s", msg);
	if ((v = arg_value(argc, argv, 2, "node"))) {
		if (parse_uint_arg(sc, "alloc_pages", "node", v, 7, &nid_arg))
			return -1;
		nid = (int)nid_arg;
	}
	if ((v = arg_value(argc, argv, 2, "count"))) {
		if (!strcmp(v, "max"))
			until_fail = true;
		else if (parse_uint_arg(sc, "alloc_pages", "count", v, 1UL << 24, &count))
			return -1;
	}
	if (order > 10)
		return fail(sc, "alloc_pages: order=%lu is above MAX_PAGE_ORDER (10)", order);
	if (name)
		b = binding_new(sc, name);
	for (unsigned long i = 0; until_fail || i < count; i++) {
		ret = mms_alloc_pages(sc->m, gfp, (unsigned int)order, nid, &pfn);
		if (ret)
			break;
		binding_push(b, pfn, (unsigned int)order);
	}
	if (ret == -EINVAL) {
		binding_clear(&tmp);
		return fail(sc, "alloc_pages: node=%d does not exist", nid);
	}
	if (b->n == 1 && count == 1 && !until_fail) {
		mms_page_zone(sc->m, b->pfn[0], &znid, &zone);
		fprintf(sc->out, "%s = pfn %#lx order %lu (node %d, zone %s)\n",
			name ? name : "alloc_pages", b->pfn[0], order, znid, zone);
	} else {
		fprintf(sc->out, "%s = %zu block%s of order %lu%s\n", name ? name : "alloc_pages",
			b->n, b->n == 1 ? "" : "s", order,
			ret ? " (then -ENOMEM)" : "");
	}
	binding_clear(&tmp);
	return 0;
}

static int kernel_free_pages(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "order", "pfn", NULL };
	const char *v;
	unsigned long order = 0, pfn = 0;
	bool has_order = false;
	int bad = 0;

	if (argc >= 3 && !strchr(argv[2], '=')) {
		struct binding *b = binding_find(sc, argv[2]);

		if (!b)
			return fail(sc, "free_pages: no result named '%s'", argv[2]);
		if (check_args(sc, argc, argv, 3, keys))
			return -1;
		if ((v = arg_value(argc, argv, 3, "order"))) {
			if (parse_uint_arg(sc, "free_pages", "order", v, 63, &order))
				return -1;
			has_order = true;
		}
		for (size_t i = 0; i < b->n; i++)
			if (mms_free_pages(sc->m, b->pfn[i],
					   has_order ? (unsigned int)order : b->order[i]))
				bad++;
		fprintf(sc->out, "free_pages %s: %zu block%s freed%s\n", argv[2],
			b->n - (size_t)bad, b->n - (size_t)bad == 1 ? "" : "s",
			bad ? " (bad frees reported in dmesg)" : "");
		binding_remove(sc, b);
		return 0;
	}
	if (check_args(sc, argc, argv, 2, keys))
		return -1;
	v = arg_value(argc, argv, 2, "pfn");
	if (!v)
		return fail(sc, "free_pages: expected a result name or pfn=N");
	if (parse_uint_arg(sc, "free_pages", "pfn", v, ~0UL, &pfn))
		return -1;
	if ((v = arg_value(argc, argv, 2, "order")) &&
	    parse_uint_arg(sc, "free_pages", "order", v, 63, &order))
		return -1;
	bad = mms_free_pages(sc->m, pfn, (unsigned int)order);
	fprintf(sc->out, "free_pages pfn=%#lx order=%lu: %s\n", pfn, order,
		bad ? "-EINVAL (reported in dmesg)" : "freed");
	return 0;
}

/* Evaluate argv[from..to) as an expression (numbers, paths, NAME.addr ...). */
int eval_args(struct scenario *sc, const char *cmd, int from, int to, char **argv,
		     uint64_t *out)
{
	struct lookup_ctx ctx = { .m = sc->m, .bindings = sc,
				  .binding_value = scenario_binding_value,
				  .vars = sc->vars, .nvars = sc->nvars };
	struct value v;
	char msg[256];

	if (from >= to)
		return fail(sc, "%s: expected an address or size", cmd);
	if (eval_expr(&ctx, to - from, argv + from, &v, msg, sizeof(msg)))
		return fail(sc, "%s: %s", cmd, msg);
	if (v.is_str)
		return fail(sc, "%s: '%s' is not a number", cmd, v.str);
	*out = v.num;
	return 0;
}

/* Index of the first key=value / "as" word at or after @from (the end of an expression). */
int expr_end(int argc, char **argv, int from)
{
	int i = from;

	while (i < argc && !strchr(argv[i], '=') && strcmp(argv[i], "as"))
		i++;
	return i;
}

static struct binding *binding_kind(struct scenario *sc, const char *cmd, const char *name,
				    enum binding_kind kind)
{
	struct binding *b = binding_find(sc, name);

	if (!b || b->kind != kind)
		fail(sc, "%s: no %s result named '%s'", cmd,
		     kind == BIND_PAGES ? "alloc_pages" : kind == BIND_VMALLOC ? "vmalloc" :
		     kind == BIND_VMAP ? "vmap" : "kmap", name);
	return b && b->kind == kind ? b : NULL;
}

static int kernel_vmalloc(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "node", "zero", NULL };
	int end = expr_end(argc, argv, 2);
	const char *name = arg_as(argc, argv, end), *v;
	unsigned long nid = 0;
	uint64_t size, addr;
	int ret, node = -1;
	struct binding *b;

	if (eval_args(sc, "vmalloc", 2, end, argv, &size) ||
	    check_args(sc, argc, argv, end, keys))
		return -1;
	if ((v = arg_value(argc, argv, end, "node"))) {
		if (parse_uint_arg(sc, "vmalloc", "node", v, 7, &nid))
			return -1;
		node = (int)nid;
	}
	v = arg_value(argc, argv, end, "zero");
	ret = mms_vmalloc(sc->m, size, v && !strcmp(v, "1"), node, &addr);
	if (ret == -EINVAL)
		return fail(sc, "vmalloc: node=%d does not exist", node);
	if (ret) {
		fprintf(sc->out, "vmalloc(%llu) = NULL (-ENOMEM)\n", (unsigned long long)size);
		return 0;
	}
	fprintf(sc->out, "%s = vmalloc(%llu) = 0x%llx\n", name ? name : "vmalloc",
		(unsigned long long)size, (unsigned long long)addr);
	if (name) {
		b = binding_new(sc, name);
		b->kind = BIND_VMALLOC;
		b->addr = addr;
		b->size = size;
	} else {
		mms_vfree(sc->m, addr);
	}
	return 0;
}

static int kernel_vfree(struct scenario *sc, int argc, char **argv)
{
	struct binding *b;
	uint64_t addr;
	int ret;

	if (argc == 3 && !strchr(argv[2], '=') && binding_find(sc, argv[2])) {
		b = binding_kind(sc, argv[1], argv[2], !strcmp(argv[1], "vfree") ? BIND_VMALLOC : BIND_VMAP);
		if (!b)
			return -1;
		ret = !strcmp(argv[1], "vfree") ? mms_vfree(sc->m, b->addr) : mms_vunmap(sc->m, b->addr);
		fprintf(sc->out, "%s %s: %s\n", argv[1], argv[2], ret ? "-EINVAL (see dmesg)" : "done");
		binding_remove(sc, b);
		return 0;
	}
	if (eval_args(sc, argv[1], 2, argc, argv, &addr))
		return -1;
	ret = !strcmp(argv[1], "vfree") ? mms_vfree(sc->m, addr) : mms_vunmap(sc->m, addr);
	fprintf(sc->out, "%s 0x%llx: %s\n", argv[1], (unsigned long long)addr,
		ret ? "-EINVAL (see dmesg)" : "done");
	return 0;
}

static int kernel_vmap(struct scenario *sc, int argc, char **argv)
{
	const char *name = arg_as(argc, argv, 3);
	struct binding *pages, *b;
	unsigned long *pfns;
	unsigned int count = 0;
	uint64_t addr;
	int ret;

	if (argc < 3 || !(pages = binding_kind(sc, "vmap", argv[2], BIND_PAGES)))
		return argc < 3 ? fail(sc, "vmap: expected an alloc_pages result") : -1;
	for (size_t i = 0; i < pages->n; i++)
		count += 1U << pages->order[i];
	pfns = calloc(count ? count : 1, sizeof(*pfns));
	if (!pfns)
		abort();
	count = 0;
	for (size_t i = 0; i < pages->n; i++)
		for (unsigned long j = 0; j < (1UL << pages->order[i]); j++)
			pfns[count++] = pages->pfn[i] + j;
	ret = mms_vmap(sc->m, pfns, count, &addr);
	free(pfns);
	if (ret) {
		fprintf(sc->out, "vmap: %s\n", ret == -ENOMEM ? "-ENOMEM" : "-EINVAL");
		return 0;
	}
	fprintf(sc->out, "%s = vmap(%s, %u pages) = 0x%llx\n", name ? name : "vmap", argv[2],
		count, (unsigned long long)addr);
	if (name) {
		b = binding_new(sc, name);
		b->kind = BIND_VMAP;
		b->addr = addr;
		b->size = (uint64_t)count << 12;
	}
	return 0;
}

static int kernel_kmap(struct scenario *sc, int argc, char **argv)
{
	bool local = !strcmp(argv[1], "kmap_local");
	const char *name = arg_as(argc, argv, 3);
	struct binding *pages, *b;
	uint64_t addr;
	int ret;

	if (argc < 3 || !(pages = binding_kind(sc, argv[1], argv[2], BIND_PAGES)))
		return argc < 3 ? fail(sc, "%s: expected an alloc_pages result", argv[1]) : -1;
	if (!pages->n)
		return fail(sc, "%s: %s holds no page", argv[1], argv[2]);
	ret = local ? mms_kmap_local(sc->m, pages->pfn[0], &addr) :
		      mms_kmap(sc->m, pages->pfn[0], &addr);
	if (ret) {
		fprintf(sc->out, "%s(%s) = 0 (%s; see dmesg)\n", argv[1], argv[2],
			ret == -EAGAIN ? "the pkmap pool is full" : "failed");
		return 0;
	}
	fprintf(sc->out, "%s = %s(pfn 0x%lx) = 0x%llx\n", name ? name : argv[1], argv[1],
		pages->pfn[0], (unsigned long long)addr);
	if (name) {
		unsigned long pfn = pages->pfn[0];

		b = binding_new(sc, name);
		b->kind = local ? BIND_KMAP_LOCAL : BIND_KMAP;
		b->addr = addr;
		b->size = 4096;
		binding_push(b, pfn, 0);
	}
	return 0;
}

static int kernel_kunmap(struct scenario *sc, int argc, char **argv)
{
	bool local = !strcmp(argv[1], "kunmap_local");
	struct binding *b;
	int ret;

	if (argc != 3)
		return fail(sc, "%s: expected a kmap result", argv[1]);
	b = binding_find(sc, argv[2]);
	if (!b)
		return fail(sc, "%s: no result named '%s'", argv[1], argv[2]);
	if (local)
		ret = mms_kunmap_local(sc->m, b->addr);
	else
		ret = mms_kunmap(sc->m, b->n ? b->pfn[0] : ~0UL);
	fprintf(sc->out, "%s %s: %s\n", argv[1], argv[2], ret ? "error (see dmesg)" : "done");
	if (b->kind == BIND_KMAP || b->kind == BIND_KMAP_LOCAL)
		binding_remove(sc, b);
	return 0;
}

/* kernel read ADDR [len=N] / kernel write ADDR [len=N] [byte=V]: through the MMU. */
static int kernel_rw(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "len", "byte", NULL };
	bool write = !strcmp(argv[1], "write");
	int end = expr_end(argc, argv, 2);
	unsigned long len = 1, byte = 0xab;
	uint64_t addr;
	const char *v;
	uint8_t *buf;
	int ret;

	if (eval_args(sc, argv[1], 2, end, argv, &addr) || check_args(sc, argc, argv, end, keys))
		return -1;
	if ((v = arg_value(argc, argv, end, "len")) &&
	    parse_uint_arg(sc, argv[1], "len", v, 1UL << 24, &len))
		return -1;
	if ((v = arg_value(argc, argv, end, "byte")) &&
	    parse_uint_arg(sc, argv[1], "byte", v, 255, &byte))
		return -1;
	buf = malloc(len ? len : 1);
	if (!buf)
		abort();
	memset(buf, (int)byte, len);
	ret = write ? mms_kernel_write(sc->m, addr, buf, len) :
		      mms_kernel_read(sc->m, addr, buf, len);
	if (ret)
		fprintf(sc->out, "kernel %s 0x%llx len %lu: page fault (see dmesg)\n", argv[1],
			(unsigned long long)addr, len);
	else if (write)
		fprintf(sc->out, "kernel write 0x%llx len %lu: 0x%02lx written\n",
			(unsigned long long)addr, len, byte);
	else
		fprintf(sc->out, "kernel read 0x%llx len %lu: first byte 0x%02x\n",
			(unsigned long long)addr, len, buf[0]);
	free(buf);
	return 0;
}

static int cmd_kernel(struct scenario *sc, int argc, char **argv)
{
	int ret;

	if (argc < 2)
		return fail(sc, "kernel: expected alloc_pages, free_pages or drain_all_pages");
	if (need_machine(sc, "kernel"))
		return -1;
	if (!strcmp(argv[1], "alloc_pages"))
		return kernel_alloc_pages(sc, argc, argv);
	if (!strcmp(argv[1], "free_pages"))
		return kernel_free_pages(sc, argc, argv);
	if (!strcmp(argv[1], "vmalloc"))
		return kernel_vmalloc(sc, argc, argv);
	if (!strcmp(argv[1], "vfree") || !strcmp(argv[1], "vunmap"))
		return kernel_vfree(sc, argc, argv);
	if (!strcmp(argv[1], "vmap"))
		return kernel_vmap(sc, argc, argv);
	if (!strcmp(argv[1], "kmap") || !strcmp(argv[1], "kmap_local"))
		return kernel_kmap(sc, argc, argv);
	if (!strcmp(argv[1], "kunmap") || !strcmp(argv[1], "kunmap_local"))
		return kernel_kunmap(sc, argc, argv);
	if (!strcmp(argv[1], "read") || !strcmp(argv[1], "write"))
		return kernel_rw(sc, argc, argv);
	ret = kernel_slab_command(sc, argc, argv);
	if (ret <= 0)
		return ret;
	ret = kernel_kmem_command(sc, argc, argv);
	if (ret <= 0)
		return ret;
	if (!strcmp(argv[1], "flush_tlb_all")) {
		mms_flush_tlb_all(sc->m);
		return 0;
	}
	if (!strcmp(argv[1], "drain_all_pages")) {
		if (argc != 2)
			return fail(sc, "drain_all_pages: takes no arguments");
		mms_drain_all_pages(sc->m);
		return 0;
	}
	return fail(sc, "kernel: unknown function '%s'", argv[1]);
}

/* translate EXPR [read|write|fetch] [user|kernel] */
static int cmd_translate(struct scenario *sc, int argc, char **argv)
{
	const char *access = "read", *mode = "kernel";
	int end = argc, err;
	uint64_t va;
	char *text;

	if (need_machine(sc, "translate"))
		return -1;
	while (end > 2) {
		const char *w = argv[end - 1];

		if (!strcmp(w, "read") || !strcmp(w, "write") || !strcmp(w, "fetch"))
			access = w;
		else if (!strcmp(w, "user") || !strcmp(w, "kernel"))
			mode = w;
		else
			break;
		end--;
	}
	if (eval_args(sc, "translate", 1, end, argv, &va))
		return -1;
	text = mms_translate_text(sc->m, va, access, mode, &err);
	if (!text)
		return fail(sc, "translate: bad access or mode");
	fputs(text, sc->out);
	free(text);
	return 0;
}

static int cmd_cpu(struct scenario *sc, int argc, char **argv)
{
	unsigned long cpu = 0;

	if (argc != 2)
		return fail(sc, "cpu: expected a CPU number");
	if (need_machine(sc, "cpu") || parse_uint_arg(sc, "cpu", "cpu", argv[1], 63, &cpu))
		return -1;
	if (mms_set_cpu(sc->m, (int)cpu))
		return fail(sc, "cpu: CPU %lu does not exist", cpu);
	return 0;
}

static int cmd_sysctl(struct scenario *sc, int argc, char **argv)
{
	char msg[256];

	if (need_machine(sc, "sysctl"))
		return -1;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int ret;

		if (!eq)
			return fail(sc, "sysctl: '%s': expected name=value", argv[i]);
		*eq = '\0';
		ret = mms_sysctl_write(sc->m, argv[i], eq + 1, msg, sizeof(msg));
		*eq = '=';
		if (ret)
			return fail(sc, "sysctl: %s", msg);
	}
	return 0;
}

static int cmd_check(struct scenario *sc, int argc, char **argv)
{
	int errors;

	(void)argv;
	if (argc != 1)
		return fail(sc, "check: takes no arguments");
	if (need_machine(sc, "check"))
		return -1;
	{
		char *before = mms_view(sc->m, "dmesg"), *after;
		size_t len = before ? strlen(before) : 0;

		errors = mms_check(sc->m);
		after = mms_view(sc->m, "dmesg");
		/* the checker's reports, on the error stream with the failure */
		if (errors && after && strlen(after) > len)
			fputs(after + len, sc->err);
		free(before);
		free(after);
	}
	if (errors)
		return fail(sc, "check: %d invariant violation%s (see dmesg)", errors,
			    errors == 1 ? "" : "s");
	fprintf(sc->out, "check: all invariants hold\n");
	return 0;
}

/* say prints the rest of its line verbatim: spacing, quotes and '#' kept. */
static int cmd_say(struct scenario *sc, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(sc->out, "%s\n", sc->rest);
	return 0;
}

/* let NAME = EXPR: remember a number for later expressions. */
static int cmd_let(struct scenario *sc, int argc, char **argv)
{
	struct lookup_ctx ctx = { .m = sc->m, .bindings = sc,
				  .binding_value = scenario_binding_value,
				  .vars = sc->vars, .nvars = sc->nvars };
	struct value v;
	char msg[256];
	size_t i;

	if (argc < 4 || strcmp(argv[2], "="))
		return fail(sc, "let: expected let NAME = EXPRESSION");
	if (strchr(argv[1], '.') || (argv[1][0] >= '0' && argv[1][0] <= '9'))
		return fail(sc, "let: '%s' is not a plain name", argv[1]);
	if (need_machine(sc, "let"))
		return -1;
	if (eval_expr(&ctx, argc - 3, argv + 3, &v, msg, sizeof(msg)))
		return fail(sc, "let: %s", msg);
	if (v.is_str)
		return fail(sc, "let: '%s' is not a number", v.str);
	for (i = 0; i < sc->nvars; i++)
		if (!strcmp(sc->vars[i].name, argv[1]))
			break;
	if (i == sc->nvars) {
		struct variable *nv = realloc(sc->vars, (sc->nvars + 1) * sizeof(*nv));

		if (!nv)
			abort();
		sc->vars = nv;
		snprintf(sc->vars[sc->nvars++].name, sizeof(nv->name), "%s", argv[1]);
	}
	sc->vars[i].value = v.num;
	fprintf(sc->out, "%s = %llu\n", argv[1], (unsigned long long)v.num);
	return 0;
}

static int cmd_expect(struct scenario *sc, int argc, char **argv)
{
	struct lookup_ctx ctx = { .m = sc->m, .bindings = sc, .binding_value = NULL,
				  .vars = sc->vars, .nvars = sc->nvars };
	char msg[512];
	int r;

	if (need_machine(sc, "expect"))
		return -1;
	ctx.binding_value = scenario_binding_value;
	r = expect_eval(&ctx, argc - 1, argv + 1, msg, sizeof(msg));
	if (r < 0)
		return fail(sc, "expect: %s", msg);
	if (r == 0)
		return fail(sc, "expect failed: %s", msg);
	return 0;
}

/**
 * scenario_binding_value - the value of NAME.pfn / .order / .count /
 * .node / .zone for lookup.c.
 */
int scenario_binding_value(void *bindings, mms_machine *m, const char *name,
			   const char *field, struct value *out)
{
	struct scenario *sc = bindings;
	struct binding *b = binding_find(sc, name);
	const char *zone;
	int nid;

	if (!b) {	/* a task: NAME.minflt, NAME.rss ... (cmd_task.c) */
		uint64_t v;
		int r = task_binding_value(sc, name, field, &v);

		if (!r)
			value_num(out, v);
		return r;
	}
	if (!strcmp(field, "count")) {
		value_num(out, b->kind == BIND_CMA ? b->size : b->n);
		return 0;
	}
	if (!strcmp(field, "addr") || !strcmp(field, "size")) {
		if (b->kind == BIND_PAGES || b->kind == BIND_CMA)
			return -EINVAL;
		value_num(out, field[0] == 'a' ? b->addr : b->size);
		return 0;
	}
	if (b->kind == BIND_PERCPU && !strncmp(field, "cpu", 3)) {
		uint64_t addr;
		char *end;
		long cpu = strtol(field + 3, &end, 10);

		if (end == field + 3 || *end || mms_per_cpu_ptr(m, b->addr, (int)cpu, &addr))
			return -EINVAL;
		value_num(out, addr);
		return 0;
	}
	if (b->kind == BIND_OBJECTS || b->kind == BIND_PERCPU)
		return -EINVAL;		/* objects: addr, size, count */
	if (b->n == 0)
		return -ENODATA;
	if (!strcmp(field, "pfn")) {
		value_num(out, b->pfn[0]);
	} else if (!strcmp(field, "order")) {
		value_num(out, b->order[0]);
	} else if (!strcmp(field, "node") || !strcmp(field, "zone")) {
		if (mms_page_zone(m, b->pfn[0], &nid, &zone))
			return -ENODATA;
		if (field[0] == 'n')
			value_num(out, (uint64_t)nid);
		else
			value_str(out, zone);
	} else {
		return -EINVAL;
	}
	return 0;
}

struct command {
	const char *name;
	int (*run)(struct scenario *sc, int argc, char **argv);
	const char *help;
};

static void print_help_block(FILE *f, const char *help)
{
	fputs("  ", f);
	for (const char *c = help; *c; c++) {
		fputc(*c, f);
		if (*c == '\n')
			fputs("  ", f);
	}
	fputc('\n', f);
}

static const struct command commands[] = {
	{ "machine", cmd_machine, "machine KEY=VALUE...     configure before boot (keys below)" },
	{ "boot", cmd_boot, "boot                     boot the machine" },
	{ "show", cmd_show, "show PATH                print a view: /proc/meminfo, /proc/buddyinfo, dmesg ...\n"
			    "show PATH grep WORD...   only the lines with one of the WORDs\n"
			    "show dmesg new           the kernel log since the last 'show dmesg'\n"
			    "show pagetable [START END]  the kernel page table as a tree" },
	{ "kernel", cmd_kernel, "kernel alloc_pages [order=N] [gfp=FLAGS] [node=N] [count=N|max] [as NAME]\n"
				"kernel free_pages NAME [order=N] | pfn=N order=N\n"
				"kernel drain_all_pages | flush_tlb_all\n"
				"kernel vmalloc SIZE [zero=1] [node=N] as NAME | vfree NAME|ADDR\n"
				"kernel vmap PAGES as NAME | vunmap NAME\n"
				"kernel kmap PAGES as NAME | kunmap NAME | kmap_local PAGES as NAME | kunmap_local NAME\n"
				"kernel read ADDR [len=N] | write ADDR [len=N] [byte=V]   (through the MMU)" },
	{ "file", cmd_file, file_help },
	{ "translate", cmd_translate, "translate ADDR [read|write|fetch] [user|kernel]\n"
				      "                         one address translation, step by step" },
	{ "cpu", cmd_cpu, "cpu N                    run the following commands on CPU N" },
	{ "sysctl", cmd_sysctl, "sysctl NAME=VALUE...     vm.min_free_kbytes, vm.watermark_scale_factor" },
	{ "check", cmd_check, "check                    run the invariant checker" },
	{ "expect", cmd_expect, "expect A OP B            OP: == != < <= > >=; A, B: numbers (4K, 1G),\n"
				"                         view values (meminfo.MemFree, vmstat.pgfree,\n"
				"                         zoneinfo.Normal.min, buddyinfo.DMA32.3 ...), NAME.pfn\n"
				"expect dmesg ~ \"TEXT\"     the kernel log contains TEXT (!~: does not)" },
	{ "let", cmd_let, "let NAME = EXPR          remember a number (usable in later expressions)" },
	{ "say", cmd_say, "say TEXT                 print TEXT" },
};

/**
 * scenario_help - print the command summary.
 */
void scenario_help(FILE *f)
{
	const char *const *p;

	fprintf(f, "\nscenario commands (one per line, '#' starts a comment):\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		print_help_block(f, commands[i].help);
		/* command groups that live in their own files */
		if (!strcmp(commands[i].name, "kernel")) {
			print_help_block(f, kernel_slab_help);
			print_help_block(f, kernel_kmem_help);
			print_help_block(f, task_help);
		}
	}
	fprintf(f, "\nmachine keys:");
	for (const char *const *k = mms_config_keys(); *k; k++)
		fprintf(f, " %s", *k);
	fputc('\n', f);
	fprintf(f, "\nviews:");
	for (p = mms_view_paths(); *p; p++)
		fprintf(f, " %s", *p);
	fprintf(f, "\n");
}

static int run_command(struct scenario *sc, int argc, char **argv);

/* Split @line into words; "double quotes" group; '#' outside quotes ends it. */
static int tokenize(struct scenario *sc, char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (argc == MAX_ARGS)
			return fail(sc, "too many words on one line (at most %d)", MAX_ARGS);
		if (*p == '"') {
			char *end = strchr(p + 1, '"');

			if (!end)
				return fail(sc, "unterminated \"");
			*end = '\0';
			argv[argc++] = p + 1;
			p = end + 1;
			continue;
		}
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return argc;
}

static int run_line(struct scenario *sc, char *line)
{
	char *argv[MAX_ARGS];
	char *raw = strdup(line);
	const char *rest = raw;
	int argc, ret;

	if (!raw)
		abort();
	/* The verbatim text after the command word (for say). */
	rest += strspn(rest, " \t");
	rest += strcspn(rest, " \t\r");
	if (*rest)
		rest++;
	sc->rest = rest;
	argc = tokenize(sc, line, argv);
	ret = argc <= 0 ? argc : run_command(sc, argc, argv);
	free(raw);
	return ret;
}

static int run_command(struct scenario *sc, int argc, char **argv)
{
	int ret;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, argv[0]))
			return commands[i].run(sc, argc, argv);
	ret = task_command(sc, argc, argv);	/* spawn, NAME VERB ... (cmd_task.c) */
	if (ret != 1)
		return ret;
	return fail(sc, "unknown command '%s' (see mmsim --help)", argv[0]);
}

/**
 * scenario_run_text - run every line of @text; 0 or 1.
 */
int scenario_run_text(const char *name, const char *text, FILE *out, FILE *err)
{
	struct scenario sc = { .file = name, .out = out, .err = err };
	const char *p = text;
	int status = 0;

	mms_config_init(&sc.cfg);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = malloc(n + 1);

		if (!line)
			abort();
		memcpy(line, p, n);
		line[n] = '\0';
		sc.line++;
		status = run_line(&sc, line);
		free(line);
		if (status < 0)
			break;
		p += n + (nl ? 1 : 0);
	}
	fflush(out);
	for (size_t i = 0; i < sc.nb; i++)
		binding_clear(&sc.b[i]);
	free(sc.b);
	free(sc.vars);
	mms_machine_free(sc.m);
	return status < 0 ? 1 : 0;
}

/**
 * scenario_run_file - read @path (or stdin for "-") and run it.
 */
int scenario_run_file(const char *path, FILE *out, FILE *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *text = NULL;
	size_t len = 0, cap = 0;
	int status;

	if (!f) {
		fprintf(err, "mmsim: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			text = realloc(text, cap);
			if (!text)
				abort();
		}
		size_t got = fread(text + len, 1, 4096, f);

		len += got;
		if (got < 4096)
			break;
	}
	text[len] = '\0';
	if (f != stdin)
		fclose(f);
	status = scenario_run_text(strcmp(path, "-") ? path : "<stdin>", text, out, err);
	free(text);
	return status;
}
