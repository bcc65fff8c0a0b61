# expect-error: e820: entries [mem 0x0000000000000000-0x00000000001fffff] and [mem 0x0000000000100000-0x0000000003ffffff] overlap
machine e820=0-0x1fffff:usable,0x100000-0x3ffffff:usable
boot
