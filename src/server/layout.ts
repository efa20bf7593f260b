import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../workspace/session.js';
import { TRAIL_DIR, writeFileAtomic } from '../workspace/workspace.js';
import { graphEdges } from './track-view.js';

/** Where a node or phase group sits on the graph; nodes in a group are placed relative to it. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  group?: string;
}

/** The laid-out graph of one version of a track. */
export interface GraphLayout {
  fingerprint: string;
  nodes: Record<string, Box>;
  groups: Record<string, Box>;
}

const NODE = { width: 220, height: 64 };
const LAYOUT_FILE = 'layout.json';

interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkNode[];
  layoutOptions?: Record<string, string>;
}

/** The layout of a session's track: from `.trail/layout.json` when the track is unchanged, else laid out by ELK and kept. */
export async function layoutOf(session: Session): Promise<GraphLayout> {
  const path = join(session.workspace.root, TRAIL_DIR, LAYOUT_FILE);
  const fingerprint = `${session.trackStamp.fingerprint}:${session.track.rules.join(',')}`;
  try {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as GraphLayout;
    if (cached.fingerprint === fingerprint) return cached;
  } catch {
    // No layout yet, or an unreadable one: lay out again.
  }
  const layout = await computeLayout(session, fingerprint);
  writeFileAtomic(path, `${JSON.stringify(layout)}\n`);
  return layout;
}

/** Lays out a track with ELK's layered algorithm, left to right, phases as groups. */
export async function computeLayout(session: Session, fingerprint: string): Promise<GraphLayout> {
  // Loaded on first use: elkjs is large, and only the graph needs it.
  const ELK = (await import('elkjs/lib/elk.bundled.js')).default as unknown as new () => { layout(graph: object): Promise<object> };
  const { track } = session;
  const leaf = (id: string): ElkNode => ({ id, ...NODE });
  const grouped = new Map(track.phases.map((phase) => [phase.id, [] as ElkNode[]]));
  const loose: ElkNode[] = [];
  for (const node of track.nodes) (grouped.get(node.phase ?? '') ?? loose).push(leaf(node.id));
  const groups: ElkNode[] = [...grouped].filter(([, children]) => children.length > 0).map(([id, children]) => ({ id: `phase:${id}`, children, layoutOptions: { 'elk.padding': '[top=40,left=16,bottom=16,right=16]' } }));
  const root = {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.layered.spacing.nodeNodeBetweenLayers': '60', 'elk.spacing.nodeNode': '24' },
    children: [...groups, ...loose],
    edges: graphEdges(session)
      .filter((edge) => !edge.gate || (groups.some((g) => g.id === edge.from) && groups.some((g) => g.id === edge.to)))
      .map((edge, i) => ({ id: `e${i}`, sources: [edge.from], targets: [edge.to] })),
  };
  const laid = (await new ELK().layout(root)) as ElkNode;
  const layout: GraphLayout = { fingerprint, nodes: {}, groups: {} };
  const box = (n: ElkNode, group?: string): Box => ({ x: Math.round(n.x ?? 0), y: Math.round(n.y ?? 0), width: Math.round(n.width ?? NODE.width), height: Math.round(n.height ?? NODE.height), ...(group ? { group } : {}) });
  for (const child of laid.children ?? []) {
    if (!child.children) {
      layout.nodes[child.id] = box(child);
      continue;
    }
    const phase = child.id.slice('phase:'.length);
    layout.groups[phase] = box(child);
    for (const leafNode of child.children) layout.nodes[leafNode.id] = box(leafNode, phase);
  }
  return layout;
}
