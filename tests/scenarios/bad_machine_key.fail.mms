# expect-error: bad_machine_key.fail.mms:3: machine: ram=8M: must be a size from 16M to 64G
machine cpus=2
machine ram=8M
boot
