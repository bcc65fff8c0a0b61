// SPDX-License-Identifier: MIT
/*
 * blkdev.c - the simulated disk "sda" (block/blk-core.c's submit_bio and
 * bio completion, block/bdev.c's block device inode, as Linux 6.6).
 *
 * One device with 4K blocks serves one request at a time.  A request of
 * n contiguous pages takes the cost model's disk access time
 * (cost.disk_io cycles, the major_fault cost: 300000 cycles = 100 us at
 * 3 GHz) plus n transfers of BLK_XFER_NS_PER_PAGE (2048 ns: 2 GB/s); it
 * starts when the device is free (busy_until) and the clock is there.
 * Requests complete asynchronously: blk_complete ends those whose time
 * has come (reads: the pages become uptodate and are unlocked; writes:
 * folio_end_writeback), and a task that needs a page waits: its CPU idles
 * until the request is done (cpu_wait_until), which moves the clock.
 * submit_bio counts pgpgin / pgpgout in sectors, as Linux's.
 *
 * The disk's content: each file has an extent of blocks (so the raw
 * device shows the files), its pristine bytes generated from its name and
 * offset (disk_file_byte), and the blocks written back kept as host
 * copies.  Bytes beyond a file's pristine size read as zeros until
 * written.  Simplified: no request merging across files, no plugging, no
 * I/O scheduler, no errors; the device's inode is boot bookkeeping
 * without a bdev_cache object (booting allocates nothing).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blkdev.h"
#include "internal.h"
#include "mmu.h"
#include "writeback.h"

/** blkdev_init - the empty disk and its queue. */
void blkdev_init(struct machine *m)
{
	struct block_device *bd = &m->pagecache->bdev;

	strcpy(bd->name, "sda");
	INIT_LIST_HEAD(&bd->queue);
	bd->next_block = 256;		/* the first 1M: partition table, superblock */
}

/** cpu_wait_until - see blkdev.h: the CPU's cycle count moves to @ns. */
void cpu_wait_until(struct machine *m, uint64_t ns)
{
	struct cpu_state *c = this_cpu(m);
	uint64_t mhz = m->cost.cpu_mhz;
	uint64_t cycles = (ns * mhz + 999) / 1000;

	if (c->cycles < cycles)
		cpu_account_on(m, c, cycles - c->cycles);
}

/** blk_request_ns - see blkdev.h. */
uint64_t blk_request_ns(struct machine *m, unsigned int nr)
{
	return (uint64_t)m->cost.major_fault * 1000 / m->cost.cpu_mhz +
	       nr * BLK_XFER_NS_PER_PAGE;
}

/* splitmix64's finaliser */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/** disk_file_byte - see pagemap.h: FNV-1a of the name, mixed with pos / 8. */
uint8_t disk_file_byte(const char *name, uint64_t pos)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const char *c = name; *c; c++)
		h = (h ^ (uint8_t)*c) * 0x100000001b3ULL;
	return (uint8_t)(mix64(h ^ (pos >> 3) * 0x9e3779b97f4a7c15ULL) >> ((pos & 7) * 8));
}

/* The file whose extent holds device block @block, or NULL. */
static struct inode *block_owner(struct machine *m, uint64_t block)
{
	struct inode *inode;

	list_for_each_entry(inode, &m->pagecache->inodes, struct inode, i_sb_list)
		if (inode->kind == INODE_DISK && block >= inode->start_block &&
		    block < inode->start_block + inode->nr_blocks)
			return inode;
	return NULL;
}

/** disk_read_block - see blkdev.h. */
void disk_read_block(struct machine *m, struct inode *inode, pgoff_t index, void *host)
{
	uint8_t *dst = host;
	uint64_t pos = (uint64_t)index << PAGE_SHIFT;

	if (inode->kind == INODE_BDEV) {
		struct inode *owner = block_owner(m, index);

		if (!owner) {
			memset(host, 0, PAGE_SIZE);
			return;
		}
		inode = owner;
		index -= owner->start_block;
		pos = (uint64_t)index << PAGE_SHIFT;
	}
	if (index < inode->blocks_cap && inode->blocks[index]) {
		memcpy(dst, inode->blocks[index], PAGE_SIZE);
		return;
	}
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		dst[i] = pos + i < inode->pristine_size ? disk_file_byte(inode->name, pos + i) : 0;
}

