# File descriptors and read/write system calls (docs/page_cache.md,
# "File descriptors and read/write"): the lowest free fd, a read into an
# untouched anonymous buffer faulting in one page per page copied, short
# counts and -EFAULT, O_APPEND, pread/pwrite leaving the offset, fork
# sharing the open file, exit closing it.  Expected values: Linux 6.6
# (fs/file.c alloc_fd, fs/read_write.c, mm/filemap.c filemap_read; the
# errnos: ENOENT 2, EBADF 9, EFAULT 14, EEXIST 17, EINVAL 22), see
# tests/unit/test_read_write.c.
machine arch=x86_64 ram=256M cpus=2 seed=7 norandmaps=1
boot
file create data 64K
spawn app
# a task starts with no fd open: the first is 0, then the lowest free
app open data r as in
expect in == 0
app open data rw append as out
expect app.fd == 1
app open nothere
expect app.errno == 2
app open data creat excl
expect app.errno == 17
app close 5
expect app.errno == 9
# 16 untouched pages: copy_to_user faults each in once (a write fault)
app mmap 64K rw private anonymous as buf
let f0 = app.minflt
app read in buf 64K
expect app.ret == 65536
expect app.minflt - f0 == 16
app read in buf 4K
expect app.ret == 0
app lseek in -100 end
expect app.ret == 65436
app read in buf 4K
expect app.ret == 100
app fdinfo in
# pread does not move the offset
app pread in buf 8K 4096
expect app.ret == 8192
app lseek in 0 cur
expect app.ret == 65536
# O_APPEND: at the end whatever the offset; pwrite too
app write out buf 100
expect app.ret == 100
app fdinfo out
app pwrite out buf 100 0
app lseek out 0 end
expect app.ret == 65736
# a read-only buffer: -EFAULT (no SIGSEGV); running into an unmapped page: short
app mmap 8K r private anonymous as ro
app read in ro 10
expect app.errno == 14
expect app.alive == 1
app mmap 8K rw private anonymous as two
let hole = two.addr + 4K
let edge = two.addr + 4000
app munmap hole 4K
app pread in edge 1000 0
expect app.ret == 96
app pread in hole 1000 0
expect app.errno == 14
app fsync out
expect app.ret == 0
app fdatasync out
app ftruncate in 0
expect app.errno == 22
app ftruncate out 8K
app lseek out 0 end
expect app.ret == 8192
# fork: the child shares the struct file, so the offset
app lseek in 0 set
app fork as kid
kid read in buf 300
app lseek in 0 cur
expect app.ret == 300
kid close in
kid read in buf 1
expect kid.errno == 9
kid exit
app close in
app close in
expect app.errno == 9
app open data as again
expect again == 0
app exit
check
