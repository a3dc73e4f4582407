#!/bin/sh
# One task of a pipe stage. The mtscrub shipped beside this script (SparkContext.addFile,
# spark-submit --files) reads the task's records on standard input; its --stats-json goes to a
# file of its own in MTSCRUB_STATS_DIR, for the driver to sum over the tasks. The arguments are
# mtscrub's.
set -eu
stats=$(mktemp "${MTSCRUB_STATS_DIR:?}/task-XXXXXXXX")
exec "$(dirname "$0")/mtscrub" "$@" --stats-json "$stats"
