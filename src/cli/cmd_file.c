// SPDX-License-Identifier: MIT
/*
 * cmd_file.c - the scenario commands of files and the page cache:
 *
 *   file create NAME SIZE [tmpfs]   a file on the disk (pristine content) or in tmpfs
 *   file read NAME OFFSET LEN       read through the page cache (readahead ...)
 *   file write NAME OFFSET LEN [byte=V]   write (dirty pages, throttling ...)
 *   file fsync NAME | file sync     write back and wait (one file, every file)
 *   file drop_caches [1|2|3]        echo N > /proc/sys/vm/drop_caches
 *   file delete NAME                unlink (the pages go)
 *   file wait DURATION              let time pass (5s, 500ms, 10us): I/O completes,
 *                                   the flusher runs on its timer
 *   file stat NAME                  the file's cached, dirty, writeback pages, ra state
 *
 * These stand in for tasks' read/write/fsync until tasks exist; they call
 * the same kernel functions.  Each prints what happened: the bytes, the
 * disk reads and writes it caused (vmstat pgpgin / pgpgout), the
 * simulated time it took.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_impl.h"

const char file_help[] =
	"file create NAME SIZE [tmpfs] | file delete NAME | file stat NAME\n"
	"file read NAME OFFSET LEN | file write NAME OFFSET LEN [byte=V]\n"
	"file fsync NAME | file sync | file drop_caches [N] | file wait DURATION (5s, 20ms)";

static unsigned long vmstat_value(struct scenario *sc, const char *name)
{
	char *t = mms_view(sc->m, "/proc/vmstat");
	size_t n = strlen(name);
	unsigned long v = 0;

	for (const char *p = t; p && *p;) {
		if (!strncmp(p, name, n) && p[n] == ' ') {
			v = strtoul(p + n + 1, NULL, 10);
			break;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	free(t);
	return v;
}

/* What an operation cost: the disk traffic and the simulated time. */
struct op_cost {
	unsigned long in, out;
	uint64_t ns;
};

static void cost_begin(struct scenario *sc, struct op_cost *c)
{
	c->in = vmstat_value(sc, "pgpgin");
	c->out = vmstat_value(sc, "pgpgout");
	c->ns = mms_clock_ns(sc->m);
}

static void cost_end(struct scenario *sc, const struct op_cost *c)
{
	unsigned long in = vmstat_value(sc, "pgpgin") - c->in;
	unsigned long out = vmstat_value(sc, "pgpgout") - c->out;
	uint64_t ns = mms_clock_ns(sc->m) - c->ns;

	fprintf(sc->out, " [disk read %luK, written %luK; %llu.%03llu us]\n", in, out,
		(unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000));
}

static const char *errname(long err)
{
	switch (err) {
	case -ENOENT: return "-ENOENT";
	case -EEXIST: return "-EEXIST";
	case -EINVAL: return "-EINVAL";
	case -EFBIG: return "-EFBIG";
	case -ENOSPC: return "-ENOSPC";
	case -ENOMEM: return "-ENOMEM";
	case -EFAULT: return "-EFAULT";
	default: return "error";
	}
}

static int file_create(struct scenario *sc, int argc, char **argv)
{
	bool tmpfs = argc == 5 && !strcmp(argv[4], "tmpfs");
	uint64_t size;
	int ret;

	if (argc != 4 && !tmpfs)
		return fail(sc, "file create: expected NAME SIZE [tmpfs]");
	if (eval_args(sc, "file create", 3, 4, argv, &size))
		return -1;
	ret = mms_file_create(sc->m, argv[2], size, tmpfs);
	if (ret)
		fprintf(sc->out, "file create %s: %s\n", argv[2], errname(ret));
	else
		fprintf(sc->out, "file create %s: %llu bytes on %s\n", argv[2],
			(unsigned long long)size, tmpfs ? "tmpfs" : "sda");
	return 0;
}

static int file_rw(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "byte", NULL };
	bool write = !strcmp(argv[1], "write");
	uint64_t off, len;
	unsigned long byte = 0xab;
	struct op_cost c;
	const char *v;
	uint8_t *buf;
	long ret;

	if (argc < 5)
		return fail(sc, "file %s: expected NAME OFFSET LEN", argv[1]);
	if (eval_args(sc, argv[1], 3, 4, argv, &off) || eval_args(sc, argv[1], 4, 5, argv, &len) ||
	    check_args(sc, argc, argv, 5, keys))
		return -1;
	if (!write && argc > 5)
		return fail(sc, "file read: unexpected argument '%s'", argv[5]);
	if ((v = arg_value(argc, argv, 5, "byte")) &&
	    parse_uint_arg(sc, "file write", "byte", v, 255, &byte))
		return -1;
	if (len > (64UL << 20))
		return fail(sc, "file %s: LEN at most 64M", argv[1]);
	buf = malloc(len ? len : 1);
	if (!buf)
		abort();
	memset(buf, (int)byte, len);
	cost_begin(sc, &c);
	ret = write ? mms_file_write(sc->m, argv[2], off, buf, len) :
		      mms_file_read(sc->m, argv[2], off, buf, len);
	if (ret < 0) {
		fprintf(sc->out, "file %s %s: %s", argv[1], argv[2], errname(ret));
	} else if (write) {
		fprintf(sc->out, "file write %s %llu+%llu: %ld bytes of 0x%02lx", argv[2],
			(unsigned long long)off, (unsigned long long)len, ret, byte);
	} else {
		long pristine = 0;
		struct mms_file_stat st;

		for (long i = 0; i < ret; i++)
			pristine += buf[i] == mms_file_expected_byte(argv[2], off + (uint64_t)i);
		fprintf(sc->out, "file read %s %llu+%llu: %ld bytes", argv[2],
			(unsigned long long)off, (unsigned long long)len, ret);
		if (ret && !mms_file_stat(sc->m, argv[2], &st) && st.tmpfs)
			fprintf(sc->out, ", first 0x%02x", buf[0]);
		else if (ret)
			fprintf(sc->out, ", first 0x%02x, %s", buf[0],
				pristine == ret ? "the disk's pristine content" :
				pristine == 0 ? "none of it pristine" : "partly pristine");
	}
	cost_end(sc, &c);
	free(buf);
	return 0;
}

