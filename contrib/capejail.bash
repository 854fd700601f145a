# bash completion for capejail(1)
_capejail()
{
	local cur prev i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	# After the program, complete the program's own arguments as files.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			COMPREPLY=($(compgen -c -- "$cur"))
			[[ $i -lt $((COMP_CWORD - 1)) ]] && COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi
	done
	case $prev in
	-r | --root | -d | --chdir | -w | --workdir | --bind | --ro-bind | --ro-bind-try | --mkroot)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--policy)
		# A shipped policy by name, or a file.
		COMPREPLY=($(compgen -W "server build" -- "$cur") $(compgen -f -- "$cur"))
		return
		;;
	--report | --learn-out | --mkroot-add)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	--print-policy)
		COMPREPLY=($(compgen -W "markdown list oci" -- "$cur"))
		return
		;;
	--mkroot-from)
		COMPREPLY=($(compgen -W "host debootstrap" -- "$cur"))
		return
		;;
	--on-blocked)
		COMPREPLY=($(compgen -W "kill errno" -- "$cur"))
		return
		;;
	--rootless-ids)
		COMPREPLY=($(compgen -W "auto caller subordinate" -- "$cur"))
		return
		;;
	--rlimit)
		COMPREPLY=($(compgen -W "nofile= fsize= nproc= core= stack= as= memlock= cpu= data= sigpending= msgqueue=" -- "$cur"))
		return
		;;
	-u | --user | -e | --env | --allow | --block | --blocked-errno | --memory | --pids | \
		--cpus | --cpu-time | --time-limit | --tmpfs | --tmp-size | --mkroot-suite | \
		--mkroot-mirror | --mkroot-include)
		return
		;;
	esac
	COMPREPLY=($(compgen -W "--root --user --chdir --env --bind --ro-bind --ro-bind-try --tmpfs --workdir --hostname
		--no-network --share-net --rootless-ids --insecure --allow --block --policy --blocked-errno
		--on-blocked --print-policy --memory --pids --cpus --cpu-time --time-limit
		--rlimit --tmp-size --report --timings --learn --learn=all --learn-out --kill-after --mkroot
		--mkroot-from --mkroot-add --mkroot-suite --mkroot-mirror --mkroot-include --quiet
		--verbose --help --version --" -- "$cur"))
}
complete -F _capejail capejail
