# mpl_strict_warnings(<target>): the warning set our own code is held to.
# Generated scanner/parser sources are compiled without it (see
# compiler/CMakeLists.txt): flex's and bison's output is not ours to fix.
function(mpl_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                           -Wconversion -Wsign-conversion
                                           -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
                                           ${MPL_WERROR_FLAGS})
endfunction()

# -Werror for our own targets when MPL_WERROR is on (scripts/build.sh and
# CI turn it on; users and consumers of the package do not get it). Never
# in the sanitizer build, where g++'s instrumentation makes -Wconversion and
# kin report what it cannot prove about the instrumented code.
if(MPL_WERROR AND NOT MPL_SANITIZE)
  set(MPL_WERROR_FLAGS -Werror)
else()
  set(MPL_WERROR_FLAGS "")
endif()
