#!/bin/bash
# Runs as pid 1 of fresh pid, mount and network namespaces (see tests/it/differential.rs):
# the processes under /proc are only the ones made here, so the reference lsns and
# ours see the same machine. Reads argument lists on stdin, runs both tools on each,
# prints SAME/DIFF lines. $1 is our binary; TERMW=N runs both under a pseudo-terminal
# of N columns; SHOWREF=1 prints the reference's output after each SAME line.
OURS=$1
for m in $(awk '$9=="nsfs"{print $5}' /proc/self/mountinfo | sort -r); do umount "$m" 2>/dev/null; done
mkdir -p /run/netns && mount -t tmpfs lsns-test /run/netns
ip link set lo up
ip netns add sbx1; ip netns add sbx2; ip netns set sbx2 3
B1=$(mktemp); mount --bind /run/netns/sbx1 "$B1"
ip netns exec sbx1 sleep 100 &
ip netns exec sbx2 sleep 100 &
unshare -U -p -f -n sleep 100 &
unshare -u bash -c "ip netns exec sbx1 bash -c 'unshare -u sleep 100 & unshare -i sleep 100 & sleep 100' & sleep 100" &
unshare -u bash -c 'exec -a "$(printf "we\tird\x01é 漢 \\\\x \"q\"")" sleep 100' &
# glibc's widths and printability: a wide character, U+3248 (wide for glibc), a
# combining mark, the unassigned U+0378 (escaped as \xcd\xb8), then ASCII
unshare -u bash -c 'exec -a "$(printf "\xe6\xbc\xa2\xe3\x89\x88e\xcc\x81\xcd\xb8x")" sleep 100' &
# wide characters only: truncation on a terminal can end half way through one
unshare -C bash -c 'exec -a "$(printf "漢字%.0s" $(seq 40))" sleep 100' &
setpriv --reuid=12345 --regid=12345 --clear-groups unshare -U sleep 100 &
unshare -U --map-root-user bash -c 'unshare -U -u sleep 100' &
# pids that wrapped: a parent with a higher pid than its children
echo 30000 >/proc/sys/kernel/ns_last_pid
unshare -u bash -c 'echo 200 >/proc/sys/kernel/ns_last_pid; sleep 100 & sleep 100 & wait' &
for i in $(seq 50); do [ "$(ls /proc | grep -c '^[0-9]')" -ge 20 ] && break; sleep 0.1; done
sleep 0.3
NS1=$(stat -L -c %i /run/netns/sbx1)
UTS1=$(readlink /proc/$(pgrep -f "^bash -c ip netns exec sbx1" | head -1)/ns/uts | tr -dc 0-9)
WRAPPED=$(readlink /proc/$(pgrep -f "^bash -c echo 200" | head -1)/ns/uts | tr -dc 0-9)
SLEEPER=$(pgrep -f "^sleep 100" | head -1)
T=$(mktemp -d)
while IFS= read -r args; do
  [ -z "$args" ] && continue
  eval "set -- $args"
  if [ -n "$TERMW" ]; then
    COLUMNS=$TERMW SHELL=/bin/bash script -qec "lsns $args" /dev/null </dev/null >$T/ref 2>$T/ref-err; r1=$?
    COLUMNS=$TERMW SHELL=/bin/bash script -qec "exec -a lsns $OURS $args" /dev/null </dev/null >$T/our 2>$T/our-err; r2=$?
  else
    lsns "$@" >$T/ref 2>$T/ref-err; r1=$?
    (exec -a lsns "$OURS" "$@") >$T/our 2>$T/our-err; r2=$?
  fi
  if cmp -s $T/ref $T/our && [ $r1 = $r2 ] && cmp -s $T/ref-err $T/our-err; then
    echo "SAME: $args"
    [ -n "$SHOWREF" ] && cat $T/ref
  else
    echo "DIFF: $args (exit $r1 vs $r2)"
    diff $T/ref $T/our | head -20
    diff $T/ref-err $T/our-err | head -6
  fi
done
rm -rf "$T"
umount "$B1"; rm -f "$B1"
