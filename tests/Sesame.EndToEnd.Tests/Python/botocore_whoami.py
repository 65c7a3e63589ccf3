"""Resolves credentials exactly as botocore (the AWS CLI's library) does, then asks STS who they are.

usage: botocore_whoami.py [PROFILE]
With a profile, botocore.session.Session(profile=...) (environment credentials ignored, as with
--profile); without, the default chain (environment, AWS_PROFILE, ...). Prints one JSON line:
{"arn": ...} or {"error": ExceptionName, "message": ...}.
"""
import json
import sys

import botocore.session

profile = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
try:
    session = botocore.session.Session(profile=profile)
    if session.get_credentials() is None:
        raise RuntimeError("NoCredentials")
    identity = session.create_client("sts").get_caller_identity()
    print(json.dumps({"arn": identity["Arn"]}))
except Exception as error:  # noqa: BLE001 - every failure is an outcome to compare
    print(json.dumps({"error": type(error).__name__, "message": str(error)}))
