"""Real AWS clients (boto3/botocore) against the sandbox, one scenario per call.

Usage: python3 scenario.py NAME [ARGS...]. Prints one JSON object on stdout: the scenario's result,
or {"error": CODE, "message": TEXT} when an AWS call fails. Runs with the environment the test gives
it (own HOME, AWS_CONFIG_FILE, endpoint variables, region), so botocore's caches start empty.
"""
import base64
import hashlib
import http.server
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
import urllib.error
import urllib.request

import boto3
import botocore
import botocore.exceptions
import botocore.session
import botocore.tokens


def identity(profile, mfa_code=None):
    """Resolve a profile with botocore's own providers, then GetCallerIdentity."""
    session = boto3.Session(profile_name=profile) if profile != "-" else boto3.Session()
    if mfa_code:
        provider = session._session.get_component("credential_provider").get_provider("assume-role")
        provider._prompter = lambda prompt: mfa_code
    credentials = session.get_credentials()
    me = session.client("sts").get_caller_identity()
    return {"arn": me["Arn"], "account": me["Account"], "userId": me["UserId"], "method": credentials.method}


def call(profile, service, operation, params_json):
    """One API call with a profile's credentials (or explicit keys in params under _keys)."""
    params = json.loads(params_json)
    keys = params.pop("_keys", None)
    session = boto3.Session(profile_name=profile) if profile != "-" else boto3.Session()
    client_args = {}
    if keys:
        client_args = {"aws_access_key_id": keys[0], "aws_secret_access_key": keys[1], "aws_session_token": keys[2] if len(keys) > 2 else None}
    client = session.client(service, **client_args)
    response = getattr(client, operation)(**params)
    response.pop("ResponseMetadata", None)
    return json.loads(json.dumps(response, default=str))


def session_then_assume(profile, serial, code, role_arn):
    """GetSessionToken with MFA, then GetCallerIdentity and AssumeRole signed with that session."""
    sts = boto3.Session(profile_name=profile).client("sts")
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code, DurationSeconds=3600)["Credentials"]
    session_sts = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    me = session_sts.get_caller_identity()["Arn"]
    role = session_sts.assume_role(RoleArn=role_arn, RoleSessionName="from-session")["AssumedRoleUser"]["Arn"]
    return {"sessionKey": creds["AccessKeyId"][:4], "sessionIdentity": me, "role": role}


def _register(oidc, **extra):
    return oidc.register_client(clientName="sesame-fidelity", clientType="public", scopes=["sso:account:access"], **extra)


def sso_device(start_url):
    """The device flow with the sso-oidc client; the test approves it while this polls."""
    oidc = boto3.client("sso-oidc")
    reg = _register(oidc)
    dev = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=start_url)
    print(json.dumps({"userCode": dev["userCode"]}), file=sys.stderr, flush=True)
    polls = 0
    interval = dev.get("interval", 5)
    deadline = time.time() + 60
    while time.time() < deadline:
        polls += 1
        try:
            token = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                                      grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=dev["deviceCode"])
            accounts = boto3.client("sso").list_accounts(accessToken=token["accessToken"])["accountList"]
            return {"polls": polls, "expiresIn": token["expiresIn"], "hasRefreshToken": "refreshToken" in token,
                    "userCode": dev["userCode"], "accounts": [a["accountId"] for a in accounts]}
        except oidc.exceptions.AuthorizationPendingException:
            time.sleep(interval)
        except oidc.exceptions.SlowDownException:
            interval += 5
            time.sleep(interval)
        except oidc.exceptions.AccessDeniedException:
            return {"polls": polls, "denied": True}
    return {"polls": polls, "timedOut": True}


