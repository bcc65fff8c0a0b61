// SPDX-License-Identifier: MIT
/*
 * test_uaccess.c - the user/kernel copy API (src/arch/uaccess.c,
 * src/arch/extable.c, src/lib/usercopy.c, strncpy_from_user.c,
 * strnlen_user.c) on both profiles.
 *
 * Each test builds a user address space by hand: an mm_struct on the
 * stack (mm_init_context, pgd_alloc, switch_mm) with
 *   USER  0x400000  two read-write user pages (the page after them,
 *                   0x402000, is never mapped)
 *   RO    0x404000  a read-only user page
 *   DEMAND 0x500000 16 pages the test's fault handler maps on demand
 * and a fault handler that behaves as the kernel's will: it maps a
 * DEMAND page that is not present, and for anything else refuses; a
 * refused kernel-mode fault asks fixup_exception and, without a fixup,
 * prints Linux's oops (kernelmode_fixup_or_oops).
 *
 * Where the numbers come from: the return values are Linux 6.6's
 * (include/linux/uaccess.h _copy_from_user / _copy_to_user, clear_user
 * of uaccess_64.h and usercopy_32.c, getuser.S / putuser.S,
 * lib/strncpy_from_user.c, lib/strnlen_user.c); the word sizes of the
 * string routines are sizeof(unsigned long) (8 on x86_64, 4 on i386); the
 * fault error codes are x86's (W = 2, P = 1, no U bit: kernel mode).
 *
 * Every test runs on both profiles (struct ua_arch: the per-profile
 * numbers); the i386 machine has 1G of RAM so that it has HighMem, and
 * the user frames are GFP_HIGHUSER ones: on i386 HighMem pages, which
 * the copies reach through the user page table, with no kmap.
 * test_top_of_user_space maps a TOP page at TASK_SIZE_MAX - 4096 too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "arch.h"
#include "pgalloc.h"
#include "mmu.h"
#include "uaccess.h"

#define USER	0x400000ULL
#define HOLE	0x402000ULL	/* never mapped: the handler refuses it */
#define RO	0x404000ULL
#define DEMAND	0x500000ULL
#define DEMAND_PAGES 16
#define MAX_FRAMES 32

struct ok_case {
	uint64_t addr, size;
	bool ok;
};

/* What differs between the profiles (Linux 6.6). */
struct ua_arch {
	const char *spec;
	uint64_t task_size_max;		/* TASK_SIZE_MAX */
	size_t word;			/* sizeof(unsigned long): the string routines' words */
	bool highmem;			/* the GFP_HIGHUSER frames are HighMem */
	const struct ok_case *ok;	/* access_ok's answers */
	size_t nr_ok;
};

/*
 * x86_64 6.6: TASK_SIZE_MAX is 2^47 - 4096, but __access_ok (for a size
 * not known at compile time) only wants addr + size in the positive half
 * without wrapping (valid_user_address is the sign bit): the guard page
 * and the non-canonical hole pass, the access faults instead.
 */
static const struct ok_case x86_64_ok[] = {
	{ 0, 0, true }, { 0, 1, true }, { USER, 8192, true },
	{ 0x7ffffffff000ULL - 4096, 4096, true },
	{ 0x7ffffffff000ULL, 4096, true }, { 0x800000000000ULL, 16, true },
	{ 0x7ffffffffffffffeULL, 1, true },		/* ends at 2^63 - 1 */
	{ 0x7fffffffffffffffULL, 1, false },		/* ends at 2^63 */
	{ 0x1000, 0x7fffffffffffefffULL, true }, { 0x1000, 0x7ffffffffffff000ULL, false },
	{ 0xffff888000000000ULL, 0, false }, { 0xffffffffffffffffULL, 1, false },
	{ 1, UINT64_MAX, false }, { 0x400000, UINT64_MAX - 0x100000, false },
};

/*
 * i386: asm-generic's __access_ok, size <= TASK_SIZE_MAX && addr <=
 * TASK_SIZE_MAX - size, TASK_SIZE_MAX = PAGE_OFFSET 0xc0000000.
 */
static const struct ok_case i386_ok[] = {
	{ 0, 0, true }, { 0, 1, true }, { USER, 8192, true },
	{ 0, 0xc0000000ULL, true }, { 0, 0xc0000001ULL, false },
	{ 0xbffff000ULL, 0x1000, true }, { 0xbffff000ULL, 0x1001, false },
	{ 0xbfffffffULL, 1, true }, { 0xc0000000ULL, 0, true }, { 0xc0000000ULL, 1, false },
	{ 0xffffffffULL, 2, false }, { 1, 0xffffffffULL, false },
};

