#!/usr/bin/env bash
# Refreshes the front-end libraries vendored into src/readouts/web/static/vendor
# from npm, at the exact versions of web/package-lock.json. Run it after
# changing a version in web/package.json (then `npm install --package-lock-only`
# in web/ to update the lock file), and commit the copied files: the web app
# serves them itself and never loads anything from another host.
# Needs node and npm; install scripts of the packages are not run.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "vendor_web.sh: $*" >&2; }
command -v npm >/dev/null || { say "npm not found (apt-get install npm)"; exit 1; }

(cd web && npm ci --ignore-scripts --no-audit --no-fund --silent)
modules=web/node_modules
out=src/readouts/web/static/vendor
rm -rf "$out"
mkdir -p "$out"/{htmx,vis-network,vis-timeline,swagger-ui}

cp "$modules/htmx.org/dist/htmx.min.js" "$modules/htmx.org/LICENSE" "$out/htmx/"
cp "$modules/vis-network/standalone/umd/vis-network.min.js" \
   "$modules/vis-network/LICENSE-MIT" "$modules/vis-network/LICENSE-APACHE-2.0" "$out/vis-network/"
cp "$modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js" \
   "$modules/vis-timeline/styles/vis-timeline-graph2d.min.css" \
   "$modules/vis-timeline/LICENSE.md" "$modules/vis-timeline/LICENSE.MIT.txt" \
   "$modules/vis-timeline/LICENSE.Apache-2.0.txt" "$out/vis-timeline/"
cp "$modules/swagger-ui-dist/swagger-ui-bundle.js" "$modules/swagger-ui-dist/swagger-ui.css" \
   "$modules/swagger-ui-dist/LICENSE" "$modules/swagger-ui-dist/NOTICE" "$out/swagger-ui/"

# The source maps are not shipped; drop the comments that point to them so
# browsers' developer tools do not ask the server for missing files.
sed -i -e 's|//# sourceMappingURL=[^ ]*$||' -e 's|/\*# sourceMappingURL=[^*]*\*/||' \
    "$out"/*/*.js "$out"/*/*.css

node -e '
const lock = require("./web/package-lock.json").packages;
const names = ["htmx.org", "vis-network", "vis-timeline", "swagger-ui-dist"];
const lines = names.map(n => `${n} ${lock["node_modules/" + n].version} ${lock["node_modules/" + n].integrity}`);
require("fs").writeFileSync(process.argv[1], lines.join("\n") + "\n");
' "$out/VERSIONS"
say "vendored into $out:"
cat "$out/VERSIONS" >&2
