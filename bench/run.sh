#!/usr/bin/env bash
# Sesame benchmarks. usage: bench/run.sh [all|config|ratios]
#   config  scale: parse + plan one profile of a 10,000-profile config in-process (BenchmarkDotNet
#           steady state, and the first call in a fresh process), and the whole-process
#           `sesame list --json` on 10,000 and 100,000 profiles (hyperfine, the Native AOT build).
#   ratios  Native AOT vs ReadyToRun vs AWS CLI v2 vs botocore: start-up ratios R1-R4, `list --json`
#           on 100,000 profiles, peak memory, the cold 3-role chain against the sandbox with 100 ms
#           per STS call, and the config-size chart (bench/bench.py; docs/benchmarks.md).
#   all     both (the default).
# Needs: dotnet, python3 with moto and botocore (on the machine image), hyperfine and awscli
# (apt-get install hyperfine awscli time), and a C toolchain for Native AOT (gcc or clang). Results go to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
out=bench/out
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }

echo "bench: building (Release, Native AOT)"
dotnet publish src/Sesame.Cli -c Release -r linux-x64 -o artifacts/bin >/dev/null
dotnet build bench/Sesame.Bench -c Release >/dev/null
sesame=artifacts/bin/sesame
benchdll=bench/Sesame.Bench/bin/Release/net10.0/Sesame.Bench.dll

if [ "$what" = config ] || [ "$what" = all ]; then
  python3 bench/gen_config.py 10000 "$out/p10000"
  echo "bench: config with $(grep -c '^\[profile' "$out/p10000/config") profiles, $(wc -c < "$out/p10000/config") bytes"

  echo "bench: first call in a fresh process (JIT included), 5 runs"
  for _ in 1 2 3 4 5; do dotnet "$benchdll" cold "$out/p10000" chain-2-3; done | tee "$out/cold.txt"

  echo "bench: BenchmarkDotNet steady state"
  (cd "$out" && SESAME_BENCH_DIR="$PWD/p10000" dotnet "../../$benchdll" --filter '*ConfigBenchmarks*' --exporters markdown >/dev/null)
  cat "$out"/BenchmarkDotNet.Artifacts/results/*ConfigBenchmarks-report-github.md | grep '^|'

  python3 bench/gen_config.py 100000 "$out/p100000"
  echo "bench: whole process, sesame list --json on 10,000 profiles (target <= 1 s) and on 100,000 (target <= 0.5 s)"
  for n in 10000 100000; do
    AWS_CONFIG_FILE="$out/p$n/config" AWS_SHARED_CREDENTIALS_FILE="$out/p$n/credentials" \
      hyperfine -N -w 3 -r 20 --export-markdown "$out/list-json-$n.md" "$sesame list --json"
  done
fi

if [ "$what" = ratios ] || [ "$what" = all ]; then
  python3 bench/bench.py
fi
