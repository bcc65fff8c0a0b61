// SPDX-License-Identifier: MIT
/*
 * readahead.c - ondemand readahead (mm/readahead.c, Linux 6.6).
 *
 * Each open file has a file_ra_state: the window [start, start + size)
 * read last, of which the last async_size pages are the "lookahead"; the
 * first lookahead page carries PG_readahead, and a read that reaches it
 * starts the next window asynchronously (page_cache_async_ra) before the
 * reader needs it.  Windows start at get_init_ra_size (x4 or x2 of the
 * request, rounded to a power of two) and grow by get_next_ra_size (x4
 * while small, then x2) up to ra_pages (VM_READAHEAD_PAGES: 32 pages,
 * 128K).  A miss next to the previous read, or a history of cached pages
 * behind it (try_context_readahead), is taken as sequential; anything
 * else reads just what was asked.  read_pages submits one request for
 * each run of contiguous new pages (mpage_readahead's bio).
 *
 * Simplified: no large folios (page_cache_ra_order always falls back to
 * do_page_cache_ra), no blk-cgroup congestion.
 */
#include "blkdev.h"
#include "internal.h"
#include "pagemap.h"

/** file_ra_state_init - a new file's state: the bdi's ra_pages, no history. */
void file_ra_state_init(struct file_ra_state *ra, struct address_space *mapping)
{
	(void)mapping;
	*ra = (struct file_ra_state){ .prev_pos = -1 };
	ra->ra_pages = VM_READAHEAD_PAGES;
}

static unsigned long roundup_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/** get_init_ra_size - the first window for a read of @size pages. */
unsigned long get_init_ra_size(unsigned long size, unsigned long max)
{
	unsigned long newsize = roundup_pow_of_two(size);

	if (newsize <= max / 32)
		newsize = newsize * 4;
	else if (newsize <= max / 4)
		newsize = newsize * 2;
	else
		newsize = max;
	return newsize;
}

