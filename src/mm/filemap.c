// SPDX-License-Identifier: MIT
/*
 * filemap.c - the page cache (mm/filemap.c, Linux 6.6).
 *
 * Each inode's address_space keeps its pages in an XArray by index
 * (xarray.h), with the DIRTY / WRITEBACK / TOWRITE tags as marks.  A page
 * in the cache holds one reference for the cache (__filemap_add_folio's
 * folio_ref_add), has page->mapping and page->index set, counts in
 * NR_FILE_PAGES (and NR_SHMEM for shmem), and sits on its node's LRU
 * (swap.c).  This file has the lookup (__filemap_get_folio with FGP_*
 * flags), insertion (filemap_add_folio = add_to_page_cache_lru) and
 * removal, the read path (filemap_read: filemap_get_pages,
 * filemap_get_read_batch, filemap_update_page, filemap_create_folio,
 * with the readahead of readahead.c), the buffered write path
 * (generic_perform_write with simple_write_begin/_end), the fault entry
 * (filemap_fault's page half: do_sync_mmap_readahead /
 * do_async_mmap_readahead), the page_cache_next_miss / _prev_miss
 * searches (6.6's: with no gap they return the last index scanned),
 * fsync's filemap_write_and_wait_range, and invalidation / truncation
 * (mm/truncate.c's invalidate_mapping_pages, truncate_inode_pages) and
 * drop_caches (fs/drop_caches.c).
 *
 * The CPU's copies of a page (copy_page_to_iter, copy_page_from_iter_atomic,
 * the zeroing of a new or partial page) map it with kmap_local_page, so
 * an i386 HighMem page costs a fixmap slot and an invlpg; the disk's
 * transfers are DMA (blkdev.c), with no mapping.
 *
 * Simplified: one task context (no real sleeping: a wait is the CPU
 * idling until the I/O it waits for completes, blkdev.c); locked pages
 * are only ever locked for I/O or briefly by the caller; no shadow
 * entries (workingset), no large folios, no IOCB_NOWAIT.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "blkdev.h"
#include "highmem.h"
#include "internal.h"
#include "mmu.h"
#include "mm.h"
#include "pagemap.h"
#include "pgalloc.h"
#include "writeback.h"

#define DIV_ROUND_UP_ULL(n, d) (((n) + (d) - 1) / (d))
/* AOP_TRUNCATED_PAGE: the page went away; look it up again */
#define AOP_TRUNCATED_PAGE 0x80001

/** get_page - one more reference to @page. */
void get_page(struct page *page)
{
	page->_refcount++;
}

/**
 * put_page - drop a reference; the last one frees the page, off its LRU
 * list first (__folio_put -> __page_cache_release clears PG_lru and
 * PG_active, which the page allocator refuses to see at free, and
 * PG_mlocked with NR_MLOCK and unevictable_pgs_cleared).
 */
void put_page(struct machine *m, struct page *page)
{
	if (page_ref_count(page) == 1) {
		lruvec_del_folio(m, page);
		ClearPageActive(page);
		clear_page_flag(page, PG_unevictable);
		if (test_page_flag(page, PG_mlocked)) {	/* a page freed still mlocked */
			clear_page_flag(page, PG_mlocked);
			page->private = 0;
			__mod_zone_page_state(page_zone(m, page), NR_MLOCK, -1);
			__count_vm_events(m, UNEVICTABLE_PGCLEARED, 1);
		}
	}
	__free_pages(m, page, 0);
}

/** folio_unlock - clear PG_locked (waiters would be woken here). */
void folio_unlock(struct page *page)
{
	ClearPageLocked(page);
}

/** folio_wait_locked - wait until @page is unlocked: its read I/O ends. */
void folio_wait_locked(struct machine *m, struct page *page)
{
	if (PageLocked(page))
		blk_wait_page(m, page);
}

/**
 * folio_lock - take PG_locked, waiting first for the I/O that holds it.
 * A page locked by nothing in flight would sleep forever in Linux: mmsim
 * warns and takes it (a caller's bug).
 */
void folio_lock(struct machine *m, struct page *page)
{
	folio_wait_locked(m, page);
	if (PageLocked(page))
		printk(m, "WARNING: CPU: %d PID: %d at mm/filemap.c: folio_lock: pfn %#lx locked with no I/O in flight",
		       m->cpu, this_cpu(m)->pid, page_to_pfn(m, page));
	SetPageLocked(page);
}

/** folio_wait_writeback - wait until @page's write I/O ends. */
void folio_wait_writeback(struct machine *m, struct page *page)
{
	if (PageWriteback(page))
		blk_wait_page(m, page);
}

/** page_cache_alloc - a page for @mapping (filemap_alloc_folio, order 0). */
struct page *page_cache_alloc(struct machine *m, struct address_space *mapping)
{
	return alloc_pages(m, mapping->gfp_mask, 0);
}

