# Boot a 1 GiB x86_64 PC and check what the kernel reports.
# Expected numbers: the default e820 map (640K low, 0xf0000-0xfffff reserved,
# 1M..1G usable), Linux's trim_bios_range (page 0 reserved, 640K-1M removed)
# and the x86_64 zone limits (DMA < 16M, DMA32 < 4G).
machine arch=x86_64 ram=1G cpus=2 seed=1
boot
expect dmesg ~ "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable"
expect dmesg ~ "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved"
expect dmesg ~ "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]"
expect dmesg ~ "  DMA32    [mem 0x0000000001000000-0x000000003fffffff]"
expect dmesg ~ "  Normal   empty"
expect dmesg ~ "On node 0, zone DMA: 1 pages in unavailable ranges"
expect dmesg ~ "On node 0, zone DMA: 96 pages in unavailable ranges"
expect dmesg ~ "Built 1 zonelists, mobility grouping on."
expect dmesg ~ "Freeing unused kernel image (initmem) memory: 512K"
# ZONE_DMA spans pfn 1..4095 (4095 pages); pfn 0xa0..0xff (640K..1M) are a
# hole: 96 pages.
expect zoneinfo.DMA.spanned == 4095
expect zoneinfo.DMA.present == 4095 - 96
# ZONE_DMA32: pfn 4096 .. 262143, no holes.
expect zoneinfo.DMA32.spanned == 258048
expect zoneinfo.DMA32.present == 258048
expect zoneinfo.DMA32.start_pfn == 4096
# RAM is 262046 present pages; MemTotal is what the buddy allocator manages.
expect meminfo.MemTotal == zoneinfo.DMA.managed * 4K + zoneinfo.DMA32.managed * 4K
expect meminfo.MemTotal > 1000M
expect meminfo.MemFree <= meminfo.MemTotal
expect meminfo.Slab == 0
# lowmem_reserve_ratio 256 for DMA: DMA32's managed pages at the initcall
# / 256; free_initmem gave DMA32 its 128 init pages after that.
expect zoneinfo.DMA.protection.1 * 256 <= zoneinfo.DMA32.managed - 128
expect zoneinfo.DMA.protection.1 * 256 + 256 > zoneinfo.DMA32.managed - 128
check
