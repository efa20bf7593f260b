"""Writes the data of Section 18 (numpy, seed 18; run from the node folder).

scaling.csv   training compute C (FLOPs) and final loss L of 13 imaginary training runs, half a
              decade apart from 1e17 to 1e23 FLOPs: L = 1.69 + 776 · C^-0.155, times a noise
              factor exp(N(0, 0.005)). The column "split" is "fit" up to 1e21 and "future" beyond:
              the runs you would not have yet when planning.
weights.npz   W (128, 128): a layer's weights, Normal(0, 0.02), except two output rows (7 and 77)
              forty times larger, as some channels of real models are.
teacher.npz   W1 (16, 2), b1 (16,), W2 (4, 16): a small fixed network, the "teacher", whose
              logits are 3 · tanh(x W1ᵀ + b1) W2ᵀ for points x in the square [-2, 2]².
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    g = np.random.default_rng(18)
    C = 10 ** np.arange(17, 23.01, 0.5)
    L = (1.69 + 776.0 * C ** -0.155) * np.exp(g.normal(0, 0.005, len(C)))
    with open(os.path.join(HERE, "scaling.csv"), "w", encoding="utf-8") as f:
        f.write("compute_flops,loss,split\n")
        for c, l in zip(C, L):
            f.write(f"{c:.4e},{l:.4f},{'fit' if c <= 1.0001e21 else 'future'}\n")
    W = g.normal(0, 0.02, (128, 128))
    W[[7, 77]] *= 40
    np.savez(os.path.join(HERE, "weights.npz"), W=W)
    np.savez(os.path.join(HERE, "teacher.npz"), W1=g.normal(0, 1.5, (16, 2)), b1=g.normal(0, 0.5, 16),
             W2=g.normal(0, 1.0, (4, 16)))


if __name__ == "__main__":
    main()
