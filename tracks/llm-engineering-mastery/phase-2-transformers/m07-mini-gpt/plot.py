"""plot_curves from M3 (the reference solution): an SVG line chart with the standard library.

To use your own, paste your M3 plot_curves over this one.
"""
import os


def plot_curves(curves, path, title="training loss per epoch"):
    """Write an SVG line chart: one <polyline> per curve, in the order of the dict, on shared
    axes (x: epoch, y: loss, larger loss higher up), and a <text> label with each name."""
    width, height, left, top, right, bottom = 640, 400, 60, 40, 160, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for losses in curves.values() for v in losses]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    n = max(len(losses) for losses in curves.values())
    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    def x_of(i):
        return left + plot_w * (i / (n - 1) if n > 1 else 0.0)

    def y_of(loss):
        return top + plot_h * (1.0 - (loss - lo) / span)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="{top - 15}" font-size="14">{title}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="black"/>',
             f'<text x="{left - 8}" y="{top + 4}" text-anchor="end">{hi:.3g}</text>',
             f'<text x="{left - 8}" y="{top + plot_h + 4}" text-anchor="end">{lo:.3g}</text>',
             f'<text x="{left + plot_w}" y="{top + plot_h + 20}" text-anchor="end">epoch {n}</text>']
    for k, (name, losses) in enumerate(curves.items()):
        color = colors[k % len(colors)]
        points = " ".join(f"{x_of(i):.2f},{y_of(v):.2f}" for i, v in enumerate(losses))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{left + plot_w + 10}" y="{top + 20 + 18 * k}" fill="{color}">{name}</text>')
    parts.append("</svg>")
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")
