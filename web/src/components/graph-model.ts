import { MarkerType, type Edge } from '@xyflow/react';
import type { Layout, TrackState } from '../api-types';
import type { PhaseFlowNode, TrailFlowNode } from './graph-nodes';

// Nodes the layout does not know yet (a newer track version) are stacked here, off to the side.
const FALLBACK_X = -320;
const FALLBACK_ROW = 90;

/** React Flow nodes and edges of a track: phases as groups, nodes inside them, critical path marked. */
export function buildGraph(state: TrackState, layout: Layout, nodeHref: (id: string) => string) {
  const path = state.estimate.criticalPath.nodes;
  const critical = new Set(path);
  const criticalEdges = new Set(path.slice(1).map((to, i) => `${path[i]}→${to}`));

  const groups: PhaseFlowNode[] = state.phases
    .filter((phase) => layout.groups[phase.id])
    .map((phase) => {
      const box = layout.groups[phase.id]!;
      return {
        id: `phase:${phase.id}`,
        type: 'phase',
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: { title: phase.title },
        className: 'graph-phase',
        ariaRole: 'group',
        ariaLabel: phase.title,
        selectable: false,
      };
    });

  let missing = 0;
  const nodes: TrailFlowNode[] = state.nodes.map((node) => {
    const box = layout.nodes[node.id];
    const group = box?.group && layout.groups[box.group] ? `phase:${box.group}` : undefined;
    const position = box ? { x: box.x, y: box.y } : { x: FALLBACK_X, y: FALLBACK_ROW * missing++ };
    return {
      id: node.id,
      type: 'trail',
      position,
      width: box?.width ?? 220,
      height: box?.height ?? 64,
      ...(group ? { parentId: group, extent: 'parent' as const } : {}),
      data: { node, href: nodeHref(node.id), critical: critical.has(node.id) },
    };
  });

  // Gate edges join phases (`phase:<id>`), which are the group nodes' ids too.
  const edges: Edge[] = state.edges.map(({ from, to, gate }) => {
    const onPath = criticalEdges.has(`${from}→${to}`);
    const route = layout.edges?.[`${from}→${to}`];
    return {
      id: `${from}→${to}`,
      source: from,
      target: to,
      // Inside a phase the layout's route goes around the boxes; between phases a stepped line.
      ...(route ? { type: 'routed', data: { points: route } } : { type: 'smoothstep' }),
      className: gate ? 'gate' : onPath ? 'critical' : undefined,
      markerEnd: { type: MarkerType.ArrowClosed },
      zIndex: 1,
    };
  });

  return { nodes: [...groups, ...nodes], edges, focus: focusOf(state, layout) };
}

/** Where the learner is: the phase of the node they are on (if any), and that node with its neighbours. */
export interface Focus {
  phase: string | undefined;
  nodes: string[];
}

// Where the learner is: the first node in progress (or available), its phase, and the nodes just
// before and after it. The view opens there, at a zoom where labels can be read.
function focusOf(state: TrackState, layout: Layout): Focus | undefined {
  const open = state.nodes.filter((n) => n.status === 'in_progress' || n.status === 'available');
  const current = open.find((n) => n.status === 'in_progress') ?? open[0];
  if (!current) return undefined;
  const group = layout.nodes[current.id]?.group ?? undefined;
  const near = state.edges
    .filter((edge) => !edge.gate && (edge.from === current.id || edge.to === current.id))
    .map((edge) => (edge.from === current.id ? edge.to : edge.from));
  return { phase: group && layout.groups[group] ? group : undefined, nodes: [current.id, ...near.filter((id) => layout.nodes[id])] };
}
