# bash completion for alfabravo(1): options, their values, and voices/devices asked from the running daemon.
_alfabravo() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}

  local IFS=$'\n'
  case $prev in
    -m | --mode)
      COMPREPLY=($(compgen -W $'spell\nurl\npassword' -- "$cur"))
      return ;;
    --case)
      COMPREPLY=($(compgen -W $'capitals\nall\nnone' -- "$cur"))
      return ;;
    --digits)
      COMPREPLY=($(compgen -W $'plain\nicao' -- "$cur"))
      return ;;
    -f | --format)
      COMPREPLY=($(compgen -W $'wav\nwav8k\nwav16k\nwav22k\nwav48k\nulaw\nalaw' -- "$cur"))
      return ;;
    -v | --voice)
      # First word of each line of `alfabravo --voices` (nothing when the daemon is not running).
      COMPREPLY=($(compgen -W "$(alfabravo --voices 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
      return ;;
    -d | --device)
      # Device names may contain spaces: one per line, quoted for the command line.
      local device
      COMPREPLY=()
      while IFS= read -r device; do
        [[ $device == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$device")")
      done < <(alfabravo --devices 2>/dev/null | sed 's/  .*//')
      return ;;
    --render | -s | --socket)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    -g | --group | -r | --rate | --cancel | --from-group | --groups)
      return ;;
  esac

  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W $'--clipboard\n--password\n--show\n--mode\n--case\n--digits\n--group\n--voice\n--device\n--rate\n--no-wait\n--interactive\n--no-interactive\n--events\n--socket\n--print\n--render\n--format\n--stop\n--cancel\n--status\n--devices\n--voices\n--pause\n--resume\n--toggle-pause\n--back\n--skip\n--groups\n--repeat\n--from-group\n--slower\n--check\n--speak-result\n--forget\n--version\n--help' -- "$cur"))
  fi
}
complete -F _alfabravo alfabravo
