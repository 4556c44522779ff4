# Each dependency is taken from the system first (Debian: libfmt-dev, libcli11-dev,
# nlohmann-json3-dev, catch2) and fetched at a pinned version only when it is missing.
# The hashes are the ones conan-center-index pins for the same archives.
include(FetchContent)

FetchContent_Declare(fmt
  URL https://github.com/fmtlib/fmt/archive/9.1.0.tar.gz
  URL_HASH SHA256=5dea48d1fcddc3ec571ce2058e13910a0d4a6bab4cc09a809d8b1dd1c88ae6f2
  SYSTEM FIND_PACKAGE_ARGS 9.1 CONFIG)
FetchContent_Declare(CLI11
  URL https://github.com/CLIUtils/CLI11/archive/v2.1.2.tar.gz
  URL_HASH SHA256=26291377e892ba0e5b4972cdfd4a2ab3bf53af8dac1f4ea8fe0d1376b625c8cb
  SYSTEM FIND_PACKAGE_ARGS 2.1 CONFIG)
FetchContent_Declare(nlohmann_json
  URL https://github.com/nlohmann/json/releases/download/v3.11.2/json.tar.xz
  URL_HASH SHA256=8c4b26bf4b422252e13f332bc5e388ec0ab5c3443d24399acb675e68278d341f
  SYSTEM FIND_PACKAGE_ARGS 3.11 CONFIG)
set(CLI11_PRECOMPILED OFF CACHE INTERNAL "")
set(CLI11_BUILD_TESTS OFF CACHE INTERNAL "")
set(CLI11_BUILD_EXAMPLES OFF CACHE INTERNAL "")
set(CLI11_BUILD_DOCS OFF CACHE INTERNAL "")
set(FMT_INSTALL OFF CACHE INTERNAL "")
set(JSON_Install OFF CACHE INTERNAL "")
FetchContent_MakeAvailable(fmt CLI11 nlohmann_json)

if(SPOTCHECK_BUILD_TESTS)
  # Catch2 v2 (Debian's catch2 2.13); its config rejects v3, whose API differs.
  FetchContent_Declare(Catch2
    URL https://github.com/catchorg/Catch2/archive/v2.13.10.tar.gz
    URL_HASH SHA256=d54a712b7b1d7708bc7a819a8e6e47b2fde9536f487b89ccbca295072a7d9943
    SYSTEM FIND_PACKAGE_ARGS 2.13 CONFIG)
  FetchContent_MakeAvailable(Catch2)
  if(catch2_SOURCE_DIR)
    list(APPEND CMAKE_MODULE_PATH "${catch2_SOURCE_DIR}/contrib")
  endif()
endif()
