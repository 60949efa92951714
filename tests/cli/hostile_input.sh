#!/usr/bin/env bash
# Hostile command lines and study files: each must exit 2 within 10 s, print
# nothing on stdout and exactly one line of printable ASCII on stderr, and that
# line must hold the offending value as the messages show it (quoted, control
# characters as \n, \xNN). A study run must leave no output file behind.
# Usage: hostile_input.sh PACSIM WORKDIR
set -u
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" work="$2"
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
failures=0 count=0

# expect NEEDLE ARGS...: one hostile invocation (environment from `env`).
expect() {
  local needle="$1"
  shift
  count=$((count + 1))
  local out="$work/out" err="$work/err"
  timeout 10 env "${env_vars[@]}" "$bin" "$@" >"$out" 2>"$err"
  local code=$?
  local why=""
  if [ "$code" -eq 124 ]; then why="took more than 10 s"
  elif [ "$code" -ne 2 ]; then why="exit $code, want 2"
  elif [ -s "$out" ]; then why="wrote to stdout"
  elif [ "$(wc -l <"$err")" -ne 1 ] || [ "$(tail -c 1 "$err" | od -An -c | tr -d ' ')" != '\n' ]; then
    why="stderr is not one line"
  elif LC_ALL=C grep -q '[^ -~]' "$err"; then why="stderr holds bytes beyond printable ASCII"
  elif ! grep -qF -- "$needle" "$err"; then why="stderr does not hold $needle"
  fi
  if [ -n "$why" ]; then
    failures=$((failures + 1))
    local cmd="$*"
    printf 'FAIL: %q: %s\n  stderr: %s\n' "${cmd:0:200}" "$why" "$(head -c 400 "$err" | cat -v)"
  else
    printf 'ok: %s\n' "$(cat "$err")"
  fi
}

env_vars=()
world=zm:a=1,M=10

# --- Counts (parse_count): signs, exponents, powers, blanks, length.
expect "'1e--3'" expect --world $world --D 1e--3
expect "'1e--3000000000'" sample --world $world --D 1e--3000000000
expect "'1e3000000000' exceeds" expect --world $world --D 1e3000000000
expect "'1e-3000000000' is not an integer" expect --world $world --D 1e-3000000000
expect "'2^99999999999999999999' exceeds" expect --world $world --D '2^99999999999999999999'
expect "'99999999999999999999^2' exceeds" expect --world $world --D '99999999999999999999^2'
expect "'+2^+3'" expect --world $world --D '+2^+3'
expect "'2^-1'" expect --world $world --D '2^-1'
expect "'2 ^ 3'" expect --world $world --D '2 ^ 3'
expect "'1\\n0'" expect --world $world --D $'1\n0'
expect "'1\\r'" expect --world $world --D $'1\r'
expect "'10,,20' has an empty item" expect --world $world --D 10,,20
expect "'0x10'" sample --world $world --D 10 --reps 0x10
expect "'-0' is negative" sample --world $world --D 10 --seed=-0
expect "'$(printf '9%.0s' $(seq 64))...' (100000 bytes)" expect --world $world --D "$(head -c 100000 /dev/zero | tr '\0' 9)"

# --- Empty and blank values, on every subcommand that takes one.
expect "--D: '' is empty" expect --world $world --D ''
expect "--world: '' is empty" sample --world '' --D 10
expect "--mode: ' ' is blank" sample --world $world --D 10 --mode ' '
expect "--reps: '' is empty" sample --world $world --D 10 --reps ''
expect "--seed: '' is empty" sample --world $world --D 10 --seed ''
expect "--threads: '' is empty" sample --world $world --D 10 --threads ''
expect "--threads: '\\t' is blank" run "$work/none.toml" --threads $'\t'
expect "--threads: '' is empty" validate --threads ''
expect "--reps: '' is empty" validate --reps ''
expect "--seed: '' is empty" validate --seed ''
expect "study: '' is empty" run ''
expect "file: '' is empty" check ''
expect "file: '' is empty" fit ''
expect "--from-D: '' is empty" fit "$work/none.h5" --from-D ''
expect "--law: '' is empty" fit "$work/none.h5" --law ''
expect "--delta: ' ' is blank" fit "$work/none.h5" --delta ' '
expect "--bootstrap: '' is empty" fit "$work/none.h5" --bootstrap ''
expect "--beta: '' is empty" presets --beta ''
expect "--mode: '' is empty" expect --world $world --D 10 --mode ''

# --- Meaningless values.
expect "--threads: '0' must be at least 1" sample --world $world --D 10 --threads 0
expect "--threads: '4097' exceeds the maximum 4096" sample --world $world --D 10 --threads 4097
expect "--beta: 'nan'" presets --beta nan
expect "--beta: '1e-400' is out of double" presets --beta 1e-400
expect "--beta: '0.5' must be in (0, 0.5)" presets --beta 0.5
env_vars=(PACSIM_MAX_GIB=1e300)
expect "PACSIM_MAX_GIB: '1e300' is too large" sample --world $world --D 10
env_vars=(PACSIM_MAX_GIB=$'2\n')
expect "PACSIM_MAX_GIB: '2\\n'" sample --world $world --D 10
env_vars=()

