# The two commands a fresh clone needs (see README.md):
#   make run    builds mmsim and runs the annotated tour
#   make test   builds the normal and the ASan+UBSan configurations and runs every test
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory

.PHONY: all run test test-release test-asan bench clean

all: build/release/mmsim

build/release/Makefile: CMakeLists.txt
	cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo

build/asan/Makefile: CMakeLists.txt
	cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DMMSIM_SANITIZE=ON

build/release/mmsim: build/release/Makefile FORCE
	cmake --build build/release -j $(JOBS)

run: build/release/mmsim
	./build/release/mmsim tour

test-release: build/release/mmsim
	cd build/release && ctest --output-on-failure -j $(JOBS)

test-asan: build/asan/Makefile
	cmake --build build/asan -j $(JOBS)
	cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS)

test: test-release test-asan

bench: build/release/mmsim
	@for b in build/release/bench_*; do echo "== $$b"; $$b || exit 1; done

clean:
	rm -rf build

FORCE:
