# mpl_test_program(<target>): marks one of our test programs. In an
# optimised build (Release, RelWithDebInfo, MinSizeRel) it is compiled at
# -O1, after the build type's own level, so -O1 is the one that counts.
#
# Why: the test programs are about half of the build's compile time, and
# g++ compiles them at -O1 in 55-60% of the time -O3 takes (measured on
# tests/codec/mutate_test.cc, 29.1 s -> 17.3 s, and tests/ssh_bgp/ssh_test.cc,
# 48.1 s -> 28.5 s). What a test asserts does not depend on the level. The
# generated code at full optimisation is still compiled with -Werror by the
# benchmarks, the example servers and mpldump, and run by codec_bench's
# self-checks and the servers' end-to-end tests; the sanitizer build
# (scripts/test.sh) compiles everything at -O1 anyway.
function(mpl_test_program target)
  target_compile_options(${target} PRIVATE $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-O1>)
endfunction()
