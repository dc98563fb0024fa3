# cmake -DMPLC=... -DSPEC=<relative spec> -DREGISTER=<table:value> -DOUT=<dir> -DGOLDEN=<file> -P golden.cmake
# Generates the dissector (from the source directory, so the banner names
# the spec as the golden does) and compares it with the golden file.
execute_process(COMMAND ${MPLC} --emit=wireshark-lua -o ${OUT} ${SPEC} --wireshark-register=${REGISTER}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "mplc failed on ${SPEC}")
endif()
cmake_path(GET SPEC STEM stem)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${GOLDEN} ${OUT}/${stem}.lua RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "${OUT}/${stem}.lua differs from ${GOLDEN} (scripts/update-golden.sh updates it)")
endif()
