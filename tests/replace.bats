#!/usr/bin/env bats
# Replacement strings: {} {.} {/} {//} {/.} {#} {%}, positional {N...},
# -I, and inputs appended when the template has none.

load helper

# The paths every path replacement string is tried on.
PATHS=(a/b.jpg b.jpg b a/b /x/y.z.tar a.d/b ./b.jpg /b.jpg 'sp ace/x y.t')

# show STRING: run parx -k on $PATHS printing STRING's value as <value>.
show() {
	run parx -k "printf '<%s>\n' $1" ::: "${PATHS[@]}"
}

@test "{} is the input" {
	show '{}'
	expect_status 0
	expect '<a/b.jpg>
<b.jpg>
<b>
<a/b>
</x/y.z.tar>
<a.d/b>
<./b.jpg>
</b.jpg>
<sp ace/x y.t>'
}

@test "{.} is the input without its last extension" {
	show '{.}'
	expect_status 0
	expect '<a/b>
<b>
<b>
<a/b>
</x/y.z>
<a.d/b>
<./b>
</b>
<sp ace/x y>'
}

@test "{/} is the basename" {
	show '{/}'
	expect_status 0
	expect '<b.jpg>
<b.jpg>
<b>
<b>
<y.z.tar>
<b>
<b.jpg>
<b.jpg>
<x y.t>'
}

@test "{//} is the dirname, . without a directory" {
	show '{//}'
	expect_status 0
	expect '<a>
<.>
<.>
<a>
</x>
<a.d>
<.>
</>
<sp ace>'
}

@test "{/.} is the basename without extension" {
	show '{/.}'
	expect_status 0
	expect '<b>
<b>
<b>
<b>
<y.z>
<b>
<b>
<b>
<x y>'
}

@test "{//} of a path with a trailing slash is . as dirname gives" {
	run parx -k "printf '<%s>\n'" {//} ::: dir/
	expect_status 0
	expect "<.>"
}

@test "{.} of a dot file is empty, as in GNU parallel" {
	run parx -k "printf '<%s>\n'" {.} {/.} ::: .hidden a/.hidden
	expect_status 0
	expect $'<>\n<>\n<a/>\n<>'
}

@test "replacement strings work inside a word" {
	run parx -k echo pre{}post {.}.png ::: a.jpg
	expect_status 0
	expect "prea.jpgpost a.png"
}

@test "a replacement string may be used twice" {
	run parx -k echo {}{} {} ::: a
	expect_status 0
	expect "aa a"
}

@test "an unknown brace word is left as it is" {
	run parx -k echo {foo} ::: a
	expect_status 0
	expect "{foo} a"
}

@test "{#} is the job sequence number in input order" {
	run parx -k echo {#} {} ::: a b c
	expect_status 0
	expect $'1 a\n2 b\n3 c'
}

@test "{#} counts jobs, not inputs, with -n" {
	run parx -k -n 2 echo {#} ::: a b c
	expect_status 0
	expect $'1\n2'
}

@test "{%} is 1 with one job slot" {
	run parx -k -j1 echo {%} ::: a b c
	expect_status 0
	expect $'1\n1\n1'
}

@test "{%} stays within 1..jobs" {
	run parx -j3 'sleep 0.1; echo {%}' ::: 1 2 3 4 5 6 7 8 9
	expect_status 0
	[ "$(printf '%s\n' "$output" | sort -u | tr '\n' ' ')" = "1 2 3 " ]
}

@test "{} with two sources is both values space-separated" {
	run parx -k echo {} ::: a ::: 1
	expect_status 0
	expect "a 1"
}

@test "{N} is the Nth source" {
	run parx -k echo {2}-{1} ::: a b ::: 1
	expect_status 0
	expect $'1-a\n1-b'
}

@test "{N.} {N/} {N//} {N/.} apply to the Nth source" {
	run parx -k echo {2.} {2/} {2//} {2/.} {1} ::: x ::: d/e.f
	expect_status 0
	expect "d/e e.f d e x"
}

@test "{N} past the last source is empty" {
	run parx -k "printf '<%s>'" {3} ::: a ::: b
	expect_status 0
	expect "<>"
}

@test "{N} is the Nth column with --colsep, two digits too" {
	run parx -k -C , echo {11}-{10}-{1} < <(echo 1,2,3,4,5,6,7,8,9,10,11)
	expect_status 0
	expect "11-10-1"
}

@test "{N/.} applies to a column" {
	run parx -k -C , echo {2/.} < <(echo x,d/e.f)
	expect_status 0
	expect "e"
}

@test "{N} is the Nth member of a chunk with -n" {
	run parx -k -n 3 echo {3} {2.} {1/} ::: d/a.x e/b.y f/c.z
	expect_status 0
	expect "f/c.z e/b a.x"
}

@test "{} with -n is all inputs of the chunk" {
	run parx -k -n 2 echo {} ::: a b c
	expect_status 0
	expect $'a b\nc'
}

@test "-I STR replaces STR instead of {}" {
	run parx -k -I XX echo pre-XX XX ::: a b
	expect_status 0
	expect $'pre-a a\npre-b b'
}

@test "-I STR leaves {} as it is" {
	run parx -k -I XX echo {} ::: a
	expect_status 0
	expect "{} a"
}

@test "-I STR keeps the other replacement strings" {
	run parx -k -I ,, echo ,, {.} ::: a.x
	expect_status 0
	expect "a.x a"
}

@test "-I {} is the default" {
	run parx -k -I {} echo {} ::: a
	expect_status 0
	expect "a"
}

@test "inputs are appended when the template has no replacement string" {
	run parx -k echo x ::: a 'b c'
	expect_status 0
	expect $'x a\nx b c'
}

@test "several sources are appended space-separated" {
	run parx -k 'printf "<%s>"' ::: a ::: 'b c'
	expect_status 0
	expect "<a><b c>"
}

@test "inputs are not appended when the template has {#}" {
	run parx -k echo {#} ::: a b
	expect_status 0
	expect $'1\n2'
}

@test "a composed command gets the inputs appended at its end" {
	run parx -k 'echo x; echo' ::: a
	expect_status 0
	expect $'x\na'
}
