# add_mpl_spec(<target>
#              SPECS <spec.mpl>...
#              [OUTPUT_DIR <dir>]
#              [NAMESPACE <c++ namespace>]
#              [IMPORT_DIRS <dir>...]
#              [MPLC_OPTIONS <option>...]
#              [WIRESHARK_LUA <dir> [WIRESHARK_OPTIONS <option>...]])
#
# Generates one C++ header per spec with mplc and creates <target>, an
# INTERFACE library that carries the include directory of the generated
# headers and links the runtime (mpl::runtime). A consumer anywhere in the
# project writes only
#
#   target_link_libraries(app PRIVATE <target>)
#
# The headers are regenerated when a spec changes, when any spec it imports
# changes (mplc writes a depfile listing every file it read), and when mplc
# itself changes. A spec with errors fails the build with mplc's
# `file:line:col: error:` diagnostics in the build output.
#
# The generated header for `dir/foo.mpl` is `<OUTPUT_DIR>/foo.h`, included as
# `#include "foo.h"`. OUTPUT_DIR defaults to a folder of the current binary
# directory named after the target.
#
# With WIRESHARK_LUA, the same build also writes a Wireshark dissector
# `<dir>/foo.lua` per spec (`mplc --emit=wireshark-lua`, docs/wireshark.md);
# WIRESHARK_OPTIONS are passed to that run only (e.g.
# --wireshark-register=udp:5999). The dissectors are made with the headers.
include_guard(GLOBAL)

function(add_mpl_spec target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_DIR;NAMESPACE;WIRESHARK_LUA"
                        "SPECS;IMPORT_DIRS;MPLC_OPTIONS;WIRESHARK_OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_mpl_spec(${target}): unexpected arguments: ${arg_UNPARSED_ARGUMENTS}\n"
                        "Known keywords: SPECS OUTPUT_DIR NAMESPACE IMPORT_DIRS MPLC_OPTIONS WIRESHARK_LUA "
                        "WIRESHARK_OPTIONS")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "add_mpl_spec(${target}): no value given for ${arg_KEYWORDS_MISSING_VALUES}")
  endif()
  if(NOT arg_SPECS)
    message(FATAL_ERROR "add_mpl_spec(${target}): SPECS is required (the .mpl files to compile)")
  endif()
  if(TARGET ${target})
    message(FATAL_ERROR "add_mpl_spec(${target}): a target named '${target}' already exists")
  endif()
  if(NOT TARGET mpl::mplc)
    message(FATAL_ERROR "add_mpl_spec(${target}): mpl::mplc is not defined; "
                        "use find_package(mpl CONFIG REQUIRED) or add_subdirectory() the mpl project first")
  endif()

  set(output_dir "${arg_OUTPUT_DIR}")
  if(NOT output_dir)
    set(output_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}_mpl")
  endif()
  cmake_path(ABSOLUTE_PATH output_dir BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE)
  file(MAKE_DIRECTORY "${output_dir}")

  if(arg_WIRESHARK_OPTIONS AND NOT arg_WIRESHARK_LUA)
    message(FATAL_ERROR "add_mpl_spec(${target}): WIRESHARK_OPTIONS needs WIRESHARK_LUA <dir>")
  endif()
  set(lua_dir "")
  if(arg_WIRESHARK_LUA)
    set(lua_dir "${arg_WIRESHARK_LUA}")
    cmake_path(ABSOLUTE_PATH lua_dir BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE)
    file(MAKE_DIRECTORY "${lua_dir}")
  endif()

  set(import_options "")
  set(options ${arg_MPLC_OPTIONS})
  if(arg_NAMESPACE)
    list(APPEND options --namespace "${arg_NAMESPACE}")
  endif()
  foreach(dir IN LISTS arg_IMPORT_DIRS)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND import_options -I "${dir}")
  endforeach()
  list(APPEND options ${import_options})

  # mplc refuses an import that none of SPECS generates (its header would be
  # missing when the C++ is compiled).
  set(sibling_options "")
  foreach(spec IN LISTS arg_SPECS)
    cmake_path(ABSOLUTE_PATH spec BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND sibling_options --sibling-spec "${spec}")
  endforeach()

  set(headers "")
  set(dissectors "")
  foreach(spec IN LISTS arg_SPECS)
    cmake_path(ABSOLUTE_PATH spec BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    if(NOT EXISTS "${spec}")
      message(FATAL_ERROR "add_mpl_spec(${target}): spec '${spec}' does not exist")
    endif()
    cmake_path(GET spec STEM stem)
    set(header "${output_dir}/${stem}.h")
    if(header IN_LIST headers)
      message(FATAL_ERROR "add_mpl_spec(${target}): two specs named '${stem}.mpl' would both generate ${header}")
    endif()
    add_custom_command(
      OUTPUT "${header}"
      COMMAND mpl::mplc -o "${output_dir}" --depfile "${header}.d" ${options} ${sibling_options} "${spec}"
      DEPENDS "${spec}" mpl::mplc
      DEPFILE "${header}.d"
      COMMENT "mplc: generating ${stem}.h from ${spec}"
      VERBATIM)
    list(APPEND headers "${header}")
    if(lua_dir)
      set(dissector "${lua_dir}/${stem}.lua")
      add_custom_command(
        OUTPUT "${dissector}"
        COMMAND mpl::mplc --emit=wireshark-lua -o "${lua_dir}" --depfile "${dissector}.d" ${import_options}
                ${arg_WIRESHARK_OPTIONS} "${spec}"
        DEPENDS "${spec}" mpl::mplc
        DEPFILE "${dissector}.d"
        COMMENT "mplc: generating the Wireshark dissector ${stem}.lua from ${spec}"
        VERBATIM)
      list(APPEND dissectors "${dissector}")
    endif()
  endforeach()

  # The custom target owns the generation; the INTERFACE library depends on it,
  # and CMake (>= 3.19) hands an interface library's dependencies on to every
  # target that links it, wherever that target is defined. So consumers need
  # no add_dependencies of their own.
  add_custom_target(${target}_generate DEPENDS ${headers} ${dissectors})
  add_library(${target} INTERFACE)
  target_include_directories(${target} INTERFACE "${output_dir}")
  target_link_libraries(${target} INTERFACE mpl::runtime)
  add_dependencies(${target} ${target}_generate)
  set_target_properties(${target} PROPERTIES MPL_GENERATED_HEADERS "${headers}"
                                             MPL_WIRESHARK_DISSECTORS "${dissectors}")
endfunction()