static void mod_file_pages(struct machine *m, struct page *page, long nr)
{
	pg_data_t *pgdat = NODE_DATA(m, page_to_nid(page));

	__mod_node_page_state(pgdat, NR_FILE_PAGES, nr);
	if (PageSwapBacked(page))
		__mod_node_page_state(pgdat, NR_SHMEM, nr);
}

/*
 * __filemap_add_folio - insert a locked @page at @index: -EEXIST if the
 * slot is taken.  The cache takes its reference (folio_ref_add).
 */
static int __filemap_add_folio(struct machine *m, struct page *page,
			       struct address_space *mapping, pgoff_t index)
{
	if (xa_load(&mapping->i_pages, index))
		return -EEXIST;
	get_page(page);
	page->mapping = mapping;
	page->index = index;
	xa_store(m, &mapping->i_pages, index, page);
	mapping->nrpages++;
	mod_file_pages(m, page, 1);
	return 0;
}

/**
 * add_to_page_cache_lru - filemap_add_folio: lock @page, put it in
 * @mapping at @index and on the LRU.  0, or -EEXIST (the page unchanged,
 * unlocked).
 */
int add_to_page_cache_lru(struct machine *m, struct page *page,
			  struct address_space *mapping, pgoff_t index, gfp_t gfp)
{
	int ret;

	(void)gfp;
	SetPageLocked(page);		/* __folio_set_locked */
	if (mapping->a_ops == &shmem_aops)
		SetPageSwapBacked(page);
	ret = __filemap_add_folio(m, page, mapping, index);
	if (ret) {
		ClearPageLocked(page);
		ClearPageSwapBacked(page);
		return ret;
	}
	folio_add_lru(m, page);
	return 0;
}

/**
 * filemap_remove_folio - take @page out of its mapping (page_cache_delete,
 * filemap_unaccount_folio: a dirty page of a writeback mapping is
 * accounted clean) and drop the cache's reference.
 */
void filemap_remove_folio(struct machine *m, struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!mapping)
		return;
	if (PageDirty(page) && mapping->a_ops->writeback)
		folio_account_cleaned(m, page);
	ClearPageDirty(page);
	xa_erase(m, &mapping->i_pages, page->index);
	mapping->nrpages--;
	mod_file_pages(m, page, -1);
	page->mapping = NULL;
	if (PageSwapBacked(page)) {	/* shmem_free_folio: the tmpfs uncharged */
		mapping->host->shmem_pages--;
		if (!mapping->host->kern_mount)
			m->pagecache->tmpfs_used--;
	}
	/* the flags go when the page is freed (PG_swapbacked picks its LRU list till then) */
	put_page(m, page);
}

/**
 * __filemap_get_folio - find (and with FGP_CREAT make) the page at @index
 * of @mapping: with a reference the caller drops (put_page); locked with
 * FGP_LOCK (after any I/O on it); marked accessed with FGP_ACCESSED.
 * NULL if absent (without FGP_CREAT) or no memory.  @gfp 0: the mapping's.
 */
struct page *__filemap_get_folio(struct machine *m, struct address_space *mapping,
				 pgoff_t index, unsigned int fgp_flags, gfp_t gfp)
{
	struct page *page;

repeat:
	page = xa_load(&mapping->i_pages, index);
	if (page) {
		get_page(page);
		if (fgp_flags & FGP_LOCK) {
			if ((fgp_flags & FGP_NOWAIT) && PageLocked(page)) {
				put_page(m, page);
				return NULL;
			}
			folio_lock(m, page);
			if (page->mapping != mapping) {	/* truncated meanwhile */
				folio_unlock(page);
				put_page(m, page);
				goto repeat;
			}
		}
		if (fgp_flags & FGP_ACCESSED)
			folio_mark_accessed(m, page);
		return page;
	}
	if (!(fgp_flags & FGP_CREAT))
		return NULL;
	page = alloc_pages(m, gfp ? gfp : mapping->gfp_mask, 0);
	if (!page)
		return NULL;
	if (fgp_flags & FGP_ACCESSED)
		SetPageReferenced(page);
	if (add_to_page_cache_lru(m, page, mapping, index, gfp)) {
		put_page(m, page);
		goto repeat;
	}
	/* two references now: the cache's and the caller's */
	if (!(fgp_flags & FGP_LOCK))
		folio_unlock(page);
	return page;
}

/**
 * filemap_read_folio - read the locked, cached @page from disk and wait:
 * the completion makes it uptodate and unlocks it.
 */
int filemap_read_folio(struct machine *m, struct address_space *mapping, struct page *page)
{
	submit_bio(m, REQ_OP_READ, mapping, page->index, &page, 1);
	blk_wait_page(m, page);
	return PageUptodate(page) ? 0 : -EIO;
}

