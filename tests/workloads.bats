#!/usr/bin/env bats
# Real workloads: ImageMagick thumbnails and ffmpeg transcodes run through
# parx, the results checked exactly with identify and ffprobe.  CI installs
# imagemagick and ffmpeg; a missing tool fails these tests, it never skips
# them.  Some file names hold spaces and quotes.

load helper

# im TOOL: Debian's ImageMagick TOOL (convert, identify), never another
# program of that name earlier on PATH.
im() {
	local c
	for c in "/usr/bin/$1-im6.q16" "/usr/bin/$1"; do
		if [ -x "$c" ]; then
			printf '%s' "$c"
			return 0
		fi
	done
	echo "ImageMagick's $1 is missing (apt-get install imagemagick)" >&2
	return 1
}

# tool NAME: NAME from PATH, or fail.
tool() {
	command -v "$1" || {
		echo "$1 is missing (apt-get install ffmpeg)" >&2
		return 1
	}
}

# name N: the base name of the Nth file; every fourth has a space, an
# apostrophe, or double quotes in it.
name() {
	case $(($1 % 4)) in
	0) printf 'photo %s' "$1" ;;
	1) printf "it's %s" "$1" ;;
	2) printf 'say "cheese" %s' "$1" ;;
	3) printf 'plain%s' "$1" ;;
	esac
}

@test "24 images of different sizes thumbnailed in parallel with ImageMagick" {
	local convert identify i n want got files=()
	convert=$(im convert)
	identify=$(im identify)
	# size of the image : size of its 100x100 thumbnail
	local sizes=(640x480:100x75 480x640:75x100 300x200:100x67
		1000x100:100x10 50x40:100x80 333x333:100x100 101x99:100x98
		1600x900:100x56 200x300:67x100 100x1000:10x100 40x50:80x100
		99x101:98x100 900x1600:56x100 800x600:100x75 123x45:100x37
		45x123:37x100 1024x768:100x75 320x240:100x75 256x64:100x25
		64x256:25x100 150x100:100x67 720x576:100x80 500x333:100x67
		333x500:67x100)
	local srcs=(plasma:fractal xc:teal gradient:navy-gold)

	mkdir imgs thumbs
	for i in $(seq 24); do
		"$convert" -seed "$i" -size "${sizes[i - 1]%:*}" "${srcs[i % 3]}" \
			"imgs/$(name "$i").jpg"
	done

	run parx -j4 "$convert" {} -thumbnail 100x100 thumbs/{/.}.png ::: imgs/*.jpg
	expect_status 0
	expect ""

	[ "$(ls thumbs | wc -l)" = 24 ]
	want=
	for i in $(seq 24); do
		n=$(name "$i")
		got=$("$identify" -format '%m %wx%h' "thumbs/$n.png")
		[ "$got" = "PNG ${sizes[i - 1]#*:}" ] || {
			echo "thumbs/$n.png: $got, want PNG ${sizes[i - 1]#*:}" >&2
			return 1
		}
		want+="$n.png ${sizes[i - 1]#*:}"$'\n'
		files+=("thumbs/$n.png")
	done

	# identify run by parx in input order gives the same list.
	run parx -q -k -j8 "$identify" -format '%f %wx%h\n' ::: "${files[@]}"
	expect_status 0
	expect "${want%$'\n'}"
}

@test "4 videos transcoded in parallel with ffmpeg under --timeout" {
	local ffmpeg ffprobe i d n
	ffmpeg=$(tool ffmpeg)
	ffprobe=$(tool ffprobe)
	local secs=(1 2 2 3)

	mkdir vids out
	for i in 1 2 3 4; do
		"$ffmpeg" -nostdin -loglevel error \
			-f lavfi -i "testsrc=duration=${secs[i - 1]}:size=160x120:rate=25" \
			-c:v mpeg4 -pix_fmt yuv420p "vids/$(name "$i").mp4"
	done

	run parx -j4 --timeout 60 "$ffmpeg" -nostdin -loglevel error -i {} \
		-vf scale=80:60 -c:v libx264 -pix_fmt yuv420p -an out/{/.}.mkv \
		::: vids/*.mp4
	expect_status 0
	expect ""

	[ "$(ls out | wc -l)" = 4 ]
	for i in 1 2 3 4; do
		d=${secs[i - 1]}
		n=$(name "$i")
		run "$ffprobe" -v error -select_streams v:0 -count_frames \
			-show_entries stream=codec_name,width,height,nb_read_frames:format=duration \
			-of default=noprint_wrappers=1 "out/$n.mkv"
		expect_status 0
		expect "codec_name=h264
width=80
height=60
nb_read_frames=$((d * 25))
duration=$d.000000"
	done
}
