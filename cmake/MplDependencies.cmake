# Every external dependency of the build, found in one place. When one is
# missing, configure stops with the Debian package that provides it, so a
# new user reads "install libfl-dev", not a compiler error ten minutes later.
# scripts/install-deps.sh installs all of them.
include_guard(GLOBAL)

# mpl_require(<what> DEBIAN <package> FOUND <variable>): stop unless <variable>
# is true, naming <what> and the Debian package to install.
function(mpl_require what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DEBIAN;FOUND" "")
  if(NOT ${arg_FOUND})
    message(FATAL_ERROR "${what} not found: install the Debian package ${arg_DEBIAN} "
                        "(./scripts/install-deps.sh installs everything the build needs)")
  endif()
endfunction()

# mpl_find_package(<Package> DEBIAN <package> [find_package arguments...])
# find_package(<Package> ... QUIET), then mpl_require().
macro(mpl_find_package name)
  cmake_parse_arguments(mpl_fp "" "DEBIAN" "" ${ARGN})
  find_package(${name} ${mpl_fp_UNPARSED_ARGUMENTS} QUIET)
  mpl_require("${name}" DEBIAN ${mpl_fp_DEBIAN} FOUND ${name}_FOUND)
endmacro()

# Debian's own Python, whose packages install-deps.sh installs (matplotlib,
# dnspython), even when another python3 comes first on PATH.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python the tests and scripts run")
endif()

# The compiler's own build: flex (with FlexLexer.h, which Debian ships
# apart in libfl-dev), bison, fmt and CLI11.
mpl_find_package(FLEX DEBIAN flex 2.6)
find_path(MPL_FLEXLEXER_INCLUDE_DIR FlexLexer.h)
mpl_require("FlexLexer.h (flex's C++ scanner header)" DEBIAN libfl-dev FOUND MPL_FLEXLEXER_INCLUDE_DIR)
mpl_find_package(BISON DEBIAN bison 3.8)
mpl_find_package(fmt DEBIAN libfmt-dev)
mpl_find_package(CLI11 DEBIAN libcli11-dev)
