import { Background, Controls, MiniMap, ReactFlow, type Node, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../styles/graph.css';
import { useMemo, useRef } from 'react';
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
const CLEAR_WITH_MINIMAP = { ...CLEAR, right: 230 };
const NARROW = '(max-width: 640px)';

function minimapColour(node: Node): string {
  const data = node.data as Partial<TrailNodeData>;
  return data.node ? MINIMAP_COLOUR[data.node.status] : 'transparent';
}

// Opens on the learner's position: the whole phase they are in when it fits at a readable zoom,
// otherwise the node they are on with its neighbours, never smaller than readable.
function openOnFocus(flow: ReactFlowInstance<TrailFlowNode | PhaseFlowNode>, focus: Focus | undefined, layout: Layout, element: HTMLElement, clear: typeof CLEAR): void {
  if (!focus) {
    void flow.fitView({ maxZoom: 1, padding: clear });
    return;
  }
  const box = focus.phase ? layout.groups[focus.phase] : undefined;
  const fits = box && Math.min((element.clientWidth - clear.left - clear.right) / box.width, (element.clientHeight - clear.top - clear.bottom) / box.height) >= READABLE_ZOOM;
  const nodes = fits ? [{ id: `phase:${focus.phase}` }] : focus.nodes.map((id) => ({ id }));
  void flow.fitView({ nodes, maxZoom: 1, minZoom: READABLE_ZOOM, padding: clear });
  // A neighbourhood wider than the screen at a readable zoom: the node itself must be in view.
  if (!fits) {
    const current = flow.getInternalNode(focus.nodes[0]!);
    if (current) {
      const { x, y } = current.internals.positionAbsolute;
      const { zoom } = flow.getViewport();
      const seen = flow.flowToScreenPosition({ x, y });
      const rect = element.getBoundingClientRect();
      if (seen.x < rect.left || seen.x > rect.right - clear.right - 220 * zoom || seen.y < rect.top || seen.y > rect.bottom - clear.bottom) {
        void flow.setCenter(x + 110, y + 32, { zoom: Math.max(zoom, READABLE_ZOOM) });
      }
    }
  }
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

  const graph = useMemo(
    () => (state.data && layout.data ? buildGraph(state.data, layout.data, (node) => `${base}/n/${encodeURIComponent(node)}`) : undefined),
    [state.data, layout.data, base],
  );

  if (narrow && params.get('view') !== 'graph') return <Navigate to={`${base}/list`} replace />;
  const clear = narrow ? CLEAR : CLEAR_WITH_MINIMAP;
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
          <div className="graph-canvas" ref={canvas}>
            <ReactFlow
              nodes={graph.nodes}
              edges={graph.edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              colorMode={theme}
              onInit={(flow) => canvas.current && layout.data && openOnFocus(flow, graph.focus, layout.data, canvas.current, clear)}
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
              <Controls showInteractive={false} fitViewOptions={{ padding: clear }} />
              {!narrow && <MiniMap nodeColor={minimapColour} pannable zoomable ariaLabel="Overview of the roadmap" />}
            </ReactFlow>
          </div>
        </>
      )}
    </section>
  );
}
