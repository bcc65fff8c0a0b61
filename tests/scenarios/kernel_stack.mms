# Every task has a kernel stack: on x86_64 a 16K vmalloc area
# (CONFIG_VMAP_STACK, alloc_thread_stack_node, with its guard page: 20K in
# vmallocinfo), counted in meminfo KernelStack; freed when the task exits.
machine ram=256M cpus=2
boot
expect meminfo.KernelStack == 0
spawn web
expect meminfo.KernelStack == 16K
web fork as child
expect meminfo.KernelStack == 32K
show /proc/vmallocinfo grep alloc_thread_stack_node
child exit
expect meminfo.KernelStack == 16K
web exit
expect meminfo.KernelStack == 0
check
