# Sesame's shell integration for PowerShell 7, from `sesame shell init pwsh`. In $PROFILE:
#   sesame shell init pwsh | Out-String | Invoke-Expression
#
#   sesame use PROFILE [--login]  set AWS_PROFILE in this session; --login also signs in when needed
#   sesame use                    pick a profile from a filtering list
#   sesame use --off              leave the profile (and the credentials 'sesame export' put here)
#   sesame_prompt                 "PROFILE 42m": the profile and the time its credentials have left
#                                 (in-process .NET only; no process starts)
#   TAB                           commands, options, profile and sso-session names, formats
# Every other 'sesame ...' runs the program unchanged. Details: docs/shell.md.

# The program, found once: the function below has its name.
$global:__SesameExe = (Get-Command -Name sesame -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source

function global:sesame {
    if ($args.Count -gt 0 -and $args[0] -ceq 'use') {
        $rest = @($args | Select-Object -Skip 1)
        $code = & $global:__SesameExe shell use --shell pwsh @rest
        if ($LASTEXITCODE -ne 0) { return }
        if ($code) { Invoke-Expression ($code -join "`n") }
    } else {
        & $global:__SesameExe @args
    }
}

# Run by 'sesame use PROFILE --login' after the switch. 'sesame status' only reads caches (never
# prompts); its exit code says what the next use of the profile would need.
function global:__sesame_login([string] $Name) {
    & $global:__SesameExe status $Name *> $null
    switch ($LASTEXITCODE) {
        13 { & $global:__SesameExe sso login --profile $Name }
        17 { & $global:__SesameExe saml login $Name }
        default { $global:LASTEXITCODE = 0 }
    }
}

function global:sesame_prompt {
    $name = $null
    $expiry = $null
    if ($env:AWS_ACCESS_KEY_ID -and ($env:SESAME_EXPORTED -or $env:SESAME_PROFILE)) {
        # Credentials in the environment from 'sesame export' or 'sesame exec' win over AWS_PROFILE.
        $name = if ($env:SESAME_EXPORTED) { $env:SESAME_EXPORTED } else { $env:SESAME_PROFILE }
        $at = [DateTimeOffset]::MinValue
        if ($env:AWS_CREDENTIAL_EXPIRATION -and [DateTimeOffset]::TryParse($env:AWS_CREDENTIAL_EXPIRATION,
                [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AssumeUniversal, [ref] $at)) {
            $expiry = $at.ToUnixTimeSeconds()
        }
    } elseif ($env:AWS_PROFILE) {
        $name = $env:AWS_PROFILE
        # The expiry Sesame recorded when it last cached a session for the profile (file-safe names only).
        if ($name -cmatch '^[A-Za-z0-9_@+=,-][A-Za-z0-9._@+=,-]*$') {
            $dir = if ($env:XDG_RUNTIME_DIR -and -not $IsWindows) { [IO.Path]::Combine($env:XDG_RUNTIME_DIR, 'sesame', 'prompt') }
                elseif ($env:XDG_CACHE_HOME) { [IO.Path]::Combine($env:XDG_CACHE_HOME, 'sesame', 'prompt') }
                else { [IO.Path]::Combine($(if ($env:HOME) { $env:HOME } else { $HOME }), '.cache', 'sesame', 'prompt') }
            $file = [IO.Path]::Combine($dir, $name)
            if ([IO.File]::Exists($file)) {
                $line = [IO.File]::ReadAllText($file).Trim()
                if ($line -match '^[0-9]+$') { $expiry = [long] $line }
            }
        }
    }
    if (-not $name) { return }
    if ($null -eq $expiry) { return $name }
    $left = $expiry - [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    if ($left -le 0) { return "$name expired" }
    if ($left -ge 3600) { return '{0} {1}h{2:00}m' -f $name, [Math]::Floor($left / 3600), [Math]::Floor(($left % 3600) / 60) }
    if ($left -ge 60) { return '{0} {1}m' -f $name, [Math]::Floor($left / 60) }
    return "$name <1m"
}

Register-ArgumentCompleter -Native -CommandName sesame -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        Select-Object -Skip 1 |
        ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -eq '') { $words += '' }
    # One candidate a line, "VALUE<TAB>DESCRIPTION".
    & $global:__SesameExe shell complete --shell pwsh -- @words 2>$null | ForEach-Object {
        $value, $description = $_ -split "`t", 2
        if (-not $description) { $description = $value }
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $description)
    }
}
