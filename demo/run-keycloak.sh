#!/usr/bin/env bash
# Runs the demo Keycloak in the foreground (Ctrl-C stops it). Data lives in .demo/ and survives restarts;
# the realm is imported only when it does not exist yet (Keycloak's IGNORE_EXISTING strategy).
set -euo pipefail
kc_home="$1"

cat <<TXT

  Keycloak Audit Log demo: starting Keycloak on http://localhost:8080 (first start takes about a minute)

  Admin console (master):  http://localhost:8080/admin/            admin / admin
  Demo realm console:      http://localhost:8080/admin/demo/console/
  Audit log API:           http://localhost:8080/admin/realms/demo/audit-log/entries
  Demo users (password "demo" for all): auditor, acme-admin, alice, globex-admin, bob, carol, dave
  SCIM endpoint:           http://localhost:8080/realms/demo/scim/v2/Users  (client scim-client / scim-demo-secret)

TXT

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
exec "$kc_home/bin/kc.sh" start-dev --features=scim-api --import-realm --http-port=8080