/* 6.6's page_cache_next_miss: the first gap from @index; the last index scanned if none. */
pgoff_t page_cache_next_miss(struct address_space *mapping, pgoff_t index,
			     unsigned long max_scan)
{
	while (max_scan--) {
		if (!xa_load(&mapping->i_pages, index))
			break;
		if (!max_scan || index + 1 == 0)
			break;
		index++;
	}
	return index;
}

/** page_cache_prev_miss - the same, backwards. */
pgoff_t page_cache_prev_miss(struct address_space *mapping, pgoff_t index,
			     unsigned long max_scan)
{
	while (max_scan--) {
		if (!xa_load(&mapping->i_pages, index))
			break;
		if (!max_scan || index == 0)
			break;
		index--;
	}
	return index;
}

/**
 * copy_host_iter - copy @bytes between host memory @host (simulated RAM)
 * and @i (to it for a read): copy_page_to_iter / copy_page_from_iter.
 * The bytes copied (fewer: the iterator faulted).
 */
size_t copy_host_iter(struct machine *m, void *host, size_t bytes, struct iov_iter *i,
		      bool to_iter)
{
	size_t n = bytes < i->count ? bytes : i->count;

	if (i->type == ITER_KVEC) {
		if (to_iter)
			memcpy((uint8_t *)i->kbuf + i->done, host, n);
		else
			memcpy(host, (uint8_t *)i->kbuf + i->done, n);
	} else {
		n = i->actor(m, i->priv, i->done, host, n, to_iter);
	}
	i->done += n;
	i->count -= n;
	return n;
}

/**
 * copy_page_to_iter - lib/iov_iter.c copy_page_to_iter for an order-0
 * page: kmap_local_page, copy @bytes from @offset into @i, kunmap_local.
 * On i386 a highmem page (every page-cache page there) takes this CPU's
 * next fixmap slot while the copy runs - a user buffer faulting in meanwhile
 * zeroes its page in the slot above - and its unmap is one invlpg
 * (arch_kmap_local_post_unmap).  The bytes copied.
 */
size_t copy_page_to_iter(struct machine *m, struct page *page, size_t offset, size_t bytes,
			 struct iov_iter *i)
{
	uint64_t kaddr = kmap_local_page(m, page);
	size_t n;

	if (!kaddr)		/* the kmap_local stack overflowed (reported) */
		return 0;
	n = copy_host_iter(m, kmap_host(m, kaddr) + offset, bytes, i, true);
	kunmap_local(m, kaddr);
	return n;
}

/**
 * copy_page_from_iter_atomic - lib/iov_iter.c (6.6): the page through
 * kmap_atomic (mmsim's kmap_atomic is kmap_local_page), @bytes from @i
 * copied to @offset.  Linux copies with page faults disabled after
 * generic_perform_write's fault_in_iov_iter_readable; mmsim lets the copy
 * fault the user page in under the mapping (the same faults, counted
 * once).  The bytes copied.
 */
size_t copy_page_from_iter_atomic(struct machine *m, struct page *page, size_t offset,
				  size_t bytes, struct iov_iter *i)
{
	uint64_t kaddr = kmap_atomic(m, page);
	size_t n;

	if (!kaddr)
		return 0;
	n = copy_host_iter(m, kmap_host(m, kaddr) + offset, bytes, i, false);
	kunmap_atomic(m, kaddr);
	return n;
}

/*
 * filemap_get_read_batch - the pages from @index up to @max that are in
 * the cache, contiguous, with a reference each; stopping after one that
 * is not uptodate or carries PG_readahead.
 */
static unsigned int filemap_get_read_batch(struct address_space *mapping, pgoff_t index,
					   pgoff_t max, struct page **batch)
{
	unsigned int nr = 0;

	for (; index <= max && nr < PAGEVEC_SIZE; index++) {
		struct page *page = xa_load(&mapping->i_pages, index);

		if (!page)
			break;
		get_page(page);
		batch[nr++] = page;
		if (!PageUptodate(page) || PageReadahead(page))
			break;
	}
	return nr;
}

/* filemap_create_folio - no readahead made the page: read it alone. */
static int filemap_create_folio(struct machine *m, struct address_space *mapping, pgoff_t index,
				struct page **batch)
{
	struct page *page = page_cache_alloc(m, mapping);
	int err;

	if (!page)
		return -ENOMEM;
	if (add_to_page_cache_lru(m, page, mapping, index, mapping->gfp_mask)) {
		put_page(m, page);
		return AOP_TRUNCATED_PAGE;
	}
	err = filemap_read_folio(m, mapping, page);
	if (err) {
		put_page(m, page);
		return err;
	}
	batch[0] = page;
	return 0;
}

/*
 * filemap_update_page - make the last page of the batch uptodate: wait
 * for the read holding its lock (then look again: AOP_TRUNCATED_PAGE,
 * the reference dropped, as folio_put_wait_locked), or read it.
 */