static const struct ua_arch x86_64_arch = {
	.spec = "arch=x86_64 ram=256M cpus=2",
	.task_size_max = 0x7ffffffff000ULL,
	.word = 8,
	.highmem = false,
	.ok = x86_64_ok,
	.nr_ok = sizeof(x86_64_ok) / sizeof(x86_64_ok[0]),
};

static const struct ua_arch i386_arch = {
	.spec = "arch=i386 ram=1G cpus=2",
	.task_size_max = 0xc0000000ULL,
	.word = 4,
	.highmem = true,
	.ok = i386_ok,
	.nr_ok = sizeof(i386_ok) / sizeof(i386_ok[0]),
};

#define TOP(A) ((A)->task_size_max - PAGE_SIZE)

/* The test's fault handler and what it saw. */
static struct {
	struct mm_struct *mm;
	int calls, fixed, fixups, oopses;
	uint64_t va;
	unsigned int code;
	phys_addr_t frames[MAX_FRAMES];
	int nframes;
} ft;

static phys_addr_t frame_alloc(struct machine *m)
{
	struct page *p = alloc_pages(m, GFP_HIGHUSER | __GFP_ZERO, 0);	/* a user page */

	assert_non_null(p);
	assert_true(ft.nframes < MAX_FRAMES);
	ft.frames[ft.nframes++] = PFN_PHYS(page_to_pfn(m, p));
	return ft.frames[ft.nframes - 1];
}

static int test_fault(struct machine *m, uint64_t va, unsigned int code)
{
	ft.calls++;
	ft.va = va;
	ft.code = code;
	if (va >= DEMAND && va < DEMAND + DEMAND_PAGES * PAGE_SIZE && !(code & X86_PF_PROT)) {
		phys_addr_t pa = frame_alloc(m);

		assert_int_equal(set_pte_at(m, ft.mm, va & PAGE_MASK, PFN_DOWN(pa), PAGE_SHARED), 0);
		ft.fixed++;
		return 0;
	}
	/* bad_area in kernel mode: kernelmode_fixup_or_oops */
	if (!(code & X86_PF_USER)) {
		if (fixup_exception(m, X86_TRAP_PF, code, va)) {
			ft.fixups++;
		} else {
			ft.oopses++;
			printk(m, "BUG: unable to handle page fault for address: %016llx\n"
			       "#PF: supervisor %s access in kernel mode",
			       (unsigned long long)va, code & X86_PF_WRITE ? "write" : "read");
		}
	}
	return -EFAULT;
}

/* The address space of the header comment, loaded on the current CPU. */
static void ua_setup(struct machine *m, const struct ua_arch *A, struct mm_struct *mm)
{
	memset(&ft, 0, sizeof(ft));
	memset(mm, 0, sizeof(*mm));
	mm_init_context(m, mm);
	assert_int_not_equal(pgd_alloc(m, mm), 0);
	switch_mm(m, mm);
	ft.mm = mm;
	for (int i = 0; i < 2; i++)
		assert_int_equal(set_pte_at(m, mm, USER + i * PAGE_SIZE,
					    PFN_DOWN(frame_alloc(m)), PAGE_SHARED), 0);
	assert_int_equal(set_pte_at(m, mm, RO, PFN_DOWN(frame_alloc(m)), PAGE_READONLY), 0);
	assert_int_equal(TASK_SIZE_MAX(m), A->task_size_max);
	for (int i = 0; i < ft.nframes; i++)
		assert_int_equal(page_zonenum(pfn_to_page(m, PFN_DOWN(ft.frames[i]))) == ZONE_HIGHMEM,
				 A->highmem);
	m->fault_handler = test_fault;
}

