# parx: a parallel command executor.  POSIX-style makefile.
.POSIX:
.SUFFIXES:

PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

CC      = cc
CFLAGS  = -O2 -g
WARN    = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wwrite-strings -Wformat=2
CPPFLAGS = -D_GNU_SOURCE
LDFLAGS =
LDLIBS  = -lm

SRCS = src/main.c src/opts.c src/optset.c src/optable.c src/rstr.c src/header.c src/csv.c src/gnures.c src/restable.c src/help.c src/parse.c src/escape.c src/util.c \
       src/chunk.c src/reader.c src/input.c src/template.c src/tmplexp.c src/batch.c \
       src/job.c src/exec.c src/spawn.c src/clone3.c src/cpus.c src/limits.c src/pool.c \
       src/start.c src/finish.c src/drain.c src/term.c src/tally.c src/color.c \
       src/output.c src/outbuf.c src/outzip.c src/outcolor.c src/ozip.c src/latest.c src/sig.c src/joblog.c src/results.c src/sem.c \
       src/semjob.c src/pipe.c src/pipe_stream.c src/pipefile.c src/pipe_rec.c src/pipe_dist.c \
       src/pipe_tee.c src/pipe_hold.c src/pipe_name.c src/opts_pipe.c src/remote.c src/login.c src/hostlist.c \
       src/slurm.c src/sshconn.c src/transfer.c src/progress.c \
       src/xargs.c src/xargs_run.c src/xargs_pool.c src/xsplit.c \
       src/shell.c src/profile.c src/optsgnu.c src/workdir.c \
       src/inrules.c src/shellquote.c src/ask.c src/retry.c \
       src/machine.c src/adapt.c src/cgroup.c src/keeper.c src/contain.c \
       src/gnulimit.c
HDRS = src/opts.h src/opts_impl.h src/rstr.h src/header.h src/csv.h src/gnures.h src/restable.h src/help.h src/escape.h src/util.h src/chunk.h \
       src/reader.h src/input.h src/template.h src/template_impl.h src/batch.h src/job.h \
       src/hooks.h src/exec.h src/spawn.h src/clone3.h src/cpus.h src/limits.h src/pool.h \
       src/pool_impl.h src/drain.h src/term.h src/tally.h src/output.h src/output_impl.h src/color.h src/ozip.h src/latest.h \
       src/sig.h src/joblog.h src/results.h src/sem.h src/semjob.h \
       src/pipe.h src/pipe_impl.h src/remote.h src/login.h src/hostlist.h src/slurm.h \
       src/sshconn.h src/transfer.h src/progress.h src/xargs.h src/xsplit.h \
       src/shell.h src/profile.h src/optsgnu.h src/workdir.h src/shellquote.h \
       src/input_impl.h src/ask.h src/retry.h \
       src/machine.h src/adapt.h src/cgroup.h src/keeper.h src/contain.h \
       src/gnulimit.h

all: parx

parx: $(SRCS) $(HDRS)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -o $@ $(SRCS) $(LDFLAGS) $(LDLIBS)

# The whole suite under AddressSanitizer and UBSan.
asan: $(SRCS) $(HDRS)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -o parx-asan $(SRCS) $(LDLIBS)
	PARX=$$PWD/parx-asan PARX_SANITIZED=1 \
	    ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=1:thread_local_quarantine_size_kb=64 \
	    sh tests/run

check: parx
	PARX=$$PWD/parx sh tests/run

check-slow: parx
	PARX=$$PWD/parx sh tests/run --slow

# libFuzzer targets (tests/fuzz/), each run for FUZZTIME seconds.
FUZZTIME = 60
fuzz: $(SRCS) $(HDRS)
	FUZZTIME=$(FUZZTIME) sh tests/fuzz/run -- $(SRCS)

bench: parx
	bench/run

install: parx
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	cp parx $(DESTDIR)$(BINDIR)/parx
	chmod 755 $(DESTDIR)$(BINDIR)/parx
	ln -sf parx $(DESTDIR)$(BINDIR)/pxargs
	cp man/parx.1 $(DESTDIR)$(MANDIR)/parx.1
	cp man/pxargs.1 $(DESTDIR)$(MANDIR)/pxargs.1
	cp completions/parx.bash $(DESTDIR)$(BASHCOMPDIR)/parx
	cp completions/parx.zsh $(DESTDIR)$(ZSHCOMPDIR)/_parx
	cp completions/parx.fish $(DESTDIR)$(FISHCOMPDIR)/parx.fish
	cp completions/pxargs.bash $(DESTDIR)$(BASHCOMPDIR)/pxargs
	cp completions/pxargs.zsh $(DESTDIR)$(ZSHCOMPDIR)/_pxargs
	cp completions/pxargs.fish $(DESTDIR)$(FISHCOMPDIR)/pxargs.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/parx $(DESTDIR)$(MANDIR)/parx.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/parx $(DESTDIR)$(ZSHCOMPDIR)/_parx \
	    $(DESTDIR)$(FISHCOMPDIR)/parx.fish
	rm -f $(DESTDIR)$(BINDIR)/pxargs $(DESTDIR)$(MANDIR)/pxargs.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/pxargs $(DESTDIR)$(ZSHCOMPDIR)/_pxargs \
	    $(DESTDIR)$(FISHCOMPDIR)/pxargs.fish

clean:
	rm -f parx parx-asan

.PHONY: all asan check check-slow fuzz bench install uninstall clean
