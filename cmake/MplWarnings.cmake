# mpl_strict_warnings(<target>): the warning set our own code is held to.
# Generated scanner/parser sources are compiled without it (see
# compiler/CMakeLists.txt): flex's and bison's output is not ours to fix.
function(mpl_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                           -Wconversion -Wsign-conversion
                                           -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
endfunction()
