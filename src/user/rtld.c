// SPDX-License-Identifier: MIT
/*
 * rtld.c - what glibc's dynamic linker does to the address space before
 * main (glibc 2.35: elf/rtld.c dl_main, elf/dl-minimal-malloc.c,
 * elf/dl-cache.c, elf/dl-load.c _dl_map_object_from_fd,
 * elf/dl-map-segments.h _dl_map_segments, elf/dl-reloc.c
 * _dl_protect_relro), run as the new task, through its system calls:
 *
 *   1. __minimal_malloc's first mmap: 8K anonymous rw-p (link maps ...)
 *   2. /etc/ld.so.cache mapped read-only (_dl_load_cache_lookup)
 *   3. each DT_NEEDED library, in order (_dl_map_segments): one mmap of
 *      the whole image (its span with the bss) at an address the kernel
 *      picks (top-down), r--p from offset 0; a hole between segments
 *      made PROT_NONE; then each later segment MAP_FIXED over it at its
 *      place with its protection and offset (r-xp text, r--p read-only
 *      data, rw-p data: the RW segment at its p_vaddr from its p_offset,
 *      a page apart in glibc's libraries); the bss beyond the file an
 *      anonymous MAP_FIXED mapping
 *   4. the static TLS block and the thread control block: 12K anonymous
 *      rw-p (init_tls through the minimal malloc, below the libraries)
 *   5. relocation: each object's PT_GNU_RELRO made read-only
 *      (_dl_protect_relro, splitting its rw-p mapping), ld.so's own too
 *   6. the cache unmapped (_dl_unload_cache): a hole above the libraries
 *
 * Simplified: the segments are page-sized (p_offset and p_vaddr to the
 * page; no partial first or last page to zero), the files are mapped
 * without a descriptor (openat / close are invisible in the address space), and
 * nothing is read or relocated: no page is touched, so RSS is what the
 * task itself touches later.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "pagemap.h"

#define MINIMAL_MALLOC_SIZE	(2 * PAGE_SIZE)
#define STATIC_TLS_SIZE		(3 * PAGE_SIZE)
#define LD_SO_CACHE_SIZE	(0x13000UL)	/* a desktop's /etc/ld.so.cache, 76K */

static long mmap_anon(struct machine *m, unsigned long addr, unsigned long len, unsigned long flags)
{
	return ksys_mmap(m, addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags,
			 -1, 0);
}

/*
 * _dl_map_segments - @lib mapped as ld.so maps a shared object: the whole
 * span (maplength: the last PT_LOAD's allocend) r--p from offset 0 at an
 * address the kernel picks; with holes between the segments (has_holes:
 * a PT_LOAD starting above the previous one's mapend), everything past
 * the first segment up to the last one's start made PROT_NONE; every
 * later segment MAP_FIXED over it, so a hole stays ---p at its offset in
 * the reservation; the bss an anonymous MAP_FIXED mapping.  Its base or
 * -errno.
 */
static long dl_map_segments(struct machine *m, const struct elf_lib *lib)
{
	unsigned long memsz = elf_lib_memsz(lib), rw = elf_lib_rw_vaddr(lib);
	struct file *file;
	long base, r = 0;
	int err = 0;

	file = open_exec(m, lib->name, elf_lib_filesz(lib), &err);
	if (!file)
		return err;
	base = vm_mmap_file(m, file, 0, memsz, PROT_READ, MAP_PRIVATE, 0);
	if (base < 0)
		goto out;
	if (rw > elf_lib_ro_end(lib))	/* has_holes */
		r = sys_mprotect(m, (unsigned long)base + lib->hdr, rw - lib->hdr, PROT_NONE);
	if (!r)
		r = elf_map_segments(m, file, (unsigned long)base, lib);
	if (!r && lib->bss)		/* the zero-fill part: anonymous */
		r = mmap_anon(m, (unsigned long)base + memsz - lib->bss, lib->bss, MAP_FIXED);
	if (r < 0)
		base = r;
out:
	fput(m, file);
	return base;
}

/* _dl_protect_relro - the relro part (PT_GNU_RELRO: the RW segment's start) made read-only. */
static long dl_protect_relro(struct machine *m, const struct elf_lib *lib, unsigned long base)
{
	if (!lib->relro)
		return 0;
	return sys_mprotect(m, base + elf_lib_rw_vaddr(lib), lib->relro, PROT_READ);
}

/**
 * rtld_start - ld.so's work between the kernel's exec and main, as the
 * current task: @interp is ld.so itself (mapped by the kernel at
 * @interp_base), @libs the DT_NEEDED libraries (paths and sizes final).
 * 0 or -errno (the task would die of the dynamic linker's error).
 */
int rtld_start(struct machine *m, const struct elf_lib *interp, unsigned long interp_base,
	       const struct elf_lib *libs, int nr_libs)
{
	long base[EXEC_MAX_LIBS], cache, r;
	struct file *file;
	int err = 0;

	r = mmap_anon(m, 0, MINIMAL_MALLOC_SIZE, 0);
	if (r < 0)
		return (int)r;
	file = open_exec(m, "etc/ld.so.cache", LD_SO_CACHE_SIZE, &err);
	if (!file)
		return err;
	cache = vm_mmap_file(m, file, 0, LD_SO_CACHE_SIZE, PROT_READ, MAP_PRIVATE, 0);
	fput(m, file);
	if (cache < 0)
		return (int)cache;
	for (int i = 0; i < nr_libs; i++) {
		base[i] = dl_map_segments(m, &libs[i]);
		if (base[i] < 0)
			return (int)base[i];
	}
	r = mmap_anon(m, 0, STATIC_TLS_SIZE, 0);
	for (int i = nr_libs - 1; r >= 0 && i >= 0; i--)	/* relocated in reverse order */
		r = dl_protect_relro(m, &libs[i], (unsigned long)base[i]);
	if (r >= 0)
		r = dl_protect_relro(m, interp, interp_base);
	if (r >= 0)
		r = sys_munmap(m, (unsigned long)cache, LD_SO_CACHE_SIZE);
	return r < 0 ? (int)r : 0;
}
