// SPDX-License-Identifier: MIT
/*
 * extable.c - the kernel's exception-table fixups for user accesses
 * (arch/x86/mm/extable.c fixup_exception, ex_handler_uaccess, Linux 6.6).
 *
 * In Linux every instruction of a uaccess routine that may touch a user
 * address has an _ASM_EXTABLE_UA entry; a fault the kernel cannot fix at
 * such an instruction jumps to its fixup (the routine then returns the
 * bytes left, or -EFAULT) instead of an oops.  mmsim has no instruction
 * pointers: the uaccess routines of src/arch/uaccess.c mark the CPU
 * (this_cpu()->uaccess) while they access user memory, and the fixup is
 * their own error return once the MMU gives back -EFAULT.  What remains
 * to decide is whether a fault is reported: the page-fault handler asks
 * fixup_exception before "BUG: unable to handle page fault" (as
 * kernelmode_fixup_or_oops does), and the MMU's #GP report asks it too.
 */
#include "internal.h"
#include "uaccess.h"

/*
 * ex_handler_uaccess: a #GP in a user access means a non-canonical user
 * address (access_ok let it through: 6.6 only checks the sign bit);
 * WARN_ONCE, then the default fixup.  A #PF needs no report.
 */
static bool ex_handler_uaccess(struct machine *m, int trapnr)
{
	if (trapnr == X86_TRAP_GP && !m->uaccess_gp_warned) {
		m->uaccess_gp_warned = true;
		pr_warn(m, "------------[ cut here ]------------\n"
			"General protection fault in user access. Non-canonical address?\n"
			"WARNING: CPU: %d PID: %d at arch/x86/mm/extable.c: ex_handler_uaccess\n"
			"---[ end trace 0000000000000000 ]---",
			m->cpu, this_cpu(m)->pid);
	}
	return true;
}

/**
 * fixup_exception - does the kernel-mode access that faulted (trap
 * @trapnr, @error_code, at @fault_addr) have a fixup?  True inside a
 * uaccess routine on this CPU: the fault becomes the routine's error
 * return and must not be reported as an oops.  False otherwise.
 */
bool fixup_exception(struct machine *m, int trapnr, unsigned int error_code,
		     uint64_t fault_addr)
{
	(void)error_code;
	(void)fault_addr;
	if (!this_cpu(m)->uaccess)
		return false;
	return ex_handler_uaccess(m, trapnr);
}
