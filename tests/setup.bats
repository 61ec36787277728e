#!/usr/bin/env bats
# tests/run's installer: what `make check` does about the packages the tests
# need (tests/packages).  It runs here over a list of made-up packages, with
# a PATH that holds only what tests/run itself uses, a stand-in for id(1)
# and, where a test wants one, a stand-in for apt-get that logs its calls
# and "installs" a package by putting a command of the same name on PATH.

load helper

RUN="$BATS_TEST_DIRNAME/run"

# fake_path UID [apt]: a PATH directory $T/bin with dirname, an id that
# says UID, and with "apt" an apt-get logging to $T/apt.log.
fake_path() {
	mkdir -p "$T/bin"
	ln -s "$(command -v dirname)" "$T/bin/dirname"
	printf '#!/bin/sh\necho %s\n' "$1" >"$T/bin/id"
	chmod +x "$T/bin/id"
	if [ "${2:-}" = apt ]; then
		cat >"$T/bin/apt-get" <<-SH
		#!/bin/sh
		echo "apt-get \$*" >>"$T/apt.log"
		[ "\$1" = install ] || exit 0
		for p; do
			case \$p in install | -*) continue ;; esac
			printf '#!/bin/sh\n' >"$T/bin/\$p" && $(command -v chmod) +x "$T/bin/\$p"
		done
		SH
		chmod +x "$T/bin/apt-get"
	fi
	printf '%s\n' '# a list for the test' 'coreutils dirname' \
		'parxtest-one parxtest-one used by nothing' \
		'parxtest-two /nonexistent/parxtest-two' >"$T/packages"
}

@test "without apt-get the installer names every missing package on one line and goes on" {
	fake_path 0
	run env PATH="$T/bin" TESTS_PACKAGES="$T/packages" /bin/sh "$RUN" --install
	expect_status 0
	expect "tests/run: missing (the tests that need them will fail): parxtest-one parxtest-two"
}

@test "as root with apt-get the installer installs just the missing packages" {
	fake_path 0 apt
	printf '%s\n' 'parxtest-one parxtest-one' 'coreutils dirname' >"$T/packages"
	run env PATH="$T/bin" TESTS_PACKAGES="$T/packages" /bin/sh "$RUN" --install
	expect_status 0
	expect "tests/run: installing parxtest-one"
	run cat "$T/apt.log"
	expect "apt-get update -qq
apt-get install -y -qq parxtest-one"
	# once installed, a second run has nothing to do
	run env PATH="$T/bin" TESTS_PACKAGES="$T/packages" /bin/sh "$RUN" --install
	expect_status 0
	expect ""
	[ "$(wc -l <"$T/apt.log")" -eq 2 ]
}

@test "not as root the installer leaves apt-get alone and names what is missing" {
	fake_path 1000 apt
	run env PATH="$T/bin" TESTS_PACKAGES="$T/packages" /bin/sh "$RUN" --install
	expect_status 0
	expect "tests/run: missing (the tests that need them will fail): parxtest-one parxtest-two"
	[ ! -e "$T/apt.log" ]
}

@test "when apt-get cannot install one package the others are still installed" {
	fake_path 0 apt
	# this apt-get knows no parxtest-two: the batch fails, one by one works
	sed -i '2a [ "$1" = install ] \&\& case " $* " in *" parxtest-two "*) exit 100 ;; esac' \
		"$T/bin/apt-get"
	run env PATH="$T/bin" TESTS_PACKAGES="$T/packages" /bin/sh "$RUN" --install
	expect_status 0
	expect "tests/run: installing parxtest-one parxtest-two
tests/run: missing (the tests that need them will fail): parxtest-two"
	[ -x "$T/bin/parxtest-one" ]
}
