#!/usr/bin/python3
"""The AWS CLI v2 of this machine (Debian's awscli 2.9, at /usr/lib/python3/dist-packages/awscli), run
unchanged except for one thing it predates: botocore's AWS_ENDPOINT_URL_<SERVICE> variables (added in
AWS CLI 2.13), so its sso-oidc, sso and sts clients reach the sandbox. Everything else (`aws sso login`,
the token and registration caches, the SSO credential provider and its refresh) is the CLI's own code.

usage: /usr/bin/python3 awscli_v2.py ARGS...   (as `aws ARGS...`)
"""
import os
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")

import awscli  # noqa: E402,F401 - puts the CLI's vendored botocore first
import botocore.session  # noqa: E402

_create_client = botocore.session.Session.create_client


def create_client(self, service_name, *args, **kwargs):
    variable = "AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_")
    if kwargs.get("endpoint_url") is None and os.environ.get(variable):
        kwargs["endpoint_url"] = os.environ[variable]
    return _create_client(self, service_name, *args, **kwargs)


botocore.session.Session.create_client = create_client

import awscli.clidriver  # noqa: E402

sys.exit(awscli.clidriver.main())