/** get_next_ra_size - the window after @ra's: x4 below max/16, x2 up to max/2. */
unsigned long get_next_ra_size(struct file_ra_state *ra, unsigned long max)
{
	unsigned long cur = ra->size;

	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

/* read_pages - submit the batch collected in @ractl (one request) and drop its references. */
static void read_pages(struct machine *m, struct readahead_control *ractl, struct page **batch)
{
	unsigned int done = 0;

	while (done < ractl->_nr_pages) {
		unsigned int n = ractl->_nr_pages - done;

		if (n > BIO_MAX_VECS)
			n = BIO_MAX_VECS;
		submit_bio(m, REQ_OP_READ, ractl->mapping, ractl->_index + done, batch + done, n);
		done += n;
	}
	for (unsigned int i = 0; i < ractl->_nr_pages; i++)
		put_page(m, batch[i]);		/* readahead_folio's folio_put */
	ractl->_index += ractl->_nr_pages;
	ractl->_nr_pages = 0;
}

/**
 * page_cache_ra_unbounded - read @nr_to_read pages from ractl->_index
 * that are not cached, marking the page @lookahead_size from the end
 * PG_readahead; cached pages split the reads.
 */
void page_cache_ra_unbounded(struct machine *m, struct readahead_control *ractl,
			     unsigned long nr_to_read, unsigned long lookahead_size)
{
	struct address_space *mapping = ractl->mapping;
	pgoff_t index = ractl->_index;
	gfp_t gfp = mapping->gfp_mask | __GFP_NORETRY | __GFP_NOWARN;
	struct page *batch[1024];
	unsigned long i;

	if (nr_to_read > 1024)
		nr_to_read = 1024;
	for (i = 0; i < nr_to_read; i++) {
		struct page *page = xa_load(&mapping->i_pages, index + i);

		if (page) {
			read_pages(m, ractl, batch);
			ractl->_index++;
			i = ractl->_index + ractl->_nr_pages - index - 1;
			continue;
		}
		page = alloc_pages(m, gfp, 0);
		if (!page)
			break;
		if (add_to_page_cache_lru(m, page, mapping, index + i, gfp) < 0) {
			put_page(m, page);
			read_pages(m, ractl, batch);
			ractl->_index++;
			i = ractl->_index + ractl->_nr_pages - index - 1;
			continue;
		}
		/* two references: the cache's, and the batch's that read_pages drops */
		if (i == nr_to_read - lookahead_size)
			SetPageReadahead(page);
		batch[ractl->_nr_pages++] = page;
	}
	read_pages(m, ractl, batch);
}

/** do_page_cache_ra - page_cache_ra_unbounded within the file's size. */
void do_page_cache_ra(struct machine *m, struct readahead_control *ractl,
		      unsigned long nr_to_read, unsigned long lookahead_size)
{
	struct inode *inode = ractl->mapping->host;
	pgoff_t index = ractl->_index, end_index;

	if (inode->i_size == 0)
		return;
	end_index = (pgoff_t)((inode->i_size - 1) >> PAGE_SHIFT);
	if (index > end_index)
		return;
	if (nr_to_read > end_index - index)
		nr_to_read = end_index - index + 1;
	page_cache_ra_unbounded(m, ractl, nr_to_read, lookahead_size);
}

/** force_page_cache_ra - read @nr_to_read pages as asked, in 2M chunks (no window). */
void force_page_cache_ra(struct machine *m, struct readahead_control *ractl,
			 unsigned long nr_to_read)
{
	struct bdi_writeback *wb = &m->pagecache->wb;
	pgoff_t index = ractl->_index;
	unsigned long max_pages = wb->io_pages > ractl->ra->ra_pages ? wb->io_pages :
								       ractl->ra->ra_pages;

	if (nr_to_read > max_pages)
		nr_to_read = max_pages;
	while (nr_to_read) {
		unsigned long this_chunk = (2 * 1024 * 1024) / PAGE_SIZE;

		if (this_chunk > nr_to_read)
			this_chunk = nr_to_read;
		ractl->_index = index;
		do_page_cache_ra(m, ractl, this_chunk, 0);
		index += this_chunk;
		nr_to_read -= this_chunk;
	}
}

/* count_history_pages / try_context_readahead: a stream that left cached pages behind. */
static int try_context_readahead(struct address_space *mapping, struct file_ra_state *ra,
				 pgoff_t index, unsigned long req_size, unsigned long max)
{
	pgoff_t size = index - 1 - page_cache_prev_miss(mapping, index - 1, max);

	if (size <= req_size)
		return 0;
	if (size >= index)	/* from the start of the file: a long-run stream */
		size *= 2;
	ra->start = index;
	ra->size = (unsigned int)(size + req_size < max ? size + req_size : max);
	ra->async_size = 1;
	return 1;
}

/* ondemand_readahead - the window for a read of @req_size pages at ractl->_index. */
static void ondemand_readahead(struct machine *m, struct readahead_control *ractl,
			       struct page *folio, unsigned long req_size)
{
	struct bdi_writeback *wb = &m->pagecache->wb;
	struct file_ra_state *ra = ractl->ra;
	unsigned long max_pages = ra->ra_pages, add_pages;
	pgoff_t index = ractl->_index, expected, prev_index;

	/* a request beyond the window may go up to the optimal I/O size */
	if (req_size > max_pages && wb->io_pages > max_pages)
		max_pages = req_size < wb->io_pages ? req_size : wb->io_pages;
	if (!index)
		goto initial_readahead;
	/* the expected callback index: sequential, ramp up and push forward */
	expected = ra->start + ra->size - ra->async_size;
	if (index == expected || index == ra->start + ra->size) {
		ra->start += ra->size;
		ra->size = (unsigned int)get_next_ra_size(ra, max_pages);
		ra->async_size = ra->size;
		goto readit;
	}
	/* a marked page without a valid state (interleaved reads): the cache tells */
	if (folio) {
		pgoff_t start = page_cache_next_miss(ractl->mapping, index + 1, max_pages);

		if (!start || start - index > max_pages)
			return;
		ra->start = start;
		ra->size = (unsigned int)(start - index);	/* the old async_size */
		ra->size += (unsigned int)req_size;
		ra->size = (unsigned int)get_next_ra_size(ra, max_pages);
		ra->async_size = ra->size;
		goto readit;
	}
	if (req_size > max_pages)		/* oversize read */
		goto initial_readahead;
	/* sequential cache miss: (index - prev_index) == 1, or 0 for unaligned reads */
	prev_index = (pgoff_t)((unsigned long long)ra->prev_pos >> PAGE_SHIFT);
	if (index - prev_index <= 1UL)
		goto initial_readahead;
	if (try_context_readahead(ractl->mapping, ra, index, req_size, max_pages))
		goto readit;
	/* standalone, small random read: as is, the state left alone */
	do_page_cache_ra(m, ractl, req_size, 0);
	return;

initial_readahead:
	ra->start = index;
	ra->size = (unsigned int)get_init_ra_size(req_size, max_pages);
	ra->async_size = ra->size > req_size ? ra->size - (unsigned int)req_size : ra->size;
readit:
	/* will this read hit its own marker? then merge the next window now */
	if (index == ra->start && ra->size == ra->async_size) {
		add_pages = get_next_ra_size(ra, max_pages);
		if (ra->size + add_pages <= max_pages) {
			ra->async_size = (unsigned int)add_pages;
			ra->size += (unsigned int)add_pages;
		} else {
			ra->size = (unsigned int)max_pages;
			ra->async_size = (unsigned int)(max_pages >> 1);
		}
	}
	ractl->_index = ra->start;
	do_page_cache_ra(m, ractl, ra->size, ra->async_size);	/* page_cache_ra_order */
}

/** page_cache_sync_ra - a read missed at ractl->_index: read ahead (or as asked). */
void page_cache_sync_ra(struct machine *m, struct readahead_control *ractl,
			unsigned long req_count)
{
	bool do_forced_ra = ractl->file && (ractl->file->f_mode & FMODE_RANDOM);

	if (!ractl->ra->ra_pages) {
		if (!ractl->file)
			return;
		req_count = 1;
		do_forced_ra = true;
	}
	if (do_forced_ra) {		/* be dumb */
		force_page_cache_ra(m, ractl, req_count);
		return;
	}
	ondemand_readahead(m, ractl, NULL, req_count);
}

/** page_cache_async_ra - a read reached @folio's PG_readahead: the next window. */
void page_cache_async_ra(struct machine *m, struct readahead_control *ractl,
			 struct page *folio, unsigned long req_count)
{
	if (!ractl->ra->ra_pages)
		return;
	if (PageWriteback(folio))	/* PG_readahead is PG_reclaim then */
		return;
	ClearPageReadahead(folio);
	ondemand_readahead(m, ractl, folio, req_count);
}
