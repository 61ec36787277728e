#!/usr/bin/env bats
# Input rules against GNU parallel (tests/gnudiff.bash): -r, -d and :::,
# --colsep trimming, linking with :::+ and ::::+, {-1}.

load helper
load gnudiff

setup_file_extra() {
	printf '#!/bin/sh\nfor a; do printf "<%%s>" "$a"; done; echo\n' > args
	chmod +x args
}

@test "gnu: -r skips empty and blank inputs" {
	gnu_same -k -r echo x ::: a '' '	' ' b ' "it's"
	gnu_same_input $'a\n\n \n\t\nb c\n' -k -r echo x
	gnu_same_input $'a\0\0 \0b\n\0' -0 -k -r echo x
	gnu_same_input $'\n\n' -r echo never
}

@test "gnu: with -d, a ::: word holding the delimiter is several inputs" {
	gnu_same -k -d , echo ::: 'a,b' c ',x,' "it's,ü"
	gnu_same -k -d '\t' echo ::: $'a\tb c'
}

@test "gnu: --colsep removes the blanks around each column" {
	gnu_same -k --colsep , echo '[{1}]={2}]' ::: 'a , b' $' x,\ty\t' ',' "it's , -n "
	gnu_same_input $'  a  b \t\n' -k --colsep '  ' echo '[{1}][{2}]'
}

@test "gnu: :::+ stops at the shorter source" {
	gnu_same -k echo ::: a 'b c' "it's" :::+ 1 2
	gnu_same -k echo ::: a :::+ 1 2 3
	gnu_same -k echo ::: a b ::: x y z :::+ 1 2
}

@test "gnu: ::::+ links every file after it" {
	printf '1\n2\n3\n' > f1
	printf 'x y\n-n\n' > f2
	printf 'p\nq\nr\ns\n' > f3
	gnu_same -k echo ::: a b ::::+ f1 f2
	gnu_same -k echo :::: f1 ::::+ f2 f3
	gnu_same -k echo :::: f1 f2
	gnu_same -k --link echo :::: f1 ::::+ f3
}

@test "gnu: --link wraps the shorter sources" {
	gnu_same -k --link echo ::: a b c ::: 1 2
	gnu_same -k --xapply echo ::: a 'b c' ::: 1
}

@test "gnu: {-1} and {-N} count from the end" {
	gnu_same -k echo {-1} {-2} {1} ::: a 'b c' ::: 1 "it's"
	gnu_same -k -n2 echo {-1} ::: a b c
	gnu_same -k --colsep , echo '{-1/}' '{-2.}' '{-1//}' '{-1/.}' ::: 'a b/c.d,e/f g.h' 'x' ',-n'
	gnu_same -k echo {-3} ::: a ::: b
}

@test "gnu: -n0, -N0 and -L0 run a job per input with no values" {
	gnu_same -k -N0 echo hi ::: a 'b c'
	gnu_same -k -n0 'echo hi; echo {#}' ::: '' "it's"
	gnu_same_input $'a\n\nb c\n' -k -L0 echo hi
}

@test "gnu: counts take units: -N 1k, -n 2K, and -s below 64" {
	gnu_same -k -N 1k echo ::: a 'b c'
	gnu_same -k -n 2K echo ::: a b
	gnu_same -k -n 1Ki echo ::: a b
	gnu_same -k -s 20 echo ::: a 'b c' ü
}

@test "gnu: -L and -l: a line ending with a blank goes on with the next" {
	local in=$'a b \nc\nd \ne\nf\n'
	gnu_same_input "$in" -k -L1 ./args
	gnu_same_input "$in" -k -L2 ./args
	gnu_same_input "$in" -k -l ./args
	gnu_same_input "$in" -k -l2 ./args
	gnu_same_input "$in" -k -l 2 ./args
	gnu_same_input "$in" -k --max-lines ./args
	gnu_same_input "$in" -k --max-lines=2 ./args
	gnu_same_input $'a\n\nb\n' -k -L1 ./args
	gnu_same_input $'a \n\nb\n' -k -L1 ./args
	gnu_same_input $'it\'s\tb \n-n\nü \n' -k -L1 ./args
}

@test "gnu: -L replaces in context as -N does, unless -m; -l does not" {
	local in=$'a b \nc\nd \ne\n\nf\n-n\n'
	gnu_same_input "$in" -k -L2 ./args 'x{}y'
	gnu_same_input "$in" -k -L2 -m ./args 'x{}y'
	gnu_same_input "$in" -k -m -L3 ./args 'x{}y'
	gnu_same_input "$in" -k -l2 ./args 'x{}y'
	gnu_same_input "$in" -k --max-lines=2 ./args 'x{}y'
	gnu_same_input "$in" -k -l2 -L2 ./args 'x{}y'
	gnu_same_input "$in" -k -L2 -l2 ./args 'x{}y'
	gnu_same_input "$in" -k -X -l2 ./args 'x{}y'
	gnu_same_input $'it\'s \nü\n$x\n' -k -L2 ./args '[{}]' '{}'
}

@test "gnu: -N wins over -n, -n over -L and -l; -L0 joins no lines" {
	local in=$'1\n2 \n3\n4\n5\n'
	local a
	for a in "-N2 -L3" "-L2 -n1" "-n1 -L2" "-L2 -N1" "-N1 -L2" "-N2 -n3" \
		 "-n3 -N2" "-m -N2 -L3" "-l3 -n2" "-L0" "-L 0" "-l0" "-l 0"; do
		gnu_same_input "$in" -k $a ./args 'a{}b'
	done
}

@test "gnu: -d of several characters, such as '\\r\\n'" {
	printf 'a b\r\nc\nd\r\n\r\nü "q"\r\n' > crlf
	gnu_same -k -d '\r\n' ./args :::: crlf
	gnu_same_stdin crlf -k -d '\r\n' ./args
	gnu_same_input $'x::y:z::-n::' -k -d '::' ./args
	gnu_same_input $'x::y' -k --delimiter '::' ./args
}
