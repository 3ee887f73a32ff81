#!/bin/sh
# demo.sh - the README's main job, run inside the emulated Loongson host as
# /disco/demo.sh once disco.ko is loaded: create a VM with the hello guest,
# start it with its console attached, show what the monitor counted, and
# destroy it.  The hello guest exits with 42: anything else fails the demo.
set -x
discoctl create demo --mem 64M --vcpus 1 --kernel /disco/guests/hello.elf || exit
discoctl list
discoctl start demo
rc=$?
discoctl stats demo
discoctl destroy demo
set +x
echo "demo: the guest exited with status $rc (the hello guest's is 42)"
[ "$rc" -eq 42 ]
