// SPDX-License-Identifier: MIT
/*
 * uaccess.c - the architecture half of the user/kernel copy API: the
 * address check, the raw copies, get_user / put_user and clear_user of
 * x86 (arch/x86/include/asm/uaccess.h, uaccess_64.h, uaccess_32.h,
 * asm-generic/access_ok.h, arch/x86/lib/getuser.S, putuser.S,
 * copy_user_64.S, usercopy_32.c, Linux 6.6).
 *
 * Every user access is a kernel-mode access through the MMU on the
 * current CPU's CR3 (mmu_read / mmu_write, so the TLB, the walk, the A/D
 * bits, the caches and the cost model are those of any other access),
 * made one page at a time between user_access_begin and user_access_end
 * (STAC / CLAC: the region whose accesses have exception-table entries,
 * this_cpu()->uaccess).  A missing page faults into m->fault_handler; if
 * it maps the page the access is retried and the copy goes on; if not,
 * the copy stops at that page, as the fixup of rep movsb / rep stosb
 * stops it at the first byte that faulted: the result counts the bytes
 * not done.  fixup_exception (src/arch/extable.c) tells a fault handler
 * not to oops for those faults.
 *
 * Simplified: no SMAP/SMEP (STAC/CLAC change nothing in the MMU), no
 * LAM tag untagging, no fault injection (should_fail_usercopy), no
 * hardened-usercopy object checks (check_copy_size), no might_fault
 * lockdep checks.  A store of get/put size that crosses a page is
 * translated on both pages before a byte lands (an x86 store is not split
 * by a fault), which costs one TLB hit more than the hardware.
 */
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "internal.h"
#include "mmu.h"
#include "uaccess.h"

/* valid_user_address (uaccess_64.h, 6.6): the user half is the positive one. */
static inline bool valid_user_address(uint64_t x)
{
	return (int64_t)x >= 0;
}

/**
 * access_ok - may [@addr, @addr + @size) be a user range; see uaccess.h.
 * x86_64: __access_ok of arch/x86/include/asm/uaccess_64.h (6.6) for a
 * size not known at compile time (the sum is valid and does not wrap);
 * i386: asm-generic/access_ok.h's __access_ok against TASK_SIZE_MAX.
 */
bool access_ok(struct machine *m, uint64_t addr, uint64_t size)
{
	uint64_t limit = TASK_SIZE_MAX(m);

	if (m->arch->bits == 64) {
		uint64_t sum = addr + size;

		return valid_user_address(sum) && sum >= addr;
	}
	return size <= limit && addr <= limit - size;
}

/* __uaccess_begin / __uaccess_end: stac() / clac(), saving the region flag. */
static inline bool __uaccess_begin(struct machine *m)
{
	bool old = this_cpu(m)->uaccess;

	this_cpu(m)->uaccess = true;
	return old;
}

static inline void __uaccess_end(struct machine *m, bool old)
{
	this_cpu(m)->uaccess = old;
}

/**
 * user_access_begin - access_ok, then open a uaccess region (STAC) on
 * this CPU; false (nothing opened) when access_ok refuses.
 */
bool user_access_begin(struct machine *m, uint64_t addr, uint64_t size)
{
	if (!access_ok(m, addr, size))
		return false;
	this_cpu(m)->uaccess = true;
	return true;
}

/**
 * user_access_end - close the uaccess region (CLAC).
 */
void user_access_end(struct machine *m)
{
	this_cpu(m)->uaccess = false;
}

/*
 * copy_user_generic: @n bytes between user @uaddr and kernel @kbuf, a
 * page at a time; the bytes not copied (those from the page that faulted
 * on).  No address check.
 */
static size_t copy_user_generic(struct machine *m, uint64_t uaddr, void *kbuf, size_t n,
				bool to_user)
{
	uint8_t *p = kbuf;
	size_t done = 0;
	bool old = __uaccess_begin(m);

	while (done < n) {
		uint64_t va = uaddr + done;
		size_t chunk = PAGE_SIZE - (size_t)(va & (PAGE_SIZE - 1));
		int ret;

		if (chunk > n - done)
			chunk = n - done;
		ret = to_user ? mmu_write(m, va, p + done, chunk, MODE_KERNEL) :
				mmu_read(m, va, p + done, chunk, MODE_KERNEL);
		if (ret)
			break;		/* the fixup: ends the copy here */
		done += chunk;
	}
	__uaccess_end(m, old);
	return n - done;
}

/**
 * raw_copy_from_user - @n bytes from user @from to @to without access_ok;
 * returns the bytes not copied (the tail of @to is left as it was).
 */
