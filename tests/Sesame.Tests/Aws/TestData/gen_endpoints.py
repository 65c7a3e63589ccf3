#!/usr/bin/env python3
"""Writes endpoints.tsv: the endpoint botocore's rule engine resolves for STS, the IAM Identity Center
portal (sso) and SSO OIDC, for a spread of regions (every partition, a future region, a made-up name)
and every FIPS / dual-stack combination, from botocore's own endpoint-rule-set-1.json and partitions.json.
EndpointRulesTests checks Sesame's resolver against every row. Re-run after a botocore upgrade:

    python3 tests/Sesame.Tests/Aws/TestData/gen_endpoints.py > tests/Sesame.Tests/Aws/TestData/endpoints.tsv
"""
import botocore
import botocore.session
from botocore.endpoint_provider import EndpointProvider

REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-7", "aws-global", "cn-north-1", "cn-northwest-1",
           "us-gov-west-1", "us-gov-east-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1",
           "us-isof-south-1", "eusc-de-east-1", "mx-central-1", "xx-future-9", "local"]

loader = botocore.session.get_session().get_component("data_loader")
partitions = loader.load_data("partitions")
print(f"# botocore {botocore.__version__}: service\tregion\tfips\tdualstack\turl\tsigning region")
for service in ["sts", "sso", "sso-oidc"]:
    provider = EndpointProvider(loader.load_service_model(service, "endpoint-rule-set-1"), partitions)
    for region in REGIONS:
        for fips in (False, True):
            for dualstack in (False, True):
                params = {"Region": region, "UseFIPS": fips, "UseDualStack": dualstack}
                if service == "sts":
                    params["UseGlobalEndpoint"] = False  # the AWS CLI v2 and the .NET SDK v4: always regional
                endpoint = provider.resolve_endpoint(**params)
                signing = endpoint.properties.get("authSchemes", [{}])[0].get("signingRegion", region)
                print(f"{service}\t{region}\t{str(fips).lower()}\t{str(dualstack).lower()}\t{endpoint.url}\t{signing}")
