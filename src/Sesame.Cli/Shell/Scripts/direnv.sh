# Sesame's direnv library, from `sesame shell init direnv`: adds `use sesame PROFILE` to .envrc.
# In ~/.config/direnv/direnvrc:
#   eval "$(sesame shell init direnv)"
# (or save it once: sesame shell init direnv > ~/.config/direnv/lib/sesame.sh)
#
# `use sesame PROFILE` exports AWS_PROFILE=PROFILE (programs then get fresh credentials through
# their SDK, e.g. with credential_process = sesame credential-process ...), drops credentials that
# 'sesame export' put in the environment (they would win over the profile), and prints one line
# when the profile's next use will ask for an MFA code or a sign-in. It never prompts: direnv runs
# it on every directory change, and 'sesame status' only reads caches.
use_sesame() {
  local profile=${1-} line code
  if [[ -z $profile ]]; then
    log_error "use sesame: name a profile (use sesame PROFILE)"
    return 1
  fi
  if [[ -n ${SESAME_EXPORTED-} ]]; then
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION AWS_REGION AWS_DEFAULT_REGION SESAME_EXPORTED
  fi
  export AWS_PROFILE=$profile
  line=$(sesame status "$profile" 2>&1)
  code=$?
  case $code in
    0 | 10 | 11) ;;
    12) log_status "sesame: '$profile' will ask for an MFA code on its next use (sesame exec $profile -- true asks now)" ;;
    13) log_status "sesame: '$profile' needs an IAM Identity Center sign-in: sesame sso login --profile $profile" ;;
    17) log_status "sesame: '$profile' needs a SAML sign-in: sesame saml login $profile" ;;
    *) log_error "${line%%$'\n'*}" ;;
  esac
  return 0
}
