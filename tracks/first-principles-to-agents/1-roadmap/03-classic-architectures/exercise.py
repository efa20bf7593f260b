"""Section 3 (Optional: Classic Architectures): a convolution and its receptive field, and a
recurrent network whose gradient fades with distance, in numpy.

    python3 exercise.py                      # edge detection, receptive fields, gradient decay
    trail check classic-architectures        # runs the tests

Only numpy is needed (pip install numpy). Fill in every TODO.
"""
import numpy as np


# ---------------------------------------------------------------- CNNs

def conv_output_size(n, kernel, stride=1, padding=0):
    """Output length of a convolution along one axis: floor((n + 2 padding - kernel) / stride) + 1."""
    raise NotImplementedError("conv_output_size")  # TODO: the formula, with integer division


def conv2d(image, kernel, stride=1, padding=0):
    """One channel, cross-correlation as deep-learning libraries do it (the kernel is not flipped):
    out[i, j] = sum over (u, v) of kernel[u, v] * padded[i * stride + u, j * stride + v],
    with `padding` rows and columns of zeros around the image."""
    # TODO: pad with np.pad(image, padding); make the output array with conv_output_size on each axis
    # TODO: for every output position, the window of the padded image at (i * stride, j * stride), times the kernel, summed
    raise NotImplementedError("conv2d")


def max_pool2d(x, size):
    """Non-overlapping size x size windows, each replaced by its maximum (rows and columns beyond a whole window are dropped)."""
    raise NotImplementedError("max_pool2d")  # TODO: loops, or crop and reshape to (h, size, w, size) and take the max


def receptive_field(n_layers, kernel, stride=1):
    """Input pixels one output pixel sees after n_layers convolutions of the same kernel and stride:
    r = 1 + sum over layers l of (kernel - 1) * stride**(l - 1)."""
    raise NotImplementedError("receptive_field")  # TODO: the formula of the docstring


# ---------------------------------------------------------------- RNNs

def rnn_forward(xs, h0, Wx, Wh, b):
    """h_t = tanh(x_t Wx + h_{t-1} Wh + b) for t = 1..T. Returns hs, shape (T + 1, d): h0 first."""
    raise NotImplementedError("rnn_forward")  # TODO: start from [h0], one tanh step per input


def jacobian_norms(xs, h0, Wx, Wh, b):
    """Frobenius norms of dh_T / dh_t for t = 0..T (the last one is the identity, norm sqrt(d)).

    One step back: dh_{t+1} / dh_t = diag(1 - h_{t+1}^2) Wh^T, so
    dh_T / dh_t = (dh_T / dh_{t+1}) diag(1 - h_{t+1}^2) Wh^T.
    """
    hs = rnn_forward(xs, h0, Wx, Wh, b)
    # TODO: J = identity (d x d); walk t = T-1 down to 0, multiplying J on the right by one step back;
    #       keep np.linalg.norm(J) after each step; return the norms in the order t = 0..T
    raise NotImplementedError("jacobian_norms")


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
