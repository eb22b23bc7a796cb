# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_nsutils_global_optspecs
    string join \n l/list install-links= h/help V/version
end

function __fish_nsutils_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_nsutils_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_nsutils_using_subcommand
    set -l cmd (__fish_nsutils_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c nsutils -n "__fish_nsutils_needs_command" -l install-links -d 'create a symbolic link to this binary in dir for each tool' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_needs_command" -s l -l list -d 'list the tools'
complete -c nsutils -n "__fish_nsutils_needs_command" -s h -l help -d 'display this help'
complete -c nsutils -n "__fish_nsutils_needs_command" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "unshare" -d 'run program in new namespaces'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "nsenter" -d 'run program in different namespaces'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "lsns" -d 'list namespaces'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "chroot" -d 'run command or interactive shell with special root directory'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "hostname" -d 'show or set the system\'s host name'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "domainname" -d 'show or set the system\'s host name'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "nisdomainname" -d 'show or set the system\'s host name'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "ypdomainname" -d 'show or set the system\'s host name'
complete -c nsutils -n "__fish_nsutils_needs_command" -f -a "dnsdomainname" -d 'show or set the system\'s host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s m -l mount -d 'unshare mounts namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s u -l uts -d 'unshare UTS namespace (hostname etc)' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s i -l ipc -d 'unshare System V IPC namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s n -l net -d 'unshare network namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s p -l pid -d 'unshare pid namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s U -l user -d 'unshare user namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s C -l cgroup -d 'unshare cgroup namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s T -l time -d 'unshare time namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l kill-child -d 'when dying, kill the forked child (implies --fork)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l mount-proc -d 'mount proc filesystem first (implies --mount)' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l mount-binfmt -d 'mount binfmt_misc first (implies --mount and --user)' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l map-user -d 'map current user to uid (implies --user)' -r -f -a "(__fish_complete_users)"
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l map-users -d 'map count users from outeruid to inneruid (implies --user)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l map-group -d 'map current group to gid (implies --user)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l map-groups -d 'map count groups from outergid to innergid (implies --user)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l owner -d 'create the user namespace as uid:gid (implies --user)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l propagation -d 'modify mount propagation in mount namespace' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l setgroups -d 'control the setgroups syscall in user namespaces' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s S -l setuid -d 'set uid in entered namespace' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s G -l setgid -d 'set gid in entered namespace' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s R -l root -d 'run the command with root directory set to <dir>' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s w -l wd -d 'change working directory to <dir>' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l monotonic -d 'set clock monotonic offset (seconds) in time namespaces' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l boottime -d 'set clock boottime offset (seconds) in time namespaces' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s l -l load-interp -d 'load binfmt definition in the namespace (implies --mount-binfmt)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l whitelist-env -d 'keep only these comma-separated environment variables' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s h -l help -d 'display this help'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s f -l fork -d 'fork before launching <program>'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l forward-signals -d 'forward SIGTERM and SIGINT to the child (implies --fork)'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s r -l map-root-user -d 'map current user to root (implies --user)'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -s c -l map-current-user -d 'map current user to itself (implies --user)'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l map-auto -d 'map users and groups automatically (implies --user)'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l map-subids -d 'map users and groups using subids (implies --user)'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand unshare" -l clear-env -d 'clear the environment'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s t -l target -d 'target process to get namespaces from (PID or PID:INODE)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s m -l mount -d 'enter mount namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s u -l uts -d 'enter UTS namespace (hostname etc)' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s i -l ipc -d 'enter System V IPC namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s n -l net -d 'enter network namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s N -l net-socket -d 'enter socket\'s network namespace (use with --target)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s p -l pid -d 'enter pid namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s U -l user -d 'enter user namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s C -l cgroup -d 'enter cgroup namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s T -l time -d 'enter time namespace' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s S -l setuid -d 'set uid in entered namespace (a number or \'follow\')' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s G -l setgid -d 'set gid in entered namespace (a number or \'follow\')' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s r -l root -d 'set the root directory' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s w -l wd -d 'set the working directory' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s W -d 'set the working directory in namespace (default: the target\'s, by path)' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -l wdns -d 'set the working directory in namespace (default: the target\'s, by path)' -r -f -a "(__fish_complete_directories)"
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s a -l all -d 'enter all namespaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s h -l help -d 'display this help'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s e -l env -d 'inherit environment variables from target process'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s F -l no-fork -d 'do not fork before exec\'ing <program>'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s c -l join-cgroup -d 'join the cgroup of the target process'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -l preserve-credentials -d 'do not touch uids or gids'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -l keep-caps -d 'retain capabilities granted in user namespaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -l user-parent -d 'enter parent user namespace'
complete -c nsutils -n "__fish_nsutils_using_subcommand nsenter" -s Z -l follow-context -d 'set SELinux context according to --target PID'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s p -l task -d 'print process namespaces' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s o -l output -d 'define which output columns to use' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s t -l type -d 'namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s T -l tree -d 'use tree format (parent, owner, or process)' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s Q -l filter -d 'apply display filter' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s J -l json -d 'use JSON output format'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s P -l persistent -d 'namespaces without processes'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s h -l help -d 'display this help'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -l output-all -d 'output all columns'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s u -l notruncate -d 'don\'t truncate text in columns'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s n -l noheadings -d 'don\'t print headings'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s W -l nowrap -d 'don\'t use multi-line representation'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s l -l list -d 'use list format output'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s r -l raw -d 'use the raw output format'
complete -c nsutils -n "__fish_nsutils_using_subcommand lsns" -s H -l list-columns -d 'list the available columns'
complete -c nsutils -n "__fish_nsutils_using_subcommand chroot" -l groups -d 'specify supplementary groups as g1,g2,..,gN' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand chroot" -l userspec -d 'specify user and group (ID or name) to use' -r -f
complete -c nsutils -n "__fish_nsutils_using_subcommand chroot" -l skip-chdir -d 'do not change working directory to \'/\''
complete -c nsutils -n "__fish_nsutils_using_subcommand chroot" -l help -d 'display this help and exit'
complete -c nsutils -n "__fish_nsutils_using_subcommand chroot" -l version -d 'output version information and exit'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s F -l file -d 'read the host name or NIS domain name from file' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s d -l domain -d 'display the DNS domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s b -l boot -d 'with --file: keep the current name, or set localhost, if the file is empty or missing'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s f -l fqdn -d 'display the long host name (FQDN)'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s A -l all-fqdns -d 'display the FQDNs of all the host\'s addresses'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s h -l help -d 'display this help and exit 255'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -l long -d 'same as --fqdn'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s s -l short -d 'display the host name cut at the first dot'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s a -l alias -d 'display the alias names of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s i -l ip-address -d 'display the addresses of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s I -l all-ip-addresses -d 'display all addresses of all up interfaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s y -l yp -d 'display or set the NIS/YP domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -l nis -d 'same as --yp'
complete -c nsutils -n "__fish_nsutils_using_subcommand hostname" -s ? -d 'same as --help'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s F -l file -d 'read the host name or NIS domain name from file' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s d -l domain -d 'display the DNS domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s b -l boot -d 'with --file: keep the current name, or set localhost, if the file is empty or missing'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s f -l fqdn -d 'display the long host name (FQDN)'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s A -l all-fqdns -d 'display the FQDNs of all the host\'s addresses'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s h -l help -d 'display this help and exit 255'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -l long -d 'same as --fqdn'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s s -l short -d 'display the host name cut at the first dot'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s a -l alias -d 'display the alias names of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s i -l ip-address -d 'display the addresses of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s I -l all-ip-addresses -d 'display all addresses of all up interfaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s y -l yp -d 'display or set the NIS/YP domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -l nis -d 'same as --yp'
complete -c nsutils -n "__fish_nsutils_using_subcommand domainname" -s ? -d 'same as --help'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s F -l file -d 'read the host name or NIS domain name from file' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s d -l domain -d 'display the DNS domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s b -l boot -d 'with --file: keep the current name, or set localhost, if the file is empty or missing'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s f -l fqdn -d 'display the long host name (FQDN)'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s A -l all-fqdns -d 'display the FQDNs of all the host\'s addresses'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s h -l help -d 'display this help and exit 255'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -l long -d 'same as --fqdn'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s s -l short -d 'display the host name cut at the first dot'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s a -l alias -d 'display the alias names of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s i -l ip-address -d 'display the addresses of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s I -l all-ip-addresses -d 'display all addresses of all up interfaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s y -l yp -d 'display or set the NIS/YP domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -l nis -d 'same as --yp'
complete -c nsutils -n "__fish_nsutils_using_subcommand nisdomainname" -s ? -d 'same as --help'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s F -l file -d 'read the host name or NIS domain name from file' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s d -l domain -d 'display the DNS domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s b -l boot -d 'with --file: keep the current name, or set localhost, if the file is empty or missing'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s f -l fqdn -d 'display the long host name (FQDN)'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s A -l all-fqdns -d 'display the FQDNs of all the host\'s addresses'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s h -l help -d 'display this help and exit 255'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -l long -d 'same as --fqdn'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s s -l short -d 'display the host name cut at the first dot'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s a -l alias -d 'display the alias names of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s i -l ip-address -d 'display the addresses of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s I -l all-ip-addresses -d 'display all addresses of all up interfaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s y -l yp -d 'display or set the NIS/YP domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -l nis -d 'same as --yp'
complete -c nsutils -n "__fish_nsutils_using_subcommand ypdomainname" -s ? -d 'same as --help'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s F -l file -d 'read the host name or NIS domain name from file' -r -F
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s d -l domain -d 'display the DNS domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s b -l boot -d 'with --file: keep the current name, or set localhost, if the file is empty or missing'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s f -l fqdn -d 'display the long host name (FQDN)'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s A -l all-fqdns -d 'display the FQDNs of all the host\'s addresses'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s h -l help -d 'display this help and exit 255'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -l long -d 'same as --fqdn'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s s -l short -d 'display the host name cut at the first dot'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s V -l version -d 'display version'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s a -l alias -d 'display the alias names of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s i -l ip-address -d 'display the addresses of the host name'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s I -l all-ip-addresses -d 'display all addresses of all up interfaces'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s y -l yp -d 'display or set the NIS/YP domain name'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -l nis -d 'same as --yp'
complete -c nsutils -n "__fish_nsutils_using_subcommand dnsdomainname" -s ? -d 'same as --help'