def sso_login_cache(session_name, start_url, region, expires_in_seconds):
    """Device flow (auto-approved by the test), then the token cache file exactly as `aws sso login` writes it."""
    oidc = boto3.client("sso-oidc", region_name=region)
    reg = _register(oidc)
    dev = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=start_url)
    token = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"],
                              grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=dev["deviceCode"])
    fmt = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    cache = os.path.expanduser("~/.aws/sso/cache")
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, hashlib.sha1(session_name.encode()).hexdigest() + ".json")
    body = {"startUrl": start_url, "region": region, "accessToken": token["accessToken"],
            "expiresAt": fmt(time.time() + int(expires_in_seconds)), "clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
            "registrationExpiresAt": fmt(reg["clientSecretExpiresAt"]), "refreshToken": token["refreshToken"]}
    with open(path, "w") as f:
        json.dump(body, f)
    return {"cacheFile": path, "accessTokenPrefix": token["accessToken"][:3]}


def sso_refresh(profile):
    """botocore's SSO token provider on a cached token that is about to expire: it must refresh it."""
    cache = os.path.expanduser("~/.aws/sso/cache")
    before = {name: json.load(open(os.path.join(cache, name))) for name in os.listdir(cache)}
    session = botocore.session.Session(profile=profile)
    provider = botocore.tokens.SSOTokenProvider(session)
    token = provider.load_token().get_frozen_token()
    after = {name: json.load(open(os.path.join(cache, name))) for name in os.listdir(cache)}
    name = next(iter(before))
    return {"refreshed": before[name]["accessToken"] != after[name]["accessToken"],
            "tokenMatchesCache": token.token == after[name]["accessToken"],
            "refreshTokenRotated": before[name].get("refreshToken") != after[name].get("refreshToken"),
            "expiresAt": after[name]["expiresAt"]}


def sso_pkce(start_url):
    """Authorization code + PKCE with a loopback redirect, as AWS CLI v2 does it; the browser is urllib."""
    oidc = boto3.client("sso-oidc")
    reg = _register(oidc, grantTypes=["authorization_code", "refresh_token"], redirectUris=["http://127.0.0.1/oauth/callback"], issuerUrl=start_url)
    result = {}

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            result.update(urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=server.handle_request, daemon=True).start()
    redirect = f"http://127.0.0.1:{server.server_port}/oauth/callback"
    verifier = secrets.token_urlsafe(48)[:64]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    state = secrets.token_hex(16)
    query = urllib.parse.urlencode({"response_type": "code", "client_id": reg["clientId"], "redirect_uri": redirect, "state": state,
                                    "code_challenge_method": "S256", "scopes": "sso:account:access", "code_challenge": challenge})
    authorize = os.environ["AWS_ENDPOINT_URL_SSO_OIDC"] + "/authorize?" + query
    print(json.dumps({"authorizeUrl": authorize}), file=sys.stderr, flush=True)
    with open(os.path.expanduser("~/authorize-url.tmp"), "w") as f:
        f.write(authorize)
    os.replace(os.path.expanduser("~/authorize-url.tmp"), os.path.expanduser("~/authorize-url"))
    deadline = time.time() + 30
    if os.environ.get("SANDBOX_BROWSER") == "urllib":
        urllib.request.urlopen(authorize).read()
    while "code" not in result and "error" not in result and time.time() < deadline:
        time.sleep(0.1)
    if "error" in result:
        return {"error": result["error"][0]}
    if result.get("state", [None])[0] != state:
        return {"error": "state mismatch"}
    code = result["code"][0]
    try:
        oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="authorization_code",
                          code=code, redirectUri=redirect, codeVerifier="x" * 64)
        wrong_verifier = "accepted"
    except oidc.exceptions.InvalidGrantException:
        wrong_verifier = "InvalidGrantException"
    token = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="authorization_code",
                              code=code, redirectUri=redirect, codeVerifier=verifier)
    return {"wrongVerifier": wrong_verifier, "hasAccessToken": bool(token["accessToken"]), "hasRefreshToken": "refreshToken" in token}


