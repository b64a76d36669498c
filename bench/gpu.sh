#!/bin/sh
# The GPU path, where a GPU is: the fixture model and the bench's Argos-sized model on cuda
# against cpu (identical greedy outputs, the throughput ratio, the batch that saturates the
# GPU); see bench/gpu.py. Without CUDA it says so in one line and exits 2.
#   bench/gpu.sh                  # writes bench/gpu.json
#   bench/gpu.sh --cpu-as-gpu     # checks the script itself on a machine without a GPU
set -eu
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" -m bench.gpu "$@"
