# Sanitizer and fuzzing builds (docs/robustness.md). The flags go on every target of the
# project, the tests and the build-time knowledge-base compiler included: a sanitizer only
# sees the code it instrumented, and libFuzzer gets coverage feedback only from code built
# with -fsanitize=fuzzer-no-link (a target reports `cov: 2` when only it is instrumented).
# Only the fuzz targets themselves link -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt),
# since libFuzzer brings its own main().
set(SPOTCHECK_SANITIZE "" CACHE STRING
  "Sanitizers for every target, as for -fsanitize= (e.g. address,undefined or thread)")
option(SPOTCHECK_BUILD_FUZZERS
  "Build the libFuzzer targets of tests/fuzz (clang only; implies address,undefined)" OFF)

if(SPOTCHECK_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SPOTCHECK_BUILD_FUZZERS needs clang, which has libFuzzer: "
                        "configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(SPOTCHECK_SANITIZE STREQUAL "")
    set(SPOTCHECK_SANITIZE "address,undefined" CACHE STRING "" FORCE)
  elseif(NOT SPOTCHECK_SANITIZE MATCHES "address")
    # libFuzzer finds memory errors only through ASan; a fuzz run without it misses most.
    message(FATAL_ERROR "SPOTCHECK_BUILD_FUZZERS needs address in SPOTCHECK_SANITIZE")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(SPOTCHECK_SANITIZE)
  # No recovery: a report must fail the test or fuzz run, not scroll past in its log.
  # Frame pointers keep the reports' stacks whole when optimised, and line tables give
  # them file:line at a fraction of the cost of full debug information.
  # -O1 (placed after the build type's -O3, so it wins): what the sanitizers' own
  # documentation suggests, and it compiles the tree about a third faster, which is most
  # of CI's time; the release build tests the optimised code.
  add_compile_options(-fsanitize=${SPOTCHECK_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -O1
                      $<IF:$<CXX_COMPILER_ID:Clang>,-gline-tables-only,-g1>)
  add_link_options(-fsanitize=${SPOTCHECK_SANITIZE} -fno-sanitize-recover=all)
endif()
