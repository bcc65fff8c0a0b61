// SPDX-License-Identifier: MIT
/*
 * cmd_task.c - the scenario commands for processes: spawn, and
 * "NAME VERB ..." for a task NAME (fork, exit, the memory system calls,
 * reads and writes through the MMU, brk, cpu).  Results of mmap bind a
 * name (BUF.addr, BUF.size); task numbers read as NAME.minflt, NAME.rss
 * ... in expressions.  See docs/scenario.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_impl.h"

/* Linux's values (uapi asm-generic/mman-common.h, x86) */
#define T_PROT_READ 1
#define T_PROT_WRITE 2
#define T_PROT_EXEC 4
#define T_MAP_SHARED 0x01
#define T_MAP_PRIVATE 0x02
#define T_MAP_FIXED 0x10
#define T_MAP_ANONYMOUS 0x20
#define T_MAP_GROWSDOWN 0x100
#define T_MAP_LOCKED 0x2000
#define T_MAP_NORESERVE 0x4000
#define T_MAP_POPULATE 0x8000
#define T_MAP_STACK 0x20000
#define T_MAP_FIXED_NOREPLACE 0x100000

const char task_help[] =
	"spawn NAME [pie=0|1] [text=SIZE] [data=SIZE] [bss=SIZE] [root=1] [cpu=N] [static=1]\n"
	"          [interp=PATH] [libs=LIB[:text=SIZE:data=SIZE:...],LIB...]\n"
	"                         a process running a program of those segments, dynamically\n"
	"                         linked (ld-linux, [vvar], [vdso], libc.so.6 unless libs=)\n"
	"NAME exec PROGRAM [the keys of spawn but cpu]   execve: a new address space, same pid\n"
	"NAME fork as CHILD | NAME thread as T | NAME exit [CODE] | NAME reap | NAME cpu N\n"
	"NAME mmap SIZE [rw|r|rx|rwx|w|x|none] [private|shared] [anonymous] [fixed=ADDR] [file=FILE off=N]\n"
	"          [noreplace] [addr=HINT] [populate] [noreserve] [growsdown] [stack] [locked] as BUF\n"
	"NAME munmap BUF|ADDR [LEN] | NAME mprotect BUF|ADDR [LEN] PROT\n"
	"NAME mremap BUF|ADDR OLDLEN NEWLEN [maymove] [dontunmap] [fixed=ADDR] [as BUF2]\n"
	"NAME madvise BUF|ADDR [LEN] dontneed|free|willneed|normal|sequential|random|remove|\n"
	"          mergeable|unmergeable|hugepage|nohugepage|dontfork|dofork\n"
	"NAME mlock BUF|ADDR [LEN] [onfault] | munlock BUF|ADDR [LEN] | mlockall current|future[,onfault]\n"
	"NAME munlockall | NAME msync BUF|ADDR [LEN] [sync|async|invalidate] | NAME mincore BUF|ADDR [LEN]\n"
	"NAME read|write|touch BUF|ADDR [LEN] [off=N] [byte=V]   user-mode accesses through the MMU\n"
	"                         (touch: one read a page; touch write=1: one write a page)\n"
	"NAME brk [+SIZE|-SIZE|ADDR] (expressions: NAME.minflt .majflt .rss .rss_anon .rss_file\n"
	"                         .rss_shmem .total_vm .locked_vm .map_count .brk .pid .alive\n"
	"                         .exit_code .threads .cpu ...; BUF.addr, BUF.size)\n"
	"NAME open FILE [r|w|rw] [creat] [excl] [trunc] [append] [cloexec] [as FD]\n"
	"NAME close FD | NAME read|write FD BUF|ADDR LEN | NAME pread|pwrite FD BUF|ADDR LEN OFF\n"
	"NAME lseek FD OFF [set|cur|end|data|hole] | NAME fsync|fdatasync FD | NAME ftruncate FD LEN\n"
	"NAME fdinfo FD           file system calls made by the task (results: bytes, offsets\n"
	"                         or -ERRNO); NAME.fd: the last fd its open gave; NAME.ret,\n"
	"                         NAME.errno: the last call's result (>= 0) or errno (EBADF 9,\n"
	"                         EFAULT 14 ...); fdinfo: /proc/PID/fdinfo/FD (pos, flags, mnt_id, ino)";

