"""Section 3 (Optional: Classic Architectures): a convolution and its receptive field, and a
recurrent network whose gradient fades with distance, in numpy.

    python3 exercise.py                      # edge detection, receptive fields, gradient decay
    trail check classic-architectures        # runs the tests

Only numpy is needed (pip install numpy).
"""
import numpy as np


# ---------------------------------------------------------------- CNNs

def conv_output_size(n, kernel, stride=1, padding=0):
    """Output length of a convolution along one axis: floor((n + 2 padding - kernel) / stride) + 1."""
    return (n + 2 * padding - kernel) // stride + 1


def conv2d(image, kernel, stride=1, padding=0):
    """One channel, cross-correlation as deep-learning libraries do it (the kernel is not flipped):
    out[i, j] = sum over (u, v) of kernel[u, v] * padded[i * stride + u, j * stride + v],
    with `padding` rows and columns of zeros around the image."""
    padded = np.pad(image, padding)
    kh, kw = kernel.shape
    out = np.zeros((conv_output_size(image.shape[0], kh, stride, padding),
                    conv_output_size(image.shape[1], kw, stride, padding)))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = padded[i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[i, j] = np.sum(window * kernel)
    return out


def max_pool2d(x, size):
    """Non-overlapping size x size windows, each replaced by its maximum (rows and columns beyond a whole window are dropped)."""
    h, w = x.shape[0] // size, x.shape[1] // size
    return x[:h * size, :w * size].reshape(h, size, w, size).max(axis=(1, 3))


def receptive_field(n_layers, kernel, stride=1):
    """Input pixels one output pixel sees after n_layers convolutions of the same kernel and stride:
    r = 1 + sum over layers l of (kernel - 1) * stride**(l - 1)."""
    return 1 + sum((kernel - 1) * stride ** layer for layer in range(n_layers))


# ---------------------------------------------------------------- RNNs

def rnn_forward(xs, h0, Wx, Wh, b):
    """h_t = tanh(x_t Wx + h_{t-1} Wh + b) for t = 1..T. Returns hs, shape (T + 1, d): h0 first."""
    hs = [h0]
    for x in xs:
        hs.append(np.tanh(x @ Wx + hs[-1] @ Wh + b))
    return np.array(hs)


def jacobian_norms(xs, h0, Wx, Wh, b):
    """Frobenius norms of dh_T / dh_t for t = 0..T (the last one is the identity, norm sqrt(d)).

    One step back: dh_{t+1} / dh_t = diag(1 - h_{t+1}^2) Wh^T, so
    dh_T / dh_t = (dh_T / dh_{t+1}) diag(1 - h_{t+1}^2) Wh^T.
    """
    hs = rnn_forward(xs, h0, Wx, Wh, b)
    T, d = len(xs), len(h0)
    J = np.eye(d)
    norms = [np.linalg.norm(J)]
    for t in range(T - 1, -1, -1):
        J = J @ (np.diag(1 - hs[t + 1] ** 2) @ Wh.T)
        norms.append(np.linalg.norm(J))
    return norms[::-1]


if __name__ == "__main__":
    image = np.zeros((6, 6))
    image[:, 3:] = 1.0                                    # dark left half, bright right half
    sobel_x = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    print("vertical edge detector:\n", conv2d(image, sobel_x))
    print("receptive field of 1, 2, 5, 10 stacked 3x3 convolutions:", [receptive_field(n, 3) for n in (1, 2, 5, 10)])
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    for a in (0.5, 0.9, 1.0):
        norms = jacobian_norms(np.zeros((30, 2)), np.full(8, 1e-3), np.zeros((2, 8)), a * Q, np.zeros(8))
        print(f"Wh = {a} x orthogonal: |dh_30/dh_0| / |dh_30/dh_30| = {norms[0] / norms[-1]:.3g}")