static int filemap_update_page(struct machine *m, struct address_space *mapping,
			       struct page *page)
{
	if (PageLocked(page)) {
		put_page(m, page);
		blk_wait_page(m, page);
		return AOP_TRUNCATED_PAGE;
	}
	SetPageLocked(page);
	if (!page->mapping) {
		folio_unlock(page);
		put_page(m, page);
		return AOP_TRUNCATED_PAGE;
	}
	if (PageUptodate(page)) {
		folio_unlock(page);
		return 0;
	}
	return filemap_read_folio(m, mapping, page);
}

/* filemap_get_pages - a batch of uptodate pages for a read at @pos of @count bytes. */
static int filemap_get_pages(struct machine *m, struct file *file, uint64_t pos, size_t count,
			     struct page **batch, unsigned int *nr)
{
	struct address_space *mapping = file->f_mapping;
	pgoff_t index = pos >> PAGE_SHIFT;
	pgoff_t last_index = DIV_ROUND_UP_ULL(pos + count, PAGE_SIZE);
	struct page *page;
	int err;

retry:
	*nr = filemap_get_read_batch(mapping, index, last_index - 1, batch);
	if (!*nr) {
		struct readahead_control ractl = { .file = file, .mapping = mapping,
						   .ra = &file->f_ra, ._index = index };

		page_cache_sync_ra(m, &ractl, last_index - index);
		*nr = filemap_get_read_batch(mapping, index, last_index - 1, batch);
	}
	if (!*nr) {
		err = filemap_create_folio(m, mapping, index, batch);
		if (err == AOP_TRUNCATED_PAGE)
			goto retry;
		if (!err)
			*nr = 1;
		return err;
	}
	page = batch[*nr - 1];
	if (PageReadahead(page)) {	/* filemap_readahead */
		struct readahead_control ractl = { .file = file, .mapping = mapping,
						   .ra = &file->f_ra, ._index = page->index };

		page_cache_async_ra(m, &ractl, page, last_index - page->index);
	}
	if (!PageUptodate(page)) {
		err = filemap_update_page(m, mapping, page);
		if (err) {
			if (err < 0)
				put_page(m, page);
			if (--*nr)
				return 0;
			if (err == AOP_TRUNCATED_PAGE)
				goto retry;
			return err;
		}
	}
	return 0;
}

/**
 * filemap_read - read from @file at *@ppos into @iter through the page
 * cache, as Linux's filemap_read: the bytes read (short at EOF or at a
 * fault of the iterator: -EFAULT if none), *@ppos advanced.
 */
ssize_t filemap_read(struct machine *m, struct file *file, uint64_t *ppos,
		     struct iov_iter *iter)
{
	struct file_ra_state *ra = &file->f_ra;
	struct inode *inode = file->f_mapping->host;
	long long last_pos = ra->prev_pos;
	struct page *batch[PAGEVEC_SIZE];
	ssize_t already_read = 0;
	int error = 0;

	if (!iter->count)
		return 0;
	writeback_run_timers(m);
	do {
		unsigned int nr, i;
		uint64_t isize, end_offset;

		if (*ppos >= inode->i_size)	/* nothing past EOF is read, or cached */
			break;
		error = filemap_get_pages(m, file, *ppos, iter->count, batch, &nr);
		if (error < 0)
			break;
		isize = inode->i_size;
		if (*ppos >= isize)
			goto put_folios;
		end_offset = isize < *ppos + iter->count ? isize : *ppos + iter->count;
		/* pos_same_folio: a read within the page last read marks it once */
		if ((long long)(*ppos >> PAGE_SHIFT) != ((last_pos - 1) >> PAGE_SHIFT))
			folio_mark_accessed(m, batch[0]);
		for (i = 0; i < nr; i++) {
			struct page *page = batch[i];
			size_t offset = *ppos & (PAGE_SIZE - 1), bytes, copied;

			if (end_offset < ((uint64_t)page->index << PAGE_SHIFT))
				break;
			if (i > 0)
				folio_mark_accessed(m, page);
			bytes = end_offset - *ppos < PAGE_SIZE - offset ? end_offset - *ppos :
									  PAGE_SIZE - offset;
			copied = copy_page_to_iter(m, page, offset, bytes, iter);
			already_read += (ssize_t)copied;
			*ppos += copied;
			last_pos = (long long)*ppos;
			if (copied < bytes) {
				error = -EFAULT;
				break;
			}
		}
put_folios:
		for (i = 0; i < nr; i++)
			put_page(m, batch[i]);
		if (*ppos >= isize)
			break;
	} while (iter->count && !error);
	ra->prev_pos = last_pos;
	return already_read ? already_read : error;
}

/*
 * simple_write_begin / block_write_begin: the locked page for a write of
 * @len bytes at @pos; a partial write of a page that is not uptodate
 * reads it first (or zeroes it past the end of the file).
 */
