# expect-error: unknown_command.fail.mms:2: unknown command 'frobnicate'
frobnicate now
