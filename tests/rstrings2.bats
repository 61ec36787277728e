#!/usr/bin/env bats
# The counting and host replacement strings as GNU parallel has them:
# {##} (the number of jobs, every input read first), {0#} and {0%}
# (zero-padded), {0X} as {X}, {N#} and {N%} as nothing, and {host}
# {sshlogin} {agrp} {hgrp} as the shell variables they name.  Each
# differential test runs the same command line through GNU parallel and
# parx (gnudiff.bash); the remote forms are in ssh.bats.

bats_require_minimum_version 1.5.0
load helper
load gnudiff

# awkward values: spaces, quotes, leading dashes, UTF-8, shell syntax, empty
V=('a b' "it's" 'x"y' '-n' '--' 'é ü' '' '$HOME' '*' '{##}' '{0#}')

@test "{##} and {0#}: the number of jobs and the sequence number padded to its width" {
	gnu_same -k --plus echo '{##}' '{0#}' '{}' ::: "${V[@]}"
	gnu_same -k --plus echo '{##}{0#}{#}' 'x{##}y' '"{0#}"' ::: a b
}

@test "{0#}: the width GNU parallel gives 9, 10, 99, 100 and 1000 jobs" {
	local n
	for n in 9 10 99 100 1000; do
		gnu_same -k --plus echo '{0#}' ::: $(seq "$n")
	done
}

@test "{##} counts jobs: -n, -N0, several sources, --link, --header, --shuf" {
	gnu_same -k --plus -n2 echo '{##}' '{0#}' ::: a b c d e
	gnu_same -k --plus -N0 echo '{##}' '{0#}' ::: a b c
	gnu_same -k --plus echo '{##}' '{0#}' ::: a b ::: 1 2 3 4 5
	gnu_same -k --plus --link echo '{##}' '{0#}' ::: a b ::: 1 2 3 4 5
	gnu_same -k --plus --header : echo '{##}' '{0#}' '{A}' ::: A a b c
	gnu_same --plus --shuf echo '{##}' ::: a b c
	gnu_same -k --plus --dry-run echo '{##}' '{0#}' ::: a b
}

@test "{##}: every input is read before the first job starts" {
	printf '%s\n' a b c d e f g h i j k l >in.txt
	gnu_same_stdin in.txt -k --plus echo '{##}' '{0#}'
	run --separate-stderr parx --plus 'echo {##} {}' < <(echo a; sleep 1; echo b)
	expect_status 0
	expect "2 a
2 b"
}

@test "{##}: no input, no job" {
	run --separate-stderr parx --plus echo '{##}' :::
	expect_status 0
	expect ""
	gnu_same -k --plus 'echo {##}; echo x' ::: a
}

@test "{##} and {0#} with --pipe are refused as GNU parallel refuses them" {
	gnu_same_input $'1\n2\n3\n' --plus --pipe -N1 'echo {##}'
	gnu_same_input $'1\n2\n3\n' --plus --pipe 'echo {0#}; cat'
	seq 10 >in.txt
	gnu_same_stdin in.txt --plus --pipe 'echo {##}'
}

@test "{##} and {0#} with --pipepart: the number of parts the files are cut into" {
	seq 100000 >in.txt
	printf 'x\ny\n' >small.txt
	gnu_same -k --plus --pipepart --block -3 -a in.txt 'echo {##} {0#}; wc -l'
	gnu_same -k --plus --pipepart --block 100k -a in.txt 'echo {##} {0#}; wc -l'
	gnu_same -k --plus --pipepart --block 100k --header : -a in.txt 'echo {##} {0#}; wc -l'
	gnu_same -k --plus --pipepart --block 10k -a in.txt -a small.txt 'echo {##} {0#}; wc -c'
}

@test "without --plus: {##} and {host} stay literal, {0#} is {#} and {0%} is {%}" {
	gnu_same -k -j1 echo '{##}' '{0#}' '{0%}' '{host}' '{agrp}' ::: a b
	gnu_same -k echo '{0#}' ::: $(seq 12)
}

@test "{0X} is {X}: {0} {0.} {0/} {00#}, with and without --plus" {
	gnu_same -k echo '[{0}]' '[{0.}]' '[{00#}]' '[{0/}]' '[{0//}]' '[{0/.}]' ::: a.b/c.d "it's.x" ''
	gnu_same -k --plus echo '[{0}]' '[{0.}]' '[{00#}]' '[{0/}]' ::: a.b/c.d '-n.e'
}

@test "{N#} {-N#} {N%} and the positional --plus forms stand for nothing, no value is appended" {
	gnu_same -k echo '[{1#}]' '[{1%}]' '[{01#}]' '[{-1#}]' '[{-2%}]' ::: a
	gnu_same -k echo '{1#}' x ::: a b
	gnu_same -k --plus echo '[{1##}]' '[{10#}]' '[{1host}]' '[{1sshlogin}]' '[{1agrp}]' '[{1hgrp}]' ::: a
	gnu_same -k --plus echo '{1agrp}' ::: a b
}

@test "{0%}: the slot padded to the width of the slot count" {
	gnu_same -k -j1 --plus echo '{0%}' ::: a b
	gnu_same -k -j10 --plus echo '{0%}' ::: a
	gnu_same -k -j100 --plus echo '{0%}' ::: a
	gnu_same -k -j1000 --plus echo '{0%}' ::: a
}

@test "{host} and {sshlogin} are ':' here; {agrp} and {hgrp} are empty without --hostgroups" {
	gnu_same -k --plus echo '{host}' '{sshlogin}' '[{agrp}]' '[{hgrp}]' ::: "${V[@]}"
	gnu_same -k --plus echo '{host}{}' 'x{sshlogin}y' ::: a
}

@test "{host} and kin are shell variables: quoted they stay as text, -q keeps them literal" {
	gnu_same -k --plus echo "'{host}'" '"{sshlogin}"' '\{host}' "'{agrp}'" ::: a
	gnu_same -k --plus -q echo '{host}' '{sshlogin}' '{hgrp}' ::: a
}

@test "jobs see PARALLEL_SSHHOST and PARALLEL_SSHLOGIN, whatever the environment held" {
	gnu_same -k 'echo "$PARALLEL_SSHHOST" "$PARALLEL_SSHLOGIN"' ::: a
	PARALLEL_SSHHOST=elsewhere PARALLEL_SSHLOGIN=x@y \
		gnu_same -k 'echo "$PARALLEL_SSHHOST" "$PARALLEL_SSHLOGIN"' ::: a
	# run directly, not by a shell
	run --separate-stderr parx -n0 printenv PARALLEL_SSHHOST PARALLEL_SSHLOGIN ::: a
	expect_status 0
	expect ":
:"
}

@test "--tagstring and --results names take the --plus strings too" {
	gnu_same -k --plus --tagstring '{..}-{+..}-{0#}' echo ::: a.b.c 'd e.tar.gz' '-x.y'
	gnu_same -k --plus --ctagstring '{/..}' echo ::: dir/a.b.c
	gnu_same -k --tagstring '{/.}' --er '<e>' echo '<e>' ::: x/a.b
	mkdir g p
	(cd g && parallel --will-cite --plus --results 'o/{..}/{0#}' echo ::: a.b.c 'é f.x.y' >/dev/null)
	(cd p && "$PARX" --plus --results 'o/{..}/{0#}' echo ::: a.b.c 'é f.x.y' >/dev/null)
	run diff -r g p
	expect_status 0
	expect ""
}