/** disk_write_block - see blkdev.h. */
void disk_write_block(struct machine *m, struct inode *inode, pgoff_t index, const void *host)
{
	if (inode->kind == INODE_BDEV) {
		struct inode *owner = block_owner(m, index);

		if (!owner)
			return;		/* blocks of no file: nothing keeps them */
		inode = owner;
		index -= owner->start_block;
	}
	if (index >= inode->blocks_cap) {
		unsigned long cap = inode->blocks_cap ? inode->blocks_cap : 16;

		while (cap <= index)
			cap *= 2;
		inode->blocks = realloc(inode->blocks, cap * sizeof(*inode->blocks));
		if (!inode->blocks)
			abort();
		memset(inode->blocks + inode->blocks_cap, 0,
		       (cap - inode->blocks_cap) * sizeof(*inode->blocks));
		inode->blocks_cap = cap;
	}
	if (!inode->blocks[index]) {
		inode->blocks[index] = malloc(PAGE_SIZE);
		if (!inode->blocks[index])
			abort();
	}
	memcpy(inode->blocks[index], host, PAGE_SIZE);
}

/**
 * submit_bio - see blkdev.h.  A write's data goes to the disk now (what
 * the device will have once it completes); a read's comes at completion.
 */
struct blk_request *submit_bio(struct machine *m, enum req_op op, struct address_space *mapping,
			       pgoff_t index, struct page **pages, unsigned int nr)
{
	struct block_device *bd = &m->pagecache->bdev;
	struct blk_request *rq = calloc(1, sizeof(*rq));
	uint64_t start;

	if (!rq)
		abort();
	rq->op = op;
	rq->mapping = mapping;
	rq->index = index;
	rq->nr_pages = nr;
	memcpy(rq->pages, pages, nr * sizeof(*pages));
	rq->submit_ns = m->clock_ns;
	start = bd->busy_until_ns > m->clock_ns ? bd->busy_until_ns : m->clock_ns;
	rq->done_ns = start + blk_request_ns(m, nr);
	bd->busy_until_ns = rq->done_ns;
	list_add_tail(&rq->list, &bd->queue);
	bd->nr_inflight++;
	bd->ios[op]++;
	bd->sectors[op] += (unsigned long)nr << (PAGE_SHIFT - BLK_SECTOR_SHIFT);
	/* submit_bio: count_vm_events(PGPGIN / PGPGOUT, sectors) */
	__count_vm_events(m, op == REQ_OP_READ ? PGPGIN : PGPGOUT,
			  (unsigned long)nr << (PAGE_SHIFT - BLK_SECTOR_SHIFT));
	/*
	 * The disk DMAs to and from the pages by physical address (an AHCI
	 * controller; HIGHMEM4G's RAM is all below 4G, so no bounce
	 * buffer): no kmap, on i386 either - the host copy is the device's.
	 */
	if (op == REQ_OP_WRITE)
		for (unsigned int i = 0; i < nr; i++)
			disk_write_block(m, mapping->host, index + i,
					 page_address_host(m, pages[i]));
	return rq;
}

/* The end of one request: mpage_read_end_io / mpage_write_end_io. */
static void end_request(struct machine *m, struct blk_request *rq)
{
	struct block_device *bd = &m->pagecache->bdev;

	list_del(&rq->list);
	bd->nr_inflight--;
	bd->ticks_ns[rq->op] += rq->done_ns - rq->submit_ns;
	for (unsigned int i = 0; i < rq->nr_pages; i++) {
		struct page *page = rq->pages[i];

		if (rq->op == REQ_OP_READ) {	/* the DMA of the data (no kmap) */
			disk_read_block(m, rq->mapping->host, rq->index + i,
					page_address_host(m, page));
			SetPageUptodate(page);
			folio_unlock(page);
		} else {
			folio_end_writeback(m, page);
		}
	}
	free(rq);
}

/** blk_complete - see blkdev.h. */
void blk_complete(struct machine *m)
{
	struct block_device *bd = &m->pagecache->bdev;

	while (!list_empty(&bd->queue)) {
		struct blk_request *rq = list_first_entry(&bd->queue, struct blk_request, list);

		if (rq->done_ns > m->clock_ns)
			return;
		end_request(m, rq);
	}
}

/** blk_wait_page - see blkdev.h (no wait if @page has no I/O in flight). */
void blk_wait_page(struct machine *m, struct page *page)
{
	struct block_device *bd = &m->pagecache->bdev;
	struct blk_request *rq;

	list_for_each_entry(rq, &bd->queue, struct blk_request, list)
		for (unsigned int i = 0; i < rq->nr_pages; i++)
			if (rq->pages[i] == page) {
				cpu_wait_until(m, rq->done_ns);
				blk_complete(m);
				return;
			}
}

/** blk_wait_all - see blkdev.h. */
void blk_wait_all(struct machine *m)
{
	struct block_device *bd = &m->pagecache->bdev;

	if (list_empty(&bd->queue))
		return;
	cpu_wait_until(m, list_last_entry(&bd->queue, struct blk_request, list)->done_ns);
	blk_complete(m);
}
