"""Resolves AWS credentials with botocore's default chain, one command per stdin line, one JSON line out.

  get    reuse the session's credentials object (botocore refreshes it as it sees fit) and print them
  new    start a new session (a new credential resolution) and print its credentials
  quit   exit

Only the access key id is printed; the secret and the token only as lengths (they stay out of logs).
Used by Sesame's server tests with a clean environment that names only the server.
"""
import json
import sys

import botocore
import botocore.session


def main():
    credentials = None
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        try:
            if command == "new" or credentials is None:
                credentials = botocore.session.get_session().get_credentials()
            if credentials is None:
                result = {"error": "no credentials"}
            else:
                frozen = credentials.get_frozen_credentials()
                result = {
                    "method": credentials.method,
                    "accessKeyId": frozen.access_key,
                    "secretLength": len(frozen.secret_key or ""),
                    "tokenLength": len(frozen.token or ""),
                    "botocore": botocore.__version__,
                }
        except Exception as error:  # reported to the test, which decides
            result = {"error": "%s: %s" % (type(error).__name__, error)}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
