"""Phase 2, Section 4: loss functions, the single number a network is trained to make small.

mse: regression. binary_cross_entropy: a yes/no probability. softmax + cross_entropy: one of
K classes. All take and return Values, so backward() from the loss reaches every parameter.

Run it:    python3 experiment.py
Check it:  trail check loss-functions
Stuck?     trail hint loss-functions
"""
import math
import random

from engine import Value
from nn import MLP


def mse(preds, targets):
    """Mean squared error (1/n) Σ (pred_i - target_i)², as a Value.

    preds: a list of Values; targets: a list of numbers, the same length.
    """
    # TODO: square each error with Value operations, add them up, divide by n.
    raise NotImplementedError("mse: the mean of the squared errors, as a Value")


def binary_cross_entropy(p, y):
    """-[y·ln p + (1 - y)·ln(1 - p)] for a probability Value p in (0, 1) and a label y (0 or 1)."""
    # TODO: use p.log() and Value arithmetic, so the gradient reaches p.
    raise NotImplementedError("binary_cross_entropy: -[y ln p + (1 - y) ln(1 - p)], as a Value")


def softmax(logits):
    """exp(z_i - m) / Σ_j exp(z_j - m), where m is the largest logit's .data: a list of Values."""
    # TODO: m = the largest .data (a plain number: it shifts every logit the same way, so the
    #       result and its gradient do not change, but exp never sees a large positive number).
    #       Then exponentiate the shifted logits as Values and divide each by their sum.
    raise NotImplementedError("softmax: a list of probabilities, as Values")


def cross_entropy(logits, target):
    """-ln softmax(logits)[target], as a Value: target is the index of the right class."""
    # TODO: the negative log of the probability the softmax gives the right class.
    raise NotImplementedError("cross_entropy: -log of the right class's probability")


def worked_example():
    logits = [Value(2.0), Value(1.0), Value(0.1)]
    probs = softmax(logits)
    loss = cross_entropy(logits, 0)
    loss.backward()
    print("softmax(2, 1, 0.1)       =", [round(p.data, 4) for p in probs])
    print("cross-entropy, target 0  =", round(loss.data, 4))
    print("d loss / d logits        =", [round(z.grad, 4) for z in logits], "(softmax - onehot)")
    preds = [Value(2.5), Value(0.0), Value(2.0)]
    loss = mse(preds, [3.0, -0.5, 2.0])
    loss.backward()
    print("mse                      =", round(loss.data, 4), " grads", [round(p.grad, 4) for p in preds])
    print("bce(0.5, 1) = ln 2       =", round(binary_cross_entropy(Value(0.5), 1).data, 4))


def loss_at_initialisation():
    random.seed(0)
    model = MLP(2, [8, 10])
    losses = [cross_entropy(model([x, -x]), k).data for k, x in enumerate([0.1 * i for i in range(10)])]
    print(f"a fresh 10-class MLP: mean loss {sum(losses) / len(losses):.3f}; ln 10 = {math.log(10):.3f}")


if __name__ == '__main__':
    worked_example()
    loss_at_initialisation()
