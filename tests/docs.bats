#!/usr/bin/env bats
# The man page, the shell completions and their installation.

load helper

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)

# complete_bash WORD...: print, one per line, what _parx offers for the
# command line WORD... (the last word is the one being completed).
complete_bash() {
	bash -c '
		source "$1"; shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_parx
		printf "%s\n" "${COMPREPLY[@]}"
	' complete_bash "$ROOT/completions/parx.bash" "$@"
}

# help_long_options: the long options printed by parx --help, one per line,
# without their dashes.
help_long_options() {
	"$PARX" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sed 's/^--//' | sort -u
}

# missing_options: "FILE: --option" for every long option of --help that the
# man page or a completion file does not mention.
missing_options() {
	local o
	for o in $(help_long_options); do
		grep -qE -- "Fl -$o([^a-z0-9-]|\$)" "$ROOT/man/parx.1" ||
			echo "man/parx.1: --$o"
		grep -qE -- "(^|[^a-z0-9-])--$o([^a-z0-9-]|\$)" \
			"$ROOT/completions/parx.bash" ||
			echo "completions/parx.bash: --$o"
		grep -qE -- "(^|[^a-z0-9-])--$o([^a-z0-9-]|\$)" \
			"$ROOT/completions/parx.zsh" ||
			echo "completions/parx.zsh: --$o"
		grep -qE -- "-l $o([^a-z0-9-]|\$)" "$ROOT/completions/parx.fish" ||
			echo "completions/parx.fish: --$o"
	done
}

@test "bash completion of --keep-o gives exactly --keep-order" {
	run complete_bash parx --keep-o
	expect_status 0
	expect "--keep-order"
}

@test "bash completion offers the --halt conditions" {
	run complete_bash parx --halt now,
	expect_status 0
	expect "now,fail=1
now,fail=10%
now,success=1
now,done=1"
}

@test "bash completion offers file names after --arg-file, --joblog and ::::" {
	touch input-one.txt input-two.txt other.txt
	run complete_bash parx --arg-file input-
	expect_status 0
	output=$(printf '%s\n' "$output" | sort)
	expect "input-one.txt
input-two.txt"
	run complete_bash parx --joblog oth
	expect "other.txt"
	run complete_bash parx -j 2 echo :::: oth
	expect "other.txt"
}

@test "bash completion offers command names after the options" {
	mkdir bin
	printf '#!/bin/sh\n' >bin/parxtestcmd-one
	chmod +x bin/parxtestcmd-one
	PATH=$T/bin:$PATH run complete_bash parx -j 4 --keep-order parxtestcmd
	expect_status 0
	expect "parxtestcmd-one"
}

@test "zsh completion file passes zsh -n" {
	run zsh -n "$ROOT/completions/parx.zsh"
	expect_status 0
	expect ""
}

@test "fish completion file passes fish -n" {
	run fish -n "$ROOT/completions/parx.fish"
	expect_status 0
	expect ""
}

@test "fish completion of --keep-o gives exactly --keep-order" {
	run fish -c 'source $argv[1]; complete -C "parx --keep-o"' \
		"$ROOT/completions/parx.fish"
	expect_status 0
	expect "--keep-order	Write output in input order"
}

@test "every long option of --help is in the man page and each completion" {
	run help_long_options
	expect_status 0
	# --help must list options at all, or the check below proves nothing.
	grep -qx keep-order <<<"$output"
	run missing_options
	expect_status 0
	expect ""
}

@test "mandoc -Tlint -Wwarning finds nothing in the man page" {
	run mandoc -Tlint -Wwarning "$ROOT/man/parx.1"
	expect_status 0
	expect ""
}

@test "make install puts the binary, man page and completions in place and uninstall removes them" {
	run make -C "$ROOT" install DESTDIR="$T/root" PREFIX=/usr
	expect_status 0
	run bash -c 'cd "$1" && find . ! -type d | sort' _ "$T/root"
	expect "./usr/bin/parx
./usr/bin/pxargs
./usr/share/bash-completion/completions/parx
./usr/share/bash-completion/completions/pxargs
./usr/share/fish/vendor_completions.d/parx.fish
./usr/share/fish/vendor_completions.d/pxargs.fish
./usr/share/man/man1/parx.1
./usr/share/man/man1/pxargs.1
./usr/share/zsh/site-functions/_parx
./usr/share/zsh/site-functions/_pxargs"
	[ "$(readlink "$T/root/usr/bin/pxargs")" = parx ]
	run make -C "$ROOT" uninstall DESTDIR="$T/root" PREFIX=/usr
	expect_status 0
	run find "$T/root" ! -type d
	expect_status 0
	expect ""
}

# pxargs_help_long_options: the long options of pxargs --help, one per line.
pxargs_help_long_options() {
	mkdir -p "$T/pxbin"
	ln -sf "$PARX" "$T/pxbin/pxargs"
	"$T/pxbin/pxargs" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sed 's/^--//' | sort -u
}

@test "every long option of pxargs --help is in the man page and the pxargs completions" {
	local o missing=
	run pxargs_help_long_options
	expect_status 0
	grep -qx max-procs <<<"$output"
	for o in $output; do
		grep -qE -- "Fl -$o([^a-z0-9-]|\$)" "$ROOT/man/parx.1" || missing+=" man:$o"
		grep -qE -- "(^|[^a-z0-9-])--$o([^a-z0-9-]|\$)" "$ROOT/completions/pxargs.bash" ||
			missing+=" bash:$o"
		grep -qE -- "(^|[^a-z0-9-])--$o([^a-z0-9-]|$)" "$ROOT/completions/pxargs.zsh" ||
			missing+=" zsh:$o"
		grep -qE -- "-l $o([^a-z0-9-]|\$)" "$ROOT/completions/pxargs.fish" ||
			missing+=" fish:$o"
	done
	[ -z "$missing" ] || { echo "missing:$missing" >&2; return 1; }
}

@test "mandoc -Tlint -Wwarning finds nothing in pxargs(1); the pxargs completions parse" {
	run mandoc -Tlint -Wwarning "$ROOT/man/pxargs.1"
	expect_status 0
	expect ""
	run zsh -n "$ROOT/completions/pxargs.zsh"
	expect_status 0
	run fish -n "$ROOT/completions/pxargs.fish"
	expect_status 0
	run bash -c 'source "$1"; COMP_WORDS=(pxargs --max-p); COMP_CWORD=1; _pxargs; printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completions/pxargs.bash"
	expect_status 0
	expect "--max-procs"
}
