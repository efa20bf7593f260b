"""A small 2-D data set that no straight line can separate: the XOR pattern.

A point (x1, x2) is labelled +1 when x1 and x2 have the same sign (the top-right and
bottom-left quarters of the square) and -1 when their signs differ. Points too close to
the axes (|x1 * x2| < 0.2) are left out, so the four groups have a gap between them and a
small network can fit them in a hundred steps.
"""
import random


def make_dataset(n=40, seed=0):
    """n points in the square [-1, 1] x [-1, 1] and their labels.

    Returns (xs, ys): xs is a list of n pairs [x1, x2] (floats), ys a list of n labels,
    each +1.0 or -1.0. The same (n, seed) always gives the same points.
    """
    rng = random.Random(seed)
    xs, ys = [], []
    while len(xs) < n:
        x1, x2 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        if abs(x1 * x2) < 0.2:
            continue  # too close to an axis: leave a margin between the groups
        xs.append([x1, x2])
        ys.append(1.0 if x1 * x2 > 0 else -1.0)
    return xs, ys


if __name__ == "__main__":
    xs, ys = make_dataset()
    for x, y in zip(xs[:5], ys[:5]):
        print(f"x = ({x[0]:+.3f}, {x[1]:+.3f})  y = {y:+.0f}")
    print(f"... {len(xs)} points, {sum(y > 0 for y in ys)} labelled +1")
