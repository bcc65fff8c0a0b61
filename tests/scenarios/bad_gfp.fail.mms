# expect-error: bad_gfp.fail.mms:4: alloc_pages: unknown GFP flag 'GFP_BOGUS'
machine ram=64M
boot
kernel alloc_pages gfp=GFP_KERNEL|GFP_BOGUS
