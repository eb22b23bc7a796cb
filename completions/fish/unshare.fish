complete -c unshare -s m -l mount -d 'unshare mounts namespace' -r -F
complete -c unshare -s u -l uts -d 'unshare UTS namespace (hostname etc)' -r -F
complete -c unshare -s i -l ipc -d 'unshare System V IPC namespace' -r -F
complete -c unshare -s n -l net -d 'unshare network namespace' -r -F
complete -c unshare -s p -l pid -d 'unshare pid namespace' -r -F
complete -c unshare -s U -l user -d 'unshare user namespace' -r -F
complete -c unshare -s C -l cgroup -d 'unshare cgroup namespace' -r -F
complete -c unshare -s T -l time -d 'unshare time namespace' -r -F
complete -c unshare -l kill-child -d 'when dying, kill the forked child (implies --fork)' -r -f
complete -c unshare -l mount-proc -d 'mount proc filesystem first (implies --mount)' -r -f -a "(__fish_complete_directories)"
complete -c unshare -l mount-binfmt -d 'mount binfmt_misc first (implies --mount and --user)' -r -f -a "(__fish_complete_directories)"
complete -c unshare -l map-user -d 'map current user to uid (implies --user)' -r -f -a "(__fish_complete_users)"
complete -c unshare -l map-users -d 'map count users from outeruid to inneruid (implies --user)' -r -f
complete -c unshare -l map-group -d 'map current group to gid (implies --user)' -r -f
complete -c unshare -l map-groups -d 'map count groups from outergid to innergid (implies --user)' -r -f
complete -c unshare -l owner -d 'create the user namespace as uid:gid (implies --user)' -r -f
complete -c unshare -l propagation -d 'modify mount propagation in mount namespace' -r -f
complete -c unshare -l setgroups -d 'control the setgroups syscall in user namespaces' -r -f
complete -c unshare -s S -l setuid -d 'set uid in entered namespace' -r -f
complete -c unshare -s G -l setgid -d 'set gid in entered namespace' -r -f
complete -c unshare -s R -l root -d 'run the command with root directory set to <dir>' -r -f -a "(__fish_complete_directories)"
complete -c unshare -s w -l wd -d 'change working directory to <dir>' -r -f -a "(__fish_complete_directories)"
complete -c unshare -l monotonic -d 'set clock monotonic offset (seconds) in time namespaces' -r -f
complete -c unshare -l boottime -d 'set clock boottime offset (seconds) in time namespaces' -r -f
complete -c unshare -s l -l load-interp -d 'load binfmt definition in the namespace (implies --mount-binfmt)' -r -f
complete -c unshare -l whitelist-env -d 'keep only these comma-separated environment variables' -r -f
complete -c unshare -s h -l help -d 'display this help'
complete -c unshare -s V -l version -d 'display version'
complete -c unshare -s f -l fork -d 'fork before launching <program>'
complete -c unshare -l forward-signals -d 'forward SIGTERM and SIGINT to the child (implies --fork)'
complete -c unshare -s r -l map-root-user -d 'map current user to root (implies --user)'
complete -c unshare -s c -l map-current-user -d 'map current user to itself (implies --user)'
complete -c unshare -l map-auto -d 'map users and groups automatically (implies --user)'
complete -c unshare -l map-subids -d 'map users and groups using subids (implies --user)'
complete -c unshare -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c unshare -l clear-env -d 'clear the environment'
