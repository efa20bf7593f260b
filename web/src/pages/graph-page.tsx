import { Background, ControlButton, Controls, MiniMap, ReactFlow, type Node, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../styles/graph.css';
import { useMemo, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api';
import type { Layout, NodeStatus } from '../api-types';
import { ErrorBox } from '../components/error-box';
import { edgeTypes } from '../components/graph-edges';
import { buildGraph, type Focus } from '../components/graph-model';
import { nodeTypes, type PhaseFlowNode, type TrailFlowNode, type TrailNodeData } from '../components/graph-nodes';
import { Loading } from '../components/loading';
import { TrackHeader } from '../components/track-header';
import { STATUS_LABEL, STATUSES } from '../format';
import { useResource } from '../hooks/use-resource';
import { useTitle } from '../hooks/use-title';
import { useTheme } from '../theme';
import { useTrack } from '../track-context';

const MINIMAP_COLOUR: Record<NodeStatus, string> = {
  locked: '#8a8f98',
  available: '#2f6fdb',
  in_progress: '#d08a00',
  done: '#2e8540',
  skipped: '#b9bcc2',
};

// Node titles are 0.9rem (14.4 px) at zoom 1: from 0.84 on they read at 12 px or more.
const READABLE_ZOOM = 0.84;
// Room kept free of nodes where the controls (bottom left) and the minimap (bottom right) sit.
const CLEAR = { top: 24, left: 64, right: 24, bottom: 24 };
const NARROW = '(max-width: 640px)';

function minimapColour(node: Node): string {
  const data = node.data as Partial<TrailNodeData>;
  return data.node ? MINIMAP_COLOUR[data.node.status] : 'transparent';
}

// Where a node sits in the graph's own coordinates (a phase's nodes are placed inside its box).
function absolute(layout: Layout, id: string): { x: number; y: number; width: number; height: number } | undefined {
  const box = layout.nodes[id];
  if (!box) return undefined;
  const group = box.group ? layout.groups[box.group] : undefined;
  return { x: box.x + (group?.x ?? 0), y: box.y + (group?.y ?? 0), width: box.width, height: box.height };
}

// The least of the canvas a view is placed in when the window shows less of it than that.
const MIN_SEEN = 160;

// The room to keep free, grown by the part of the canvas the window does not show: on a phone the
// header pushes the canvas's lower part below the window, and the learner's node must open in sight.
function seenClear(element: HTMLElement, clear: typeof CLEAR): typeof CLEAR {
  const box = element.getBoundingClientRect();
  const above = Math.max(0, -box.top);
  const below = Math.max(0, box.bottom - window.innerHeight);
  if (box.height - above - below < MIN_SEEN) return clear;
  return { ...clear, top: clear.top + above, bottom: clear.bottom + below };
}

// Opens on the learner's position: the whole phase they are in when it fits at a readable zoom,
// else the node with its neighbours when they fit, else the node itself at a readable zoom.
function openOnFocus(
  flow: ReactFlowInstance<TrailFlowNode | PhaseFlowNode>,
  focus: Focus | undefined,
  layout: Layout,
  element: HTMLElement,
  canvasClear: typeof CLEAR,
): void {
  const clear = seenClear(element, canvasClear);
  const room = { width: element.clientWidth - clear.left - clear.right, height: element.clientHeight - clear.top - clear.bottom };
  const zoomToFit = (box: { width: number; height: number }) => Math.min(room.width / box.width, room.height / box.height);
  if (!focus) {
    void flow.fitView({ maxZoom: 1, padding: clear });
    return;
  }
  const phase = focus.phase ? layout.groups[focus.phase] : undefined;
  const boxes = focus.nodes.map((id) => absolute(layout, id)).filter((box) => box !== undefined);
  const span = (list: Array<{ x: number; y: number; width: number; height: number }>) => {
    const left = Math.min(...list.map((b) => b.x));
    const top = Math.min(...list.map((b) => b.y));
    return { x: left, y: top, width: Math.max(...list.map((b) => b.x + b.width)) - left, height: Math.max(...list.map((b) => b.y + b.height)) - top };
  };
  // The largest view that is readable: the phase, else the node and its neighbours, else the node.
  const target = [phase, boxes.length > 1 ? span(boxes) : undefined, boxes[0]].find((box) => box && zoomToFit(box) >= READABLE_ZOOM) ?? boxes[0];
  if (!target) return;
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, zoomToFit(target)));
  // The target's centre goes to the centre of the room left free by the controls and the minimap;
  // a target wider than the room shows its left part, where the learner's node is.
  const wide = target.width * zoom > room.width;
  const x = wide ? target.x + room.width / zoom / 2 - 20 / zoom : target.x + target.width / 2;
  const shift = { x: (clear.right - clear.left) / 2 / zoom, y: (clear.bottom - clear.top) / 2 / zoom };
  void flow.setCenter(x + shift.x, target.y + target.height / 2 + shift.y, { zoom });
}

