// SPDX-License-Identifier: MIT
/*
 * vdso.c - the [vvar] and [vdso] special mappings every exec gets
 * (arch/x86/entry/vdso/vma.c map_vdso, vdso_addr, map_vdso_randomized,
 * load_vdso32, vdso_fault, vvar_fault, vdso_mremap; mm/mmap.c
 * _install_special_mapping, special_mapping_fault; Linux 6.6).
 *
 * The images are those of a 6.6 build: vdso_image_64 and vdso_image_32
 * are 2 pages (image->size 8K) each, with sym_vvar_start -4 pages: the
 * vvar area (vvar page, pvclock page, hvclock page, timens page;
 * vdso-layout.lds.S) sits right below the text.  x86_64 asks for the
 * address vdso_addr() draws above the stack (6.6 still does; the move
 * into the mmap area came with 6.9) and, when that hint collides with
 * the stack, gets get_unmapped_area's top-down answer below the
 * interpreter; i386 (load_vdso32) asks for no address.
 *
 * [vdso] is VM_READ|VM_EXEC|VM_MAYREAD|VM_MAYWRITE|VM_MAYEXEC (MAYWRITE
 * for gdb's breakpoints), [vvar] VM_READ|VM_MAYREAD|VM_IO|VM_DONTDUMP|
 * VM_PFNMAP; _install_special_mapping adds VM_DONTEXPAND|VM_SOFTDIRTY,
 * so mremap cannot grow them, mlock skips them, they never merge.
 * Their pages are kernel pages, made on the first fault of any task
 * (in Linux they are in the kernel image): a vdso page is mapped as
 * special_mapping_fault maps it (a page of its own, counted RssFile and
 * Mapped, shared by every task: Pss divides it); the vvar page is
 * vmf_insert_pfn'd into the VM_PFNMAP VMA (a special pte: no struct
 * page counted, no RSS, as smaps shows 0 kB for [vvar]).  The pvclock,
 * hvclock and timens pages do not exist (no paravirt clock, no time
 * namespace): SIGBUS, as vvar_fault.  Moving [vdso] with mremap updates
 * mm->context.vdso (vdso_mremap; -EINVAL for a size change); munmap of
 * either is allowed.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"

#define VDSO_IMAGE_SIZE		(2 * PAGE_SIZE)		/* vdso_image_64/32.size */
#define VVAR_SIZE		(4 * PAGE_SIZE)		/* -image->sym_vvar_start */
#define PMD_SIZE_64		(1UL << 21)

const char vdso_name[] = "[vdso]";
const char vvar_name[] = "[vvar]";

/* init_vdso_image - the image and the vvar page, made once per machine, kept. */
static int init_vdso_image(struct machine *m)
{
	struct vm_state *vm = m->vm;
	struct page *p;

	if (vm->vvar_pfn)
		return 0;
	for (int i = 0; i < 2; i++) {
		if (vm->vdso_pages[i])
			continue;
		vm->vdso_pages[i] = alloc_pages(m, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, 0);
		if (!vm->vdso_pages[i])
			return -ENOMEM;
	}
	p = alloc_pages(m, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, 0);
	if (!p)
		return -ENOMEM;
	vm->vvar_pfn = page_to_pfn(m, p);
	return 0;
}

/*
 * _install_special_mapping - a VMA [@addr, +@len) named @name with
 * @vm_flags | VM_DONTEXPAND | VM_SOFTDIRTY and no backing file, counted
 * as vm_stat_account does.  -ENOMEM if it would overlap (the caller
 * picked a free range).
 */
static int _install_special_mapping(struct machine *m, struct mm_struct *mm, unsigned long addr,
				    unsigned long len, unsigned long vm_flags, const char *name)
{
	struct vm_area_struct *vma = vm_area_alloc(m, mm);

	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags | mm->def_flags | VM_DONTEXPAND | VM_SOFTDIRTY;
	vma->vm_flags &= ~VM_LOCKED_MASK;	/* mlock never takes special mappings */
	vma->vm_pgoff = 0;
	vma->special_name = name;
	vma->vm_page_prot = vm_get_page_prot(m, vma->vm_flags);
	if (insert_vm_struct(m, mm, vma)) {	/* vm_stat_account there */
		vm_area_free(m, vma);
		return -ENOMEM;
	}
	return 0;
}

