"""Full exercise of Section 2: your numpy network from exercise.py on MNIST (60,000 digits of 28 x 28).

    python3 full/train_mnist.py        # from the node folder; downloads MNIST once (about 12 MB)

Needs torchvision (and so torch) only to download and read MNIST; the network, its gradients
and Adam are yours. Takes about a minute on a laptop CPU. Logs train_loss per epoch and
test_accuracy; the check wants test_accuracy > 0.97.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from exercise import Adam, accuracy, train  # noqa: E402

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand without Trailguide's helper: log nothing
    def log_metric(name, value, step=None):
        pass


def load_mnist(root="data/mnist"):
    """MNIST as numpy: X (n, 784) floats in [0, 1], y (n,) ints, for the training and the test set."""
    from torchvision import datasets
    train_set = datasets.MNIST(root, train=True, download=True)
    test_set = datasets.MNIST(root, train=False, download=True)
    # TODO: turn each set into numpy: ds.data is a uint8 tensor (n, 28, 28), ds.targets an int tensor (n,).
    #       Flatten the images to (n, 784) and scale them to [0, 1]; return X_train, y_train, X_test, y_test
    raise NotImplementedError("load_mnist: convert the two sets to numpy arrays")


def main():
    X_train, y_train, X_test, y_test = load_mnist()
    print(f"MNIST: {len(X_train)} training and {len(X_test)} test digits of {X_train.shape[1]} pixels")
    # TODO: train a [784, 256, 10] relu network with Adam(0.001), 5 epochs, batches of 128, using your train()
    # TODO: log "train_loss" for every epoch and "test_accuracy" on the 10,000 test digits
    raise NotImplementedError("main: train and log train_loss and test_accuracy")


if __name__ == "__main__":
    main()
