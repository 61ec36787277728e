#!/usr/bin/env bats
# --csv: columns by RFC 4180, checked against GNU parallel (gnudiff.bash)
# where it reads the same CSV, and exactly where parx reads more.

bats_require_minimum_version 1.5.0

load helper
load gnudiff

corpus() {
	printf '%s\n' 'plain,two,three' \
		'"quoted, comma",x,"y,z"' \
		'"doubled ""quotes""",""""," "" "' \
		',,' \
		'' \
		'"",x,""' \
		'-n,"--",é ü' \
		"it's,\$HOME,\`x\`"
	printf '"embedded\nnewline",b,"two\n\nnewlines"\n'
	printf 'last,record,no newline'
}

@test "--csv: quoted commas, doubled quotes, empty fields, newlines in fields" {
	corpus >in.csv
	gnudiff -k --csv echo '[{1}]' '[{2}]' '[{3}]' :::: in.csv
	GNUDIFF_STDIN=in.csv gnudiff -k --csv echo '[{1}]' '[{2}]' '[{3}]'
	gnudiff -k --csv -q printf '%s|' '{1}' '{2}' '{3}' :::: in.csv
}

@test "--csv: with --colsep as the separator" {
	printf 'a;"b;c";d\n"x;";y;\n' >in.csv
	gnudiff -k --csv --colsep ';' echo '[{1}]' '[{2}]' '[{3}]' :::: in.csv
}

@test "--csv: with --header : the columns are named" {
	printf 'name,the value,v\n"a,b",1,x\nc,"2\n3",y\n' >in.csv
	gnudiff -k --csv --header : echo '[{name}]' '[{the value}]' '[{v}]' :::: in.csv
}

@test "--csv: a 1 MB field" {
	{ printf '"'; head -c 1000000 /dev/zero | tr '\0' x; printf '",y\nz,w\n'; } >big.csv
	gnudiff -k --csv echo '{2}' :::: big.csv
}

@test "--csv: a 100 kB field with a comma and a newline reaches the command whole" {
	{ printf '"a,\n'; head -c 100000 /dev/zero | tr '\0' x; printf '",y\n'; } >big.csv
	run parx -k --csv 'printf %s {1} | wc -c; echo {2}' :::: big.csv
	expect_status 0
	expect "100003
y"
}

@test "--csv: CRLF line ends (GNU parallel refuses them; parx reads RFC 4180)" {
	printf 'a,"b,c",d\r\n"e\r\nf",,g\r\n' >in.csv
	run parx -k --csv -q printf '[%s]' '{1}' '{2}' '{3}' :::: in.csv
	expect_status 0
	expect "$(printf '[a][b,c][d][e\r\nf][][g]')"
}

@test "--csv: an unterminated quote is an error, on stdin and in a file" {
	printf 'a,b\nc,"d\n' >bad.csv
	run --separate-stderr parx -k --csv echo '{1}' <bad.csv
	expect_status 255
	expect "a"
	[ "$stderr" = "parx: stdin: --csv: the input ends inside a quoted field" ]
	run parx -k --csv echo '{1}' ::: x :::: bad.csv
	expect_status 255
	expect "parx: bad.csv: --csv: the input ends inside a quoted field"
}

@test "--csv: --colsep must be one character" {
	run parx --csv --colsep ',,' echo ::: a
	expect_status 255
	expect "parx: --colsep ,,: with --csv give one character
parx: try 'parx --help' for more information"
}
