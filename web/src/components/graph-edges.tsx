import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';

export type RoutedEdgeData = { points: Array<{ x: number; y: number }> };
export type RoutedFlowEdge = Edge<RoutedEdgeData, 'routed'>;

const RADIUS = 8;

// An orthogonal polyline with its corners rounded: the route the layout found around the boxes.
function pathOf(points: ReadonlyArray<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  let path = `M ${points[0]!.x} ${points[0]!.y}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const next = points[i + 1];
    if (!next) {
      path += ` L ${p.x} ${p.y}`;
      break;
    }
    const prev = points[i - 1]!;
    const r = Math.min(RADIUS, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const from = { x: p.x - Math.sign(p.x - prev.x) * r, y: p.y - Math.sign(p.y - prev.y) * r };
    const to = { x: p.x + Math.sign(next.x - p.x) * r, y: p.y + Math.sign(next.y - p.y) * r };
    path += ` L ${from.x} ${from.y} Q ${p.x} ${p.y} ${to.x} ${to.y}`;
  }
  return path;
}

/** An edge drawn along the route the server's layout computed (ELK, orthogonal), not straight through nodes. */
export function RoutedEdge({ id, data, markerEnd, style }: EdgeProps<RoutedFlowEdge>) {
  return <BaseEdge id={id} path={pathOf(data?.points ?? [])} {...(markerEnd ? { markerEnd } : {})} {...(style ? { style } : {})} />;
}

/** The edge types of the roadmap graph, for React Flow's `edgeTypes`. */
export const edgeTypes = { routed: RoutedEdge };
