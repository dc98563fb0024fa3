# End-to-end test of the CMake integration, run with `cmake -P`:
#   -DMODE=installed  -DMPL_PREFIX=<install prefix>   (find_package)
#   -DMODE=subdirectory -DMPL_SOURCE_DIR=<mpl source> (add_subdirectory)
#   -DMODE=fetchcontent -DMPL_SOURCE_DIR=<mpl source>  (FetchContent_MakeAvailable)
#   -DCONSUMER=<tests/e2e/consumer> -DWORK=<scratch dir> -DGENERATOR=<generator>
# Steps: copy the consumer project to WORK, configure, build, run (prints the
# imported constant); edit the imported spec's constant, rebuild, run (prints
# the new constant); break the spec, rebuild, expect failure showing mplc's
# located error.
cmake_minimum_required(VERSION 3.20)

function(run_step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(step_status "${status}" PARENT_SCOPE)
  set(step_output "${out}${err}" PARENT_SCOPE)
endfunction()

function(require_ok name)
  run_step(${name} ${ARGN})
  if(NOT step_status EQUAL 0)
    message(FATAL_ERROR "${name} failed (${step_status}):\n${step_output}")
  endif()
  set(step_output "${step_output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(COPY "${CONSUMER}/" DESTINATION "${WORK}/src")
set(src "${WORK}/src")
set(build "${WORK}/build")

set(configure_args -S "${src}" -B "${build}" -G "${GENERATOR}")
if(MODE STREQUAL "installed")
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${MPL_PREFIX}")
elseif(MODE STREQUAL "subdirectory")
  list(APPEND configure_args "-DMPL_SOURCE_DIR=${MPL_SOURCE_DIR}")
elseif(MODE STREQUAL "fetchcontent")
  list(APPEND configure_args "-DMPL_FETCH_SOURCE_DIR=${MPL_SOURCE_DIR}")
else()
  message(FATAL_ERROR "MODE must be installed, subdirectory or fetchcontent")
endif()

# The installed tool set: mpldump beside mplc, and both run.
if(MODE STREQUAL "installed")
  foreach(tool mplc mpldump)
    if(NOT EXISTS "${MPL_PREFIX}/bin/${tool}")
      message(FATAL_ERROR "cmake --install did not put ${tool} in ${MPL_PREFIX}/bin")
    endif()
    require_ok(${tool}_help "${MPL_PREFIX}/bin/${tool}" --help)
  endforeach()
endif()

require_ok(configure ${CMAKE_COMMAND} ${configure_args})
require_ok(build ${CMAKE_COMMAND} --build "${build}")
require_ok(run "${build}/app/greet")
if(NOT step_output MATCHES "magic=0x1234")
  message(FATAL_ERROR "first run did not print magic=0x1234:\n${step_output}")
endif()

# Editing only the IMPORTED spec must regenerate the importing spec's header
# (through mplc's depfile) and rebuild the program. mplc leaves a header it
# generates identically untouched (time included, so that nothing including
# it is rebuilt), so the regeneration shows as the build running the
# command, or as a new time when the header's text changed.
file(GLOB_RECURSE greeting_header "${build}/greeting.h")
if(NOT greeting_header)
  message(FATAL_ERROR "no generated greeting.h under ${build}")
endif()
file(TIMESTAMP "${greeting_header}" before "%s")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1.1)
file(READ "${src}/specs/lib/tag.mpl" tag)
string(REPLACE "0x1234" "0x4321" tag "${tag}")
file(WRITE "${src}/specs/lib/tag.mpl" "${tag}")
require_ok(rebuild ${CMAKE_COMMAND} --build "${build}")
file(TIMESTAMP "${greeting_header}" after "%s")
if(before STREQUAL after AND NOT step_output MATCHES "generating greeting\\.h")
  message(FATAL_ERROR "greeting.h was not regenerated after its import changed:\n${step_output}")
endif()
require_ok(rerun "${build}/app/greet")
if(NOT step_output MATCHES "magic=0x4321")
  message(FATAL_ERROR "after editing the imported spec the program still printed:\n${step_output}")
endif()

# A broken spec fails the build and shows mplc's located diagnostic.
file(APPEND "${src}/specs/greeting.mpl" "packet broken { x: uint17; }\n")
run_step(broken_build ${CMAKE_COMMAND} --build "${build}")
if(step_status EQUAL 0)
  message(FATAL_ERROR "the build succeeded with a broken spec")
endif()
if(NOT step_output MATCHES "greeting.mpl:[0-9]+:[0-9]+: error: ")
  message(FATAL_ERROR "the failed build did not show mplc's located error:\n${step_output}")
endif()
message(STATUS "consumer (${MODE}): build, import-triggered rebuild and broken-spec failure all as expected")