def list_accounts_and_roles(token, page_size):
    """The populate pattern: paginate ListAccounts, then ListAccountRoles for each account."""
    config = botocore.config.Config(retries={"mode": "standard", "max_attempts": 10})
    sso = boto3.client("sso", config=config)
    accounts = []
    for page in sso.get_paginator("list_accounts").paginate(accessToken=token, PaginationConfig={"PageSize": int(page_size)}):
        accounts.extend(page["accountList"])
    roles = 0
    started = time.time()
    for account in accounts:
        for page in sso.get_paginator("list_account_roles").paginate(accessToken=token, accountId=account["accountId"]):
            roles += len(page["roleList"])
    return {"accounts": len(accounts), "roles": roles, "rolesSeconds": round(time.time() - started, 2)}


def throttled_burst(token, count):
    """Fires requests with retries off; counts how botocore classifies the answers."""
    sso = boto3.client("sso", config=botocore.config.Config(retries={"total_max_attempts": 1}))
    ok = throttled = 0
    for _ in range(int(count)):
        try:
            sso.list_accounts(accessToken=token)
            ok += 1
        except sso.exceptions.TooManyRequestsException:
            throttled += 1
    return {"ok": ok, "throttled": throttled}


def presigned_identity(profile, keys_json="null"):
    """A pre-signed GetCallerIdentity URL fetched with a plain GET, as `aws eks get-token` makes it (HttpMethod GET:
    without it botocore signs the URL for POST, and AWS refuses it on GET)."""
    keys = json.loads(keys_json)
    session = boto3.Session(profile_name=profile) if profile != "-" else boto3.Session()
    args = {"aws_access_key_id": keys[0], "aws_secret_access_key": keys[1], "aws_session_token": keys[2] if len(keys) > 2 else None} if keys else {}
    url = session.client("sts", **args).generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    try:
        body = urllib.request.urlopen(url).read().decode()
    except urllib.error.HTTPError as e:
        body = e.read().decode()
    import xml.etree.ElementTree as ET
    root = ET.fromstring(body)
    text = {el.tag.split("}")[-1]: el.text for el in root.iter()}
    return {"arn": text.get("Arn"), "error": text.get("Code"), "query": "X-Amz-Signature" in url}


def short_sessions(profile, role_arn, wait_seconds):
    """AssumeRole and GetSessionToken, GetCallerIdentity with each at once and again after wait_seconds (in one
    process, so the timing is the sandbox's SessionLifetime and not python's start-up)."""
    sts = boto3.Session(profile_name=profile).client("sts")
    role = sts.assume_role(RoleArn=role_arn, RoleSessionName="short", DurationSeconds=3600)["Credentials"]
    session = sts.get_session_token(DurationSeconds=3600)["Credentials"]

    def whoami(creds):
        client = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                              aws_session_token=creds["SessionToken"])
        try:
            return client.get_caller_identity()["Arn"]
        except botocore.exceptions.ClientError as e:
            return "error:" + e.response["Error"]["Code"]

    fresh = [whoami(role), whoami(session)]
    time.sleep(float(wait_seconds))
    return {"roleExpiration": str(role["Expiration"]), "sessionExpiration": str(session["Expiration"]),
            "fresh": fresh, "later": [whoami(role), whoami(session)]}


SCENARIOS = {f.__name__: f for f in (identity, call, presigned_identity, session_then_assume, sso_device, sso_login_cache, sso_refresh, sso_pkce,
                                      list_accounts_and_roles, throttled_burst, short_sessions)}

if __name__ == "__main__":
    try:
        result = SCENARIOS[sys.argv[1]](*sys.argv[2:])
    except botocore.exceptions.ClientError as e:
        result = {"error": e.response["Error"]["Code"], "message": e.response["Error"].get("Message", ""),
                  "status": e.response["ResponseMetadata"].get("HTTPStatusCode")}
    except botocore.exceptions.BotoCoreError as e:
        result = {"error": type(e).__name__, "message": str(e)}
    print(json.dumps(result))
