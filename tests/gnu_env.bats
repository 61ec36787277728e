#!/usr/bin/env bats
# Options from $PARALLEL, the config file and -J/--profile, against GNU
# parallel (tests/gnudiff.bash), and their errors.

load helper
load gnudiff
bats_require_minimum_version 1.5.0

setup_file_extra() {
	export HOME=$T/home
	mkdir -p "$HOME/.parallel"
	unset PARALLEL PARALLEL_HOME
}

@test "gnu: \$PARALLEL options go before the command line's" {
	PARALLEL=--tag gnu_same echo ::: a 'b c'
	PARALLEL="-k --tagstring 'x  \"y\"'" gnu_same echo ::: 'a b' "it's" ''
	PARALLEL='--tagstring a\ b\ \$HOME -k' gnu_same echo ::: -n ü
	PARALLEL=' -k   ' gnu_same echo ::: 1 2
}

@test "gnu: the command line's options come after \$PARALLEL's" {
	PARALLEL='--tagstring E -k' gnu_same --tagstring C echo ::: 1 2
}

@test "gnu: ~/.parallel/config is read when present, # lines skipped" {
	printf -- '--tag\n  # -j1 --dry-run\n -k --tagstring "x y"\n\n' > "$HOME/.parallel/config"
	gnu_same echo ::: 1 'a b'
	PARALLEL='--tagstring E' gnu_same echo ::: 1
}

@test "gnu: \$PARALLEL_HOME holds the config file and the profiles" {
	mkdir ph
	printf -- '-k --tag\n' > ph/config
	printf -- '-k --tagstring "P {}"\n' > ph/prof
	PARALLEL_HOME=$T/ph gnu_same echo ::: 'a b' 2
	PARALLEL_HOME=$T/ph gnu_same -J prof echo ::: 'a b' 2
}

@test "gnu: -J/--profile NAME replaces the config file" {
	printf -- '--tag\n' > "$HOME/.parallel/config"
	printf -- '-k --tagstring "[{}]"\n' > "$HOME/.parallel/pp"
	printf -- '--dry-run\n' > "$HOME/.parallel/dry"
	gnu_same -J pp echo ::: 'a b' "it's"
	gnu_same --profile pp echo ::: 1
	gnu_same -Jpp --tagstring C echo ::: 1
	printf -- '-j1\n' > "$HOME/.parallel/one"
	gnu_same -J one -J dry echo ::: 1 '$x' "it's"
	printf -- '-k --tag\n' > prof-here
	gnu_same -J ./prof-here echo ::: 1
	gnu_same -J "$T/prof-here" echo ::: 2
}

@test "an unreadable profile is an error naming it, and nothing runs" {
	run --separate-stderr "$PARX" -J nosuch touch ran ::: 1
	expect_status 255
	[ "$stderr" = "parx: profile $HOME/.parallel/nosuch: No such file or directory" ]
	[ ! -e ran ]
}

@test "a \$PARALLEL with an open quote is an error, and nothing runs" {
	PARALLEL="--tag 'x" run --separate-stderr "$PARX" touch ran ::: 1
	expect_status 255
	[ "$stderr" = 'parx: $PARALLEL: a quote is not closed' ]
	[ ! -e ran ]
}

@test "a profile with an open quote is an error naming it" {
	printf -- '--tagstring "x\n' > "$HOME/.parallel/bad"
	run --separate-stderr "$PARX" -J bad touch ran ::: 1
	expect_status 255
	[ "$stderr" = "parx: profile $HOME/.parallel/bad: a quote is not closed" ]
	[ ! -e ran ]
}
