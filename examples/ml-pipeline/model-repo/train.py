"""Fit y = a*x + b by least squares. Usage: train.py DATA.csv MODEL.json"""

import json
import sys


def read_points(path):
    with open(path) as lines:
        return [tuple(float(v) for v in line.split(",")) for line in lines if line.strip()]


points = read_points(sys.argv[1])
n = len(points)
mean_x = sum(x for x, _ in points) / n
mean_y = sum(y for _, y in points) / n
slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
    (x - mean_x) ** 2 for x, _ in points
)
with open(sys.argv[2], "w") as out:
    json.dump({"slope": slope, "intercept": mean_y - slope * mean_x, "trained_on": n}, out)