static const char *errname(long e)
{
	static const struct { int e; const char *n; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { EBADF, "EBADF" },
		{ EOVERFLOW, "EOVERFLOW" }, { E2BIG, "E2BIG" }, { EMFILE, "EMFILE" },
		{ ENOTDIR, "ENOTDIR" }, { ENAMETOOLONG, "ENAMETOOLONG" }, { EFBIG, "EFBIG" },
		{ ENOSPC, "ENOSPC" }, { ENXIO, "ENXIO" }, { ESPIPE, "ESPIPE" },
		{ ENOEXEC, "ENOEXEC" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == -e)
			return names[i].n;
	return "E?";
}

/* What a failed user access did to the task: the signal it died of. */
static const char *killed_by(struct scenario *sc, int pid)
{
	uint64_t code = 0;

	mms_task_value(sc->m, pid, "exit_code", &code);
	return code == 7 ? "the task was killed by SIGBUS" :
	       code == 11 ? "the task was killed by SIGSEGV: see dmesg" :
	       "the task was killed: see dmesg";
}

static int task_pid(struct scenario *sc, const char *name)
{
	int pid = mms_task_pid(sc->m, name);

	if (pid < 0)
		fail(sc, "no task named '%s'", name);
	return pid;
}

/* One token as a number (a size, an address, NAME.addr ...). */
static int num(struct scenario *sc, const char *cmd, char *tok, uint64_t *out)
{
	char *argv[1] = { tok };

	return eval_args(sc, cmd, 0, 1, argv, out);
}

/* BUF|ADDR [LEN]: the range at argv[i]; *next is the first word after it. */
static int range(struct scenario *sc, const char *cmd, int argc, char **argv, int i,
		 uint64_t *addr, uint64_t *len, int *next, bool len_optional_word)
{
	struct binding *b;

	if (i >= argc)
		return fail(sc, "%s: expected a mapping name or an address", cmd);
	b = binding_find(sc, argv[i]);
	if (b && b->kind == BIND_USER) {
		*addr = b->addr;
		*len = b->size;
	} else {
		if (num(sc, cmd, argv[i], addr))
			return -1;
		*len = 4096;
	}
	i++;
	if (i < argc && !strchr(argv[i], '=') && strcmp(argv[i], "as") &&
	    (argv[i][0] >= '0' && argv[i][0] <= '9')) {
		if (num(sc, cmd, argv[i], len))
			return -1;
		i++;
	}
	(void)len_optional_word;
	*next = i;
	return 0;
}

static int parse_prot(const char *w, int *prot)
{
	static const struct { const char *n; int p; } t[] = {
		{ "none", 0 }, { "r", 1 }, { "w", 2 }, { "rw", 3 }, { "x", 4 }, { "rx", 5 },
		{ "wx", 6 }, { "rwx", 7 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(w, t[i].n)) {
			*prot = t[i].p;
			return 0;
		}
	return -1;
}

static void report(struct scenario *sc, const char *name, const char *what, int64_t r)
{
	if (r < 0)
		fprintf(sc->out, "%s %s = -%s\n", name, what, errname((long)r));
	else if (r > 0xffff)
		fprintf(sc->out, "%s %s = %#llx\n", name, what, (unsigned long long)r);
	else
		fprintf(sc->out, "%s %s = %lld\n", name, what, (long long)r);
}

static void bind_user(struct scenario *sc, const char *as, int pid, uint64_t addr, uint64_t size)
{
	struct binding *b = binding_new(sc, as);

	b->kind = BIND_USER;
	b->addr = addr;
	b->size = size;
	b->pid = pid;
}

/*
 * The program keys of spawn and exec: pie text data bss root static
 * interp libs=NAME[:KEY=SIZE...][,NAME...] (KEY hdr, text, rodata, relro,
 * data, bss, rw_offset, rw_vaddr).  @libs and @names hold the libraries.
 */
static int parse_program(struct scenario *sc, const char *cmd, int argc, char **argv, int first,
			 struct mms_exec *e, struct mms_lib *libs, char (*names)[96])
{
	const char *v;

	if ((v = arg_value(argc, argv, first, "pie")))
		e->pie = strcmp(v, "0") != 0;
	if ((v = arg_value(argc, argv, first, "root")))
		e->privileged = strcmp(v, "0") != 0;
	if ((v = arg_value(argc, argv, first, "static")))
		e->is_static = strcmp(v, "0") != 0;
	e->interp = arg_value(argc, argv, first, "interp");
	if ((v = arg_value(argc, argv, first, "text")) && num(sc, cmd, (char *)v, &e->text))
		return -1;
	if ((v = arg_value(argc, argv, first, "data")) && num(sc, cmd, (char *)v, &e->data))
		return -1;
	if ((v = arg_value(argc, argv, first, "bss")) && num(sc, cmd, (char *)v, &e->bss))
		return -1;
	if ((v = arg_value(argc, argv, first, "libs"))) {
		char buf[1024], *save = NULL, *lib;
		int n = 0;

		snprintf(buf, sizeof(buf), "%s", v);
		for (lib = strtok_r(buf, ",", &save); lib; lib = strtok_r(NULL, ",", &save)) {
			char *save2 = NULL, *part = strtok_r(lib, ":", &save2);

			if (n == 16)
				return fail(sc, "%s: at most 16 libraries", cmd);
			memset(&libs[n], 0, sizeof(libs[n]));
			snprintf(names[n], 96, "%s", part);
			libs[n].name = names[n];
			while ((part = strtok_r(NULL, ":", &save2))) {
				static const char *const k[] = { "hdr", "text", "rodata", "relro", "data",
								 "bss", "rw_offset", "rw_vaddr" };
				uint64_t *f[] = { &libs[n].hdr, &libs[n].text, &libs[n].rodata,
						  &libs[n].relro, &libs[n].data, &libs[n].bss,
						  &libs[n].rw_offset, &libs[n].rw_vaddr };
				char *eq = strchr(part, '=');
				size_t i;

				for (i = 0; eq && i < 8; i++)
					if ((size_t)(eq - part) == strlen(k[i]) && !strncmp(part, k[i], strlen(k[i])))
						break;
				if (!eq || i == 8)
					return fail(sc, "%s: bad library size '%s' (hdr|text|rodata|relro|data|bss|rw_offset|rw_vaddr=SIZE)",
						    cmd, part);
				if (num(sc, cmd, eq + 1, f[i]))
					return -1;
			}
			n++;
		}
		e->nr_libs = n;
		e->libs = libs;
	}
	return 0;
}

static int cmd_spawn_task(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "pie", "text", "data", "bss", "root", "cpu", "static",
					    "interp", "libs", NULL };
	struct mms_exec e = { .pie = 1, .text = 64 << 10, .data = 16 << 10, .bss = 16 << 10 };
	struct mms_lib libs[16];
	char names[16][96];
	const char *v;
	uint64_t x;
	int pid, r;

	if (argc < 2 || strchr(argv[1], '=') || strchr(argv[1], '.'))
		return fail(sc, "spawn: expected spawn NAME [key=value...]");
	if (need_machine(sc, "spawn") || check_args(sc, argc, argv, 2, keys))
		return -1;
	if (mms_task_pid(sc->m, argv[1]) > 0) {
		uint64_t alive = 0;

		mms_task_value(sc->m, mms_task_pid(sc->m, argv[1]), "alive", &alive);
		if (alive)
			return fail(sc, "spawn: a task named '%s' exists", argv[1]);
	}
	if (parse_program(sc, "spawn", argc, argv, 2, &e, libs, names))
		return -1;
	r = mms_spawn(sc->m, argv[1], &e, &pid);
	if (r)
		return fail(sc, "spawn %s: -%s", argv[1], errname(r));
	if ((v = arg_value(argc, argv, 2, "cpu"))) {
		if (num(sc, "spawn", (char *)v, &x) || mms_task_set_cpu(sc->m, pid, (int)x))
			return fail(sc, "spawn: cpu=%s does not exist", v);
	}
	fprintf(sc->out, "spawn %s: pid %d\n", argv[1], pid);
	return 0;
}

/* NAME exec PROG [program keys]: execve; the result is printed (-ERRNO, or the pid kept). */
static int do_exec_cmd(struct scenario *sc, const char *name, int pid, int argc, char **argv)
{
	static const char *const keys[] = { "pie", "text", "data", "bss", "root", "static",
					    "interp", "libs", NULL };
	struct mms_exec e = { .pie = 1, .text = 64 << 10, .data = 16 << 10, .bss = 16 << 10 };
	struct mms_lib libs[16];
	char names[16][96];
	int r;

	if (argc < 3 || strchr(argv[2], '=') || strchr(argv[2], '.'))
		return fail(sc, "exec: expected NAME exec PROGRAM [key=value...]");
	if (check_args(sc, argc, argv, 3, keys) ||
	    parse_program(sc, "exec", argc, argv, 3, &e, libs, names))
		return -1;
	r = mms_execve(sc->m, pid, argv[2], &e);
	if (r)
		fprintf(sc->out, "%s exec %s = -%s\n", name, argv[2], errname(r));
	else
		fprintf(sc->out, "%s exec %s: pid %d\n", name, argv[2], pid);
	return 0;
}

static int do_mmap_cmd(struct scenario *sc, const char *name, int pid, int argc, char **argv)
{
	static const char *const keys[] = { "fixed", "addr", "file", "off", NULL };
	int end = expr_end(argc, argv, 2), prot = 3, flags = T_MAP_PRIVATE | T_MAP_ANONYMOUS;
	const char *file = arg_value(argc, argv, 3, "file");
	uint64_t off = 0;
	const char *as = arg_as(argc, argv, end), *v;
	uint64_t len, addr = 0;
	int64_t r;
	int i = 3;

	if (argc < 3 || num(sc, "mmap", argv[2], &len))
		return argc < 3 ? fail(sc, "mmap: expected a size") : -1;
	for (i = 3; i < argc && strcmp(argv[i], "as"); i++) {
		const char *w = argv[i];

		if (strchr(w, '='))
			continue;
		if (!parse_prot(w, &prot))
			continue;
		if (!strcmp(w, "private"))
			flags = (flags & ~0xf) | T_MAP_PRIVATE;
		else if (!strcmp(w, "shared"))
			flags = (flags & ~0xf) | T_MAP_SHARED;
		else if (!strcmp(w, "anonymous") || !strcmp(w, "anon"))
			flags |= T_MAP_ANONYMOUS;
		else if (!strcmp(w, "populate"))
			flags |= T_MAP_POPULATE;
		else if (!strcmp(w, "noreserve"))
			flags |= T_MAP_NORESERVE;
		else if (!strcmp(w, "growsdown"))
			flags |= T_MAP_GROWSDOWN;
		else if (!strcmp(w, "stack"))
			flags |= T_MAP_STACK;
		else if (!strcmp(w, "locked"))
			flags |= T_MAP_LOCKED;
		else if (!strcmp(w, "noreplace"))
			flags |= T_MAP_FIXED_NOREPLACE;
		else
			return fail(sc, "mmap: unknown word '%s'", w);
	}
	for (i = 3; i < argc; i++)
		if (strchr(argv[i], '=') && check_args(sc, argc, argv, i, keys))
			return -1;
	if ((v = arg_value(argc, argv, 3, "fixed"))) {
		if (num(sc, "mmap", (char *)v, &addr))
			return -1;
		if (!(flags & T_MAP_FIXED_NOREPLACE))
			flags |= T_MAP_FIXED;
	} else if ((v = arg_value(argc, argv, 3, "addr"))) {
		if (num(sc, "mmap", (char *)v, &addr))
			return -1;
	}
	if ((v = arg_value(argc, argv, 3, "off")) && num(sc, "mmap", (char *)v, &off))
		return -1;
	if (file)	/* a file mapping by the file's name */
		r = mms_mmap_file(sc->m, pid, file, addr, len, prot, flags & ~T_MAP_ANONYMOUS, off);
	else
		r = mms_mmap(sc->m, pid, addr, len, prot, flags, -1, 0);
	report(sc, name, "mmap", r);
	if (r >= 0 && as)
		bind_user(sc, as, pid, (uint64_t)r, (len + 4095) & ~4095ULL);
	return 0;
}

static int advice(const char *w)
{
	static const struct { const char *n; int a; } t[] = {
		{ "normal", 0 }, { "random", 1 }, { "sequential", 2 }, { "willneed", 3 },
		{ "dontneed", 4 }, { "free", 8 }, { "remove", 9 }, { "dontfork", 10 },
		{ "dofork", 11 }, { "mergeable", 12 }, { "unmergeable", 13 }, { "hugepage", 14 },
		{ "nohugepage", 15 }, { "dontdump", 16 }, { "dodump", 17 }, { "wipeonfork", 18 },
		{ "keeponfork", 19 }, { "cold", 20 }, { "pageout", 21 }, { "populate_read", 22 },
		{ "populate_write", 23 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(w, t[i].n))
			return t[i].a;
	return -1;
}

static int do_access_cmd(struct scenario *sc, const char *name, int pid, int argc, char **argv)
{
	static const char *const keys[] = { "off", "byte", "write", NULL };
	bool touch = !strcmp(argv[1], "touch");
	int kind = !strcmp(argv[1], "write") ? 1 : 0, next, r;
	uint64_t addr, len, off = 0, byte = 0x5a, w = 0;
	const char *v;

	if (range(sc, argv[1], argc, argv, 2, &addr, &len, &next, true) ||
	    check_args(sc, argc, argv, next, keys))
		return -1;
	if ((v = arg_value(argc, argv, next, "off")) && num(sc, argv[1], (char *)v, &off))
		return -1;
	if ((v = arg_value(argc, argv, next, "byte")) && num(sc, argv[1], (char *)v, &byte))
		return -1;
	if ((v = arg_value(argc, argv, next, "write")) && num(sc, argv[1], (char *)v, &w))
		return -1;
	if (touch && w)
		kind = 1;
	if (kind == 0 && !touch) {
		uint8_t *buf = malloc(len ? len : 1);
		uint64_t nz = 0;

		if (!buf)
			abort();
		r = mms_task_access(sc->m, pid, addr + off, len, 0, buf, 0, 0);
		for (uint64_t i = 0; !r && i < len; i++)
			nz += buf[i] != 0;
		free(buf);
		if (r)
			fprintf(sc->out, "%s read %#llx+%llu: -EFAULT (%s)\n", name,
				(unsigned long long)(addr + off), (unsigned long long)len,
				killed_by(sc, pid));
		else
			fprintf(sc->out, "%s read %#llx+%llu: %llu non-zero bytes\n", name,
				(unsigned long long)(addr + off), (unsigned long long)len,
				(unsigned long long)nz);
		return 0;
	}
	r = mms_task_access(sc->m, pid, addr + off, len, kind, NULL, (int)byte, touch);
	fprintf(sc->out, "%s %s %#llx+%llu: %s%s%s\n", name, argv[1],
		(unsigned long long)(addr + off), (unsigned long long)len, r ? "-EFAULT (" : "ok",
		r ? killed_by(sc, pid) : "", r ? ")" : "");
	return 0;
}


/* ---- file system calls (api_fs.c) ---- */

/* Linux's values (uapi asm-generic/fcntl.h) */
#define T_O_WRONLY 01
#define T_O_RDWR 02
#define T_O_CREAT 0100
#define T_O_EXCL 0200
#define T_O_TRUNC 01000
#define T_O_APPEND 02000
#define T_O_CLOEXEC 02000000

/* A scenario variable @name = @v (what "let" sets). */
static void set_var(struct scenario *sc, const char *name, uint64_t v)
{
	size_t i;

	for (i = 0; i < sc->nvars; i++)
		if (!strcmp(sc->vars[i].name, name))
			break;
	if (i == sc->nvars) {
		struct variable *nv = realloc(sc->vars, (sc->nvars + 1) * sizeof(*nv));

		if (!nv)
			abort();
		sc->vars = nv;
		snprintf(sc->vars[sc->nvars++].name, sizeof(nv->name), "%s", name);
	}
	sc->vars[i].value = v;
}

/* A number that is Linux's return value: decimal, or -ENAME. */
static void report_ret(struct scenario *sc, const char *name, const char *what, int64_t r)
{
	char var[64];

	snprintf(var, sizeof(var), "%s.ret", name);
	set_var(sc, var, r < 0 ? 0 : (uint64_t)r);
	snprintf(var, sizeof(var), "%s.errno", name);
	set_var(sc, var, r < 0 ? (uint64_t)-r : 0);
	if (r < 0)
		fprintf(sc->out, "%s %s = -%s\n", name, what, errname((long)r));
	else
		fprintf(sc->out, "%s %s = %lld\n", name, what, (long long)r);
}

/* A user address: BUF (its start) or an expression. */
static int user_addr(struct scenario *sc, const char *cmd, char *tok, uint64_t *out)
{
	struct binding *b = binding_find(sc, tok);

	if (b && b->kind == BIND_USER) {
		*out = b->addr;
		return 0;
	}
	return num(sc, cmd, tok, out);
}

/* Words after the verb that are not key=value. */
static int positional(int argc, char **argv)
{
	int n = 0;

	for (int i = 2; i < argc; i++)
		n += !strchr(argv[i], '=');
	return n;
}

static int do_open_cmd(struct scenario *sc, const char *name, int pid, int argc, char **argv)
{
	const char *as = arg_as(argc, argv, 3);
	int flags = 0;
	char var[64];
	int64_t r;

	if (argc < 3 || !strcmp(argv[2], "as"))
		return fail(sc, "open: expected NAME open FILE [r|w|rw] [creat] ... [as FD]");
	for (int i = 3; i < argc && strcmp(argv[i], "as"); i++) {
		const char *w = argv[i];

		if (!strcmp(w, "r"))
			flags &= ~3;
		else if (!strcmp(w, "w"))
			flags = (flags & ~3) | T_O_WRONLY;
		else if (!strcmp(w, "rw"))
			flags = (flags & ~3) | T_O_RDWR;
		else if (!strcmp(w, "creat"))
			flags |= T_O_CREAT;
		else if (!strcmp(w, "excl"))
			flags |= T_O_EXCL;
		else if (!strcmp(w, "trunc"))
			flags |= T_O_TRUNC;
		else if (!strcmp(w, "append"))
			flags |= T_O_APPEND;
		else if (!strcmp(w, "cloexec"))
			flags |= T_O_CLOEXEC;
		else
			return fail(sc, "open: unknown word '%s'", w);
	}
	r = mms_open(sc->m, pid, argv[2], flags, 0644);
	report_ret(sc, name, "open", r);
	if (r >= 0) {
		snprintf(var, sizeof(var), "%s.fd", name);
		set_var(sc, var, (uint64_t)r);
		if (as)
			set_var(sc, as, (uint64_t)r);
	}
	return 0;
}

/* NAME close|read|write|pread|pwrite|lseek|fsync|fdatasync|ftruncate|fdinfo FD ... */
static int do_fd_cmd(struct scenario *sc, const char *name, int pid, int argc, char **argv)
{
	const char *verb = argv[1];
	uint64_t fd, a = 0, len = 0, off = 0;
	int64_t r;

	if (argc < 3 || num(sc, verb, argv[2], &fd))
		return argc < 3 ? fail(sc, "%s: expected a file descriptor", verb) : -1;
	if (!strcmp(verb, "close")) {
		r = mms_close(sc->m, pid, (int)fd);
	} else if (!strcmp(verb, "read") || !strcmp(verb, "write") || !strcmp(verb, "pread") ||
		   !strcmp(verb, "pwrite")) {
		bool p = verb[0] == 'p';

		if (argc != (p ? 6 : 5))
			return fail(sc, "%s: expected %s FD BUF|ADDR LEN%s", verb, verb, p ? " OFF" : "");
		if (user_addr(sc, verb, argv[3], &a) || num(sc, verb, argv[4], &len) ||
		    (p && num(sc, verb, argv[5], &off)))
			return -1;
		if (!strcmp(verb, "read"))
			r = mms_read(sc->m, pid, (int)fd, a, len);
		else if (!strcmp(verb, "write"))
			r = mms_write(sc->m, pid, (int)fd, a, len);
		else if (!strcmp(verb, "pread"))
			r = mms_pread(sc->m, pid, (int)fd, a, len, (int64_t)off);
		else
			r = mms_pwrite(sc->m, pid, (int)fd, a, len, (int64_t)off);
	} else if (!strcmp(verb, "lseek")) {
		static const char *const wh[] = { "set", "cur", "end", "data", "hole" };
		int whence = 0;
		bool neg;

		if (argc < 4 || argc > 5)
			return fail(sc, "lseek: expected lseek FD OFF [set|cur|end|data|hole]");
		neg = argv[3][0] == '-';
		if (num(sc, verb, argv[3] + neg, &off))
			return -1;
		if (argc == 5) {
			for (whence = 0; whence < 5 && strcmp(argv[4], wh[whence]); whence++)
				;
			if (whence == 5)
				return fail(sc, "lseek: unknown whence '%s'", argv[4]);
		}
		r = mms_lseek(sc->m, pid, (int)fd, neg ? -(int64_t)off : (int64_t)off, whence);
	} else if (!strcmp(verb, "fsync") || !strcmp(verb, "fdatasync")) {
		r = mms_fsync(sc->m, pid, (int)fd, verb[1] == 'd');
	} else if (!strcmp(verb, "ftruncate")) {
		if (argc != 4 || num(sc, verb, argv[3], &len))
			return argc != 4 ? fail(sc, "ftruncate: expected ftruncate FD LEN") : -1;
		r = mms_ftruncate(sc->m, pid, (int)fd, (int64_t)len);
	} else {
		struct mms_fd_stat st;
		char path[64], *text;

		/* /proc/PID/fdinfo/FD (seq_show of fs/proc/fd.c) */
		r = mms_fd_stat(sc->m, pid, (int)fd, &st);
		if (!r) {
			snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, (int)fd);
			text = mms_view(sc->m, path);
			if (text)
				fputs(text, sc->out);
			free(text);
			return 0;
		}
	}
	report_ret(sc, name, verb, r);
	return 0;
}

/**
 * task_command - "spawn ..." and "NAME VERB ..."; 1 if argv[0] is neither.
 */
int task_command(struct scenario *sc, int argc, char **argv)
{
	const char *name = argv[0], *verb;
	uint64_t addr, len, x;
	int pid, next;
	int64_t r;

	if (!strcmp(argv[0], "spawn"))
		return cmd_spawn_task(sc, argc, argv);
	if (!sc->m || argc < 2 || mms_task_pid(sc->m, name) < 0)
		return 1;
	pid = task_pid(sc, name);
	verb = argv[1];
	if (!strcmp(verb, "fork") || !strcmp(verb, "thread")) {
		const char *as = arg_as(argc, argv, 2);
		int child;

		if (!as)
			return fail(sc, "%s: expected %s as NAME", verb, verb);
		r = mms_fork(sc->m, pid, as, verb[0] == 't', &child);
		if (r)
			return fail(sc, "%s %s: -%s", name, verb, errname((long)r));
		fprintf(sc->out, "%s %s: %s is pid %d\n", name, verb, as, child);
		return 0;
	}
	if (!strcmp(verb, "exit")) {
		x = 0;
		if (argc > 2 && num(sc, "exit", argv[2], &x))
			return -1;
		r = mms_exit(sc->m, pid, (int)x);
		fprintf(sc->out, "%s exit: %s\n", name, r ? errname((long)r) : "done");
		return 0;
	}
	if (!strcmp(verb, "kill")) {
		x = 9;	/* SIGKILL */
		if (argc > 2 && num(sc, "kill", argv[2], &x))
			return -1;
		r = mms_kill(sc->m, pid, (int)x);
		fprintf(sc->out, "%s kill %lu: %s\n", name, (unsigned long)x,
			r ? errname((long)r) : "done");
		return 0;
	}
	if (!strcmp(verb, "reap"))
		return mms_reap(sc->m, pid) ? fail(sc, "reap: %s is alive", name) : 0;
	if (!strcmp(verb, "cpu")) {
		if (argc != 3 || num(sc, "cpu", argv[2], &x))
			return fail(sc, "cpu: expected NAME cpu N");
		if (mms_task_set_cpu(sc->m, pid, (int)x))
			return fail(sc, "cpu: no CPU %llu, or %s is dead", (unsigned long long)x, name);
		return 0;
	}
	if (!strcmp(verb, "mmap"))
		return do_mmap_cmd(sc, name, pid, argc, argv);
	if (!strcmp(verb, "exec"))
		return do_exec_cmd(sc, name, pid, argc, argv);
	if (!strcmp(verb, "open"))
		return do_open_cmd(sc, name, pid, argc, argv);
	/* read|write FD BUF LEN (three words) is the system call; BUF [LEN] the MMU's */
	if (((!strcmp(verb, "read") || !strcmp(verb, "write")) && positional(argc, argv) == 3) ||
	    !strcmp(verb, "close") || !strcmp(verb, "pread") || !strcmp(verb, "pwrite") ||
	    !strcmp(verb, "lseek") || !strcmp(verb, "fsync") || !strcmp(verb, "fdatasync") ||
	    !strcmp(verb, "ftruncate") || !strcmp(verb, "fdinfo"))
		return do_fd_cmd(sc, name, pid, argc, argv);
	if (!strcmp(verb, "read") || !strcmp(verb, "write") || !strcmp(verb, "touch"))
		return do_access_cmd(sc, name, pid, argc, argv);
	if (!strcmp(verb, "brk")) {
		uint64_t cur = 0;

		mms_task_value(sc->m, pid, "brk", &cur);
		if (argc == 2) {
			x = cur;
		} else if (argv[2][0] == '+' || argv[2][0] == '-') {
			if (num(sc, "brk", argv[2] + 1, &x))
				return -1;
			x = argv[2][0] == '+' ? cur + x : cur - x;
		} else if (num(sc, "brk", argv[2], &x)) {
			return -1;
		}
		r = mms_brk(sc->m, pid, x);
		report(sc, name, "brk", r);
		return 0;
	}
	if (!strcmp(verb, "munlockall")) {
		report(sc, name, "munlockall", mms_mlockall(sc->m, pid, 0));
		return 0;
	}
	if (!strcmp(verb, "mlockall")) {
		int fl = 0;

		for (int i = 2; i < argc; i++) {
			char *s = argv[i];

			fl |= strstr(s, "current") ? 1 : 0;
			fl |= strstr(s, "future") ? 2 : 0;
			fl |= strstr(s, "onfault") ? 4 : 0;
		}
		report(sc, name, "mlockall", mms_mlockall(sc->m, pid, fl ? fl : 0x100));
		return 0;
	}
	if (!strcmp(verb, "munmap") || !strcmp(verb, "mprotect") || !strcmp(verb, "madvise") ||
	    !strcmp(verb, "mlock") || !strcmp(verb, "munlock") || !strcmp(verb, "msync") ||
	    !strcmp(verb, "mincore")) {
		if (range(sc, verb, argc, argv, 2, &addr, &len, &next, true))
			return -1;
		if (!strcmp(verb, "munmap")) {
			r = mms_munmap(sc->m, pid, addr, len);
		} else if (!strcmp(verb, "mprotect")) {
			int prot;

			if (next >= argc || parse_prot(argv[next], &prot))
				return fail(sc, "mprotect: expected a protection (rw, r, rx, none ...)");
			r = mms_mprotect(sc->m, pid, addr, len, prot);
		} else if (!strcmp(verb, "madvise")) {
			int a = next < argc ? advice(argv[next]) : -1;

			if (a < 0)
				return fail(sc, "madvise: unknown advice '%s'", next < argc ? argv[next] : "");
			r = mms_madvise(sc->m, pid, addr, len, a);
		} else if (!strcmp(verb, "mlock")) {
			r = mms_mlock2(sc->m, pid, addr, len,
				       next < argc && !strcmp(argv[next], "onfault") ? 1 : 0);
		} else if (!strcmp(verb, "munlock")) {
			r = mms_munlock(sc->m, pid, addr, len);
		} else if (!strcmp(verb, "msync")) {
			int fl = 4;

			if (next < argc)
				fl = !strcmp(argv[next], "async") ? 1 :
				     !strcmp(argv[next], "invalidate") ? 2 : 4;
			r = mms_msync(sc->m, pid, addr, len, fl);
		} else {
			unsigned long n = (unsigned long)((len + 4095) / 4096), res = 0;
			unsigned char *vec = calloc(n ? n : 1, 1);

			if (!vec)
				abort();
			r = mms_mincore(sc->m, pid, addr, len, vec);
			for (unsigned long i = 0; !r && i < n; i++)
				res += vec[i] & 1;
			if (!r)
				fprintf(sc->out, "%s mincore: %lu of %lu pages resident\n", name, res, n);
			free(vec);
			if (!r)
				return 0;
		}
		report(sc, name, verb, r);
		return 0;
	}
	if (!strcmp(verb, "mremap")) {
		static const char *const keys[] = { "fixed", NULL };
		int end = expr_end(argc, argv, 2), fl = 0;
		const char *as = arg_as(argc, argv, end), *v;
		uint64_t nlen, naddr = 0;

		if (range(sc, verb, argc, argv, 2, &addr, &len, &next, true))
			return -1;
		if (next >= argc || num(sc, "mremap", argv[next], &nlen))
			return fail(sc, "mremap: expected BUF [OLDLEN] NEWLEN");
		for (int i = next + 1; i < argc && strcmp(argv[i], "as"); i++) {
			if (!strcmp(argv[i], "maymove"))
				fl |= 1;
			else if (!strcmp(argv[i], "dontunmap"))
				fl |= 4;	/* MREMAP_DONTUNMAP */
			else if (!strchr(argv[i], '='))
				return fail(sc, "mremap: unknown word '%s'", argv[i]);
		}
		if (check_args(sc, argc, argv, end, keys))
			return -1;
		if ((v = arg_value(argc, argv, end, "fixed"))) {
			if (num(sc, "mremap", (char *)v, &naddr))
				return -1;
			fl |= 2;
		}
		r = mms_mremap(sc->m, pid, addr, len, nlen, fl, naddr);
		report(sc, name, "mremap", r);
		if (r >= 0 && as)
			bind_user(sc, as, pid, (uint64_t)r, nlen);
		return 0;
	}
	return fail(sc, "%s: unknown task command '%s' (see mmsim --help)", name, verb);
}

/**
 * task_binding_value - NAME.FIELD for a task NAME; -ENOENT if there is none.
 */
int task_binding_value(struct scenario *sc, const char *name, const char *field,
		       uint64_t *out)
{
	int pid = sc->m ? mms_task_pid(sc->m, name) : -1;

	if (pid < 0)
		return -ENOENT;
	if (!strcmp(field, "fd") || !strcmp(field, "ret") || !strcmp(field, "errno")) {
		/* the last fd its open gave; the last file call's result, or its errno */
		char var[64];

		snprintf(var, sizeof(var), "%s.%s", name, field);
		for (size_t i = 0; i < sc->nvars; i++)
			if (!strcmp(sc->vars[i].name, var)) {
				*out = sc->vars[i].value;
				return 0;
			}
		return -EINVAL;
	}
	return mms_task_value(sc->m, pid, field, out) ? -EINVAL : 0;
}
