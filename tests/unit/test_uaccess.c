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
	struct page *p = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);

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
static void ua_setup(struct machine *m, struct mm_struct *mm)
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

/* x86_64 6.6: TASK_SIZE_MAX is 2^47 - 4096, but __access_ok only wants addr + size in the positive half without wrapping (valid_user_address is the sign bit). */
static void test_access_ok_x86_64(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1");

	(void)state;
	assert_int_equal(TASK_SIZE_MAX(m), 0x7ffffffff000ULL);
	assert_true(access_ok(m, 0, 0));
	assert_true(access_ok(m, 0, 1));
	assert_true(access_ok(m, USER, 8192));
	assert_true(access_ok(m, 0x7ffffffff000ULL - 4096, 4096));
	/* the guard page and the non-canonical hole pass: the access faults instead */
	assert_true(access_ok(m, 0x7ffffffff000ULL, 4096));
	assert_true(access_ok(m, 0x800000000000ULL, 16));
	assert_true(access_ok(m, 0x7ffffffffffffffeULL, 1));	/* ends at 2^63 - 1 */
	assert_false(access_ok(m, 0x7fffffffffffffffULL, 1));	/* ends at 2^63 */
	assert_true(access_ok(m, 0x1000, 0x7fffffffffffefffULL));
	assert_false(access_ok(m, 0x1000, 0x7ffffffffffff000ULL));
	/* kernel addresses, and wrapping ranges */
	assert_false(access_ok(m, 0xffff888000000000ULL, 0));
	assert_false(access_ok(m, 0xffffffffffffffffULL, 1));
	assert_false(access_ok(m, 1, UINT64_MAX));
	assert_false(access_ok(m, 0x400000, UINT64_MAX - 0x100000));
	mms_machine_free(m);
}

/* i386: asm-generic's __access_ok, size <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - size, TASK_SIZE_MAX = PAGE_OFFSET 0xc0000000. */
static void test_access_ok_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=256M cpus=1");

	(void)state;
	assert_int_equal(TASK_SIZE_MAX(m), 0xc0000000ULL);
	assert_true(access_ok(m, 0, 0));
	assert_true(access_ok(m, 0, 0xc0000000ULL));
	assert_false(access_ok(m, 0, 0xc0000001ULL));
	assert_true(access_ok(m, 0xbffff000ULL, 0x1000));
	assert_false(access_ok(m, 0xbffff000ULL, 0x1001));
	assert_true(access_ok(m, 0xbfffffffULL, 1));
	assert_true(access_ok(m, 0xc0000000ULL, 0));
	assert_false(access_ok(m, 0xc0000000ULL, 1));
	assert_false(access_ok(m, 0xffffffffULL, 2));
	assert_false(access_ok(m, 1, 0xffffffffULL));
	mms_machine_free(m);
}

/* --------------------------------------------------------------- the copies */

