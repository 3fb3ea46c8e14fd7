"""Predict y for every x. Usage: predict.py MODEL.json DATA.csv PREDICTIONS.csv"""

import json
import sys

with open(sys.argv[1]) as handle:
    model = json.load(handle)
with open(sys.argv[2]) as lines, open(sys.argv[3], "w") as out:
    for line in lines:
        if line.strip():
            x, y = (float(v) for v in line.split(","))
            out.write(f"{x},{y},{model['slope'] * x + model['intercept']:.6f}\n")
