#!/usr/bin/env python
"""List the schools of one education region through the ICLON portal's REST API.

An example of a client of the API: it authenticates with a personal API token, pages through
/api/v1/schools/?region=<slug> by following the `next` links, waits when the API asks it to
(429 with Retry-After), and prints one school per line (code, name, municipality, separated by
tabs) and then the total.

    export ICLON_API_TOKEN=iclon_…          # from /accounts/tokens/ or `manage.py create_api_token`
    python scripts/api_example.py --base-url https://portal.iclon.example --region holland-rijnland

The public directory needs no token; with one, the requests count against your own rate
limit instead of your address's. It needs only `requests`.
"""

import argparse
import os
import sys
import time

import requests

MAX_WAIT_SECONDS = 120


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="List the schools of an education region via the ICLON API.")
    parser.add_argument(
        "--base-url",
        default=os.environ.get("ICLON_API_URL", "http://127.0.0.1:8000"),
        help="The portal's address (default: $ICLON_API_URL or http://127.0.0.1:8000).",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("ICLON_API_TOKEN"),
        help="A personal API token (default: $ICLON_API_TOKEN). Prefer the variable: arguments show in `ps`.",
    )
    parser.add_argument("--region", required=True, help="The education region's slug, e.g. holland-rijnland.")
    parser.add_argument("--page-size", type=int, default=100, help="Schools per request (1-100, default 100).")
    parser.add_argument("--language", default="en", choices=["nl", "en"], help="Language of error messages.")
    return parser.parse_args(argv)


def get(session: requests.Session, url: str, params=None) -> dict:
    """GET `url` as JSON, waiting and retrying when throttled; exits with the API's message on an error."""
    while True:
        response = session.get(url, params=params, timeout=30)
        if response.status_code == 429:
            wait = min(int(response.headers.get("Retry-After", "1")), MAX_WAIT_SECONDS)
            print(f"Throttled; waiting {wait} s.", file=sys.stderr)
            time.sleep(wait)
            continue
        if response.status_code != 200:
            try:
                body = response.json()
            except ValueError:
                body = {"detail": response.text[:200]}
            # The API's one error shape: {"detail": ..., "errors": {field: [messages]}}.
            problems = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in body.get("errors", {}).items())
            sys.exit(f"Error {response.status_code}: {body.get('detail')}" + (f" ({problems})" if problems else ""))
        return response.json()


def schools_of_region(session: requests.Session, base_url: str, region: str, page_size: int):
    """Every school of `region`, page by page: the `next` link carries the filters along."""
    url = f"{base_url.rstrip('/')}/api/v1/schools/"
    params = {"region": region, "page_size": page_size, "ordering": "name"}
    while url:
        page = get(session, url, params)
        yield from page["results"]
        url, params = page["next"], None


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    session.headers["Accept-Language"] = arguments.language
    if arguments.token:
        session.headers["Authorization"] = f"Token {arguments.token}"

    # The schools filter answers an unknown region with an empty list; ask for the region first,
    # so that a typo in the slug is an error and not "0 schools".
    base_url = arguments.base_url.rstrip("/")
    get(session, f"{base_url}/api/v1/education-regions/{arguments.region}/")

    total = 0
    for school in schools_of_region(session, arguments.base_url, arguments.region, arguments.page_size):
        print(f"{school['code']}\t{school['name']}\t{school['municipality']}")
        total += 1
    print(f"{total} schools in region {arguments.region}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
