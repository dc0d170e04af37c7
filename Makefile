# dateline - one non-recursive Makefile for the library, the two programs,
# the tests and the installation.
#
#   make                       build build/bin/indexer and build/bin/query
#   make run                   install what is missing, build, index corpus/, run sample queries
#   make check                 install what is missing, build, run the whole test suite
#   make check SANITIZE=address,undefined
#                              the same with the sanitizers (objects go to build-address-undefined/)
#   make install prefix=/usr DESTDIR=/tmp/pkg
#
# The user's CFLAGS, CXXFLAGS and LDFLAGS come last and never replace the
# flags the build needs.

prefix ?= /usr/local
bindir ?= $(prefix)/bin
mandir ?= $(prefix)/share/man
DESTDIR ?=

CC ?= cc
CXX ?= g++
AR ?= ar
SANITIZE ?=
comma := ,
BUILD ?= build$(if $(SANITIZE),-$(subst $(comma),-,$(SANITIZE)))
BIN := $(BUILD)/bin

VERSION := 0.1.0

# pkg-config is asked once, when first needed (after install-deps has run).
PKGS := xapian-core zlib libutf8proc jansson libexttextcat libxml-2.0
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS)))$(PKG_LIBS)
# Where libexttextcat-data keeps the language fingerprints (lib/langid.c).
TEXTCAT_DIR = $(eval TEXTCAT_DIR := $$(shell pkg-config --variable=pkgdatadir libexttextcat))$(TEXTCAT_DIR)

WARN := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wpointer-arith -Wformat=2
ifneq ($(SANITIZE),)
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
OPT ?= -O2

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DDATELINE_VERSION='"$(VERSION)"' \
	$(if $(TEXTCAT_DIR),-DLANGID_DATADIR='"$(TEXTCAT_DIR)"') $(OPT) -g $(WARN) \
	-Wmissing-prototypes -Ilib $(PKG_CFLAGS) $(SANFLAGS) -MMD -MP $(CFLAGS)
ALL_CXXFLAGS = -std=c++17 $(OPT) -g $(WARN) -fvisibility=hidden -Ilib $(PKG_CFLAGS) \
	$(SANFLAGS) -MMD -MP $(CXXFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS = $(PKG_LIBS) -lstemmer -lpthread -lm

LIB_C := $(sort $(wildcard lib/*.c))
LIB_CXX := $(sort $(wildcard lib/*.cc))
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
LIBA := $(BUILD)/libdateline.a

INDEXER_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard indexer/*.c)))
QUERY_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard query/*.c)))
EVAL_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard eval/*.c)))
PROGRAMS := $(BIN)/indexer $(BIN)/query
# Built with the programs but not installed: the ranking evaluator.
TOOLS := $(BIN)/trec-eval

UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
# Seconds each fuzz target runs in `make check` (scripts/fuzz runs longer).
FUZZ_SECONDS ?= 5

# The benchmark's peers (make bench-tools; scripts/bench runs them).
BENCH_COMMON := $(BUILD)/bench/common.o
BENCH_BIN := $(BIN)/peer-fts5 $(BIN)/peer-xapian

MANPAGES := $(sort $(wildcard man/*.1))

.PHONY: all run check test deps install uninstall clean programs unit fuzz fuzz-targets \
	bench bench-tools eval
.DELETE_ON_ERROR:
.SECONDARY:

all: programs

programs: $(PROGRAMS) $(TOOLS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The programs hold C++ objects from the binding, so $(CXX) links them.
$(BIN)/indexer: $(INDEXER_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -o $@ $(INDEXER_OBJ) $(LIBA) $(LIBS)

$(BIN)/query: $(QUERY_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -o $@ $(QUERY_OBJ) $(LIBA) $(LIBS)

$(BIN)/trec-eval: $(EVAL_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -o $@ $(EVAL_OBJ) $(LIBA) $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

# The pipeline's test holds the indexer's pipeline too.
$(BUILD)/tests/test-pipeline: $(BUILD)/tests/unit/test-pipeline.o $(BUILD)/indexer/pipeline.o $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

unit: $(UNIT_BIN)

# libFuzzer targets: clang, with the sanitizers, in build-fuzz/ (make fuzz).
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBA) $(LIBS)

fuzz-targets: $(FUZZ_BIN)

$(BIN)/peer-%: $(BUILD)/bench/peer-%.o $(BENCH_COMMON) $(LIBA)
	@mkdir -p $(@D)
	$(CXX) $(ALL_LDFLAGS) -o $@ $< $(BENCH_COMMON) $(LIBA) $(LIBS) -lsqlite3

bench-tools: programs $(BENCH_BIN)

# Indexing and query speed against SQLite FTS5 and Xapian's own tools, on
# ../shared/corpora (scripts/bench; not part of make check).
# Ranking quality on the test collections of ../shared/corpora, against the
# peers (scripts/eval; writes docs/ranking.md).
eval:
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory bench-tools
	@BIN=$(BIN) scripts/eval

bench:
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory bench-tools
	@scripts/bench

fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CXX=clang++ \
		SANITIZE=address,undefined,fuzzer-no-link fuzz-targets

deps:
	@scripts/install-deps

# The two commands of the README.  Each installs what is missing first, then
# continues in a second make so that pkg-config sees the new packages.
run: deps
	@$(MAKE) --no-print-directory programs
	@BIN=$(BIN) scripts/demo $(BUILD)/corpus.idx

check: deps
	@$(MAKE) --no-print-directory programs unit
	@tests/run $(BUILD)
	@scripts/fuzz $(FUZZ_SECONDS)

# The tests alone, without the dependency check.
test: programs unit
	@tests/run $(BUILD)

install: programs
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1
	install -m 755 $(PROGRAMS) $(DESTDIR)$(bindir)
	$(if $(MANPAGES),install -m 644 $(MANPAGES) $(DESTDIR)$(mandir)/man1)

uninstall:
	rm -f $(DESTDIR)$(bindir)/indexer $(DESTDIR)$(bindir)/query
	rm -f $(MANPAGES:man/%=$(DESTDIR)$(mandir)/man1/%)

clean:
	rm -rf build build-*

-include $(LIB_OBJ:.o=.d) $(INDEXER_OBJ:.o=.d) $(QUERY_OBJ:.o=.d) $(EVAL_OBJ:.o=.d) \
	$(UNIT_BIN:$(BUILD)/tests/%=$(BUILD)/tests/unit/%.d) \
	$(FUZZ_BIN:$(BUILD)/fuzz/%=$(BUILD)/tests/fuzz/%.d) \
	$(BUILD)/bench/common.d $(BENCH_BIN:$(BIN)/%=$(BUILD)/bench/%.d)
