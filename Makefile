# Two commands from a fresh clone: `make run` and `make test` (see README.md).
BUILD ?= build/release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test test-clang bench format clean

all: build

deps:
	@sh cmake/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/spotcheck query --age 3 --lesion petechiae --fever

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same with clang (CI runs it when clang++ is installed): GCC and clang disagree on
# enough undefined behaviour that each has caught what the other let through.
test-clang:
	@$(MAKE) --no-print-directory test BUILD=build/clang CMAKE_FLAGS="-DCMAKE_CXX_COMPILER=clang++"

bench:
	@sh cmake/install-deps.sh --bench
	@cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DSPOTCHECK_BUILD_BENCH=ON >/dev/null
	@cmake --build build/bench -j $(JOBS)
	bench/run.sh build/bench

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf build
