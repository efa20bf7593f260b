"""The full exercise: a basic neural network on MNIST with PyTorch.

    pip install torch torchvision
    python3 full/mnist_torch.py        # downloads MNIST (about 12 MB) into data/mnist the first time

The same network as the core exercise at full size: 784 pixels -> 256 ReLU units -> 10 logits,
trained with cross-entropy, but PyTorch computes the backward pass (autograd) and Adam takes
the steps. 5 epochs take a few minutes on a laptop CPU. Logs train_loss per epoch and
test_accuracy on the 10,000 test images; writes mnist_mlp.pt.
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
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))


def evaluate(model, loader):
    model.eval()
    right = total = 0
    with torch.no_grad():
        for images, labels in loader:
            right += (model(images).argmax(dim=1) == labels).sum().item()
            total += len(labels)
    return right / total


def main(epochs=5):
    torch.manual_seed(0)
    to_tensor = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_set = datasets.MNIST("data/mnist", train=True, download=True, transform=to_tensor)
    test_set = datasets.MNIST("data/mnist", train=False, download=True, transform=to_tensor)
    train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=1000)

    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        total, rows = 0.0, 0
        for images, labels in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()                      # autograd: the backward pass you wrote by hand
            optimizer.step()
            total += loss.item() * len(labels)
            rows += len(labels)
        log_metric("train_loss", total / rows, epoch)
        print(f"epoch {epoch}  train loss {total / rows:.4f}")

    acc = evaluate(model, test_loader)
    log_metric("test_accuracy", acc)
    print(f"test accuracy {acc:.4f} on {len(test_set)} images")
    torch.save(model.state_dict(), "mnist_mlp.pt")


if __name__ == "__main__":
    main()
