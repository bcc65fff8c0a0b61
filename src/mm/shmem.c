// SPDX-License-Identifier: MIT
/*
 * shmem.c - tmpfs files (mm/shmem.c, Linux 6.6): files whose pages live
 * only in the page cache, swap-backed (PG_swapbacked: they count in
 * NR_SHMEM - meminfo Shmem - besides NR_FILE_PAGES, and sit on the anon
 * LRU lists).  A read of a hole copies zeros without allocating
 * (shmem_file_read_iter's ZERO_PAGE); a write or a fault allocates a
 * page (shmem_get_folio with SGP_WRITE / SGP_CACHE: the fault's cleared
 * at once, the write's zeroed around what it copied by shmem_write_end,
 * both through kmap_local_page), charged to the
 * tmpfs, whose default size is half of RAM (shmem_default_max_blocks):
 * past it, -ENOSPC.  Dirtying is noop_dirty_folio (the flag, no Dirty in
 * meminfo); fsync is noop_fsync; drop_caches leaves the pages.  The same
 * inodes will back MAP_SHARED anonymous memory (shmem_zero_setup).
 * Simplified: no swap yet (shmem_writepage), no huge pages, no xattrs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "blkdev.h"
#include "highmem.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "writeback.h"

const struct address_space_operations shmem_aops = {
	.name = "shmem",
	.writeback = false,
};

/** shmem_max_blocks - tmpfs's default size= in pages: totalram_pages / 2. */
unsigned long shmem_max_blocks(struct machine *m)
{
	return m->totalram_pages / 2;
}

/**
 * shmem_get_page - the page at @index of shmem @inode, with a reference,
 * uptodate and unlocked: found, or (SGP_CACHE, SGP_WRITE) allocated and
 * zeroed; SGP_READ leaves a hole a hole (*@pagep NULL).  0, -ENOSPC (the
 * tmpfs is full), -ENOMEM.
 */
int shmem_get_page(struct machine *m, struct inode *inode, pgoff_t index, enum sgp_type sgp,
		   struct page **pagep)
{
	struct pagecache_state *pc = m->pagecache;
	struct address_space *mapping = inode->i_mapping;
	struct page *page = filemap_get_folio(m, mapping, index);

	*pagep = NULL;
	if (page) {
		if (sgp == SGP_WRITE)
			folio_mark_accessed(m, page);
		if (!PageUptodate(page) && sgp == SGP_CACHE) {
			/* shmem_get_folio_gfp's clear: a page a write left not uptodate */
			clear_highpage(m, page);
			SetPageUptodate(page);
		}
		if (PageUptodate(page) || sgp != SGP_READ) {
			*pagep = page;
			return 0;
		}
		put_page(m, page);	/* SGP_READ of a page not uptodate: a hole */
		return 0;
	}
	if (sgp == SGP_READ)
		return 0;
	/* shmem_inode_acct_blocks: the kernel's mount (shm_mnt) has no size limit */
	if (!inode->kern_mount && pc->tmpfs_used + 1 > shmem_max_blocks(m))
		return -ENOSPC;
	page = alloc_pages(m, mapping->gfp_mask, 0);	/* shmem_alloc_folio */
	if (!page)
		return -ENOMEM;
	/*
	 * shmem_get_folio_gfp: a fault's (SGP_CACHE) page is cleared now
	 * (clear_highpage: a kmap_local on i386); a write's is left for
	 * shmem_write_end to zero around what it copied.
	 */
	if (sgp != SGP_WRITE) {
		clear_highpage(m, page);
		SetPageUptodate(page);
	}
	if (add_to_page_cache_lru(m, page, mapping, index, mapping->gfp_mask)) {
		put_page(m, page);
		return -EEXIST;
	}
	folio_unlock(page);
	inode->shmem_pages++;
	if (!inode->kern_mount)
		pc->tmpfs_used++;
	*pagep = page;
	return 0;
}

/** shmem_file_read - read a tmpfs file: holes read as zeros, nothing allocated. */
ssize_t shmem_file_read(struct machine *m, struct file *file, uint64_t *ppos,
			struct iov_iter *iter)
{
	struct inode *inode = file->f_inode;
	ssize_t done = 0;

