"""Section 18 (Advanced Topics): three small tools behind large decisions.

1. Scaling laws: fit a power law to the losses of small training runs, with and without an
   irreducible loss, extrapolate to runs you have not done, and split a compute budget between
   parameters and data (Chinchilla).
2. Inference optimization: quantize a layer's weights to int8, per tensor and per row, and
   measure the error that costs.
3. Distillation: train a small student on a teacher's soft targets at a temperature.

    python3 exercise.py                 # every number, printed
    trail check advanced-topics         # runs the tests

Only numpy (pip install numpy). Fill in every TODO; the overview gives each formula.
"""
import numpy as np

# The fitted law L(N, D) = E + A / N^alpha + B / D^beta of Hoffmann et al. (2022), their third approach.
CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}


def load_scaling(path="data/scaling.csv"):
    """(C, L, split): compute in FLOPs, final losses, and "fit" / "future" for each run."""
    rows = [line.strip().split(",") for line in open(path, encoding="utf-8").read().splitlines()[1:] if line.strip()]
    return (np.array([float(r[0]) for r in rows]), np.array([float(r[1]) for r in rows]), np.array([r[2] for r in rows]))


# ---------------------------------------------------------------- scaling laws

def fit_power_law(C, L):
    """(a, alpha) of L = a * C^(-alpha), by least squares on log L = log a - alpha * log C."""
    raise NotImplementedError("fit_power_law")  # TODO: np.linalg.lstsq on columns [1, log C] against log L


def predict(C, a, alpha, E=0.0):
    """E + a * C^(-alpha)."""
    raise NotImplementedError("predict")  # TODO


def fit_power_law_with_offset(C, L, E_grid):
    """(E, a, alpha) of L = E + a * C^(-alpha): for every E of E_grid below min(L), fit (a, alpha) to
    L - E with fit_power_law; keep the E whose predictions have the smallest sum of squared errors
    on L itself."""
    # TODO: for each E below min(L): (a, alpha) = fit_power_law(C, L - E); sum of squared errors of predict(..., E) - L
    raise NotImplementedError("fit_power_law_with_offset")


def chinchilla_rule(C, tokens_per_param=20):
    """(N, D) with C = 6 N D and D = tokens_per_param * N: N = sqrt(C / (6 * tokens_per_param))."""
    raise NotImplementedError("chinchilla_rule")  # TODO


def chinchilla_loss(N, D, E, A, B, alpha, beta):
    """E + A / N^alpha + B / D^beta."""
    raise NotImplementedError("chinchilla_loss")  # TODO


def chinchilla_optimal(C, E, A, B, alpha, beta):
    """(N, D) minimising chinchilla_loss under C = 6 N D:
    N = G (C/6)^(beta/(alpha+beta)), D = (C/6)^(alpha/(alpha+beta)) / G, G = (alpha A / (beta B))^(1/(alpha+beta))."""
    raise NotImplementedError("chinchilla_optimal")  # TODO


# ---------------------------------------------------------------- quantization

def quantize_int8(W, per_row=False):
    """Symmetric absmax int8: scale = max|W| / 127 (over the whole tensor, or over each row as a
    column of shape (rows, 1)); q = round(W / scale) clipped to [-127, 127], dtype int8.
    Returns (q, scale); scale is a float array."""
    # TODO: scale per tensor (np.abs(W).max() / 127) or per row (keepdims=True); round, clip, astype(np.int8)
    raise NotImplementedError("quantize_int8")


def dequantize(q, scale):
    """q * scale, as float."""
    raise NotImplementedError("dequantize")  # TODO


def relative_error(approx, exact):
    """||approx - exact|| / ||exact|| (Frobenius)."""
    raise NotImplementedError("relative_error")  # TODO


# ---------------------------------------------------------------- distillation

def softmax_t(z, T=1.0):
    """Softmax of z / T along the last axis, stable."""
    raise NotImplementedError("softmax_t")  # TODO: divide by T, subtract the max, exponentiate, normalise


