# expect-error: expect failed: meminfo.MemTotal < 1M: actual
machine ram=64M
boot
expect meminfo.MemTotal < 1M
