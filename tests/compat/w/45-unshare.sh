# what: unshare -r (a user namespace of its own)
# needs: unshare
# closed: namespaces: SYSCALLS.md keeps unshare, setns and clone's CLONE_NEW* flags blocked (a user namespace is the way into root-only kernel code)
unshare -r id -u
