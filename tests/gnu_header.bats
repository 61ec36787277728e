#!/usr/bin/env bats
# --header outside pipe mode: the first record of each source names its
# columns ({name} {name.} ...), checked against GNU parallel (gnudiff.bash).

load helper
load gnudiff

@test "--header : with --colsep: columns by name, number and the plain forms" {
	printf 'A\tB\n1\tone\n2\ttwo\n-n\tit'"'"'s\n\t\n' >in
	GNUDIFF_STDIN=in gnudiff -k --header : --colsep '\t' echo {B} {A} {1} {A.} {B/}
}

@test "--header : with ::: names each source by its first word" {
	gnudiff -k --header : echo {a} {b} {1} {b.} ::: a 1 2 ::: b x.y 'é z'
}

@test "--header : with :::: files and stdin" {
	printf 'F\nx/a.b\ny\n' >f1
	printf 'G\n1\n' >f2
	gnudiff -k --header : echo {F} {G} {F/} {F//} {F/.} :::: f1 f2
	printf 'S\nx/a.b\ny\n' >in
	GNUDIFF_STDIN=in gnudiff -k --header : echo {S} {S.}
}

@test "--header N and --header REGEX take one line outside pipe mode; 0 takes none" {
	printf 'h1\nh2\n1\n2\n' >in
	GNUDIFF_STDIN=in gnudiff -k --header 2 echo {h1} {}
	GNUDIFF_STDIN=in gnudiff -k --header '.*\n.*\n' echo {h1} {h2} {}
	GNUDIFF_STDIN=in gnudiff -k --header 0 echo {h1} {}
}

@test "--header: names with spaces and UTF-8; unknown names stay literal" {
	printf 'a b,é\n1,2\n' >in
	GNUDIFF_STDIN=in gnudiff -k --header : --colsep , echo '{a b}' {é} {c} {}
}

@test "--header: a name does not take the --plus forms" {
	printf 'h1\nx/a.b\n' >in
	GNUDIFF_STDIN=in gnudiff --plus --header : echo {h1+/} {h1..} {h1}
}

@test "--header: a column named twice is an error" {
	printf 'A,B,A\n1,2,3\n' >in
	run parx --header : --colsep , echo {A} <in
	expect_status 255
	expect "parx: --header: columns 1 and 3 are both named 'A'"
}

@test "--header REGEX with --pipe is refused" {
	run parx --pipe --header 'x.*' cat </dev/null
	expect_status 255
	expect "parx: --header x.*: with --pipe give a number of lines or :
parx: try 'parx --help' for more information"
}

@test "--header : with --pipe repeats the first line" {
	printf 'H\n1\n2\n' >in
	run parx --pipe -N1 -k --header : cat <in
	expect_status 0
	expect "H
1
H
2"
}
