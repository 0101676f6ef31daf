#!/bin/bash
# The headend under load, next to strongSwan: a strongSwan initiator (charon +
# swanctl) in one network namespace opens N IKE SAs one after another (PSK,
# Curve25519, AES-GCM-16-256, PRF-HMAC-SHA2-256) against a responder in the
# other, and the responder process's CPU time (utime + stime, /proc/PID/stat)
# and resident memory (VmRSS, /proc/PID/status) are read before the first and
# after the last. The responder is first ikecore-responder --quiet, then
# strongSwan's own charon: same namespaces, same initiator configuration, same
# run. Two variants: IKE SA only, and IKE SA + one CHILD SA.
#
# usage: bench/headend_load.sh [PATH/TO/ikecore-responder] [N]
#   default binary: build/bench/bin/ikecore-responder, else
#   build/release/bin/ikecore-responder (measure a Release build, not ASan);
#   default N: 1000.
#   IKECORE_LOAD_PARALLEL (default 4): swanctl --initiate calls in flight.
#   IKECORE_LOAD_VARIANTS (default "ike child"): which variants to run.
#
# Needs root, ip netns and strongSwan (the interop tests' requirements, see
# tests/interop/lib.sh). Exit status: 0 when every responder held all N SAs,
# 1 otherwise, 77 when the machine cannot run it.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ $# -ge 1 ] && [ -n "$1" ]; then
  RESPONDER=$1
else
  RESPONDER=
  for candidate in "$ROOT/build/bench/bin/ikecore-responder" "$ROOT/build/release/bin/ikecore-responder"; do
    if [ -x "$candidate" ]; then RESPONDER=$candidate; break; fi
  done
  [ -n "$RESPONDER" ] || { echo "usage: $0 [PATH/TO/ikecore-responder] [N] (no Release build found)"; exit 1; }
fi
RESPONDER=$(readlink -f "$RESPONDER")
N=${2:-1000}
PARALLEL=${IKECORE_LOAD_PARALLEL:-4}
VARIANTS=${IKECORE_LOAD_VARIANTS:-ike child}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive number, not '$N'"; exit 1; }
[ -x "$RESPONDER" ] || { echo "not an executable: $RESPONDER"; exit 1; }

. "$ROOT/tests/interop/lib.sh"
interop_setup load

IKE_PROPOSAL=aes256gcm16-prfsha256-x25519
ESP_PROPOSAL=aes256gcm16
SECRET=headend-load-psk-secret
SERVER_ID=vpn.load.test
CLIENT_ID=client@load.test
# The initiator's side of the CHILD SAs: a subnet of its own, on its
# loopback. Not its IKE address: kernel-libipsec routes the remote selector
# into its TUN device, and a selector holding the peer's IKE address would
# swallow the IKE traffic (strongSwan refuses such a CHILD SA).
CLIENT_NET=10.98.2.0/24
# Both strongSwan processes load only what this run needs. kernel-libipsec:
# this kernel has no XFRM, so CHILD SAs live in strongSwan's userspace ESP
# (which also forces UDP encapsulation: every IKE SA floats to port 4500, on
# both responders alike).
PLUGINS="kernel-libipsec kernel-netlink random nonce openssl hmac sha2 aes gcm curve25519 kdf socket-default vici"

# --- Configuration -------------------------------------------------------------

