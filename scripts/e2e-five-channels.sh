#!/usr/bin/env bash
# The five-channel end-to-end scenario (TUTORIAL.md §7): an identity with a
# dns, github, nostr, bluesky and ap account, proofs published to loopback doubles (dnsmasq,
# a real nostr relay, GitHub/Bluesky/Mastodon HTTP doubles), `kez verify id` on each, then a
# proof deleted, a proof tampered, an account revoked and a channel down.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/java-home.sh
scripts/setup-test-deps.sh
./mvnw -B -q -pl kez-cli -am test -Dtest=FiveChannelScenarioTest -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "five-channel scenario: passed (5 tests; kez-cli/target/surefire-reports has the details)"
