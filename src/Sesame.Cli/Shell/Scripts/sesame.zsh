# Sesame's shell integration for zsh, from `sesame shell init zsh`. In ~/.zshrc, after compinit:
#   eval "$(sesame shell init zsh)"
#
#   sesame use PROFILE [--login]  set AWS_PROFILE in this shell; --login also signs in when needed
#   sesame use                    pick a profile from a filtering list
#   sesame use --off              leave the profile (and the credentials 'sesame export' put here)
#   sesame_prompt [-v VAR]        print "PROFILE 42m" (the profile and the time its credentials
#                                 have left), or store it in VAR; starts no process
#   TAB                           commands, options, profile and sso-session names, formats
# Every other 'sesame ...' runs the program unchanged. Details: docs/shell.md.

# $EPOCHSECONDS for the prompt (a module of zsh itself, loaded once; no process).
zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null

sesame() {
  if [[ ${1-} == use ]]; then
    shift
    local __sesame_code
    __sesame_code=$(command sesame shell use --shell zsh "$@") || return
    eval "$__sesame_code"
  else
    command sesame "$@"
  fi
}

# Run by 'sesame use PROFILE --login' after the switch. 'sesame status' only reads caches (never
# prompts); its exit code says what the next use of the profile would need.
__sesame_login() {
  command sesame status "$1" >/dev/null 2>&1
  case $? in
    13) command sesame sso login --profile "$1" ;;
    17) command sesame saml login "$1" ;;
    *) return 0 ;;
  esac
}

sesame_prompt() {
  emulate -L zsh
  local __sesame_var= __sesame_text= __sesame_profile= __sesame_expiry= __sesame_file= __sesame_now __sesame_left
  if [[ ${1-} == -v ]]; then
    __sesame_var=${2:?sesame_prompt: -v needs a variable name}
  fi

  if [[ -n ${AWS_ACCESS_KEY_ID-} && -n ${SESAME_EXPORTED-}${SESAME_PROFILE-} ]]; then
    # Credentials in the environment from 'sesame export' or 'sesame exec' win over AWS_PROFILE.
    __sesame_profile=${SESAME_EXPORTED:-$SESAME_PROFILE}
    [[ -n ${AWS_CREDENTIAL_EXPIRATION-} ]] && __sesame_iso_to_epoch "$AWS_CREDENTIAL_EXPIRATION" __sesame_expiry
  elif [[ -n ${AWS_PROFILE-} ]]; then
    __sesame_profile=$AWS_PROFILE
    # The expiry Sesame recorded when it last cached a session for the profile (file-safe names only).
    if [[ $__sesame_profile != .* && $__sesame_profile != *[^A-Za-z0-9._@+=,-]* ]]; then
      if [[ -n ${XDG_RUNTIME_DIR-} ]]; then
        __sesame_file=$XDG_RUNTIME_DIR/sesame/prompt/$__sesame_profile
      else
        __sesame_file=${XDG_CACHE_HOME:-$HOME/.cache}/sesame/prompt/$__sesame_profile
      fi
      [[ -r $__sesame_file ]] && read -r __sesame_expiry 2>/dev/null <"$__sesame_file"
      [[ $__sesame_expiry == <-> ]] || __sesame_expiry=
    fi
  fi

  if [[ -n $__sesame_profile ]]; then
    __sesame_text=$__sesame_profile
    if [[ -n $__sesame_expiry && -n ${EPOCHSECONDS-} ]]; then
      __sesame_left=$((__sesame_expiry - EPOCHSECONDS))
      if ((__sesame_left <= 0)); then
        __sesame_text+=" expired"
      elif ((__sesame_left >= 3600)); then
        printf -v __sesame_text '%s %dh%02dm' "$__sesame_text" $((__sesame_left / 3600)) $((__sesame_left % 3600 / 60))
      elif ((__sesame_left >= 60)); then
        __sesame_text+=" $((__sesame_left / 60))m"
      else
        __sesame_text+=" <1m"
      fi
    fi
  fi

  if [[ -n $__sesame_var ]]; then
    typeset -g "$__sesame_var=$__sesame_text"
  elif [[ -n $__sesame_text ]]; then
    print -r -- "$__sesame_text"
  fi
}

# 2026-11-22T04:52:46Z (as STS and 'sesame export' write it) to Unix seconds, in shell arithmetic
# (days from the civil date, H. Hinnant's algorithm), stored in the variable named by $2.
__sesame_iso_to_epoch() {
  emulate -L zsh
  local __sesame_re='^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|\+00:?00)$'
  [[ $1 =~ $__sesame_re ]] || return 1
  local -i y=10#$match[1] m=10#$match[2] d=10#$match[3] era yoe doy doe
  ((y -= m <= 2, era = y / 400, yoe = y - era * 400,
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1,
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy))
  : ${(P)2::=$(( (era * 146097 + doe - 719468) * 86400 + 10#$match[4] * 3600 + 10#$match[5] * 60 + 10#$match[6] ))}
}

_sesame() {
  local -a __sesame_lines __sesame_described
  local __sesame_line __sesame_value __sesame_dash=${words[(i)--]}
  # After '--' the words are a command of its own: complete it as that command.
  if ((__sesame_dash < CURRENT)); then
    shift $__sesame_dash words
    ((CURRENT -= __sesame_dash))
    _normal
    return
  fi
  # One candidate a line, "VALUE<TAB>DESCRIPTION".
  __sesame_lines=("${(@f)$(command sesame shell complete --shell zsh -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for __sesame_line in "${__sesame_lines[@]}"; do
    [[ -n $__sesame_line ]] || continue
    __sesame_value=${__sesame_line%%$'\t'*}
    __sesame_value=${__sesame_value//:/\\:}
    if [[ $__sesame_line == *$'\t'?* ]]; then
      __sesame_described+=("$__sesame_value:${__sesame_line#*$'\t'}")
    else
      __sesame_described+=("$__sesame_value")
    fi
  done
  ((${#__sesame_described})) && _describe -t sesame sesame __sesame_described
}
if (($+functions[compdef])); then
  compdef _sesame sesame
fi