static int write_begin(struct machine *m, struct address_space *mapping, uint64_t pos,
		       size_t len, struct page **pagep)
{
	struct inode *inode = mapping->host;
	struct page *page = __filemap_get_folio(m, mapping, pos >> PAGE_SHIFT, FGP_WRITEBEGIN, 0);
	size_t offset = pos & (PAGE_SIZE - 1);

	if (!page)
		return -ENOMEM;
	if (!PageUptodate(page) && (offset || len < PAGE_SIZE)) {
		if ((pos & PAGE_MASK) >= inode->i_size) {
			/* simple_write_begin's folio_zero_segments: what the write leaves */
			zero_user_segments(m, page, 0, offset, offset + len, PAGE_SIZE);
		} else {
			int err = filemap_read_folio(m, mapping, page);	/* unlocks */

			folio_lock(m, page);
			if (err) {
				folio_unlock(page);
				put_page(m, page);
				return err;
			}
		}
	}
	*pagep = page;
	return 0;
}

/**
 * generic_perform_write - copy @iter into the page cache of @file at
 * @pos, page by page (write_begin, copy, write_end: uptodate, dirty,
 * i_size), throttled by balance_dirty_pages_ratelimited.  The bytes
 * written, or a negative errno if none.
 */
ssize_t generic_perform_write(struct machine *m, struct file *file, uint64_t pos,
			      struct iov_iter *iter)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	ssize_t written = 0;
	int status = 0;

	writeback_run_timers(m);
	while (iter->count) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t bytes = PAGE_SIZE - offset < iter->count ? PAGE_SIZE - offset : iter->count;
		size_t copied;
		struct page *page;

		status = write_begin(m, mapping, pos, bytes, &page);
		if (status)
			break;
		copied = copy_page_from_iter_atomic(m, page, offset, bytes, iter);
		/* simple_write_end */
		if (!PageUptodate(page) && copied == bytes)
			SetPageUptodate(page);
		if (copied && PageUptodate(page)) {
			if (pos + copied > inode->i_size)
				inode->i_size = pos + copied;
			folio_mark_dirty(m, page);
		}
		folio_unlock(page);
		put_page(m, page);
		if (!copied) {
			status = -EFAULT;
			break;
		}
		pos += copied;
		written += (ssize_t)copied;
		balance_dirty_pages_ratelimited(m, mapping);
	}
	return written ? written : status;
}

/*
 * do_sync_mmap_readahead / do_async_mmap_readahead (mm/filemap.c): the
 * read-around of a fault that missed, the async window of one that hit
 * a PG_readahead page.
 */
static void do_sync_mmap_readahead(struct machine *m, struct file *file, pgoff_t index,
				   unsigned int hints)
{
	struct file_ra_state *ra = &file->f_ra;
	struct readahead_control ractl = { .file = file, .mapping = file->f_mapping,
					   .ra = ra, ._index = index };

	if ((hints & FAULT_RA_RANDOM) || !ra->ra_pages)
		return;
	if (hints & FAULT_RA_SEQ) {
		page_cache_sync_ra(m, &ractl, ra->ra_pages);
		return;
	}
	if (ra->mmap_miss < MMAP_LOTSAMISS * 10)
		ra->mmap_miss++;
	if (ra->mmap_miss > MMAP_LOTSAMISS)
		return;
	/* mmap read-around */
	ra->start = index > ra->ra_pages / 2 ? index - ra->ra_pages / 2 : 0;
	ra->size = ra->ra_pages;
	ra->async_size = ra->ra_pages / 4;
	ractl._index = ra->start;
	do_page_cache_ra(m, &ractl, ra->size, ra->async_size);	/* page_cache_ra_order, order 0 */
}

static void do_async_mmap_readahead(struct machine *m, struct file *file, struct page *page,
				    unsigned int hints)
{
	struct file_ra_state *ra = &file->f_ra;
	struct readahead_control ractl = { .file = file, .mapping = file->f_mapping,
					   .ra = ra, ._index = page->index };

	if ((hints & FAULT_RA_RANDOM) || !ra->ra_pages)
		return;
	if (ra->mmap_miss)
		ra->mmap_miss--;
	if (PageReadahead(page))
		page_cache_async_ra(m, &ractl, page, ra->ra_pages);
}

/**
 * filemap_fault_page - the page of a file fault (filemap_fault): @index of
 * @file's mapping, uptodate, unlocked, with a reference for the caller.
 * Returns 0 (minor: it was cached), 1 (major: it was read; PGMAJFAULT
 * counted here, as filemap_fault does), -ENXIO beyond the end of the file
 * (VM_FAULT_SIGBUS), -ENOMEM (VM_FAULT_OOM), -EIO.  @hints: FAULT_RA_*
 * from the VMA's VM_RAND_READ / VM_SEQ_READ.  shmem files go through
 * shmem_get_page (no readahead, holes allocated).
 */
