# Sesame's shell integration for fish (>= 3.5), from `sesame shell init fish`. In
# ~/.config/fish/config.fish:
#   sesame shell init fish | source
#
#   sesame use PROFILE [--login]  set AWS_PROFILE in this shell; --login also signs in when needed
#   sesame use                    pick a profile from a filtering list
#   sesame use --off              leave the profile (and the credentials 'sesame export' put here)
#   sesame_prompt [-v VAR]        print "PROFILE 42m" (the profile and the time its credentials
#                                 have left), or store it in the global VAR; starts no process
#   TAB                           commands, options, profile and sso-session names, formats
# Every other 'sesame ...' runs the program unchanged. Details: docs/shell.md.

function sesame --description 'AWS credentials; "sesame use" changes this shell'
    if test "$argv[1]" = use
        # A pipe into read, not a command substitution: fish sends a substitution's errors to the
        # terminal even when the caller redirects them.
        command sesame shell use --shell fish $argv[2..-1] | read -lz code
        set -l code_status $pipestatus[1]
        test $code_status -eq 0; or return $code_status
        printf '%s' $code | source
    else
        command sesame $argv
    end
end

# Run by 'sesame use PROFILE --login' after the switch. 'sesame status' only reads caches (never
# prompts); its exit code says what the next use of the profile would need.
function __sesame_login
    command sesame status $argv[1] >/dev/null 2>&1
    switch $status
        case 13
            command sesame sso login --profile $argv[1]
        case 17
            command sesame saml login $argv[1]
        case '*'
            return 0
    end
end

function sesame_prompt --description 'Print the AWS profile in use and the time its credentials have left'
    set -l var
    if test "$argv[1]" = -v
        set var $argv[2]
    end
    set -l profile
    set -l expiry
    if test -n "$AWS_ACCESS_KEY_ID" -a -n "$SESAME_EXPORTED$SESAME_PROFILE"
        # Credentials in the environment from 'sesame export' or 'sesame exec' win over AWS_PROFILE.
        set profile $SESAME_EXPORTED
        test -n "$profile"; or set profile $SESAME_PROFILE
        if test -n "$AWS_CREDENTIAL_EXPIRATION"
            set expiry (__sesame_iso_to_epoch $AWS_CREDENTIAL_EXPIRATION)
        end
    else if test -n "$AWS_PROFILE"
        set profile $AWS_PROFILE
        # The expiry Sesame recorded when it last cached a session for the profile (file-safe names only).
        if string match -qr '^[A-Za-z0-9_@+=,-][A-Za-z0-9._@+=,-]*$' -- $profile
            set -l dir $HOME/.cache/sesame/prompt
            if test -n "$XDG_RUNTIME_DIR"
                set dir $XDG_RUNTIME_DIR/sesame/prompt
            else if test -n "$XDG_CACHE_HOME"
                set dir $XDG_CACHE_HOME/sesame/prompt
            end
            if test -r $dir/$profile
                read -l line <$dir/$profile
                string match -qr '^[0-9]+$' -- $line; and set expiry $line
            end
        end
    end

    set -l text $profile
    if test -n "$profile" -a -n "$expiry"
        # fish has no builtin clock: now = a file's modification time + the seconds since then
        # (both from the 'path' builtin), so no 'date' process starts.
        set -l left (math -s0 $expiry - '(' (path mtime /) + (path mtime --relative /) ')')
        if test $left -le 0
            set text "$profile expired"
        else if test $left -ge 3600
            set text (printf '%s %dh%02dm' $profile (math -s0 "floor($left / 3600)") (math -s0 "floor($left % 3600 / 60)"))
        else if test $left -ge 60
            set text "$profile "(math -s0 "floor($left / 60)")m
        else
            set text "$profile <1m"
        end
    end

    if test -n "$var"
        set -g $var $text
    else if test -n "$text"
        printf '%s\n' $text
    end
end

# 2026-11-22T04:52:46Z (as STS and 'sesame export' write it) to Unix seconds, with the math
# builtin (days from the civil date, H. Hinnant's algorithm).
function __sesame_iso_to_epoch
    set -l p (string match -r -- '^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|\+00:?00)$' $argv[1])
    or return 1
    set -l y (math -s0 $p[2])
    set -l m (math -s0 $p[3])
    set -l shifted (math -s0 $m + 9)
    if test $m -gt 2
        set shifted (math -s0 $m - 3)
    else
        set y (math -s0 $y - 1)
    end
    set -l era (math -s0 "floor($y / 400)")
    set -l yoe (math -s0 "$y - $era * 400")
    set -l doy (math -s0 "floor((153 * $shifted + 2) / 5) + $p[4] - 1")
    set -l doe (math -s0 "$yoe * 365 + floor($yoe / 4) - floor($yoe / 100) + $doy")
    math -s0 "($era * 146097 + $doe - 719468) * 86400 + $p[5] * 3600 + $p[6] * 60 + $p[7]"
end

function __sesame_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l current (commandline -ct)
    # After '--' the words are a command of its own: complete it as that command.
    if set -l dash (contains -i -- -- $tokens)
        __fish_complete_subcommand --commandline $tokens[(math $dash + 1)..-1] "$current"
        return
    end
    # One candidate a line, "VALUE<TAB>DESCRIPTION", as fish takes them.
    command sesame shell complete --shell fish -- $tokens "$current" 2>/dev/null
end
complete -c sesame -f -a '(__sesame_complete)'
