complete -c nsenter -s t -l target -d 'target process to get namespaces from (PID or PID:INODE)' -r -f
complete -c nsenter -s m -l mount -d 'enter mount namespace' -r -F
complete -c nsenter -s u -l uts -d 'enter UTS namespace (hostname etc)' -r -F
complete -c nsenter -s i -l ipc -d 'enter System V IPC namespace' -r -F
complete -c nsenter -s n -l net -d 'enter network namespace' -r -F
complete -c nsenter -s N -l net-socket -d 'enter socket\'s network namespace (use with --target)' -r -f
complete -c nsenter -s p -l pid -d 'enter pid namespace' -r -F
complete -c nsenter -s U -l user -d 'enter user namespace' -r -F
complete -c nsenter -s C -l cgroup -d 'enter cgroup namespace' -r -F
complete -c nsenter -s T -l time -d 'enter time namespace' -r -F
complete -c nsenter -s S -l setuid -d 'set uid in entered namespace (a number or \'follow\')' -r -f
complete -c nsenter -s G -l setgid -d 'set gid in entered namespace (a number or \'follow\')' -r -f
complete -c nsenter -s r -l root -d 'set the root directory' -r -f -a "(__fish_complete_directories)"
complete -c nsenter -s w -l wd -d 'set the working directory' -r -f -a "(__fish_complete_directories)"
complete -c nsenter -s W -d 'set the working directory in namespace (default: the target\'s, by path)' -r -f -a "(__fish_complete_directories)"
complete -c nsenter -l wdns -d 'set the working directory in namespace (default: the target\'s, by path)' -r -f -a "(__fish_complete_directories)"
complete -c nsenter -s a -l all -d 'enter all namespaces'
complete -c nsenter -s h -l help -d 'display this help'
complete -c nsenter -s V -l version -d 'display version'
complete -c nsenter -s e -l env -d 'inherit environment variables from target process'
complete -c nsenter -s F -l no-fork -d 'do not fork before exec\'ing <program>'
complete -c nsenter -s c -l join-cgroup -d 'join the cgroup of the target process'
complete -c nsenter -l preserve-credentials -d 'do not touch uids or gids'
complete -c nsenter -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c nsenter -l user-parent -d 'enter parent user namespace'
complete -c nsenter -s Z -l follow-context -d 'set SELinux context according to --target PID'