static int file_simple(struct scenario *sc, int argc, char **argv)
{
	struct op_cost c;
	int ret = 0;

	if (argc != 3)
		return fail(sc, "file %s: expected NAME", argv[1]);
	cost_begin(sc, &c);
	if (!strcmp(argv[1], "fsync"))
		ret = mms_file_fsync(sc->m, argv[2]);
	else
		ret = mms_file_unlink(sc->m, argv[2]);
	fprintf(sc->out, "file %s %s: %s", argv[1], argv[2], ret ? errname(ret) : "done");
	cost_end(sc, &c);
	return 0;
}

static int file_sync(struct scenario *sc, int argc, char **argv)
{
	struct op_cost c;

	(void)argv;
	if (argc != 2)
		return fail(sc, "file sync: takes no arguments");
	cost_begin(sc, &c);
	mms_sync(sc->m);
	fprintf(sc->out, "file sync: done");
	cost_end(sc, &c);
	return 0;
}

static int file_drop_caches(struct scenario *sc, int argc, char **argv)
{
	const char *v = argc == 3 ? argv[2] : "1";
	char msg[256];

	if (argc > 3)
		return fail(sc, "file drop_caches: expected at most N");
	if (mms_sysctl_write(sc->m, "vm.drop_caches", v, msg, sizeof(msg)))
		return fail(sc, "file drop_caches: %s", msg);
	fprintf(sc->out, "echo %s > /proc/sys/vm/drop_caches\n", v);
	return 0;
}

/* DURATION: a number with ns, us, ms or s. */
static int file_wait(struct scenario *sc, int argc, char **argv)
{
	static const struct { const char *unit; uint64_t ns; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	};
	struct op_cost c;
	char *end;
	unsigned long long n;

	if (argc != 3)
		return fail(sc, "file wait: expected a duration (5s, 500ms)");
	n = strtoull(argv[2], &end, 10);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (end != argv[2] && !strcmp(end, units[i].unit) && n <= 3600ULL * 1000000000 / units[i].ns) {
			cost_begin(sc, &c);
			mms_idle(sc->m, n * units[i].ns);
			fprintf(sc->out, "file wait %s: done", argv[2]);
			cost_end(sc, &c);
			return 0;
		}
	return fail(sc, "file wait: '%s': expected a number of ns, us, ms or s (at most an hour)",
		    argv[2]);
}

static int file_stat(struct scenario *sc, int argc, char **argv)
{
	struct mms_file_stat st;

	if (argc != 3)
		return fail(sc, "file stat: expected NAME");
	if (mms_file_stat(sc->m, argv[2], &st)) {
		fprintf(sc->out, "file stat %s: -ENOENT\n", argv[2]);
		return 0;
	}
	fprintf(sc->out, "file %s: size %llu%s, %lu pages cached, %lu dirty, %lu under writeback;"
		" ra start %lu size %lu async_size %lu\n", argv[2], (unsigned long long)st.size,
		st.tmpfs ? " (tmpfs)" : "", st.nrpages, st.dirty, st.writeback, st.ra_start,
		st.ra_size, st.ra_async_size);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(struct scenario *sc, int argc, char **argv);
} file_commands[] = {
	{ "create", file_create }, { "read", file_rw }, { "write", file_rw },
	{ "fsync", file_simple }, { "delete", file_simple }, { "sync", file_sync },
	{ "drop_caches", file_drop_caches }, { "wait", file_wait }, { "stat", file_stat },
};

/** cmd_file - see scenario_impl.h. */
int cmd_file(struct scenario *sc, int argc, char **argv)
{
	if (argc < 2)
		return fail(sc, "file: expected create, read, write, fsync, sync, drop_caches, delete, wait or stat");
	if (need_machine(sc, "file"))
		return -1;
	for (size_t i = 0; i < sizeof(file_commands) / sizeof(file_commands[0]); i++)
		if (!strcmp(file_commands[i].name, argv[1]))
			return file_commands[i].run(sc, argc, argv);
	return fail(sc, "file: unknown command '%s'", argv[1]);
}
