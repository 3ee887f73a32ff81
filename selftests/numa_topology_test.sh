#!/bin/sh
# numa_topology_test.sh - the emulated host's NUMA topology, as the NUMA
# tier needs it (TAP): the host kernel's own view must show two nodes with
# memory and CPUs, 8 CPUs online and a remote distance above the local
# one.  On a one-node host (the stock tier) it skips and says so.
N=/sys/devices/system/node
if [ ! -d $N/node1 ]; then
	echo "1..0 # SKIP one-node host: the NUMA tier (patched QEMU, -smp 8) runs this"
	exit 4
fi
echo "1..5"
n=0
fails=0
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n $1"; else echo "not ok $n $1"; fails=$((fails + 1)); fi
}
echo "# has_memory $(cat $N/has_memory), has_cpu $(cat $N/has_cpu), online CPUs $(cat /sys/devices/system/cpu/online)"
for d in $N/node[0-9]*; do
	echo "# ${d##*/}: cpus $(cat "$d/cpulist"), distance $(cat "$d/distance"), $(grep MemTotal "$d/meminfo" | awk '{print $4, $5}')"
done
check "two nodes have memory" '[ "$(cat $N/has_memory)" = 0-1 ]'
check "two nodes have CPUs" '[ "$(cat $N/has_cpu)" = 0-1 ]'
check "8 CPUs online" '[ "$(cat /sys/devices/system/cpu/online)" = 0-7 ]'
check "each node holds 4 CPUs" '[ "$(cat $N/node0/cpulist) $(cat $N/node1/cpulist)" = "0-3 4-7" ]'
check "remote distance above local" \
	'set -- $(cat $N/node0/distance); [ "$1" -lt "$2" ] && [ "$(cat $N/node1/distance)" = "$2 $1" ]'
[ "$fails" = 0 ]