int filemap_fault_page(struct machine *m, struct file *file, pgoff_t index,
		       unsigned int hints, struct page **pagep)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	struct page *page;
	int major = 0;

	*pagep = NULL;
	writeback_run_timers(m);
	if (index >= inode_nr_pages(inode))
		return -ENXIO;
	if (inode->kind == INODE_SHMEM)
		return shmem_get_page(m, inode, index, SGP_CACHE, pagep);
	page = filemap_get_folio(m, mapping, index);
	if (page) {
		do_async_mmap_readahead(m, file, page, hints);
	} else {
		__count_vm_events(m, PGMAJFAULT, 1);
		major = 1;
		do_sync_mmap_readahead(m, file, index, hints);
		page = __filemap_get_folio(m, mapping, index, FGP_CREAT | FGP_FOR_MMAP, 0);
		if (!page)
			return -ENOMEM;
	}
	folio_lock(m, page);
	if (!PageUptodate(page)) {
		int err = filemap_read_folio(m, mapping, page);

		if (err) {
			put_page(m, page);
			return err;
		}
	} else {
		folio_unlock(page);
	}
	if (index >= inode_nr_pages(inode)) {
		put_page(m, page);
		return -ENXIO;
	}
	*pagep = page;
	return major;
}

/**
 * filemap_map_pages - fault-around (mm/filemap.c filemap_map_pages with
 * next_uptodate_folio): map the pages of [@start_pgoff, @end_pgoff] of
 * @vma's file that are already in the cache, uptodate, not locked, not
 * PG_readahead and below EOF, where the pte is still none; each mapping
 * takes a reference.  No I/O, no readahead.  The file's mmap_miss drops
 * by the pages mapped.  VM_FAULT_NOPAGE if the page at @address was one.
 * The page table of the range exists (one PMD: do_fault_around's clamp).
 */
unsigned int filemap_map_pages(struct machine *m, struct vm_area_struct *vma,
			       unsigned long address, pgoff_t start_pgoff, pgoff_t end_pgoff)
{
	struct file *file = vma->vm_file;
	struct address_space *mapping = file->f_mapping;
	pgoff_t index = start_pgoff, max_idx = inode_nr_pages(mapping->host);
	unsigned int ret = 0, mapped = 0;
	struct page *page;

	while ((page = xa_find(&mapping->i_pages, &index, end_pgoff, XA_PRESENT))) {
		unsigned long addr = vma->vm_start + ((index - vma->vm_pgoff) << PAGE_SHIFT);
		phys_addr_t ptep;

		if (index >= max_idx)
			break;
		if (!PageLocked(page) && PageUptodate(page) && !PageReadahead(page) &&
		    (ptep = pte_offset(m, vma->vm_mm, addr)) && !upte_present(ptep_get(m, ptep))) {
			if (addr == (address & PAGE_MASK))
				ret = VM_FAULT_NOPAGE;
			get_page(page);
			do_set_pte(m, vma, addr, ptep, page, false);
			mapped++;
		}
		if (index++ == end_pgoff)
			break;
	}
	/* 6.6: each page mapped counts against the read-around miss count */
	file->f_ra.mmap_miss = file->f_ra.mmap_miss > mapped ? file->f_ra.mmap_miss - mapped : 0;
	return ret;
}

/*
 * __filemap_fdatawait_range - wait for the pages under writeback in
 * [@start, @end] (bytes): each one's request.
 */
static void filemap_fdatawait_range(struct machine *m, struct address_space *mapping,
				    uint64_t start, uint64_t end)
{
	pgoff_t index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	struct page *page;

	blk_complete(m);
	while ((page = xa_find(&mapping->i_pages, &index, last, PAGECACHE_TAG_WRITEBACK))) {
		folio_wait_writeback(m, page);
		if (index++ == last)
			break;
	}
}

/**
 * filemap_write_and_wait_range - write the dirty pages of [@start, @end]
 * (WB_SYNC_ALL) and wait for them: what fsync and msync do.
 */
int filemap_write_and_wait_range(struct machine *m, struct address_space *mapping,
				 uint64_t start, uint64_t end)
{
	struct writeback_control wbc = { .nr_to_write = 0x7fffffffffffffffL,
					 .sync_mode = WB_SYNC_ALL,
					 .range_start = start, .range_end = end };

	if (!mapping->nrpages)
		return 0;
	if (mapping->a_ops->writeback)
		do_writepages(m, mapping, &wbc);
	filemap_fdatawait_range(m, mapping, start, end);
	return 0;
}

/** vfs_fsync_range - fsync / fdatasync of @file's bytes [@start, @end]. */
int vfs_fsync_range(struct machine *m, struct file *file, uint64_t start, uint64_t end,
		    int datasync)
{
	(void)datasync;
	writeback_run_timers(m);
	if (file->f_inode->kind == INODE_SHMEM)
		return 0;			/* noop_fsync */
	return filemap_write_and_wait_range(m, file->f_mapping, start, end);
}

/*
 * mapping_evict_folio - can @page go? Not dirty, not under writeback, not
 * locked, not mapped, and no reference besides the cache's.
 */
