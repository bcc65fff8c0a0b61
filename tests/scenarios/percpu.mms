# The per-CPU allocator's first chunk (mm/percpu.c, arch/x86/kernel/
# setup_percpu.c): set up at boot from memblock, one 1M unit per CPU in one
# 2M (PMD_SIZE) allocation; each unit keeps 64 pages - the kernel's static
# per-CPU data (225280 bytes), the reserved region for modules (8K) and the
# dynamic region (28K) - and gives the rest back.  See docs/percpu.md.
machine arch=x86_64 ram=1G cpus=2
boot
expect dmesg ~ "setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:1"
expect dmesg ~ "percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u1048576"
expect dmesg ~ "pcpu-alloc: s225280 r8192 d28672 u1048576 alloc=1*2097152"
expect dmesg ~ "pcpu-alloc: [0] 0 1 "
# Percpu: the populated pages of a unit times the units (pcpu_nr_pages).
expect meminfo.Percpu == 64 * 4K * 2
# No chunk lives in the vmalloc space yet: the first one is in the direct map.
expect meminfo.VmallocUsed == 0
show /proc/meminfo
# An object per CPU: one __percpu pointer, a copy in each CPU's unit, one
# unit (1M) apart in the first chunk.
kernel alloc_percpu 64 align=64 as counter
kernel per_cpu_ptr counter
expect counter.cpu1 - counter.cpu0 == 1M
kernel write counter.cpu1 len=8 byte=0x2a
kernel read counter.cpu1
kernel read counter.cpu0
# Linux's refusals: a zero size, an alignment that is not a power of two
# (align=3 would pass: raised to 4 first, as pcpu_alloc does)
kernel alloc_percpu 0
# (the alignment is raised to PCPU_MIN_ALLOC_SIZE, 4, before the check)
expect dmesg ~ "illegal size (0) or align (4) for percpu allocation"
kernel alloc_percpu 16 align=12
expect dmesg ~ "illegal size (16) or align (12) for percpu allocation"
kernel free_percpu counter
kernel free_percpu 0x1234
check
