/* SPDX-License-Identifier: MIT */
/*
 * uaccess.h - the user/kernel copy API (include/linux/uaccess.h,
 * arch/x86/include/asm/uaccess.h, uaccess_64.h, asm-generic/access_ok.h,
 * Linux 6.6).
 *
 * The kernel reaches a user address only through these: they run on the
 * current CPU's address space (its CR3), as kernel-mode accesses through
 * the MMU (no SMAP: supervisor accesses to user pages are allowed), page
 * by page.  A missing page faults and the kernel's fault handler
 * (m->fault_handler) may map it, then the access goes on; a fault it
 * cannot fix ends the access there, and the routine returns what Linux's
 * exception-table fixup makes it return: the bytes not copied, -EFAULT,
 * 0 for strnlen_user.  No oops is printed for such a fault: a fault
 * handler asks fixup_exception first (see below).
 *
 * User addresses are uint64_t; kernel buffers are host pointers (what
 * mmu_read / mmu_write take).
 *
 * Files: src/arch/uaccess.c (access_ok, the raw copies, get_user,
 * put_user, clear_user: arch/x86/include/asm/uaccess*.h, arch/x86/lib/
 * getuser.S, putuser.S, copy_user_64.S, usercopy_32.c), src/arch/extable.c
 * (fixup_exception: arch/x86/mm/extable.c), src/lib/usercopy.c
 * (copy_from_user, copy_to_user: lib/usercopy.c), src/lib/
 * strncpy_from_user.c, src/lib/strnlen_user.c.
 */
#ifndef MMSIM_UACCESS_H
#define MMSIM_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

/* The x86 trap numbers fixup_exception is told about (asm/trapnr.h). */
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14

/*
 * access_ok - may [@addr, @addr + @size) be a user range?  Only the
 * address is checked, not the mapping.  x86_64: __access_ok of 6.6 (the
 * user half is the positive half: valid_user_address(x) is (long)x >= 0;
 * addr + size must be valid and not wrap).  i386: asm-generic's
 * __access_ok against TASK_SIZE_MAX (= TASK_SIZE = PAGE_OFFSET).
 */
bool access_ok(struct machine *m, uint64_t addr, uint64_t size);

/* user_access_begin / user_access_end: STAC / CLAC, and the fixup region. */
bool user_access_begin(struct machine *m, uint64_t addr, uint64_t size);
void user_access_end(struct machine *m);

/* raw_copy_{from,to}_user: no access_ok; the bytes not copied. */
size_t raw_copy_from_user(struct machine *m, void *to, uint64_t from, size_t n);
size_t raw_copy_to_user(struct machine *m, uint64_t to, const void *from, size_t n);

/*
 * copy_from_user - @n bytes from user @from to kernel @to; returns the
 * bytes not copied (0 on success); the uncopied tail of @to is zeroed.
 * copy_to_user - @n bytes from kernel @from to user @to; the bytes not
 * copied.  Both fail entirely (return @n) when access_ok refuses.
 */
size_t copy_from_user(struct machine *m, void *to, uint64_t from, size_t n);
size_t copy_to_user(struct machine *m, uint64_t to, const void *from, size_t n);

/*
 * get_user - load @size (1, 2, 4 or 8) bytes at user @ptr into *@x
 * (little-endian, as the value's own bytes); 0, or -EFAULT with *@x
 * zeroed.  put_user - store them; 0 or -EFAULT.  -EINVAL for another
 * size (Linux refuses it at compile time).
 */
int get_user(struct machine *m, void *x, uint64_t ptr, size_t size);
int put_user(struct machine *m, const void *x, uint64_t ptr, size_t size);

/* clear_user - zero @n user bytes at @to; returns the bytes not cleared. */
size_t clear_user(struct machine *m, uint64_t to, size_t n);

/*
 * strncpy_from_user - copy the NUL-terminated user string @src into @dst
 * (at least @count bytes): its length without the NUL; @count when it has
 * no NUL within @count bytes (then @dst has no NUL); -EFAULT on a fault
 * before either (some bytes may have been copied).  0 for @count <= 0.
 */
long strncpy_from_user(struct machine *m, char *dst, uint64_t src, long count);

/*
 * strnlen_user - the size of the user string @str including its NUL;
 * 0 on a fault (or @count <= 0); a value greater than @count when the
 * string is longer (count + 1, or the length found in the last word
 * read: Linux reads whole aligned words).
 */
long strnlen_user(struct machine *m, uint64_t str, long count);

/*
 * fixup_exception - a kernel-mode fault at @fault_addr (trap @trapnr,
 * @error_code) that the kernel cannot fix: has the faulting access an
 * exception-table entry?  True inside a uaccess routine on this CPU
 * (the fault becomes the routine's error return, as ex_handler_uaccess
 * does; a #GP also WARNs once).  A fault handler calls it before
 * reporting "BUG: unable to handle page fault" (kernelmode_fixup_or_oops).
 */
bool fixup_exception(struct machine *m, int trapnr, unsigned int error_code,
		     uint64_t fault_addr);

#endif /* MMSIM_UACCESS_H */