size_t raw_copy_from_user(struct machine *m, void *to, uint64_t from, size_t n)
{
	return copy_user_generic(m, from, to, n, false);
}

/**
 * raw_copy_to_user - @n bytes from @from to user @to without access_ok;
 * returns the bytes not copied.
 */
size_t raw_copy_to_user(struct machine *m, uint64_t to, const void *from, size_t n)
{
	return copy_user_generic(m, to, (void *)from, n, true);
}

/*
 * check_range of getuser.S / putuser.S: x86_64 turns a pointer with the
 * sign bit set into an address that faults (only the pointer is looked
 * at: an access running into the non-canonical hole #GPs); i386 requires
 * the whole access below TASK_SIZE_MAX.
 */
static bool user_ptr_ok(struct machine *m, uint64_t ptr, size_t size)
{
	if (m->arch->bits == 64)
		return valid_user_address(ptr);
	return ptr <= TASK_SIZE_MAX(m) - size;
}

/* One load of @size bytes: all or nothing. */
static int ua_load(struct machine *m, uint64_t ptr, void *x, size_t size)
{
	return copy_user_generic(m, ptr, x, size, false) ? -EFAULT : 0;
}

/* One store of @size bytes: both pages translated before a byte lands. */
static int ua_store(struct machine *m, uint64_t ptr, const void *x, size_t size)
{
	uint64_t last = ptr + size - 1;
	bool old = __uaccess_begin(m);
	phys_addr_t pa;
	int ret = 0;

	if ((ptr ^ last) >> PAGE_SHIFT &&
	    (mmu_translate(m, ptr, ACCESS_WRITE, MODE_KERNEL, &pa, NULL) ||
	     mmu_translate(m, last, ACCESS_WRITE, MODE_KERNEL, &pa, NULL)))
		ret = -EFAULT;
	else if (mmu_write(m, ptr, x, size, MODE_KERNEL))
		ret = -EFAULT;
	__uaccess_end(m, old);
	return ret;
}

/**
 * get_user - __get_user_1/2/4/8 (getuser.S): *@x = @size bytes at user
 * @ptr; 0, or -EFAULT and *@x zeroed (the fixup's "xor %edx,%edx").
 * i386's 8-byte load is two 4-byte ones; either faulting fails it.
 * -EINVAL (nothing loaded, *@x untouched) for a size other than 1, 2, 4, 8.
 */
int get_user(struct machine *m, void *x, uint64_t ptr, size_t size)
{
	uint8_t v[8];

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	if (!user_ptr_ok(m, ptr, size) || ua_load(m, ptr, v, size)) {
		memset(x, 0, size);
		return -EFAULT;
	}
	memcpy(x, v, size);
	return 0;
}

/**
 * put_user - __put_user_1/2/4/8 (putuser.S): store @size bytes of *@x at
 * user @ptr; 0 or -EFAULT.  On i386 the 8-byte store is two 4-byte ones
 * (movl; movl), so the low half may land when the high half faults.
 * -EINVAL for a size other than 1, 2, 4, 8.
 */
int put_user(struct machine *m, const void *x, uint64_t ptr, size_t size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	if (!user_ptr_ok(m, ptr, size))
		return -EFAULT;
	if (size == 8 && m->arch->bits == 32)
		return ua_store(m, ptr, x, 4) || ua_store(m, ptr + 4, (const uint8_t *)x + 4, 4) ?
			-EFAULT : 0;
	return ua_store(m, ptr, x, size);
}

/* What rep stosb stores. */
static const uint8_t zero_page_bytes[PAGE_SIZE];

/**
 * clear_user - zero @n bytes at user @to (x86_64 clear_user of
 * uaccess_64.h over __clear_user's rep stosb; i386 usercopy_32.c
 * clear_user over __do_clear_user); returns the bytes not cleared, all
 * of them when access_ok refuses.
 */
size_t clear_user(struct machine *m, uint64_t to, size_t n)
{
	size_t done = 0;
	bool old;

	if (!access_ok(m, to, n))
		return n;
	old = __uaccess_begin(m);
	while (done < n) {
		uint64_t va = to + done;
		size_t chunk = PAGE_SIZE - (size_t)(va & (PAGE_SIZE - 1));

		if (chunk > n - done)
			chunk = n - done;
		if (mmu_write(m, va, zero_page_bytes, chunk, MODE_KERNEL))
			break;
		done += chunk;
	}
	__uaccess_end(m, old);
	return n - done;
}
