#!/usr/bin/env bash
# Make a git repository of the model scripts, to be checked out by the workflow.
# Usage: make-repo.sh DIRECTORY   (prints the commit to pass as the `commit` parameter)
set -euo pipefail
target=${1:?usage: make-repo.sh DIRECTORY}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$target"
cp "$here"/model-repo/*.py "$target"/
cd "$target"
git init -q
git add .
git -c user.name=plynx -c user.email=plynx@localhost commit -qm "model scripts"
git rev-parse HEAD