# --- Worlds and names with control characters, quotes and length.
expect "world 'zm:a=1\\n,M=10': a: '1\\n'" expect --world $'zm:a=1\n,M=10' --D 10
expect "unknown kind 'z\\x1b[31mm'" sample --world $'z\e[31mm:a=1,M=10' --D 10
expect "unknown parameter 'it\\'s'" sample --world "zm:a=1,it's=2,M=10" --D 10
expect "mode: 'poisson\\n'" sample --world $world --D 10 --mode $'poisson\n'
expect "mode: '\\xc3\\xa9'" sample --world $world --D 10 --mode $'\xc3\xa9'
expect "...' (100009 bytes)" sample --world "zm:a=1,M=$(head -c 100000 /dev/zero | tr '\0' 1)" --D 10
expect "unknown subcommand 'fro\\nb'" $'fro\nb'
expect "--bo\\ngus" expect --world $world --D 10 $'--bo\ngus'
expect "(5000 bytes)" expect --world $world --D 10 --mode "$(head -c 5000 /dev/zero | tr '\0' x)"

# --- Study paths that are not study files: one line naming the file, never a
# blocking or unbounded read.
mkfifo "$work/fifo.toml"
head -c 2000000 /dev/zero | tr '\0' '#' >"$work/huge.toml"
head -c 4096 /dev/urandom >"$work/binary.toml"
printf '\x89PNG\r\n\x1a\n' >"$work/png.toml"
mkdir -p "$work/dir.toml"
expect "$work/dir.toml: is a directory" run "$work/dir.toml"
expect "/tmp: is a directory" run /tmp
expect "/dev/zero: is a device, not a regular file" run /dev/zero
expect "$work/fifo.toml: is a FIFO, not a regular file" run "$work/fifo.toml"
expect "$work/huge.toml: is larger than 1048576 bytes (1 MiB)" run "$work/huge.toml"
expect "$work/binary.toml: is not UTF-8 text" run "$work/binary.toml"
expect "$work/png.toml: is not UTF-8 text (byte 0 is \\x89)" run "$work/png.toml"
expect "$work/no\\nsuch.toml: cannot read the study file" run "$work/no"$'\n'"such.toml"

# --- Study files: their values, keys and structure.
study() {  # study NAME 'TOML (printf %b)' NEEDLE
  printf '%b' "$2" >"$work/$1.toml"
  expect "$3" run "$work/$1.toml" -o "$work/$1.h5" --quiet
  if ls "$work/$1.h5"* >/dev/null 2>&1; then
    failures=$((failures + 1))
    echo "FAIL: $1 left an output file"
  fi
}
head='worlds = ["zm:a=2,M=inf"]\nD = [10]\n'
study reps_double_sign "${head}reps = \"1e--5\"\n" "reps: '1e--5' is not a count"
study D_double_sign 'worlds = ["zm:a=2,M=inf"]\nD = ["1e--3000000000"]\n' "D: '1e--3000000000'"
study D_float_2_62_up 'worlds = ["zm:a=2,M=inf"]\nD = [4.611686018427389e18]\n' \
  "D: 4611686018427388928 exceeds the maximum 4611686018427387904"
study D_float_fraction 'worlds = ["zm:a=2,M=inf"]\nD = [1.5]\n' "D: 1.5 is not an integer"
study seed_float_2_64 "${head}seed = 1.8446744073709552e19\n" "seed: 18446744073709551616 exceeds"
study reps_float_big "${head}reps = 1e300\n" "reps: 1e+300 exceeds the maximum 4294967296"
study D_int_overflow 'worlds = ["zm:a=2,M=inf"]\nD = [99999999999999999999999]\n' "'99999999999999999999999'"
study world_newline 'worlds = ["zm:a=1\\n,M=10"]\nD = [10]\n' "world 'zm:a=1\\n,M=10'"
study key_newline "${head}\"col\\\\nour\" = 1\n" "col\\nour: unknown key"
study mode_escape "${head}mode = \"\\\\u001b[2J\"\n" "'\\x1b[2J'"
study deep 'a = '"$(head -c 10000 /dev/zero | tr '\0' '[')" "nested value depth"
study nul "${head}\\0" "is not UTF-8 text"
study grid "worlds = [$(printf '"zm:a=2,M=%d",' $(seq 10 1009))]\nD = [$(seq -s, 1 1000)]\nk = [$(seq -s, 1 100)]\n" \
  "the grid has 100000000 cells"
study title_control "${head}title = \"\\x01\"\n" "control characters"

echo "$count cases, $failures failed"
[ "$failures" -eq 0 ]
