#!/bin/sh
# generate-share.sh RECONCILE OUT: writes the man page (OUT/man/reconcile.1.gz)
# and the shell completion scripts (OUT/completions/) with the built binary.
set -eu
bin=$1
out=$2
mkdir -p "$out/man" "$out/completions"
"$bin" __man >"$out/man/reconcile.1"
gzip -9nf "$out/man/reconcile.1"
"$bin" completion bash >"$out/completions/reconcile.bash"
"$bin" completion zsh >"$out/completions/_reconcile"
"$bin" completion fish >"$out/completions/reconcile.fish"
