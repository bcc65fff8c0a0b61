# Runs one scenario file. A file whose first line is "# expect-error: TEXT"
# must exit non-zero and print TEXT; any other must exit 0.
file(STRINGS ${SCENARIO} first_line LIMIT_COUNT 1)
execute_process(COMMAND ${MMSIM} run ${SCENARIO}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(first_line MATCHES "^# expect-error: (.*)$")
  set(want "${CMAKE_MATCH_1}")
  if(rc EQUAL 0)
    message(FATAL_ERROR "scenario succeeded but should fail with: ${want}\n${out}")
  endif()
  string(FIND "${err}${out}" "${want}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "expected error text not found: ${want}\nstdout:\n${out}\nstderr:\n${err}")
  endif()
else()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "scenario failed (${rc})\nstdout:\n${out}\nstderr:\n${err}")
  endif()
endif()
