# Sourced by dev.sh and test.sh: installs the dependencies when they are missing
# or older than the lock file, then puts the project's Node 24 first on PATH.
# Works from a bare clone with any npm, because Node 24 itself is a devDependency.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund
fi
PATH="$(pwd)/node_modules/.bin:$PATH"
# Node keeps the compiled (and type-stripped) modules here: every later process
# starts about half a second sooner (the test suite starts some sixty).
NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$(pwd)/.run/node-compile-cache}"
export NODE_COMPILE_CACHE
export PATH