static bool mapping_evict_folio(const struct page *page)
{
	return !PageDirty(page) && !PageWriteback(page) && !PageLocked(page) &&
	       page->_mapcount < 0 && page_ref_count(page) == 1;
}

/**
 * invalidate_mapping_pages - drop the clean, unused pages of [@start,
 * @end] from @mapping (mm/truncate.c); the number dropped.
 */
unsigned long invalidate_mapping_pages(struct machine *m, struct address_space *mapping,
				       pgoff_t start, pgoff_t end)
{
	unsigned long count = 0;
	pgoff_t index = start;
	struct page *page;

	while ((page = xa_find(&mapping->i_pages, &index, end, XA_PRESENT))) {
		if (mapping_evict_folio(page)) {
			filemap_remove_folio(m, page);
			count++;
		}
		if (index++ == end)
			break;
	}
	return count;
}

/**
 * truncate_inode_pages - truncate_inode_pages_range from byte @lstart to
 * the end (mm/truncate.c): every page wholly past @lstart removed, after
 * waiting for its writeback, a dirty one cancelled (accounted clean), a
 * still mapped one unmapped first (truncate_cleanup_folio's
 * unmap_mapping_folio: the file's ptes, not COW copies); the page
 * @lstart falls inside, if cached, zeroed from @lstart on
 * (truncate_inode_partial_folio's folio_zero_range) and kept.
 */
void truncate_inode_pages(struct machine *m, struct address_space *mapping, uint64_t lstart)
{
	pgoff_t index = (lstart + PAGE_SIZE - 1) >> PAGE_SHIFT;
	size_t off = lstart & (PAGE_SIZE - 1);
	struct page *page;

	while ((page = xa_find(&mapping->i_pages, &index, ~0UL, XA_PRESENT))) {
		folio_wait_writeback(m, page);
		folio_lock(m, page);
		if (page->_mapcount >= 0)	/* folio_mapped */
			unmap_mapping_pages(m, mapping, page->index, 1, false);
		filemap_remove_folio(m, page);	/* accounts a dirty page cleaned */
		folio_unlock(page);
		index++;
	}
	if (off && (page = __filemap_get_folio(m, mapping, lstart >> PAGE_SHIFT, FGP_LOCK, 0))) {
		folio_wait_writeback(m, page);
		/* truncate_inode_partial_folio: folio_zero_range, under a kmap_local */
		zero_user_segments(m, page, off, PAGE_SIZE, 0, 0);
		folio_unlock(page);
		put_page(m, page);
	}
}

/**
 * truncate_pagecache - the page cache's half of a size shrink to
 * @newsize (mm/truncate.c truncate_pagecache): the mappings' ptes of
 * every page from round_up(@newsize) on, private COW copies too
 * (unmap_mapping_range with even_cows), then the pages
 * (truncate_inode_pages; the partial page zeroed past @newsize, still
 * mapped), then the ptes again (a COW made in between).  A later touch
 * of a mapped page wholly past EOF is a SIGBUS (filemap_fault).
 */
void truncate_pagecache(struct machine *m, struct inode *inode, uint64_t newsize)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t holebegin = (pgoff_t)((newsize + PAGE_SIZE - 1) >> PAGE_SHIFT);

	unmap_mapping_pages(m, mapping, holebegin, 0, true);
	truncate_inode_pages(m, mapping, newsize);
	unmap_mapping_pages(m, mapping, holebegin, 0, true);
}

/**
 * drop_pagecache - echo 1 > /proc/sys/vm/drop_caches (drop_pagecache_sb
 * over every inode, the block device's too).
 */
void drop_pagecache(struct machine *m)
{
	struct pagecache_state *pc = m->pagecache;
	struct inode *inode;

	blk_complete(m);
	list_for_each_entry(inode, &pc->inodes, struct inode, i_sb_list)
		if (inode->i_mapping->nrpages)
			invalidate_mapping_pages(m, inode->i_mapping, 0, ~0UL);
	if (pc->bdev.bd_inode->i_mapping->nrpages)
		invalidate_mapping_pages(m, pc->bdev.bd_inode->i_mapping, 0, ~0UL);
}

/** nr_blockdev_pages - see pagemap.h. */
unsigned long nr_blockdev_pages(struct machine *m)
{
	if (!m->pagecache)
		return 0;
	return m->pagecache->bdev.bd_inode->i_mapping->nrpages;
}

