"""Resolves credentials with botocore's default chain and asks STS who they are; one command per stdin line.

  whoami   reuse one session (botocore refreshes its credentials as it sees fit), call
           sts:GetCallerIdentity with them, print {"method", "accessKeyId", "arn"}
  new      the same with a new session (a new credential resolution, as a new process would do)
  quit     exit

The secret and the token are never printed. Used by Sesame's end-to-end tests of its credential
servers, with an environment that names only the server (and the sandbox's STS endpoint).
"""
import json
import sys

import botocore.session


def main():
    session = None
    client = None
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        try:
            if command == "new" or session is None:
                session = botocore.session.get_session()
                client = session.create_client("sts")
            credentials = session.get_credentials()
            if credentials is None:
                result = {"error": "no credentials"}
            else:
                identity = client.get_caller_identity()
                frozen = credentials.get_frozen_credentials()
                result = {"method": credentials.method, "accessKeyId": frozen.access_key, "arn": identity["Arn"]}
        except Exception as error:  # reported to the test, which decides
            result = {"error": "%s: %s" % (type(error).__name__, error)}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
