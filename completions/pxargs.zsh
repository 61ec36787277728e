#compdef pxargs
# zsh completion for pxargs, parx's xargs personality.

_arguments -s -S \
  '(-0 --null -d --delimiter)'{-0,--null}'[arguments end with NUL]' \
  '(-a --arg-file)'{-a+,--arg-file=}'[read arguments from FILE]:file:_files' \
  '(-0 --null -d --delimiter)'{-d+,--delimiter=}'[arguments end with CHARACTER]:character' \
  '-E+[end-of-input word]:word' \
  '(-e --eof)'{-e-,--eof=-}'[end-of-input word, or none]::word' \
  '-I+[replace R in the initial arguments with each line]:replace string' \
  '(-i --replace)'{-i-,--replace=-}'[replace R (default {}) with each line]::replace string' \
  '-L+[at most N non-blank lines per command]:lines' \
  '(-l --max-lines)'{-l-,--max-lines=-}'[at most N lines per command (default 1)]::lines' \
  '(-n --max-args)'{-n+,--max-args=}'[at most N arguments per command]:arguments' \
  '(-o --open-tty)'{-o,--open-tty}'[commands read /dev/tty]' \
  '(-P --max-procs)'{-P+,--max-procs=}'[run up to N commands at once]:processes' \
  '(-p --interactive)'{-p,--interactive}'[ask before each command]' \
  '--process-slot-var=[set VAR to the slot of each command]:variable' \
  '(-r --no-run-if-empty)'{-r,--no-run-if-empty}'[with no arguments run nothing]' \
  '(-s --max-chars)'{-s+,--max-chars=}'[command lines of at most N bytes]:bytes' \
  '--show-limits[show the limits on command-line length]' \
  '(-t --verbose)'{-t,--verbose}'[print each command before it runs]' \
  '(-x --exit)'{-x,--exit}'[exit if a command line would be too long]' \
  '--help[show the options]' \
  '--version[show the version]' \
  '--timeout=[terminate a command after DUR]:duration' \
  '--kill-after=[SIGKILL DUR after SIGTERM]:duration' \
  '--termseq=[termination sequence]:sequence' \
  '--halt=[stop on failures, successes or jobs done]:condition' \
  '--retries=[run a failed command up to N times]:tries' \
  '--joblog=[log each finished command to FILE]:file:_files' \
  '--resume[with --joblog: skip what was done]' \
  '--resume-failed[with --joblog: run what did not succeed]' \
  '--results=[store each output under DIR]:directory:_files -/' \
  '--group[each command output as one block]' \
  '--ungroup[commands write straight to the output]' \
  '--line-buffer[whole lines from any command]' \
  '--keep-order[output in input order]' \
  '--tag[prefix output lines with the arguments]' \
  '--delay=[at least DUR between starts]:duration' \
  '--bar[progress bar on stderr]' \
  '--eta[estimated time left on stderr]' \
  '--progress[progress on stderr]' \
  '(-):command:_command_names -e' \
  '*::arguments:_normal'