def distillation_loss_and_grad(student_logits, targets, T):
    """Loss T² · mean over rows of KL(targets || softmax_t(student_logits, T)), and its gradient with
    respect to the student logits, T · (softmax_t(student_logits, T) - targets) / n.
    targets are probabilities (a teacher's softmax_t(teacher_logits, T), or one-hot labels with T = 1)."""
    # TODO: p = softmax_t(student_logits, T); KL per row counting only targets > 0; times T², mean over rows
    raise NotImplementedError("distillation_loss_and_grad")


def features(X):
    """The student's inputs: x, y, x², y², xy and a constant 1 for points X (n, 2)."""
    return np.column_stack([X, X ** 2, X[:, :1] * X[:, 1:], np.ones(len(X))])


def teacher_logits(X, path="data/teacher.npz"):
    with np.load(path) as t:
        return 3.0 * np.tanh(X @ t["W1"].T + t["b1"]) @ t["W2"].T


def train_student(F, targets, T, steps=1000, lr=0.3):
    """A linear softmax student on features F (n, k): W (k, classes) from zeros, `steps` gradient
    steps of size lr on distillation_loss_and_grad(F @ W, targets, T) (the gradient for W is Fᵀ g)."""
    raise NotImplementedError("train_student")  # TODO


def distillation_experiment(T, n_points=32, seeds=range(5)):
    """Train a student on n_points random points labelled by the teacher — its argmax as one-hot labels
    (T None) or its softmax_t at temperature T — and measure it on 4,000 other points: the share of
    argmax agreement with the teacher, and the cross-entropy to the teacher's probabilities (T = 1).
    Means over the seeds."""
    agree, ce = [], []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        X, Xtest = rng.uniform(-2, 2, (n_points, 2)), rng.uniform(-2, 2, (4000, 2))
        z, zt = teacher_logits(X), teacher_logits(Xtest)
        targets = np.eye(z.shape[1])[z.argmax(1)] if T is None else softmax_t(z, T)
        W = train_student(features(X), targets, 1.0 if T is None else T)
        ps, pt = softmax_t(features(Xtest) @ W), softmax_t(zt)
        agree.append(np.mean(ps.argmax(1) == zt.argmax(1)))
        ce.append(-np.mean(np.sum(pt * np.log(ps), axis=1)))
    return {"agreement": float(np.mean(agree)), "cross_entropy": float(np.mean(ce))}


if __name__ == "__main__":
    C, L, split = load_scaling()
    fit, future = split == "fit", split == "future"
    a, alpha = fit_power_law(C[fit], L[fit])
    E, a2, alpha2 = fit_power_law_with_offset(C[fit], L[fit], np.arange(0.0, 2.5, 0.01))
    print(f"pure power law: L = {a:.2f} C^-{alpha:.4f};  with offset: L = {E:.2f} + {a2:.1f} C^-{alpha2:.4f}")
    for c, l in zip(C[future], L[future]):
        print(f"  C = {c:.0e}: loss {l:.3f}, pure {predict(c, a, alpha):.3f}, offset {predict(c, a2, alpha2, E):.3f}")
    budget = 5.88e23
    print("Chinchilla budget 5.88e23 FLOPs: rule of 20 tokens per parameter N = %.3g, D = %.3g" % chinchilla_rule(budget))
    print("                                 fitted law N = %.3g, D = %.3g" % chinchilla_optimal(budget, **CHINCHILLA))
    W = np.load("data/weights.npz")["W"]
    x = np.random.default_rng(0).normal(size=(64, 128))
    for per_row in (False, True):
        q, s = quantize_int8(W, per_row)
        Wq = dequantize(q, s)
        print(f"int8 {'per row' if per_row else 'per tensor'}: weight error {relative_error(Wq, W):.4f}, "
              f"output error {relative_error(x @ Wq.T, x @ W.T):.4f}, zeros {np.mean(q == 0):.1%}")
    for name, T in (("hard labels", None), ("soft targets, T = 2", 2.0)):
        result = distillation_experiment(T)
        print(f"student on {name}: agrees with the teacher on {result['agreement']:.1%} of test points, "
              f"cross-entropy to its probabilities {result['cross_entropy']:.3f} (mean of 5 draws of 32 points)")
