# Warnings as an INTERFACE target, linked PRIVATE by our own targets only (the ccache way),
# so that they never leak to code that links the engine library.
add_library(spotcheck_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(spotcheck_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
    -Wswitch-enum)
endif()
