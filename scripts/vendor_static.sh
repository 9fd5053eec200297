#!/usr/bin/env bash
# Copy the pinned front-end files from npm into gonghui/core/static/vendor/.
# The copies are committed, so running the platform never needs npm or a CDN.
# Run after changing a version in package.json: scripts/vendor_static.sh
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --ignore-scripts

dest=gonghui/core/static/vendor
rm -rf "$dest"
mkdir -p "$dest/bootstrap/css" "$dest/bootstrap/js" "$dest/htmx" "$dest/echarts"

cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest/bootstrap/css/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/js/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/LICENSE"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts/"
cp node_modules/echarts/LICENSE "$dest/echarts/LICENSE"
cp node_modules/echarts/NOTICE "$dest/echarts/NOTICE"

# The minified files point at source maps that are not copied; drop the comment so the
# browser does not ask for them.
sed -i -e '/^\/\*# sourceMappingURL=.*\*\/$/d' "$dest/bootstrap/css/bootstrap.min.css"
sed -i -e '/^\/\/# sourceMappingURL=.*$/d' "$dest/bootstrap/js/bootstrap.bundle.min.js"

for pkg in bootstrap htmx.org echarts; do
  version=$(node -p "require('./node_modules/$pkg/package.json').version")
  echo "$pkg $version" >> "$dest/VERSIONS"
done
echo "vendored into $dest:"
cat "$dest/VERSIONS"