/* Back to init_mm, the tables and frames freed, the machine checked. */
static void ua_teardown(struct machine *m, struct mm_struct *mm)
{
	m->fault_handler = NULL;
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		assert_false(m->cpus[cpu].uaccess);
	switch_mm(m, &m->init_mm);
	pgd_free(m, mm);
	for (int i = 0; i < ft.nframes; i++)
		__free_pages(m, pfn_to_page(m, PFN_DOWN(ft.frames[i])), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* The host bytes behind user address @va (it must be mapped). */
static uint8_t *user_bytes(struct machine *m, struct mm_struct *mm, uint64_t va)
{
	int level;
	pte_t e = pt_lookup(m, mm, va, &level, NULL);

	assert_true(pte_present(e));
	return m->ram + (pte_pfn_fmt(m->arch->mmu, e) << PAGE_SHIFT) + (va & ~PAGE_MASK);
}

/* No fault so far was reported as a kernel bug. */
static void assert_no_oops(struct machine *m)
{
	assert_false(dmesg_has(m, "BUG:"));
	assert_false(dmesg_has(m, "Oops"));
	assert_false(dmesg_has(m, "general protection fault, probably"));
	assert_int_equal(ft.oopses, 0);
}

static unsigned int count_in_dmesg(struct machine *m, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = m->log.buf; p && (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* ---------------------------------------------------------------- access_ok */

/* access_ok at the boundaries, against the profile's table */
static void test_access_ok(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);

	assert_int_equal(TASK_SIZE_MAX(m), A->task_size_max);
	for (size_t i = 0; i < A->nr_ok; i++)
		if (access_ok(m, A->ok[i].addr, A->ok[i].size) != A->ok[i].ok)
			fail_msg("access_ok(%#llx, %#llx) should be %d",
				 (unsigned long long)A->ok[i].addr,
				 (unsigned long long)A->ok[i].size, A->ok[i].ok);
	mms_machine_free(m);
}

/* --------------------------------------------------------------- the copies */

/* Full copies both ways; a copy faulting on its second page copies exactly the first (copy_from_user zeroes the rest of the kernel buffer); a read-only user page refuses the write; access_ok refusing copies nothing and faults nothing. */
static void test_copies(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	uint8_t *out = malloc(3 * PAGE_SIZE), *in = malloc(3 * PAGE_SIZE);
	uint64_t cycles;

	assert_non_null(out);
	assert_non_null(in);
	ua_setup(m, A, &mm);
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++)
		out[i] = (uint8_t)(i * 7 + 3);

	/* full: two pages out and back, charged to the CPU */
	cycles = this_cpu(m)->cycles;
	assert_int_equal(copy_to_user(m, USER, out, 2 * PAGE_SIZE), 0);
	assert_true(this_cpu(m)->cycles > cycles);
	assert_memory_equal(user_bytes(m, &mm, USER), out, PAGE_SIZE);
	assert_memory_equal(user_bytes(m, &mm, USER + PAGE_SIZE), out + PAGE_SIZE, PAGE_SIZE);
	memset(in, 0xaa, 3 * PAGE_SIZE);
	assert_int_equal(copy_from_user(m, in, USER, 2 * PAGE_SIZE), 0);
	assert_memory_equal(in, out, 2 * PAGE_SIZE);
	assert_int_equal(in[2 * PAGE_SIZE], 0xaa);
	assert_int_equal(ft.calls, 0);
	assert_int_equal(copy_to_user(m, USER, out, 0), 0);
	assert_int_equal(copy_from_user(m, in, USER, 0), 0);

	/* partial: the second page faults, the first page's bytes land */
	memset(user_bytes(m, &mm, USER + PAGE_SIZE), 0, PAGE_SIZE);
	assert_int_equal(copy_to_user(m, USER + PAGE_SIZE, out, 2 * PAGE_SIZE), PAGE_SIZE);
	assert_memory_equal(user_bytes(m, &mm, USER + PAGE_SIZE), out, PAGE_SIZE);
	assert_int_equal(ft.calls, 1);
	assert_int_equal(ft.va, HOLE);
	assert_int_equal(ft.code, X86_PF_WRITE);	/* kernel write, not present */
	assert_int_equal(ft.fixups, 1);
	memset(in, 0xaa, 3 * PAGE_SIZE);
	assert_int_equal(copy_from_user(m, in, USER + PAGE_SIZE, 2 * PAGE_SIZE), PAGE_SIZE);
	assert_memory_equal(in, out, PAGE_SIZE);
	for (size_t i = PAGE_SIZE; i < 2 * PAGE_SIZE; i++)
		assert_int_equal(in[i], 0);			/* the tail zeroed */
	assert_int_equal(in[2 * PAGE_SIZE], 0xaa);		/* and no further */
	assert_int_equal(ft.calls, 2);
	assert_int_equal(ft.code, 0);				/* kernel read, not present */
	/* an unaligned one: 10 bytes before the hole, 20 after */
	memset(in, 0xaa, 64);
	assert_int_equal(copy_from_user(m, in, HOLE - 10, 30), 20);
	assert_memory_equal(in, out + PAGE_SIZE - 10, 10);
	for (int i = 10; i < 30; i++)
		assert_int_equal(in[i], 0);
	assert_int_equal(in[30], 0xaa);

	/* a read-only page: the write faults (P W), refused, nothing written */
	ft.calls = 0;
	assert_int_equal(copy_to_user(m, RO + 8, out, 16), 16);
	assert_int_equal(ft.calls, 1);
	assert_int_equal(ft.code, X86_PF_PROT | X86_PF_WRITE);
	for (int i = 0; i < 32; i++)
		assert_int_equal(user_bytes(m, &mm, RO)[i], 0);
	assert_int_equal(copy_from_user(m, in, RO, 64), 0);	/* reading it is fine */
	assert_int_equal(in[0], 0);
	assert_int_equal(ft.calls, 1);

	/* access_ok refuses: nothing touched, the kernel buffer zeroed */
	memset(in, 0xaa, 64);
	assert_int_equal(copy_from_user(m, in, m->layout.page_offset, 64), 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(in[i], 0);
	assert_int_equal(copy_to_user(m, m->layout.page_offset, out, 64), 64);
	assert_int_equal(copy_to_user(m, TASK_SIZE_MAX(m) - 8, out, UINT64_MAX - 8),
			 UINT64_MAX - 8);
	assert_int_equal(ft.calls, 1);

	assert_int_equal(ft.fixups, 4);
	assert_no_oops(m);
	free(out);
	free(in);
	ua_teardown(m, &mm);
}

/* ------------------------------------------------------ get_user / put_user */

/* Each size round-trips little-endian; a fault is -EFAULT with get_user's value zeroed; a store crossing into a refused page lands nothing on x86_64 (one movq) but its low half on i386 (two movl). */
static void test_get_put(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	const uint64_t v64 = 0x1122334455667788ULL;
	uint64_t r;
	uint8_t *u;
	bool i386 = A->word == 4;

	ua_setup(m, A, &mm);
	u = user_bytes(m, &mm, USER);
	for (size_t size = 1; size <= 8; size *= 2) {
		uint64_t ptr = USER + 16 * size;

		r = ~0ULL;
		assert_int_equal(put_user(m, &v64, ptr, size), 0);
		assert_memory_equal(u + 16 * size, &v64, size);
		assert_int_equal(u[16 * size + size], 0);	/* only @size bytes */
		assert_int_equal(get_user(m, &r, ptr, size), 0);
		assert_memory_equal(&r, &v64, size);
		/* across the boundary of the two mapped pages */
		r = 0;
		assert_int_equal(put_user(m, &v64, USER + PAGE_SIZE - size / 2, size), 0);
		assert_int_equal(get_user(m, &r, USER + PAGE_SIZE - size / 2, size), 0);
		assert_memory_equal(&r, &v64, size);
		/* in the hole */
		r = ~0ULL;
		assert_int_equal(get_user(m, &r, HOLE + 8, size), -EFAULT);
		assert_int_equal(r & (size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1), 0);
		assert_int_equal(put_user(m, &v64, HOLE + 8, size), -EFAULT);
		/* a read-only page */
		assert_int_equal(put_user(m, &v64, RO, size), -EFAULT);
		assert_int_equal(get_user(m, &r, RO, size), 0);
		assert_int_equal(r & 0xff, 0);
	}
	assert_int_equal(ft.calls, 4 * 3);	/* get, put in the hole; put to RO */
	assert_int_equal(ft.code, X86_PF_PROT | X86_PF_WRITE);

	/* an 8-byte access half in the hole */
	r = ~0ULL;
	assert_int_equal(get_user(m, &r, HOLE - 4, 8), -EFAULT);
	assert_int_equal(r, 0);
	memset(user_bytes(m, &mm, HOLE - 4), 0, 4);
	assert_int_equal(put_user(m, &v64, HOLE - 4, 8), -EFAULT);
	if (i386)
		assert_memory_equal(user_bytes(m, &mm, HOLE - 4), &v64, 4);
	else
		for (int i = 0; i < 4; i++)
			assert_int_equal(user_bytes(m, &mm, HOLE - 4)[i], 0);

	/* kernel pointers: -EFAULT without an access, so without a fault */
	ft.calls = 0;
	r = ~0ULL;
	assert_int_equal(get_user(m, &r, m->layout.page_offset, 4), -EFAULT);
	assert_int_equal(r & 0xffffffffULL, 0);
	assert_int_equal(put_user(m, &v64, m->layout.page_offset, 8), -EFAULT);
	assert_int_equal(ft.calls, 0);
	/* i386 wants the whole access below TASK_SIZE */
	if (i386)
		assert_int_equal(get_user(m, &r, 0xbffffffdULL, 4), -EFAULT);
	/* no such size */
	r = 7;
	assert_int_equal(get_user(m, &r, USER, 3), -EINVAL);
	assert_int_equal(r, 7);
	assert_int_equal(put_user(m, &v64, USER, 16), -EINVAL);

	assert_no_oops(m);
	ua_teardown(m, &mm);
}

/* ---------------------------------------------------------------- clear_user */

/* clear_user zeroes up to the page that faults and returns the bytes left; access_ok refusing leaves all of them. */
static void test_clear_user(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	uint8_t *p0, *p1;

	ua_setup(m, A, &mm);
	p0 = user_bytes(m, &mm, USER);
	p1 = user_bytes(m, &mm, USER + PAGE_SIZE);
	memset(p0, 0xff, PAGE_SIZE);
	memset(p1, 0xff, PAGE_SIZE);
	assert_int_equal(clear_user(m, USER + 100, 50), 0);
	assert_int_equal(p0[99], 0xff);
	assert_int_equal(p0[100], 0);
	assert_int_equal(p0[149], 0);
	assert_int_equal(p0[150], 0xff);
	/* from USER + 200 over the hole: 2 * 4096 - 200 cleared, 200 left */
	assert_int_equal(clear_user(m, USER + 200, 2 * PAGE_SIZE), 200);
	assert_int_equal(p0[199], 0xff);
	for (size_t i = 200; i < PAGE_SIZE; i++)
		assert_int_equal(p0[i], 0);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(p1[i], 0);
	assert_int_equal(ft.calls, 1);
	assert_int_equal(ft.va, HOLE);
	assert_int_equal(ft.code, X86_PF_WRITE);
	/* read-only, and refused by access_ok */
	assert_int_equal(clear_user(m, RO, 10), 10);
	assert_int_equal(clear_user(m, m->layout.page_offset, 10), 10);
	assert_int_equal(clear_user(m, USER, 0), 0);
	assert_int_equal(ft.calls, 2);
	assert_no_oops(m);
	ua_teardown(m, &mm);
}

/* ------------------------------------------------------------------ strings */

static void put_string(struct machine *m, uint64_t va, const char *s, size_t len)
{
	assert_int_equal(copy_to_user(m, va, s, len), 0);
}

/* strncpy_from_user: length without the NUL, count when there is none within count, -EFAULT at a faulting page; word-at-a-time: the NUL's word is stored with zeros after it, and a word running into the hole falls back to bytes (a second fault). */
static void test_strncpy_from_user(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	const size_t word = A->word;
	char dst[64];

	ua_setup(m, A, &mm);
	put_string(m, USER + 0x10, "hello", 6);
	memset(user_bytes(m, &mm, USER + 0x16), 'Z', 8);	/* bytes after the NUL */

	memset(dst, 0xaa, sizeof(dst));
	assert_int_equal(strncpy_from_user(m, dst, USER + 0x10, 64), 5);
	assert_string_equal(dst, "hello");
	/* the word holding the NUL (bytes 0..7 on both: word 0 or 1) is masked */
	assert_int_equal(dst[6], 0);
	assert_int_equal(dst[7], 0);
	assert_int_equal((uint8_t)dst[8], 0xaa);
	/* count shorter than the string: count bytes, no NUL */
	memset(dst, 0xaa, sizeof(dst));
	assert_int_equal(strncpy_from_user(m, dst, USER + 0x10, 3), 3);
	assert_memory_equal(dst, "hel", 3);
	assert_int_equal((uint8_t)dst[3], 0xaa);
	/* count == length: no NUL within the range */
	memset(dst, 0xaa, sizeof(dst));
	assert_int_equal(strncpy_from_user(m, dst, USER + 0x10, 5), 5);
	assert_memory_equal(dst, "hello", 5);
	assert_int_equal((uint8_t)dst[5], 0xaa);
	/* count == length + 1 takes the NUL */
	assert_int_equal(strncpy_from_user(m, dst, USER + 0x10, 6), 5);
	assert_int_equal(dst[5], 0);

	/* across the boundary of the two mapped pages */
	put_string(m, USER + PAGE_SIZE - 5, "abcdefghijklmnop", 17);
	memset(dst, 0xaa, sizeof(dst));
	assert_int_equal(strncpy_from_user(m, dst, USER + PAGE_SIZE - 5, 64), 16);
	assert_string_equal(dst, "abcdefghijklmnop");
	assert_int_equal(ft.calls, 0);

	/* no NUL before the hole: -EFAULT, the bytes before it copied; the word
	 * that ran into the hole faulted, then the byte loop again */
	put_string(m, HOLE - 6, "abcdef", 6);
	memset(dst, 0xaa, sizeof(dst));
	assert_int_equal(strncpy_from_user(m, dst, HOLE - 6, 64), -EFAULT);
	assert_memory_equal(dst, "abcdef", 6);
	assert_int_equal(ft.calls, 2);
	assert_int_equal(ft.va, HOLE);
	/* the NUL just before the hole: found; on x86_64 the 8-byte word from
	 * HOLE - 4 faults first, i386's aligned 4-byte words do not */
	put_string(m, HOLE - 4, "abc", 4);
	ft.calls = 0;
	assert_int_equal(strncpy_from_user(m, dst, HOLE - 4, 64), 3);
	assert_string_equal(dst, "abc");
	assert_int_equal(ft.calls, word == 8 ? 1 : 0);
	/* limits */
	assert_int_equal(strncpy_from_user(m, dst, USER, 0), 0);
	assert_int_equal(strncpy_from_user(m, dst, USER, -1), 0);
	assert_int_equal(strncpy_from_user(m, dst, TASK_SIZE_MAX(m), 8), -EFAULT);
	assert_int_equal(strncpy_from_user(m, dst, m->layout.page_offset, 8), -EFAULT);
	assert_no_oops(m);
	ua_teardown(m, &mm);
}

/* strnlen_user: the size with the NUL; 0 on a fault; more than count when longer (count + 1, or the NUL found in the last aligned word read: x86_64 sees "hello"'s NUL with count 3). */
static void test_strnlen_user(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	const size_t word = A->word;
	char longstr[101];

	ua_setup(m, A, &mm);
	put_string(m, USER + 0x10, "hello", 6);
	assert_int_equal(strnlen_user(m, USER + 0x10, 64), 6);
	assert_int_equal(strnlen_user(m, USER + 0x10, 6), 6);
	assert_int_equal(strnlen_user(m, USER + 0x10, 5), 6);	/* count + 1 and the size agree */
	/* x86_64: the first word holds the NUL, so its size (6 > 3);
	 * i386: the word "hell" has none and count is spent: count + 1 */
	assert_int_equal(strnlen_user(m, USER + 0x10, 3), word == 8 ? 6 : 4);
	/* unaligned start */
	put_string(m, USER + 0x23, "hi", 3);
	assert_int_equal(strnlen_user(m, USER + 0x23, 64), 3);
	/* longer than count, no NUL in the words read: count + 1 */
	memset(longstr, 'x', 100);
	longstr[100] = 0;
	put_string(m, USER + 0x100, longstr, 101);
	assert_int_equal(strnlen_user(m, USER + 0x100, 50), 51);
	assert_int_equal(strnlen_user(m, USER + 0x100, 200), 101);
	/* across the boundary of the two mapped pages */
	put_string(m, USER + PAGE_SIZE - 5, "abcdefghijklmnop", 17);
	assert_int_equal(strnlen_user(m, USER + PAGE_SIZE - 5, 64), 17);
	assert_int_equal(ft.calls, 0);
	/* the NUL just before the hole: aligned words never reach it */
	put_string(m, HOLE - 4, "abc", 4);
	assert_int_equal(strnlen_user(m, HOLE - 4, 64), 4);
	assert_int_equal(ft.calls, 0);
	/* no NUL before the hole: 0 */
	put_string(m, HOLE - 6, "abcdef", 6);
	assert_int_equal(strnlen_user(m, HOLE - 6, 64), 0);
	assert_int_equal(ft.calls, 1);
	assert_int_equal(ft.va, HOLE);
	/* limits */
	assert_int_equal(strnlen_user(m, USER, 0), 0);
	assert_int_equal(strnlen_user(m, TASK_SIZE_MAX(m), 8), 0);
	assert_int_equal(strnlen_user(m, m->layout.page_offset, 8), 0);
	assert_no_oops(m);
	ua_teardown(m, &mm);
}

/* ------------------------------------------------------------ demand faults */

/* A user page that is not there is faulted in by the handler (one kernel-mode fault per page, each charged a minor fault) and the copy goes on. */
static void test_demand_fault(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	uint8_t *out = malloc(3 * PAGE_SIZE), *in = malloc(3 * PAGE_SIZE);
	uint64_t cycles, v = 0x55;
	char s[16];

	assert_non_null(out);
	assert_non_null(in);
	ua_setup(m, A, &mm);
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++)
		out[i] = (uint8_t)(i ^ (i >> 8));
	/* DEMAND + 100 .. + 100 + 3 pages touches four pages */
	cycles = this_cpu(m)->cycles;
	assert_int_equal(copy_to_user(m, DEMAND + 100, out, 3 * PAGE_SIZE), 0);
	assert_int_equal(ft.fixed, 4);
	assert_int_equal(ft.calls, 4);
	assert_int_equal(ft.code, X86_PF_WRITE);
	assert_int_equal(ft.va, DEMAND + 3 * PAGE_SIZE);
	assert_true(this_cpu(m)->cycles - cycles >= 4ULL * m->cost.minor_fault);
	assert_int_equal(copy_from_user(m, in, DEMAND + 100, 3 * PAGE_SIZE), 0);
	assert_memory_equal(in, out, 3 * PAGE_SIZE);
	assert_int_equal(ft.calls, 4);
	/* a read fault brings in a zeroed page for get_user */
	assert_int_equal(get_user(m, &v, DEMAND + 5 * PAGE_SIZE + 8, 8), 0);
	assert_int_equal(v, 0);
	assert_int_equal(ft.code, 0);
	assert_int_equal(put_user(m, &out[1], DEMAND + 6 * PAGE_SIZE, 1), 0);
	assert_int_equal(*user_bytes(m, &mm, DEMAND + 6 * PAGE_SIZE), out[1]);
	/* clear_user, strnlen_user and strncpy_from_user fault in too */
	assert_int_equal(clear_user(m, DEMAND + 7 * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(strnlen_user(m, DEMAND + 8 * PAGE_SIZE, 16), 1);
	assert_int_equal(strncpy_from_user(m, s, DEMAND + 9 * PAGE_SIZE, 16), 0);
	assert_int_equal(ft.fixed, 9);
	assert_int_equal(ft.calls, 9);
	assert_int_equal(ft.fixups, 0);
	assert_no_oops(m);
	free(out);
	free(in);
	ua_teardown(m, &mm);
}

/* ------------------------------------------------- fixups and their absence */

/*
 * x86_64 6.6: access_ok lets a non-canonical user address through; the
 * copy #GPs, ex_handler_uaccess WARNs once and the copy fails, with no GP
 * oops; the guard page at TASK_SIZE_MAX passes access_ok too and #PFs
 * (fixed up).  i386 has no non-canonical addresses, and its access_ok
 * refuses anything reaching past TASK_SIZE_MAX: no access, no fault.
 * Outside a uaccess routine the same accesses are still reported as
 * before (the #GP line; the test handler's oops for a refused #PF).
 */
static void test_fixup_vs_oops(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	const bool is64 = A->word == 8;
	struct mm_struct mm;
	uint8_t buf[16];
	uint64_t v = 1;

	ua_setup(m, A, &mm);
	memset(buf, 0xaa, sizeof(buf));
	if (is64) {
		assert_int_equal(copy_from_user(m, buf, 0x800000000000ULL, 16), 16);
		assert_int_equal(buf[0], 0);
		assert_int_equal(copy_to_user(m, 0x800000000000ULL, buf, 16), 16);
		assert_int_equal(get_user(m, &v, 0x800000000000ULL, 8), -EFAULT);
		assert_int_equal(v, 0);
		assert_int_equal(count_in_dmesg(m, "General protection fault in user access. Non-canonical address?"), 1);
		assert_true(dmesg_has(m, "WARNING: CPU: 0 PID: 0 at arch/x86/mm/extable.c: ex_handler_uaccess"));
	}
	/* the guard page at TASK_SIZE_MAX: faulted and fixed up, or refused */
	assert_int_equal(copy_from_user(m, buf, TASK_SIZE_MAX(m), 16), 16);
	assert_int_equal(ft.calls, is64 ? 1 : 0);
	if (is64)
		assert_int_equal(ft.va, TASK_SIZE_MAX(m));
	assert_int_equal(ft.fixups, is64 ? 1 : 0);
	/* a copy that starts in user space (unmapped here) and runs into the hole */
	assert_int_equal(copy_from_user(m, buf, TASK_SIZE_MAX(m) - 8, 16), 16);
	assert_int_equal(ft.calls, is64 ? 2 : 0);
	assert_no_oops(m);
	assert_false(this_cpu(m)->uaccess);

	/* not a uaccess: a plain kernel read of the hole oopses, a non-canonical one #GPs */
	assert_false(fixup_exception(m, X86_TRAP_PF, 0, HOLE));
	assert_int_equal(mmu_read(m, HOLE, buf, 8, MODE_KERNEL), -EFAULT);
	assert_int_equal(ft.oopses, 1);
	assert_true(dmesg_has(m, "BUG: unable to handle page fault for address: 0000000000402000"));
	if (is64) {
		assert_int_equal(mmu_read(m, 0x800000000000ULL, buf, 8, MODE_KERNEL), -EFAULT);
		assert_true(dmesg_has(m, "general protection fault, probably for non-canonical address 0x800000000000"));
	}
	ft.oopses = 0;
	ua_teardown(m, &mm);
}

/* Copies on one CPU run in that CPU's address space, and the uaccess region is per CPU. */
static void test_per_cpu_address_space(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	struct mm_struct mm;
	uint32_t v = 0xdeadbeef, r = 0;

	ua_setup(m, A, &mm);		/* on CPU 0 */
	assert_int_equal(put_user(m, &v, USER, 4), 0);
	m->cpu = 1;			/* CPU 1 still runs init_mm: nothing at USER */
	assert_int_equal(get_user(m, &r, USER, 4), -EFAULT);
	assert_int_equal(ft.fixups, 1);
	switch_mm(m, &mm);
	assert_int_equal(get_user(m, &r, USER, 4), 0);
	assert_int_equal(r, v);
	switch_mm(m, &m->init_mm);
	m->cpu = 0;
	assert_no_oops(m);
	ua_teardown(m, &mm);
}

/*
 * The last user page, TOP = TASK_SIZE_MAX - 4096, mapped (6.6):
 *  - strncpy_from_user / strnlen_user bound the scan by max = TASK_SIZE_MAX
 *    - src (lib/strncpy_from_user.c, strnlen_user.c): a string running
 *    to the end with no NUL is -EFAULT / 0 without touching the page
 *    above, unless count was reached first (count, count + 1); a NUL in
 *    the last bytes is found;
 *  - copy_to_user / copy_from_user of a range crossing TASK_SIZE_MAX:
 *    x86_64's access_ok lets it through and the copy stops at the guard
 *    page (one fault, fixed up, the bytes before it copied); i386's
 *    refuses it (nothing copied, no fault);
 *  - get_user of 8 bytes from TOP + 4092: x86_64 reads across into the
 *    guard page (a fault), i386's __get_user_8 compares with
 *    TASK_SIZE_MAX - 7 first (no fault); both -EFAULT with the value zeroed.
 * The copies through the user mapping need no kmap, though the frame is
 * HighMem on i386: no invlpg.
 */
static void test_top_of_user_space(void **state)
{
	const struct ua_arch *A = *state;
	struct machine *m = boot_spec(A->spec);
	const bool is64 = A->word == 8;
	const uint64_t end = A->task_size_max;
	struct mm_struct mm;
	uint8_t out[16], in[16];
	uint64_t v = ~0ULL, f0;
	char dst[64];

	ua_setup(m, A, &mm);
	assert_int_equal(set_pte_at(m, &mm, TOP(A), PFN_DOWN(frame_alloc(m)), PAGE_SHARED), 0);
	f0 = this_cpu(m)->tlb.stats.flush_one;
	for (int i = 0; i < 16; i++)
		out[i] = (uint8_t)(0x41 + i);
	assert_int_equal(copy_to_user(m, TOP(A), out, 16), 0);
	assert_int_equal(copy_from_user(m, in, TOP(A), 16), 0);
	assert_memory_equal(in, out, 16);
	assert_int_equal(this_cpu(m)->tlb.stats.flush_one - f0, 0);	/* no kmap */
	/* strings ending at TASK_SIZE_MAX */
	put_string(m, end - 4, "abcd", 4);
	memset(dst, 0xaa, sizeof(dst));
	assert_int_equal(strncpy_from_user(m, dst, end - 4, 64), -EFAULT);	/* max hit */
	assert_int_equal(strncpy_from_user(m, dst, end - 4, 4), 4);		/* count hit */
	assert_memory_equal(dst, "abcd", 4);
	assert_int_equal(strnlen_user(m, end - 4, 64), 0);
	assert_int_equal(ft.calls, 0);			/* never the page above */
	put_string(m, end - 4, "abc", 4);
	assert_int_equal(strncpy_from_user(m, dst, end - 4, 64), 3);
	assert_string_equal(dst, "abc");
	assert_int_equal(strnlen_user(m, end - 4, 64), 4);
	assert_int_equal(ft.calls, 0);
	/* copies across TASK_SIZE_MAX */
	assert_int_equal(copy_to_user(m, end - 4, out, 8), is64 ? 4 : 8);
	assert_int_equal(ft.calls, is64 ? 1 : 0);
	memset(in, 0xaa, sizeof(in));
	assert_int_equal(copy_from_user(m, in, end - 4, 8), is64 ? 4 : 8);
	if (is64)
		assert_memory_equal(in, out, 4);	/* the bytes below the guard page */
	else
		assert_int_equal(in[0], 0);		/* nothing: zeroed */
	assert_int_equal(in[7], 0);
	assert_int_equal(ft.calls, is64 ? 2 : 0);
	/* get_user: a 4-byte one fits, an 8-byte one does not */
	assert_int_equal(get_user(m, &v, end - 4, 4), 0);
	/* "ABCD" where x86_64's crossing copy_to_user landed; i386's left "abc" */
	assert_int_equal(v & 0xffffffffULL, is64 ? 0x44434241ULL : 0x00636261ULL);
	v = ~0ULL;
	assert_int_equal(get_user(m, &v, end - 4, 8), -EFAULT);
	assert_int_equal(v, 0);
	assert_int_equal(ft.calls, is64 ? 3 : 0);
	assert_int_equal(ft.fixups, is64 ? 3 : 0);
	assert_no_oops(m);
	ua_teardown(m, &mm);
}

#define UA_TEST(f) \
	{ #f "/x86_64", f, NULL, NULL, (void *)&x86_64_arch }, \
	{ #f "/i386", f, NULL, NULL, (void *)&i386_arch }

int main(void)
{
	const struct CMUnitTest tests[] = {
		UA_TEST(test_access_ok),
		UA_TEST(test_copies),
		UA_TEST(test_get_put),
		UA_TEST(test_clear_user),
		UA_TEST(test_strncpy_from_user),
		UA_TEST(test_strnlen_user),
		UA_TEST(test_demand_fault),
		UA_TEST(test_fixup_vs_oops),
		UA_TEST(test_per_cpu_address_space),
		UA_TEST(test_top_of_user_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
