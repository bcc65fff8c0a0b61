# expect-error: big_order.fail.mms:4: alloc_pages: order=11 is above MAX_PAGE_ORDER (10)
machine ram=64M
boot
kernel alloc_pages order=11