/* One mapping's pages against its counts, tags and the LRU. */
static int check_mapping(struct machine *m, struct address_space *mapping,
			 unsigned long *pages, unsigned long *dirty, unsigned long *wb,
			 unsigned long *shmem)
{
	struct inode *inode = mapping->host;
	unsigned long n = 0;
	pgoff_t index = 0;
	struct page *page;
	int errors = xa_check(m, &mapping->i_pages, inode->name);

#define BAD(...) do { printk(m, "mmsim: DEBUG_VM: page cache: " __VA_ARGS__); errors++; } while (0)
	while ((page = xa_find(&mapping->i_pages, &index, ~0UL, XA_PRESENT))) {
		unsigned long pfn = page_to_pfn(m, page);
		int mapped = page->_mapcount + 1;

		n++;
		if (page->mapping != mapping || page->index != index)
			BAD("%s index %lu: pfn %#lx has mapping %p index %lu", inode->name, index,
			    pfn, page->mapping, page->index);
		if (page_ref_count(page) < 1 + mapped)
			BAD("%s index %lu: pfn %#lx refcount %d below 1 + %d mappings", inode->name,
			    index, pfn, page_ref_count(page), mapped);
		if (PageBuddy(page) || PageSlab(page) || !PageLRU(page))
			BAD("%s index %lu: pfn %#lx buddy=%d slab=%d lru=%d", inode->name, index, pfn,
			    PageBuddy(page), PageSlab(page), PageLRU(page));
		if (PageSwapBacked(page) != (inode->kind == INODE_SHMEM))
			BAD("%s index %lu: pfn %#lx swapbacked=%d", inode->name, index, pfn,
			    PageSwapBacked(page));
		if (mapping->a_ops->writeback) {
			if (PageDirty(page) != xa_get_mark(&mapping->i_pages, index, PAGECACHE_TAG_DIRTY))
				BAD("%s index %lu: dirty=%d but the DIRTY tag %d", inode->name, index,
				    PageDirty(page),
				    xa_get_mark(&mapping->i_pages, index, PAGECACHE_TAG_DIRTY));
			if (PageDirty(page))
				(*dirty)++;
		}
		if (PageWriteback(page) !=
		    xa_get_mark(&mapping->i_pages, index, PAGECACHE_TAG_WRITEBACK))
			BAD("%s index %lu: writeback=%d but the WRITEBACK tag differs", inode->name,
			    index, PageWriteback(page));
		if (PageWriteback(page))
			(*wb)++;
		if (PageLocked(page) && PageUptodate(page))
			BAD("%s index %lu: locked and uptodate outside any call", inode->name, index);
		if (PageSwapBacked(page))
			(*shmem)++;
		if (index++ == ~0UL)
			break;
	}
	if (n != mapping->nrpages)
		BAD("%s: nrpages %lu but %lu pages in the tree", inode->name, mapping->nrpages, n);
	*pages += n;
	if ((inode->i_state & I_DIRTY_PAGES) == 0 && xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY))
		BAD("%s: dirty pages but the inode is not I_DIRTY_PAGES", inode->name);
#undef BAD
	return errors;
}

/**
 * filemap_check - the page cache's invariants for check_machine: every
 * cached page's mapping, index, refcount (the cache's reference plus one
 * per mapping), LRU and tags; nrpages; NR_FILE_PAGES, NR_SHMEM,
 * NR_FILE_DIRTY and NR_WRITEBACK against the pages; the LRU counters
 * against the lists.  0 when not booted with a page cache.
 */
int filemap_check(struct machine *m)
{
	struct pagecache_state *pc = m->pagecache;
	unsigned long pages = 0, dirty = 0, wb = 0, shmem = 0;
	struct inode *inode;
	int errors = 0, nid;

	if (!pc)
		return 0;
	blk_complete(m);
	list_for_each_entry(inode, &pc->inodes, struct inode, i_sb_list)
		errors += check_mapping(m, inode->i_mapping, &pages, &dirty, &wb, &shmem);
	errors += check_mapping(m, pc->bdev.bd_inode->i_mapping, &pages, &dirty, &wb, &shmem);
#define CMP(item, v) do {                                                              \
	if (global_node_page_state(m, item) != (v)) {                                   \
		printk(m, "mmsim: DEBUG_VM: page cache: %s %lu but %lu pages", #item,    \
		       global_node_page_state(m, item), (unsigned long)(v));              \
		errors++;                                                                \
	}                                                                                \
} while (0)
	CMP(NR_FILE_PAGES, pages);
	CMP(NR_SHMEM, shmem);
	CMP(NR_FILE_DIRTY, dirty);
	CMP(NR_WRITEBACK, wb);
#undef CMP
	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
			unsigned long n = 0;
			struct page *page;

			list_for_each_entry(page, &pgdat->__lruvec.lists[lru], struct page, lru) {
				if (!PageLRU(page) || page_to_nid(page) != nid) {
					printk(m, "mmsim: DEBUG_VM: lru: pfn %#lx on node %d list %d: lru=%d",
					       page_to_pfn(m, page), nid, lru, PageLRU(page));
					errors++;
				}
				n++;
			}
			if ((long)n != pgdat->vm_stat[NR_INACTIVE_ANON + lru]) {
				printk(m, "mmsim: DEBUG_VM: lru: node %d list %d has %lu pages, counted %ld",
				       nid, lru, n, pgdat->vm_stat[NR_INACTIVE_ANON + lru]);
				errors++;
			}
		}
	}
	return errors;
}
