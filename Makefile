# A thin wrapper around CMake, as Neovim's is: `make run` and `make test` are
# all a newcomer needs; both install what is missing first (`make deps`).
BUILD ?= build
CMAKE_FLAGS ?=
DEB_PACKAGES := cmake pkg-config libncurses-dev libcmocka-dev libmd4c-dev tmux \
	gcc libc6-dev procps groff-base python3
# For `make test`'s fuzzing and valgrind parts: installed by `make deps` as
# root (CI); without them those parts say so and are skipped.  gcc's own
# ASan, UBSan and TSan runtimes come with gcc.
OPT_PACKAGES := clang libclang-rt-14-dev valgrind man-db zsh
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test clean asan tsan fuzz valgrind golden readme

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	optional=""; for p in $(OPT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || optional="$$optional $$p"; \
	done; \
	if [ -n "$$optional" ]; then \
	  if [ "$$(id -u)" = 0 ]; then missing="$$missing$$optional"; \
	  else echo "make deps: optional, for make test's fuzzing and valgrind parts: sudo apt-get install -y$$optional"; fi; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make deps: installing$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing; \
	  else \
	    echo "make deps: missing packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/weft

# The plain suite, then the same suite under ASan+UBSan, the sim tests under
# TSan, every parser's fuzzer, and every lesson under valgrind.  From a fresh
# clone on a 2-CPU machine: 6.5 minutes in all, four builds included; the
# fuzzers' 30 s each run at once (30 s of wall time however many parsers).
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory asan tsan fuzz valgrind

# --- sanitizers, fuzzing, valgrind --------------------------------------------
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
# Seconds each fuzz target runs in `make fuzz` (all targets at once).
FUZZ_SECONDS ?= 30
# The sim tests TSan runs: rings, primitives, the mutex, the clock, lesson time, gates and
# schedules, coroutines, the event loop, the message heap and the pipe.
TSAN_TESTS ?= ^test_(ring|primitives|mutex|clock|lessontime|gate|sched|coro|loop|msg|pipe)
TSAN_TARGETS = $(basename $(notdir $(wildcard $(addprefix tests/,test_ring.c test_primitives.c test_mutex.c test_clock.c \
	test_lessontime.c test_gate*.c test_sched*.c test_coro*.c test_loop*.c test_msg.c test_pipe.c))))
# No suppressions: a report fails the run.  detect_leaks stays on (ASan's
# default): the UI and the tests must not leak either.
export ASAN_OPTIONS ?= abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1

# The whole suite (unit and end-to-end) built with -fsanitize=address,undefined.
asan: deps
	cmake -S . -B $(ASAN_BUILD) -DSANITIZE=address,undefined $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && WEFT_SANITIZED=address,undefined ctest --output-on-failure -j $(JOBS)

# The sim tests built with -fsanitize=thread.
tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DSANITIZE=thread $(CMAKE_FLAGS)
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target $(TSAN_TARGETS)
	cd $(TSAN_BUILD) && ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

# Every libFuzzer target of tests/fuzz for FUZZ_SECONDS (tests/fuzz/run.sh).
fuzz: deps
	@if ! command -v clang >/dev/null 2>&1 || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then \
	  echo "make fuzz: SKIPPED: needs clang and libclang-rt-14-dev (make deps installs them as root)"; \
	else \
	  CC=clang cmake -S . -B $(FUZZ_BUILD) -DSANITIZE=address,undefined -DWEFT_FUZZ=ON -DBUILD_TESTING=OFF $(CMAKE_FLAGS) && \
	  cmake --build $(FUZZ_BUILD) -j $(JOBS) && \
	  bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS); \
	fi

# Every lesson, headless, once, under valgrind memcheck.
valgrind: build
	bash tests/valgrind_lessons.sh $(BUILD)/weft

# The golden frames (tests/golden/), written again from tests/scripts/*.weft
# after a deliberate change to what the screen shows; make test compares.
.PHONY: golden
golden: build
	WEFT_GOLDEN_UPDATE=1 bash tests/e2e_script.sh $(BUILD)/weft

# The README's lesson table, made again from lessons/lessons.def and the
# texts' titles (e2e_docs checks it is current).
.PHONY: readme
readme:
	bash tests/readme_lessons.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)

# `make bench`: what observing costs, next to the best peers (see
# docs/performance.md).  Installs the optional peers first when root
# (LTTng-UST and its session daemon, Boost.Context); without them those
# peers' rows say so.  A Release build of its own; BENCH_FLAGS=--quick or
# --json pass through.
BENCH_BUILD ?= build-release
BENCH_FLAGS ?=
BENCH_PACKAGES := liblttng-ust-dev lttng-tools libboost-context-dev

.PHONY: bench
bench: deps
	@missing=""; for p in $(BENCH_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make bench: installing$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing; \
	  else \
	    echo "make bench: without$$missing (sudo apt-get install -y$$missing adds those peers)"; \
	  fi; \
	fi
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	$(BENCH_BUILD)/weft bench $(BENCH_FLAGS)
