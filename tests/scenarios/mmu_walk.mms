# The MMU walks swapper_pg_dir for a direct-map address: 4 levels on
# x86_64 (PGD index 273 = bits 47..39 of 0xffff888000000000), a 4K page
# below 2M (the first 2M of the direct map use 4K pages, init_memory_mapping's
# head range) and a 2M page above.  The second access hits the TLB.
machine ram=1G cpus=2
boot
expect meminfo.DirectMap4k == 2048K
expect meminfo.DirectMap2M == 1022M
translate 0xffff888000001000
expect vmstat.nr_tlb_local_flush_one == 0
translate 0xffff888000001000
translate 0xffff888000200000 write
show tlb
# A kernel write to an address past the end of RAM faults (not present, write).
kernel write 0xffff888040000000
expect dmesg ~ "BUG: unable to handle page fault for address: ffff888040000000"
expect dmesg ~ "#PF: supervisor write access in kernel mode"
# A non-canonical address is a general protection fault.
translate 0x0000800000000000
expect dmesg ~ "general protection fault, probably for non-canonical address 0x800000000000"
