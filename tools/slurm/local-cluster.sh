#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the integration test and for trying `repmlp train
# --slurm`, `repmlp sweep --slurm` and `repmlp test --slurm` (docs/slurm.md). Debian's slurm-wlm and
# munge (installed with apt-get when missing); slurmctld and slurmd on this host, started directly
# (no systemd), as root. Idempotent: `start` on a running cluster only checks it.
#   sudo tools/slurm/local-cluster.sh start|stop|status
# Exit status: 0 done / up; 1 an error (the message says which step); 3 (`status`) not up.
# It writes /etc/slurm/slurm.conf (marked as its own: a slurm.conf it did not write is never
# replaced), keeps state in /var/lib/slurm and logs in /var/log/slurm.
set -euo pipefail

conf=/etc/slurm/slurm.conf
marker="# written by RepMLP Workbench tools/slurm/local-cluster.sh"
ctld_pid=/run/slurmctld.pid
slurmd_pid=/run/slurmd.pid
munge_pid=/run/munge/munged.pid
logs=/var/log/slurm
state=/var/lib/slurm

die() {
  echo "local-cluster: $*" >&2
  exit 1
}

need_root() {
  [[ $(id -u) == 0 ]] || die "must run as root (it installs packages and starts slurmctld, slurmd and munged); try: sudo $0 $1"
}

# a process from a pid file that is still that program
alive() { # pidfile name
  local pid
  [[ -f $1 ]] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ -n $pid && -d /proc/$pid ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]]
}

install_packages() {
  local missing=()
  command -v slurmctld >/dev/null 2>&1 || missing+=(slurm-wlm)
  command -v munged >/dev/null 2>&1 || missing+=(munge)
  if ((${#missing[@]})); then
    echo "local-cluster: installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
      die "apt-get install ${missing[*]} failed"
  fi
}

start_munge() {
  if alive "$munge_pid" munged; then
    return
  fi
  # the key: kept when the package (or an admin) made one, else 1024 random bytes
  if [[ ! -s /etc/munge/munge.key ]]; then
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
  # munged refuses to run as root: run it as the munge user
  runuser -u munge -- /usr/sbin/munged || die "munged did not start (see /var/log/munge/munged.log)"
  for _ in $(seq 50); do
    alive "$munge_pid" munged && return
    sleep 0.1
  done
  die "munged did not start (see /var/log/munge/munged.log)"
}

write_conf() {
  if [[ -f $conf ]] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script; this machine already has a Slurm setup, use it (or move $conf away)"
  fi
  local host cpus mem_mb
  host=$(hostname -s)
  cpus=$(nproc --all)
  # leave 10% of the memory to the system so that --mem requests fit what is there
  mem_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  install -d -m 0755 /etc/slurm "$logs" "$state/slurmctld" "$state/slurmd"
  local tmp=$conf.tmp
  cat >"$tmp" <<EOF
$marker
# A one-node cluster for tests; a real cluster's slurm.conf comes from its admins.
ClusterName=repmlp-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/slurmctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$ctld_pid
SlurmdPidFile=$slurmd_pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
# no cgroups in a container: track processes by /proc, no task affinity
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# no slurmdbd: sacct has no data; job states come from squeue/scontrol and the run directories
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
# finished jobs stay visible to squeue/scontrol for 10 minutes
MinJobAge=600
# a job without --mem gets its share of memory per CPU, not the whole node
DefMemPerCPU=$((mem_mb / cpus))
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  if ! cmp -s "$tmp" "$conf"; then
    mv "$tmp" "$conf"
    # a running cluster rereads it
    if alive "$ctld_pid" slurmctld; then
      timeout 10 scontrol reconfigure || die "scontrol reconfigure failed; try: $0 stop; $0 start"
    fi
  else
    rm -f "$tmp"
  fi
}

wait_for_node() {
  local host state_
  host=$(hostname -s)
  for _ in $(seq 150); do
    state_=$(timeout 5 sinfo -h -n "$host" -o %T 2>/dev/null | head -1 || true)
    case "$state_" in
    idle* | mixed* | allocated*) return 0 ;;
    down* | drain*) timeout 5 scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  die "the node did not become ready (state: ${state_:-none}); see $logs/slurmctld.log and $logs/slurmd.log"
}

start() {
  need_root start
  install_packages
  start_munge
  write_conf
  if ! alive "$ctld_pid" slurmctld; then
    # -i: ignore state the last run left that no longer matches (a new node size, say)
    /usr/sbin/slurmctld -i || die "slurmctld did not start (see $logs/slurmctld.log)"
  fi
  if ! alive "$slurmd_pid" slurmd; then
    /usr/sbin/slurmd || die "slurmd did not start (see $logs/slurmd.log)"
  fi
  wait_for_node
  status
}

stop_one() { # pidfile name
  local pid
  if alive "$1" "$2"; then
    pid=$(cat "$1")
    kill "$pid"
    for _ in $(seq 100); do
      [[ -d /proc/$pid ]] || break
      sleep 0.1
    done
    [[ -d /proc/$pid ]] && kill -9 "$pid"
    echo "local-cluster: stopped $2 ($pid)"
  fi
}

stop() {
  need_root stop
  stop_one "$slurmd_pid" slurmd
  stop_one "$ctld_pid" slurmctld
  stop_one "$munge_pid" munged
  echo "local-cluster: down"
}

status() {
  local up=1
  if alive "$munge_pid" munged; then echo "munged:    running (pid $(cat $munge_pid))"; else echo "munged:    not running"; up=0; fi
  if alive "$ctld_pid" slurmctld; then echo "slurmctld: running (pid $(cat $ctld_pid))"; else echo "slurmctld: not running"; up=0; fi
  if alive "$slurmd_pid" slurmd; then echo "slurmd:    running (pid $(cat $slurmd_pid))"; else echo "slurmd:    not running"; up=0; fi
  if ((up)); then
    local nodes
    nodes=$(timeout 5 sinfo -h -o '%P %a %D %T %c cpus %m MB' 2>&1) || up=0
    echo "partition: ${nodes:-none}"
    [[ $nodes == *idle* || $nodes == *mixed* || $nodes == *allocated* ]] || up=0
  fi
  if ((up)); then
    echo "local-cluster: up"
    return 0
  fi
  echo "local-cluster: down (start it with: sudo $0 start)"
  return 3
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
