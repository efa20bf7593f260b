import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { Session } from '../workspace/session.js';
import { TRAIL_DIR, writeFileAtomic } from '../store/safe-files.js';
import { graphEdges } from './track-view.js';

/** Where a node or phase group sits on the graph; nodes in a group are placed relative to it. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  group?: string;
}

/** A point of the graph, in the graph's own (absolute) coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** The laid-out graph of one version of a track; `edges` holds ELK's orthogonal route of each edge inside a phase (`from→to`: its points), drawn around the boxes. */
export interface GraphLayout {
  fingerprint: string;
  nodes: Record<string, Box>;
  groups: Record<string, Box>;
  edges: Record<string, Point[]>;
}

const BoxFile = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), group: z.optional(z.string()) });
/** `.trail/layout.json`, checked before use: a damaged file is laid out again. */
const PointFile = z.object({ x: z.number(), y: z.number() });
const LayoutFile = z.object({
  fingerprint: z.string(),
  nodes: z.record(z.string(), BoxFile),
  groups: z.record(z.string(), BoxFile),
  edges: z.record(z.string(), z.array(PointFile)),
});

const NODE = { width: 220, height: 64 };
const LAYOUT_FILE = 'layout.json';

// Layouts being computed, by workspace: a second request waits for the first instead of laying out again.
const pending = new Map<string, Promise<GraphLayout>>();
// The layout last given for each workspace, so that asking again reads no file.
const known = new Map<string, GraphLayout>();

/** The layout of a session's track: from `.trail/layout.json` when the track is unchanged, else laid out by ELK and kept. */
export async function layoutOf(session: Session): Promise<GraphLayout> {
  const path = join(session.workspace.root, TRAIL_DIR, LAYOUT_FILE);
  // The layout's own version is part of the key: a layout made by an older version is made again.
  const fingerprint = `layout-v2:${session.trackStamp.fingerprint}:${session.track.rules.join(',')}`;
  const remembered = known.get(path);
  if (remembered?.fingerprint === fingerprint) return remembered;
  try {
    const cached = LayoutFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (cached.success && cached.data.fingerprint === fingerprint) {
      known.set(path, cached.data);
      return cached.data;
    }
  } catch {
    // No layout yet, or an unreadable one: lay out again.
  }
  const key = `${path}\0${fingerprint}`;
  let running = pending.get(key);
  if (!running) {
    running = computeLayout(session, fingerprint)
      .then((layout) => {
        writeFileAtomic(path, `${JSON.stringify(layout)}\n`);
        known.set(path, layout);
        return layout;
      })
      .finally(() => pending.delete(key));
    pending.set(key, running);
  }
  return running;
}

const GAP = 60;
const PADDING = { top: 40, side: 16 };
// Orthogonal routes keep edges out of the boxes they pass (an edge through a node reads as a wrong prerequisite).
const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
};

/**
 * Lays out a track with ELK's layered algorithm, left to right. Each phase is laid out on its own
 * and the phases are placed side by side in their order: laying out the whole hierarchy at once
 * costs seconds on a 500-node track, phase by phase a fraction of that.
 */
export async function computeLayout(session: Session, fingerprint: string): Promise<GraphLayout> {
  // Loaded on first use: elkjs is large, and only the graph needs it.
  // A CommonJS module: its exports are `default` here, and it names itself `default` too, the constructor its typings declare.
  const ELK = (await import('elkjs/lib/elk.bundled.js')).default.default;
  const elk = new ELK();
  const { track } = session;
  const members = new Map<string | undefined, string[]>([...track.phases.map((phase) => [phase.id, []] as [string, string[]]), [undefined, []]]);
  for (const node of track.nodes) (members.get(node.phase) ?? members.get(undefined)!).push(node.id);
  const edges = graphEdges(session).filter((edge) => !edge.gate);
  const layout: GraphLayout = { fingerprint, nodes: {}, groups: {}, edges: {} };
  let x = 0;
  for (const [phase, ids] of members) {
    if (ids.length === 0) continue;
    const inside = new Set(ids);
    const within = edges.filter((edge) => inside.has(edge.from) && inside.has(edge.to));
    const graph: ElkNode = {
      id: phase ?? 'loose',
      // Fewer crossing-minimisation passes on big phases: a 100-node phase lays out in half the time.
      layoutOptions: { ...LAYERED, 'elk.layered.thoroughness': ids.length > 60 ? '1' : '7' },
      children: ids.map((id) => ({ id, ...NODE })),
      edges: within.map((edge, i) => ({ id: `e${i}`, sources: [edge.from], targets: [edge.to] })),
    };
    const laid = await elk.layout(graph);
    const grouped = phase !== undefined;
    const offset = grouped ? { x: PADDING.side, y: PADDING.top } : { x, y: 0 };
    for (const child of laid.children ?? []) {
      layout.nodes[child.id] = {
        x: Math.round((child.x ?? 0) + offset.x),
        y: Math.round((child.y ?? 0) + offset.y),
        ...NODE,
        ...(grouped ? { group: phase } : {}),
      };
    }
    // Routes in the graph's own coordinates: a phase's nodes sit inside its box, placed at x.
    const origin = grouped ? { x: x + PADDING.side, y: PADDING.top } : { x, y: 0 };
    for (const laidEdge of laid.edges ?? []) {
      const section = laidEdge.sections?.[0];
      const edge = within[Number(laidEdge.id.slice(1))];
      if (!section || !edge) continue;
      layout.edges[`${edge.from}→${edge.to}`] = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
        x: Math.round(p.x + origin.x),
        y: Math.round(p.y + origin.y),
      }));
    }
    const width = Math.round((laid.width ?? NODE.width) + (grouped ? 2 * PADDING.side : 0));
    if (grouped) layout.groups[phase] = { x, y: 0, width, height: Math.round((laid.height ?? NODE.height) + PADDING.top + PADDING.side) };
    x += width + GAP;
  }
  return layout;
}
