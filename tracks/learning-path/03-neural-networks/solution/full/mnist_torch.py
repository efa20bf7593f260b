"""Stage 03, full exercise: an MLP on MNIST in raw PyTorch — weight tensors you create yourself, no
nn.Sequential, no nn.Linear — trained to more than 97% test accuracy.

    python3 full/mnist_torch.py        # from the stage folder; downloads MNIST (~12 MB) into full/data/

Needs torch and torchvision (pip install torch torchvision) and the network for the first download.
About a minute on a laptop CPU.
"""
import os
import time

import torch
import torch.nn.functional as F
from torchvision import datasets

try:
    from trail_metrics import log_metric
except ImportError:
    def log_metric(name, value, step=None):
        pass

MEAN, STD = 0.1307, 0.3081          # the usual MNIST pixel mean and std (of the training images, in [0, 1])


def load_mnist(root):
    """(X_train, y_train, X_test, y_test): images flattened to 784 standardized floats, labels as int64."""
    train = datasets.MNIST(root, train=True, download=True)
    test = datasets.MNIST(root, train=False, download=True)

    def prepare(ds):
        return (ds.data.reshape(len(ds.data), -1).float() / 255.0 - MEAN) / STD, ds.targets.long()
    return (*prepare(train), *prepare(test))


def init_params(n_in, n_hidden, n_out, generator):
    """W1 (n_in, n_hidden) with He init, W2 (n_hidden, n_out), zero biases; all with requires_grad."""
    W1 = torch.randn(n_in, n_hidden, generator=generator) * (2.0 / n_in) ** 0.5
    W2 = torch.randn(n_hidden, n_out, generator=generator) * (1.0 / n_hidden) ** 0.5
    params = [W1, torch.zeros(n_hidden), W2, torch.zeros(n_out)]
    return [p.requires_grad_() for p in params]


def forward(params, x):
    """logits = relu(x W1 + b1) W2 + b2: the same network as the core exercise."""
    W1, b1, W2, b2 = params
    return torch.relu(x @ W1 + b1) @ W2 + b2


def evaluate(params, X, y, batch=10_000):
    with torch.no_grad():
        correct = sum((forward(params, X[i:i + batch]).argmax(dim=1) == y[i:i + batch]).sum().item()
                      for i in range(0, len(X), batch))
    return correct / len(X)


def main(load=load_mnist, epochs=10, lr=0.1, batch_size=64, n_hidden=512):
    torch.manual_seed(0)
    X_train, y_train, X_test, y_test = load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    params = init_params(X_train.shape[1], n_hidden, 10, torch.Generator().manual_seed(0))
    start = time.time()
    for epoch in range(epochs):
        order = torch.randperm(len(X_train))
        total = 0.0
        for i in range(0, len(X_train), batch_size):
            batch = order[i:i + batch_size]
            loss = F.cross_entropy(forward(params, X_train[batch]), y_train[batch])
            loss.backward()                      # autograd fills p.grad for every parameter
            with torch.no_grad():                # the update itself must not be recorded in the graph
                for p in params:
                    p -= lr * p.grad
                    p.grad = None
            total += loss.item() * len(batch)
        train_loss = total / len(X_train)
        acc = evaluate(params, X_test, y_test)
        log_metric("train_loss", train_loss, epoch)
        print(f"epoch {epoch}  train loss {train_loss:.4f}  test accuracy {acc:.4f}  ({time.time() - start:.0f} s)")
    acc = evaluate(params, X_test, y_test)
    log_metric("test_accuracy", acc)
    print(f"final test accuracy {acc:.4f} on {len(X_test)} images")


if __name__ == "__main__":
    main()