# The initiator. reuse_ikesa = no: every --initiate makes a new IKE SA instead
# of adding a CHILD SA to an existing one. Routes are not installed: no
# traffic is sent, and a thousand identical routes would only cost time.
# Logging is off so that the initiator takes as little of the shared CPU as
# it can.
write_initiator_conf() {
  cat > "$TMP/strongswan.conf" <<EOF2
charon {
  load = $PLUGINS
  reuse_ikesa = no
  install_routes = no
  install_virtual_ip = no
  ikesa_table_size = 1024
  plugins {
    vici {
      socket = unix://$TMP/charon.vici
    }
  }
  filelog {
    stderr {
      default = -1
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
EOF2
  # The IKE-only variant initiates the connection without naming a child:
  # strongSwan 5.9 then sends IKE_AUTH without SA and TS payloads (RFC 6023's
  # childless initiation), which both responders accept.
  mkdir -p "$TMP/swanctl"
  cat > "$TMP/swanctl/swanctl.conf" <<EOF2
connections {
  load {
    version = 2
    local_addrs = $ADDR_I
    remote_addrs = $ADDR_R
    proposals = $IKE_PROPOSAL
    keyingtries = 1
    local {
      auth = psk
      id = $CLIENT_ID
    }
    remote {
      auth = psk
      id = $SERVER_ID
    }
    children {
      net {
        local_ts = $CLIENT_NET
        remote_ts = 10.99.1.0/24
        esp_proposals = $ESP_PROPOSAL
        start_action = none
      }
    }
  }
}
secrets {
  ike-load {
    id-1 = $CLIENT_ID
    id-2 = $SERVER_ID
    secret = "$SECRET"
  }
}
EOF2
}

write_ikecore_conf() {
  write_config "$TMP/ikecore.xml" <<EOF2
<ikecore-responder>
  <ike proposals="$IKE_PROPOSAL"/>
  <credentials>
    <psk remote-id="$CLIENT_ID" secret="$SECRET"/>
  </credentials>
  <connection name="load" local-id="$SERVER_ID" remote-id="$CLIENT_ID"
              local-auth="psk" remote-auth="psk" unique="never">
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0">
      <esp proposals="$ESP_PROPOSAL"/>
    </child>
  </connection>
</ikecore-responder>
EOF2
}

# strongSwan as the responder. Its denial-of-service defences would answer
# with COOKIEs or drop IKE_SA_INIT when several SAs from one address are
# half-open at once (block_threshold defaults to 5); ikecore's cookie
# threshold (128) is far above the 4 requests in flight: off, so both answer
# the same exchanges. unique = never (ours: unique="never"): identical
# identities must not replace each other when strongSwan's initiator, which
# starts several SAs at once, sends INITIAL_CONTACT on more than the first.
# Logging off, as --quiet for ikecore.
write_strongswan_responder_conf() {
  mkdir -p "$TMP/resp"
  cat > "$TMP/resp/strongswan.conf" <<EOF2
charon {
  load = $PLUGINS
  install_routes = no
  install_virtual_ip = no
  dos_protection = no
  cookie_threshold = 1000000
  block_threshold = 1000000
  init_limit_half_open = 0
  plugins {
    vici {
      socket = unix://$TMP/resp.vici
    }
  }
  filelog {
    stderr {
      default = -1
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
}
EOF2
  cat > "$TMP/resp/swanctl.conf" <<EOF2
connections {
  load {
    version = 2
    local_addrs = $ADDR_R
    proposals = $IKE_PROPOSAL
    unique = never
    local {
      auth = psk
      id = $SERVER_ID
    }
    remote {
      auth = psk
      id = $CLIENT_ID
    }
    children {
      net {
        local_ts = 10.99.1.0/24
        remote_ts = $CLIENT_NET
        esp_proposals = $ESP_PROPOSAL
      }
    }
  }
}
secrets {
  ike-load {
    id-1 = $CLIENT_ID
    id-2 = $SERVER_ID
    secret = "$SECRET"
  }
}
EOF2
}

# --- Processes -----------------------------------------------------------------

# ikecore-responder without start_responder's --keylog: writing keys to a file
# per SA is not part of what is measured.
start_ikecore() {
  ip netns exec "$NS_R" "$RESPONDER" --state-dir "$TMP/state" --listen "$ADDR_R" \
    --config "$TMP/ikecore.xml" --quiet > "$TMP/responder.log" 2>&1 &
  RESPONDER_PID=$!
  PIDS+=("$RESPONDER_PID")
  wait_for "$TMP/responder.log" '^ikecore-responder: ready$' 30 || {
    sed 's/^/  responder| /' "$TMP/responder.log"
    interop_fail "ikecore-responder did not start"
  }
}

# charon in $NS_R, in a mount namespace of its own (its pid file in /run would
# collide with the initiator's). `ip netns exec`, unshare and sh all exec, so
# $! is charon itself: the process whose /proc entries are read.
start_strongswan_responder() {
  rm -f "$TMP/resp.vici"
  ip netns exec "$NS_R" unshare -m --propagation private sh -c '
    mount -t tmpfs tmpfs /run || exit 90
    STRONGSWAN_CONF="$1" exec "$2"
  ' sh "$TMP/resp/strongswan.conf" "$CHARON" > "$TMP/resp/charon.stdout" 2>&1 &
  RESPONDER_PID=$!
  PIDS+=("$RESPONDER_PID")
  local _
  for _ in $(seq 1 100); do
    [ -S "$TMP/resp.vici" ] && break
    kill -0 "$RESPONDER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -S "$TMP/resp.vici" ] || { cat "$TMP/resp/charon.stdout"; interop_fail "the strongSwan responder did not start"; }
  swanctl_r --load-all --file "$TMP/resp/swanctl.conf" > "$TMP/resp/load.out" 2>&1 ||
    { cat "$TMP/resp/load.out"; interop_fail "swanctl --load-all failed on the strongSwan responder"; }
  [ "$(readlink "/proc/$RESPONDER_PID/exe")" = "$(readlink -f "$CHARON")" ] ||
    interop_fail "process $RESPONDER_PID is not charon; its figures would be wrong"
}

swanctl_r() {
  local command=$1
  shift
  STRONGSWAN_CONF="$TMP/resp/strongswan.conf" swanctl "$command" --uri "unix://$TMP/resp.vici" "$@"
}

# stop_pid PID: SIGTERM, then SIGKILL if it does not go; returns its status.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

# --- Measurement ---------------------------------------------------------------

# usage_of PID: "UTIME STIME VMRSS RSSANON" (clock ticks, KiB). The fields
# after the command name (in parentheses, could hold spaces): utime is the
# 14th field of the line, stime the 15th; both count every thread, live or
# gone. RssAnon is the part of VmRSS that is the process's own memory
# (heap, stacks) rather than pages of its binary and libraries touched for
# the first time.
usage_of() {
  local stat
  stat=$(< "/proc/$1/stat")
  stat=${stat##*) }
  awk -v stat="$stat" '
    /^VmRSS:/ { rss = $2 }
    /^RssAnon:/ { anon = $2 }
    END { split(stat, f, " "); print f[12], f[13], rss, anon }' "/proc/$1/status"
}

# open_sas [CHILD]: N `swanctl --initiate` (of CHILD, or of the IKE SA alone),
# PARALLEL at a time, so the responder sees a steady stream of handshakes
# rather than a burst; each worker initiates its share one after another.
# Prints how many calls failed.
open_sas() {
  local what=(--ike load) w workers=()
  [ -n "${1:-}" ] && what+=(--child "$1")
  rm -f "$TMP"/worker.*
  for w in $(seq 0 $((PARALLEL - 1))); do
    (
      failed=0
      for ((i = w; i < N; i += PARALLEL)); do
        STRONGSWAN_CONF="$TMP/strongswan.conf" swanctl --initiate --uri "unix://$TMP/charon.vici" \
          "${what[@]}" --timeout 30 --loglevel -1 > /dev/null 2>&1 || failed=$((failed + 1))
      done
      echo "$failed" > "$TMP/worker.$w"
    ) &
    workers+=($!)
  done
  wait "${workers[@]}"
  cat "$TMP"/worker.* | awk '{ s += $1 } END { print s + 0 }'
}

# count_sas TEXT: "IKE CHILD" for a swanctl --list-sas listing.
count_sas() {
  local ike child
  ike=$(grep -cE '^load: #[0-9]+, ESTABLISHED, IKEv2' <<< "$1")
  child=$(grep -cE '^  net: #[0-9]+, reqid [0-9]+, INSTALLED, ' <<< "$1")
  echo "$ike $child"
}

# measure NAME VARIANT: one responder (already started, $RESPONDER_PID), a
# fresh initiator, N SAs, the figures into $TMP/result.NAME.VARIANT as
# "cpu_ms/SA rss_kib/SA user_ms sys_ms rss_before rss_after anon_kib/SA seconds".
# The responder is read before it is asked for anything else (its SA table
# or --list-sas cost CPU too); the counts are checked afterwards.
measure() {
  local name=$1 variant=$2 child expect_child before after failed started seconds
  if [ "$variant" = child ]; then child=net; expect_child=$N; else child=; expect_child=0; fi
  start_charon
  swanctl_i --load-all --file "$TMP/swanctl/swanctl.conf" > "$TMP/swanctl.out" 2>&1 ||
    { cat "$TMP/swanctl.out"; interop_fail "swanctl --load-all failed on the initiator"; }
  sleep 1
  before=$(usage_of "$RESPONDER_PID")
  started=$(date +%s.%N)
  failed=$(open_sas "$child")
  seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  after=$(usage_of "$RESPONDER_PID")

  # Every SA must be up on both sides, else the figures mean nothing.
  local init_counts resp_counts ok=1
  init_counts=$(count_sas "$(swanctl_i --list-sas 2>&1)")
  if [ "$name" = ikecore ]; then
    local table
    table=$(responder_table)
    resp_counts=$(sed -n 's/^IKE SAs: \([0-9]*\), CHILD SAs installed: \([0-9]*\),.*/\1 \2/p' <<< "$table")
  else
    resp_counts=$(count_sas "$(swanctl_r --list-sas 2>&1)")
  fi
  echo "  $name, $variant: initiator holds ${init_counts% *} IKE SAs / ${init_counts#* } CHILD SAs," \
    "responder ${resp_counts% *} / ${resp_counts#* }; $failed of $N swanctl --initiate failed; $seconds s"
  [ "$init_counts" = "$N $expect_child" ] || ok=0
  [ "$resp_counts" = "$N $expect_child" ] || ok=0
  [ "$failed" = 0 ] || ok=0
  if [ $ok = 0 ]; then
    echo "FAIL: $name, $variant: expected $N IKE SAs and $expect_child CHILD SAs on both sides"
    BENCH_FAILED=1
  fi
  awk -v n="$N" -v b="$before" -v a="$after" -v s="$seconds" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    user = (y[1] - x[1]) * 1000 / hz; sys = (y[2] - x[2]) * 1000 / hz
    printf "%.3f %.2f %d %d %d %d %.2f %s\n", (user + sys) / n, (y[3] - x[3]) / n, user, sys, x[3], y[3],
      (y[4] - x[4]) / n, s
  }' > "$TMP/result.$name.$variant"

  # The initiator goes first and without a DELETE for each SA: the next
  # responder gets a fresh initiator with no history.
  kill -KILL "$CHARON_PID" 2>/dev/null
  wait "$CHARON_PID" 2>/dev/null
  rm -f "$TMP/charon.vici"
}

# --- The run -------------------------------------------------------------------

BENCH_FAILED=0
strongswan_version=$(dpkg-query -W -f='${Version}' strongswan-charon 2>/dev/null || echo unknown)
echo "headend load: N=$N, $PARALLEL initiations in flight, $IKE_PROPOSAL, ESP $ESP_PROPOSAL, PSK"
echo "  ikecore-responder: $RESPONDER"
echo "  strongSwan charon: $CHARON ($strongswan_version)"
echo "  machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

ip -n "$NS_I" addr add "${CLIENT_NET%.*/*}.1/32" dev lo
write_initiator_conf
write_ikecore_conf
write_strongswan_responder_conf

for variant in $VARIANTS; do
  case $variant in ike|child) ;; *) interop_fail "unknown variant '$variant' (ike, child)";; esac
  start_ikecore
  measure ikecore "$variant"
  # SIGTERM deletes every SA; with N of them it must still exit cleanly.
  stop_pid "$RESPONDER_PID"
  status=$?
  if [ "$status" != 0 ]; then
    echo "FAIL: ikecore-responder exited with status $status after the $variant variant"
    BENCH_FAILED=1
  fi

  start_strongswan_responder
  measure strongswan "$variant"
  stop_pid "$RESPONDER_PID"
done

echo
echo "per IKE SA, with all N open: CPU = utime+stime of the responder process, memory = VmRSS growth"
echo "(user/sys: the CPU total split; anon: the RssAnon part of the VmRSS growth)"
format='%-18s %-26s %9s %8s %8s %8s %9s %17s %7s\n'
printf "$format" variant responder "CPU ms/SA" "KiB/SA" "user ms" "sys ms" "anon KiB" "VmRSS KiB" "wall s"
for variant in $VARIANTS; do
  if [ "$variant" = child ]; then label="IKE SA + CHILD SA"; else label="IKE SA only"; fi
  for name in ikecore strongswan; do
    [ -s "$TMP/result.$name.$variant" ] || continue
    read -r cpu rss user sys rb ra anon secs < "$TMP/result.$name.$variant"
    if [ $name = ikecore ]; then who="ikecore-responder --quiet"; else who="strongSwan $strongswan_version"; fi
    printf "$format" "$label" "$who" "$cpu" "$rss" "$user" "$sys" "$anon" "$rb -> $ra" "$secs"
  done
  if [ -s "$TMP/result.ikecore.$variant" ] && [ -s "$TMP/result.strongswan.$variant" ]; then
    read -r c1 r1 _ < "$TMP/result.ikecore.$variant"
    read -r c2 r2 _ < "$TMP/result.strongswan.$variant"
    awk -v f="$format" -v l="$label" -v c1="$c1" -v c2="$c2" -v r1="$r1" -v r2="$r2" 'BEGIN {
      cr = "n/a"; rr = "n/a"
      if (c2 > 0) cr = sprintf("%.2f", c1 / c2)
      if (r2 > 0) rr = sprintf("%.2f", r1 / r2)
      printf f, l, "ratio ikecore/strongSwan", cr, rr, "", "", "", "", ""
    }'
  fi
done
echo "  machine: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
[ "$BENCH_FAILED" = 0 ] || { echo "FAIL: not every responder held all $N SAs (see above)"; exit 1; }
