complete -c lsns -s p -l task -d 'print process namespaces' -r -f
complete -c lsns -s o -l output -d 'define which output columns to use' -r -f
complete -c lsns -s t -l type -d 'namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)' -r -f
complete -c lsns -s T -l tree -d 'use tree format (parent, owner, or process)' -r -f
complete -c lsns -s Q -l filter -d 'apply display filter' -r -f
complete -c lsns -s J -l json -d 'use JSON output format'
complete -c lsns -s P -l persistent -d 'namespaces without processes'
complete -c lsns -s h -l help -d 'display this help'
complete -c lsns -l output-all -d 'output all columns'
complete -c lsns -s u -l notruncate -d 'don\'t truncate text in columns'
complete -c lsns -s V -l version -d 'display version'
complete -c lsns -s n -l noheadings -d 'don\'t print headings'
complete -c lsns -s W -l nowrap -d 'don\'t use multi-line representation'
complete -c lsns -s l -l list -d 'use list format output'
complete -c lsns -s r -l raw -d 'use the raw output format'
complete -c lsns -s H -l list-columns -d 'list the available columns'