/** The roadmap as a graph: phases as boxes, nodes by status, the critical path marked; on a phone, the list unless the graph is asked for. */
export default function GraphPage() {
  const { id, state } = useTrack();
  const { theme } = useTheme();
  const [params] = useSearchParams();
  useTitle(state.data ? `${state.data.track.title}: graph` : 'Graph');
  const layout = useResource(() => api.layout(id), `layout:${id}`);
  const base = `/t/${encodeURIComponent(id)}`;
  const navigate = useNavigate();
  const canvas = useRef<HTMLDivElement>(null);
  const narrow = typeof window !== 'undefined' && window.matchMedia(NARROW).matches;
  // The overview map covers part of the graph, so it shows only when asked for.
  const [overview, setOverview] = useState(false);
  // Set once the view is placed on the learner's position: what a test or a benchmark waits for.
  const [placed, setPlaced] = useState(false);

  const graph = useMemo(
    () => (state.data && layout.data ? buildGraph(state.data, layout.data, (node) => `${base}/n/${encodeURIComponent(node)}`) : undefined),
    [state.data, layout.data, base],
  );

  if (narrow && params.get('view') !== 'graph') return <Navigate to={`${base}/list`} replace />;
  const clear = CLEAR;
  const critical = (state.data?.estimate.criticalPath.nodes.length ?? 0) > 1;
  const error = state.error ?? layout.error;
  return (
    <section className="page graph-page">
      {state.data ? <TrackHeader state={state.data} view="Graph" /> : <h1>Graph</h1>}
      {error && <ErrorBox error={error} what="The roadmap" />}
      {!graph && !error && <Loading what="Loading the roadmap" />}
      {graph && (
        <>
          <ul className="legend" aria-label="Legend">
            {STATUSES.map((status) => (
              <li key={status} className={`legend-${status}`}>
                <span aria-hidden="true">{STATUS_LABEL[status].icon}</span> {STATUS_LABEL[status].text}
              </li>
            ))}
            <li className="legend-optional">dashed: optional</li>
            {critical && <li className="legend-critical">thick outline: critical path</li>}
          </ul>
          <div className="graph-canvas" ref={canvas} data-placed={placed}>
            <ReactFlow
              nodes={graph.nodes}
              edges={graph.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              colorMode={theme}
              onInit={(flow) => {
                if (canvas.current && layout.data) openOnFocus(flow, graph.focus, layout.data, canvas.current, clear);
                setPlaced(true);
              }}
              minZoom={0.1}
              // A big roadmap draws only what is on screen.
              onlyRenderVisibleElements
              nodesDraggable={false}
              nodesConnectable={false}
              nodesFocusable={false}
              edgesFocusable={false}
              elementsSelectable={false}
              aria-label="Roadmap graph"
              // Without a click handler React Flow lets clicks through nodes to the pane; the node's link is the target.
              onNodeClick={(event, node) => {
                const data = node.data as Partial<TrailNodeData>;
                if (!data.href) return;
                event.preventDefault();
                void navigate(data.href);
              }}
            >
              <Background />
              <Controls showInteractive={false} fitViewOptions={{ padding: clear }}>
                <ControlButton
                  onClick={() => setOverview(!overview)}
                  aria-pressed={overview}
                  title={overview ? 'Hide the overview map' : 'Show an overview map'}
                  aria-label={overview ? 'Hide the overview map' : 'Show an overview map'}
                >
                  <span aria-hidden="true">▦</span>
                </ControlButton>
              </Controls>
              {overview && <MiniMap nodeColor={minimapColour} pannable zoomable ariaLabel="Overview of the roadmap" />}
            </ReactFlow>
          </div>
        </>
      )}
    </section>
  );
}
