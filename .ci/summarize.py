#!/usr/bin/env python3
"""Sums TRX results: conformance counts per suite, then 'N passed, N failed[, N skipped]' last.

usage: summarize.py RESULTS_DIR [EXTRA_FAILURES]   (EXTRA_FAILURES: steps outside the test run that failed,
such as scripts/install; each counts as one failed test)"""
import glob
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
SUITES = [
    ("smithy-rs profile-parser", "SmithyRs_profile_parser_case"),
    ("aws-sdk-kotlin profile-parser", "Kotlin_profile_parser_case"),
    ("smithy-rs file-location", "SmithyRs_file_location_case"),
    ("aws-sdk-kotlin file-location", "Kotlin_file_location_case"),
    ("smithy-rs assume-role-chain", "SmithyRs_assume_role_chain_case"),
    ("smithy-rs profile-provider", "SmithyRs_profile_provider_case"),
    ("smithy-rs default-credential-chain", "SmithyRs_default_chain_case"),
    ("smithy-rs default-token-chain", "SmithyRs_default_token_chain_case"),
    ("aws-sdk-kotlin default-credential-chain", "Kotlin_default_chain_case"),
    ("aws-sdk-kotlin sso-token-cache", "Kotlin_sso_token_cache_case"),
    ("smithy-rs ecs-endpoint", "SmithyRs_ecs_endpoint_case"),
    ("smithy-rs imds-endpoint", "SmithyRs_imds_endpoint_case"),
]

def main(directory: str, extra_failures: int = 0) -> int:
    files = glob.glob(f"{directory}/**/*.trx", recursive=True)
    if not files:
        return 0
    counts = defaultdict(int)
    counts["failed"] += extra_failures
    suites = defaultdict(lambda: defaultdict(int))
    for path in files:
        root = ET.parse(path).getroot()
        for result in root.iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome", "")
            kind = {"Passed": "passed", "Failed": "failed", "NotExecuted": "skipped"}.get(outcome, "failed")
            counts[kind] += 1
            name = result.get("testName", "")
            for label, marker in SUITES:
                if re.search(rf"\.{marker}\(", name):
                    suites[label][kind] += 1
    if suites:
        print("conformance (cases per suite):")
        for label, _ in SUITES:
            if label in suites:
                s = suites[label]
                total = s["passed"] + s["failed"] + s["skipped"]
                print(f"  {label:42} {s['passed']:3} of {total:3} passed")
    line = f"{counts['passed']} passed, {counts['failed']} failed"
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped"
    print(line)
    return 1

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0))
