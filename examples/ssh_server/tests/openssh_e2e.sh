#!/usr/bin/env bash
# ctest e2e: Debian's OpenSSH client against ssh_server on 127.0.0.1.
#   openssh_e2e.sh <ssh_server binary> <part>
# part: basic  (exec and exit status, stderr, exit-signal, 50 MB through cat,
#               keys and password refused, strict KEX, pty, hostile clients)
#       ciphers (every cipher and MAC, re-keying forced by RekeyLimit)
#       files   (scp and sftp of 20 MB both ways, ssh -L to an echo service)
# Keys are generated here; the server listens on a port the kernel picks,
# is stopped by its PID with SIGTERM and must exit 0.
# Exit 0 pass, 1 fail, 77 skipped (no ssh client or ssh-keygen).
set -u
bin=$1
part=$2
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
pid=""
echo_pid=""

cleanup() {
  for p in "$pid" "$echo_pid"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill "$p" 2>/dev/null
      wait "$p" 2>/dev/null
    fi
  done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

skip() { echo "SKIP: $*"; exit 77; }
fail() {
  echo "FAIL: $*"
  echo "--- server log"
  tail -n 20 "$dir/server.err"
  exit 1
}
for tool in ssh ssh-keygen scp sftp sha256sum; do
  command -v "$tool" >/dev/null || skip "$tool is missing (Debian package openssh-client)"
done

ssh-keygen -q -t ed25519 -N '' -f "$dir/host" || fail "ssh-keygen host key"
ssh-keygen -q -t ed25519 -N '' -f "$dir/client" || fail "ssh-keygen client key"
ssh-keygen -q -t ed25519 -N '' -f "$dir/stranger" || fail "ssh-keygen stranger key"
cp "$dir/client.pub" "$dir/authorized_keys"
echo 'open sesame' > "$dir/password"
printf '#!/bin/sh\necho "open sesame"\n' > "$dir/askpass_good"
printf '#!/bin/sh\necho "open says me"\n' > "$dir/askpass_bad"
chmod +x "$dir/askpass_good" "$dir/askpass_bad"

"$bin" --listen 127.0.0.1:0 --host-key "$dir/host" --authorized-keys "$dir/authorized_keys" \
  --password-file "$dir/password" >"$dir/server.out" 2>"$dir/server.err" &
pid=$!
for _ in $(seq 100); do
  grep -q '^listening on' "$dir/server.out" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$dir/server.out")
[ -n "$port" ] || fail "the server did not print 'listening on 127.0.0.1:PORT'"

# ssh takes the first value given for an option: BatchMode is set per call.
base=(-o UserKnownHostsFile="$dir/known_hosts" -o StrictHostKeyChecking=accept-new
      -o IdentitiesOnly=yes -o ConnectTimeout=20 -F /dev/null)
common=(-o BatchMode=yes "${base[@]}")
run_ssh() { timeout 120 ssh -p "$port" -i "$dir/client" "${common[@]}" "$@"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

basic() {
  out=$(run_ssh user@127.0.0.1 'echo hi; exit 3' 2>"$dir/stderr")
  rc=$?
  [ "$out" = hi ] || fail "exec printed '$out', expected 'hi'"
  [ $rc -eq 3 ] || fail "exec exit status $rc, expected 3"
  echo "ok exec: 'hi', exit status 3"

  out=$(run_ssh user@127.0.0.1 'echo to-out; echo to-err >&2' 2>"$dir/stderr")
  [ "$out" = to-out ] || fail "stdout was '$out'"
  grep -qx to-err "$dir/stderr" || fail "stderr did not carry 'to-err' (extended data)"
  echo "ok stdout and stderr kept apart"

  run_ssh user@127.0.0.1 'kill -TERM $$' 2>"$dir/stderr"
  rc=$?
  [ $rc -eq 255 ] || fail "a command killed by SIGTERM: ssh exit $rc, expected 255 (exit-signal)"
  echo "ok exit-signal"

  head -c 50000000 /dev/urandom >"$dir/in50"
  run_ssh user@127.0.0.1 cat <"$dir/in50" >"$dir/out50" || fail "cat of 50 MB failed"
  [ "$(sha "$dir/in50")" = "$(sha "$dir/out50")" ] || fail "50 MB through cat came back different"
  echo "ok 50 MB through cat, same sha256"

  timeout 60 ssh -p "$port" -i "$dir/stranger" "${common[@]}" user@127.0.0.1 true 2>"$dir/stderr" &&
    fail "a key not in authorized_keys was accepted"
  grep -q 'Permission denied' "$dir/stderr" || fail "wrong key: no 'Permission denied'"
  echo "ok wrong key refused"

  pw=(-o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=1)
  out=$(SSH_ASKPASS="$dir/askpass_good" SSH_ASKPASS_REQUIRE=force DISPLAY=none timeout 60 \
        ssh -p "$port" -o BatchMode=no "${base[@]}" "${pw[@]}" user@127.0.0.1 'echo by-password' </dev/null 2>"$dir/stderr")
  [ "$out" = by-password ] || fail "the right password was refused: $(cat "$dir/stderr")"
  SSH_ASKPASS="$dir/askpass_bad" SSH_ASKPASS_REQUIRE=force DISPLAY=none timeout 60 \
    ssh -p "$port" -o BatchMode=no "${base[@]}" "${pw[@]}" user@127.0.0.1 true </dev/null 2>"$dir/stderr" &&
    fail "a wrong password was accepted"
  grep -q 'Permission denied' "$dir/stderr" || fail "wrong password: no 'Permission denied'"
  echo "ok password: right one accepted, wrong one refused"

  run_ssh -vvv user@127.0.0.1 true 2>"$dir/stderr" || fail "ssh -vvv true failed"
  grep -q 'will use strict KEX ordering' "$dir/stderr" || fail "ssh -vvv does not show strict KEX"
  grep -q 'server-sig-algs=<ssh-ed25519>' "$dir/stderr" || fail "no EXT_INFO server-sig-algs"
  echo "ok strict KEX and server-sig-algs negotiated"

  out=$(run_ssh -tt user@127.0.0.1 'tty; echo TERM=$TERM' </dev/null 2>/dev/null | tr -d '\r')
  echo "$out" | grep -q '^/dev/pts/' || fail "pty-req + exec: no terminal ($out)"
  echo "ok pty: $(echo "$out" | head -1)"

  out=$(run_ssh -o SetEnv=MPL_TEST_VAR=carried user@127.0.0.1 'echo $MPL_TEST_VAR')
  [ "$out" = carried ] || fail "env request: got '$out'"
  echo "ok env"

  # A client that vanishes while its command runs: the command is hung up
  # and reaped, nothing is left behind under the server.
  ssh -p "$port" -i "$dir/client" "${common[@]}" user@127.0.0.1 'sleep 60' </dev/null >/dev/null 2>&1 &
  client=$!  # ssh itself, killed below
  for _ in $(seq 100); do pgrep -P "$pid" >/dev/null && break; sleep 0.1; done
  pgrep -P "$pid" >/dev/null || fail "the command of the vanishing client did not start"
  kill -9 "$client"
  wait "$client" 2>/dev/null
  for _ in $(seq 100); do pgrep -P "$pid" >/dev/null || break; sleep 0.1; done
  left=$(ps -o pid=,stat=,args= --ppid "$pid")
  [ -z "$left" ] || fail "processes left under the server after its client vanished: $left"
  echo "ok a vanished client's command is hung up and reaped"

  /usr/bin/python3 "$here/hostile.py" "$port" || fail "hostile clients"
}

ciphers() {
  head -c 3000000 /dev/urandom >"$dir/in3"
  want=$(sha "$dir/in3")
  for c in chacha20-poly1305@openssh.com aes128-gcm@openssh.com aes256-gcm@openssh.com aes128-ctr aes256-ctr; do
    for m in hmac-sha2-256-etm@openssh.com hmac-sha2-512-etm@openssh.com hmac-sha2-256 hmac-sha2-512; do
      case $c in *gcm*|chacha*) [ "$m" = hmac-sha2-256-etm@openssh.com ] || continue ;; esac
      run_ssh -o Ciphers="$c" -o MACs="$m" -v user@127.0.0.1 cat <"$dir/in3" >"$dir/out3" 2>"$dir/stderr" ||
        fail "cipher $c mac $m: ssh failed"
      grep -q "cipher: $c" "$dir/stderr" || fail "cipher $c was not the one negotiated"
      [ "$(sha "$dir/out3")" = "$want" ] || fail "cipher $c mac $m: data differs"
      echo "ok $c $( [[ $c == aes*ctr ]] && echo "$m")"
    done
  done
  head -c 20000000 /dev/urandom >"$dir/in20"
  run_ssh -o RekeyLimit=1M -v user@127.0.0.1 cat <"$dir/in20" >"$dir/out20" 2>"$dir/stderr" || fail "RekeyLimit=1M transfer"
  [ "$(sha "$dir/in20")" = "$(sha "$dir/out20")" ] || fail "20 MB with re-keying came back different"
  rekeys=$(grep -c 'SSH2_MSG_NEWKEYS received' "$dir/stderr")
  [ "$rekeys" -gt 10 ] || fail "RekeyLimit=1M, 20 MB each way: only $rekeys key exchanges"
  echo "ok re-keying: $rekeys key exchanges in one 20 MB round trip"
}

files() {
  head -c 20000000 /dev/urandom >"$dir/f20"
  want=$(sha "$dir/f20")
  mkdir "$dir/remote"
  timeout 120 scp -q -P "$port" -i "$dir/client" "${common[@]}" "$dir/f20" "user@127.0.0.1:$dir/remote/scp_up" ||
    fail "scp upload"
  timeout 120 scp -q -P "$port" -i "$dir/client" "${common[@]}" "user@127.0.0.1:$dir/f20" "$dir/scp_down" ||
    fail "scp download"
  [ "$(sha "$dir/remote/scp_up")" = "$want" ] && [ "$(sha "$dir/scp_down")" = "$want" ] || fail "scp copies differ"
  echo "ok scp 20 MB both ways"
  printf 'put %s %s\nget %s %s\n' "$dir/f20" "$dir/remote/sftp_up" "$dir/f20" "$dir/sftp_down" >"$dir/batch"
  timeout 120 sftp -q -P "$port" -i "$dir/client" "${common[@]}" -b "$dir/batch" user@127.0.0.1 >/dev/null ||
    fail "sftp batch"
  [ "$(sha "$dir/remote/sftp_up")" = "$want" ] && [ "$(sha "$dir/sftp_down")" = "$want" ] || fail "sftp copies differ"
  echo "ok sftp 20 MB both ways"

  /usr/bin/python3 "$here/echo_service.py" >"$dir/echo.out" &
  echo_pid=$!
  for _ in $(seq 50); do grep -q '^port' "$dir/echo.out" && break; sleep 0.1; done
  echo_port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$dir/echo.out")
  [ -n "$echo_port" ] || fail "the echo service did not start"
  local_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  run_ssh -N -o ExitOnForwardFailure=yes -L "$local_port:127.0.0.1:$echo_port" user@127.0.0.1 &
  fwd=$!
  ok=""
  for _ in $(seq 50); do
    if /usr/bin/python3 "$here/echo_service.py" --check "$local_port" 2000000; then ok=1; break; fi
    sleep 0.2
  done
  kill "$fwd" 2>/dev/null
  wait "$fwd" 2>/dev/null
  [ -n "$ok" ] || fail "ssh -L: 2 MB did not come back through the forwarded port"
  echo "ok ssh -L: 2 MB echoed through direct-tcpip"
}

case $part in
  basic) basic ;;
  ciphers) ciphers ;;
  files) files ;;
  *) fail "unknown part $part" ;;
esac

# The server is still up for the next client, and stops cleanly on SIGTERM.
out=$(run_ssh user@127.0.0.1 'echo still-up') || fail "the server did not serve a client after the tests"
[ "$out" = still-up ] || fail "last client got '$out'"
kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "the server did not stop within 10 s of SIGTERM"
wait "$pid"
rc=$?
pid=""
[ $rc -eq 0 ] || fail "the server exited $rc after SIGTERM"
echo "ok server stopped cleanly"
