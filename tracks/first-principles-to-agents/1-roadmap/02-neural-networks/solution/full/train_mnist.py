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

    def to_numpy(ds):
        X = ds.data.numpy().reshape(len(ds.data), -1).astype(np.float64) / 255.0
        return X, ds.targets.numpy().astype(int)

    return to_numpy(train_set) + to_numpy(test_set)


def main():
    X_train, y_train, X_test, y_test = load_mnist()
    print(f"MNIST: {len(X_train)} training and {len(X_test)} test digits of {X_train.shape[1]} pixels")
    params, losses = train(X_train, y_train, [784, 256, 10], Adam(0.001), activation="relu",
                           epochs=5, batch_size=128, seed=0)
    for epoch, loss in enumerate(losses):
        print(f"epoch {epoch}  train loss {loss:.4f}")
        log_metric("train_loss", loss, epoch)
    test_acc = accuracy(params, X_test, y_test, "relu")
    print(f"test accuracy {test_acc:.4f}")
    log_metric("test_accuracy", test_acc)


if __name__ == "__main__":
    main()