/* Full copies both ways; a copy faulting on its second page copies exactly the first (copy_from_user zeroes the rest of the kernel buffer); a read-only user page refuses the write; access_ok refusing copies nothing and faults nothing. */
static void copies(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	uint8_t *out = malloc(3 * PAGE_SIZE), *in = malloc(3 * PAGE_SIZE);
	uint64_t cycles;

	assert_non_null(out);
	assert_non_null(in);
	ua_setup(m, &mm);
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

static void test_copies_x86_64(void **state)
{
	(void)state;
	copies("arch=x86_64 ram=256M cpus=2");
}

static void test_copies_i386(void **state)
{
	(void)state;
	copies("arch=i386 ram=256M cpus=2");
}

/* ------------------------------------------------------ get_user / put_user */

/* Each size round-trips little-endian; a fault is -EFAULT with get_user's value zeroed; a store crossing into a refused page lands nothing on x86_64 (one movq) but its low half on i386 (two movl). */
static void get_put(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	const uint64_t v64 = 0x1122334455667788ULL;
	uint64_t r;
	uint8_t *u;
	bool i386 = m->arch->bits == 32;

	ua_setup(m, &mm);
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

static void test_get_put_x86_64(void **state)
{
	(void)state;
	get_put("arch=x86_64 ram=256M cpus=2");
}

static void test_get_put_i386(void **state)
{
	(void)state;
	get_put("arch=i386 ram=256M cpus=2");
}

/* ---------------------------------------------------------------- clear_user */

/* clear_user zeroes up to the page that faults and returns the bytes left; access_ok refusing leaves all of them. */
static void clear(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	uint8_t *p0, *p1;

	ua_setup(m, &mm);
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

static void test_clear_user_x86_64(void **state)
{
	(void)state;
	clear("arch=x86_64 ram=256M cpus=2");
}

static void test_clear_user_i386(void **state)
{
	(void)state;
	clear("arch=i386 ram=256M cpus=2");
}

/* ------------------------------------------------------------------ strings */

static void put_string(struct machine *m, uint64_t va, const char *s, size_t len)
{
	assert_int_equal(copy_to_user(m, va, s, len), 0);
}

/* strncpy_from_user: length without the NUL, count when there is none within count, -EFAULT at a faulting page; word-at-a-time: the NUL's word is stored with zeros after it, and a word running into the hole falls back to bytes (a second fault). */
static void strncpy_tests(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	const size_t word = (size_t)m->arch->bits / 8;
	char dst[64];

	ua_setup(m, &mm);
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

static void test_strncpy_from_user_x86_64(void **state)
{
	(void)state;
	strncpy_tests("arch=x86_64 ram=256M cpus=2");
}

static void test_strncpy_from_user_i386(void **state)
{
	(void)state;
	strncpy_tests("arch=i386 ram=256M cpus=2");
}

/* strnlen_user: the size with the NUL; 0 on a fault; more than count when longer (count + 1, or the NUL found in the last aligned word read: x86_64 sees "hello"'s NUL with count 3). */
static void strnlen_tests(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	const size_t word = (size_t)m->arch->bits / 8;
	char longstr[101];

	ua_setup(m, &mm);
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

static void test_strnlen_user_x86_64(void **state)
{
	(void)state;
	strnlen_tests("arch=x86_64 ram=256M cpus=2");
}

static void test_strnlen_user_i386(void **state)
{
	(void)state;
	strnlen_tests("arch=i386 ram=256M cpus=2");
}

/* ------------------------------------------------------------ demand faults */

/* A user page that is not there is faulted in by the handler (one kernel-mode fault per page, each charged a minor fault) and the copy goes on. */
static void demand(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	uint8_t *out = malloc(3 * PAGE_SIZE), *in = malloc(3 * PAGE_SIZE);
	uint64_t cycles, v = 0x55;
	char s[16];

	assert_non_null(out);
	assert_non_null(in);
	ua_setup(m, &mm);
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

static void test_demand_fault_x86_64(void **state)
{
	(void)state;
	demand("arch=x86_64 ram=256M cpus=2");
}

static void test_demand_fault_i386(void **state)
{
	(void)state;
	demand("arch=i386 ram=256M cpus=2");
}

/* ------------------------------------------------- fixups and their absence */

/* x86_64 6.6: access_ok lets a non-canonical user address through; the copy #GPs, ex_handler_uaccess WARNs once and the copy fails, with no GP oops.  Outside a uaccess routine the same accesses are still reported as before (the #GP line; the test handler's oops for a refused #PF). */
static void test_fixup_vs_oops(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	struct mm_struct mm;
	uint8_t buf[16];
	uint64_t v = 1;

	(void)state;
	ua_setup(m, &mm);
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(copy_from_user(m, buf, 0x800000000000ULL, 16), 16);
	assert_int_equal(buf[0], 0);
	assert_int_equal(copy_to_user(m, 0x800000000000ULL, buf, 16), 16);
	assert_int_equal(get_user(m, &v, 0x800000000000ULL, 8), -EFAULT);
	assert_int_equal(v, 0);
	assert_int_equal(count_in_dmesg(m, "General protection fault in user access. Non-canonical address?"), 1);
	assert_true(dmesg_has(m, "WARNING: CPU: 0 PID: 0 at arch/x86/mm/extable.c: ex_handler_uaccess"));
	/* the guard page at TASK_SIZE_MAX passes access_ok and #PFs (fixed up) */
	assert_int_equal(copy_from_user(m, buf, TASK_SIZE_MAX(m), 16), 16);
	assert_int_equal(ft.calls, 1);
	assert_int_equal(ft.va, TASK_SIZE_MAX(m));
	assert_int_equal(ft.fixups, 1);
	/* a copy that starts in user space and runs into the hole */
	assert_int_equal(copy_from_user(m, buf, TASK_SIZE_MAX(m) - 8, 16), 16);
	assert_no_oops(m);
	assert_false(this_cpu(m)->uaccess);

	/* not a uaccess: a plain kernel read of the hole oopses, a non-canonical one #GPs */
	assert_false(fixup_exception(m, X86_TRAP_PF, 0, HOLE));
	assert_int_equal(mmu_read(m, HOLE, buf, 8, MODE_KERNEL), -EFAULT);
	assert_int_equal(ft.oopses, 1);
	assert_true(dmesg_has(m, "BUG: unable to handle page fault for address: 0000000000402000"));
	assert_int_equal(mmu_read(m, 0x800000000000ULL, buf, 8, MODE_KERNEL), -EFAULT);
	assert_true(dmesg_has(m, "general protection fault, probably for non-canonical address 0x800000000000"));
	ft.oopses = 0;
	ua_teardown(m, &mm);
}

/* Copies on one CPU run in that CPU's address space, and the uaccess region is per CPU. */
static void test_per_cpu_address_space(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2");
	struct mm_struct mm;
	uint32_t v = 0xdeadbeef, r = 0;

	(void)state;
	ua_setup(m, &mm);		/* on CPU 0 */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_ok_x86_64),
		cmocka_unit_test(test_access_ok_i386),
		cmocka_unit_test(test_copies_x86_64),
		cmocka_unit_test(test_copies_i386),
		cmocka_unit_test(test_get_put_x86_64),
		cmocka_unit_test(test_get_put_i386),
		cmocka_unit_test(test_clear_user_x86_64),
		cmocka_unit_test(test_clear_user_i386),
		cmocka_unit_test(test_strncpy_from_user_x86_64),
		cmocka_unit_test(test_strncpy_from_user_i386),
		cmocka_unit_test(test_strnlen_user_x86_64),
		cmocka_unit_test(test_strnlen_user_i386),
		cmocka_unit_test(test_demand_fault_x86_64),
		cmocka_unit_test(test_demand_fault_i386),
		cmocka_unit_test(test_fixup_vs_oops),
		cmocka_unit_test(test_per_cpu_address_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
