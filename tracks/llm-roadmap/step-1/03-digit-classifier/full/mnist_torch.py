"""The full exercise: a basic neural network on MNIST with PyTorch.

    pip install torch torchvision
    python3 full/mnist_torch.py        # downloads MNIST (about 12 MB) into data/mnist the first time

The same network as the core exercise at full size: 784 pixels -> 256 ReLU units -> 10 logits,
trained with cross-entropy, but PyTorch computes the backward pass (autograd) and Adam takes
the steps. Log train_loss per epoch and test_accuracy on the 10,000 test images; write
mnist_mlp.pt (torch.save of the model's state_dict).
"""
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass


def make_model():
    # TODO: nn.Sequential: Flatten, Linear(784, 256), ReLU, Linear(256, 10)
    raise NotImplementedError("make_model")


def main(epochs=5):
    torch.manual_seed(0)
    to_tensor = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_set = datasets.MNIST("data/mnist", train=True, download=True, transform=to_tensor)
    test_set = datasets.MNIST("data/mnist", train=False, download=True, transform=to_tensor)
    # TODO: DataLoaders (batch 64, shuffled, for training), the model, Adam(lr=1e-3), CrossEntropyLoss
    # TODO: per epoch: zero_grad, loss, loss.backward(), optimizer.step(); log_metric("train_loss", ...)
    # TODO: accuracy on the test set with torch.no_grad(); log_metric("test_accuracy", ...)
    # TODO: torch.save(model.state_dict(), "mnist_mlp.pt")
    raise NotImplementedError("train on MNIST")


if __name__ == "__main__":
    main()
