# kill -9: the task ends at once and its memory goes back (exit_mmap).
machine ram=256M cpus=2
boot
spawn web
web mmap 1M rw private anonymous as buf
web write buf 1M
expect meminfo.AnonPages >= 1M
web kill
expect web.alive == 0
expect web.exit_code == 9
expect meminfo.AnonPages == 0
expect meminfo.KernelStack == 0
check