	while (iter->count && *ppos < inode->i_size) {
		size_t offset = *ppos & (PAGE_SIZE - 1);
		uint64_t left = inode->i_size - *ppos;
		size_t bytes = PAGE_SIZE - offset, copied;
		struct page *page;
		uint8_t zero[256];

		if (bytes > left)
			bytes = (size_t)left;
		shmem_get_page(m, inode, *ppos >> PAGE_SHIFT, SGP_READ, &page);
		if (page) {
			if (!offset)
				folio_mark_accessed(m, page);
			copied = copy_page_to_iter(m, page, offset, bytes, iter);
			put_page(m, page);
		} else {	/* the ZERO_PAGE, a piece at a time */
			memset(zero, 0, sizeof(zero));
			copied = 0;
			while (copied < bytes) {
				size_t n = bytes - copied < sizeof(zero) ? bytes - copied : sizeof(zero);
				size_t c = copy_host_iter(m, zero, n, iter, true);

				copied += c;
				if (c < n)
					break;
			}
		}
		done += (ssize_t)copied;
		*ppos += copied;
		if (copied < bytes)
			return done ? done : -EFAULT;
	}
	return done;
}

/** shmem_file_write - write a tmpfs file (shmem_write_begin / shmem_write_end). */
ssize_t shmem_file_write(struct machine *m, struct file *file, uint64_t pos,
			 struct iov_iter *iter)
{
	struct inode *inode = file->f_inode;
	ssize_t written = 0;

	while (iter->count) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t bytes = PAGE_SIZE - offset < iter->count ? PAGE_SIZE - offset : iter->count;
		size_t copied;
		struct page *page;
		int err = shmem_get_page(m, inode, pos >> PAGE_SHIFT, SGP_WRITE, &page);

		if (err)
			return written ? written : err;
		copied = copy_page_from_iter_atomic(m, page, offset, bytes, iter);
		/* shmem_write_end: a new page zeroed around the bytes copied, uptodate */
		if (!PageUptodate(page)) {
			if (copied < PAGE_SIZE)
				zero_user_segments(m, page, 0, offset, offset + copied, PAGE_SIZE);
			SetPageUptodate(page);
		}
		if (pos + copied > inode->i_size)
			inode->i_size = pos + copied;
		folio_mark_dirty(m, page);	/* noop_dirty_folio */
		put_page(m, page);
		if (!copied)
			return written ? written : -EFAULT;
		pos += copied;
		written += (ssize_t)copied;
	}
	return written;
}

/**
 * shmem_kernel_file_setup - __shmem_file_setup on shm_mnt: an unlinked
 * tmpfs inode of @size bytes named @name and an open file of it (the
 * caller's reference); its size charged to Committed_AS unless
 * @noreserve (shmem_acct_size), uncharged when the inode goes.  NULL
 * with *@err (-ENOMEM).
 */
struct file *shmem_kernel_file_setup(struct machine *m, const char *name, uint64_t size,
				     bool noreserve, int *err)
{
	unsigned long pages = (unsigned long)PFN_UP(size);
	struct inode *inode;
	struct file *file;

	if (!noreserve && security_vm_enough_memory_mm(m, vm_current(m)->mm, (long)pages)) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = __inode_create(m, name, size, true, true, &inode);
	if (*err) {
		if (!noreserve)
			vm_unacct_memory(m, (long)pages);
		return NULL;
	}
	if (!noreserve)
		inode->shmem_charged = pages;
	inode->unlinked = true;		/* alloc_file_pseudo: no name to look up */
	file = filp_open(m, inode);
	inode->i_count--;		/* no dentry in a directory holds it */
	return file;
}

/**
 * shmem_punch_hole - shmem_fallocate(FALLOC_FL_PUNCH_HOLE) of pages
 * [@first, @first + @nr): every mapper's ptes of them go
 * (unmap_mapping_range; private COW copies stay), then the pages
 * (shmem_truncate_range); a later fault finds a hole and zeroes a page.
 */
void shmem_punch_hole(struct machine *m, struct inode *inode, pgoff_t first, pgoff_t nr)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t index = first, last = first + nr - 1;
	struct page *page;

	if (!nr)
		return;
	unmap_mapping_range(m, mapping, first, nr);
	while ((page = xa_find(&mapping->i_pages, &index, last, XA_PRESENT))) {
		folio_lock(m, page);
		filemap_remove_folio(m, page);
		folio_unlock(page);
		if (index++ == last)
			break;
	}
}
