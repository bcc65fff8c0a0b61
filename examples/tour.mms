say mmsim tour (placeholder)
machine ram=1G cpus=2
boot
show /proc/buddyinfo
