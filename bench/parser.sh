#!/usr/bin/env bash
# JMH benchmarks of the Dockerfile parser and the .dockerignore matcher: parsing a generated 5,000-line
# Dockerfile, and matching 100,000 paths against a 50-pattern .dockerignore. Builds the parser from this
# checkout (the bench profile adds the module to the reactor), then runs JMH; extra arguments go to JMH,
# e.g. bench/parser.sh -wi 1 -i 3 match100000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -Pbench -pl bench/dockerfile-parser -am package -Dmaven.test.skip=true
exec java -jar bench/dockerfile-parser/target/dockerfile-parser-benchmarks.jar "$@"
