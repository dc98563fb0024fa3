# Runs `${MPLC} --check ${SPEC}` and requires a non-zero exit and standard
# error containing ${EXPECT}.
execute_process(COMMAND ${MPLC} --check ${SPEC} RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(status EQUAL 0)
  message(FATAL_ERROR "mplc accepted ${SPEC}; it must fail")
endif()
string(FIND "${err}" "${EXPECT}" where)
if(where EQUAL -1)
  message(FATAL_ERROR "mplc's output lacks '${EXPECT}':\n${err}")
endif()