/* map_vdso - [vvar] at the free range get_unmapped_area gives for @addr, [vdso] above it. */
static int map_vdso(struct machine *m, struct mm_struct *mm, unsigned long addr)
{
	long r = get_unmapped_area(m, addr, VDSO_IMAGE_SIZE + VVAR_SIZE, 0, 0);
	unsigned long text_start;
	int err;

	if (r < 0)
		return (int)r;
	text_start = (unsigned long)r + VVAR_SIZE;
	err = _install_special_mapping(m, mm, text_start, VDSO_IMAGE_SIZE,
				       VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC,
				       vdso_name);
	if (err)
		return err;
	err = _install_special_mapping(m, mm, (unsigned long)r, VVAR_SIZE,
				       VM_READ | VM_MAYREAD | VM_IO | VM_DONTDUMP | VM_PFNMAP,
				       vvar_name);
	if (err) {
		do_munmap(m, mm, text_start, VDSO_IMAGE_SIZE);
		return err;
	}
	mm->vdso = text_start;		/* mm->context.vdso */
	return 0;
}

/*
 * vdso_addr - x86_64's hint: above the stack top, a random page offset
 * within the PMD that holds it (clamped to DEFAULT_MAP_WINDOW).  The
 * random draw only happens when there is room, so norandmaps stays
 * deterministic.
 */
static unsigned long vdso_addr(struct machine *m, unsigned long start, unsigned long len)
{
	unsigned long end, window = mmap_task_size(m);

	start = PAGE_ALIGN(start);
	end = (start + len + PMD_SIZE_64 - 1) & ~(PMD_SIZE_64 - 1);
	if (end >= window)
		end = window;
	end -= len;
	if (end > start) {
		unsigned long pages = ((end - start) >> PAGE_SHIFT) + 1;

		return start + ((unsigned long)prandom_below(&m->vm->rnd, (uint32_t)pages) << PAGE_SHIFT);
	}
	return start;
}

/**
 * arch_setup_additional_pages - the vDSO of a new program (after the
 * interpreter, as load_elf_binary calls it): map_vdso_randomized on
 * x86_64, load_vdso32 (no hint) on i386.  0 or -errno.
 */
int arch_setup_additional_pages(struct machine *m, struct mm_struct *mm)
{
	unsigned long addr = 0;

	if (m->arch->bits == 64)
		addr = vdso_addr(m, mm->start_stack, VDSO_IMAGE_SIZE + VVAR_SIZE);
	return map_vdso(m, mm, addr);
}

/**
 * special_mapping_fault - a fault in [vdso] (the image's page, mapped as
 * a file page: RssFile, Mapped) or [vvar] (the vvar page's pfn, a special
 * pte; its other three pages SIGBUS).  Writes never get here: [vdso] is
 * not VM_WRITE unless mprotect made it so, then do_wp_page copies.
 */
unsigned int special_mapping_fault(struct machine *m, struct vm_area_struct *vma,
				   unsigned long addr, phys_addr_t ptep)
{
	unsigned long pgoff = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;

	if (init_vdso_image(m))
		return VM_FAULT_OOM;
	if (vma->special_name == vdso_name) {	/* vdso_fault */
		struct page *page;

		if (pgoff >= VDSO_IMAGE_SIZE >> PAGE_SHIFT)
			return VM_FAULT_SIGBUS;
		page = m->vm->vdso_pages[pgoff];
		get_page(page);
		do_set_pte(m, vma, addr, ptep, page, false);
		return 0;
	}
	if (vma->special_name == vvar_name && pgoff == 0) {	/* vvar_fault: sym_vvar_page */
		set_pte(m, ptep, pfn_pte_fmt(m->arch->mmu, m->vm->vvar_pfn, vma->vm_page_prot) |
			_PAGE_ACCESSED);
		return 0;
	}
	return VM_FAULT_SIGBUS;
}

/**
 * special_mapping_mremap - vdso_mremap / vvar_mremap, for a move of
 * [@old_addr, +@new_len) of the special mapping @vma: the moved mapping
 * must be the whole image (-EINVAL otherwise, the move undone as 6.6's
 * move_vma does); with @new_start set (after the move), [vdso]'s new
 * start becomes mm->context.vdso.
 */
int special_mapping_mremap(struct vm_area_struct *vma, unsigned long new_len,
			   unsigned long new_start)
{
	unsigned long size = vma->special_name == vdso_name ? VDSO_IMAGE_SIZE : VVAR_SIZE;

	if (new_len != size)
		return -EINVAL;
	if (new_start && vma->special_name == vdso_name)
		vma->vm_mm->vdso = new_start;
	return 0;
}
