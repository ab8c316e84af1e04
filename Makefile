# A thin wrapper around CMake, as Neovim's is: `make run` and `make test` are
# all a newcomer needs; both install what is missing first (`make deps`).
BUILD ?= build
CMAKE_FLAGS ?=
DEB_PACKAGES := cmake pkg-config libncurses-dev libcmocka-dev libmd4c-dev tmux
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test clean

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
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

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)

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
