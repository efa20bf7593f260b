import { Background, Controls, MiniMap, ReactFlow, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../styles/graph.css';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import type { NodeStatus } from '../api-types';
import { ErrorBox } from '../components/error-box';
import { buildGraph } from '../components/graph-model';
import { nodeTypes, type TrailNodeData } from '../components/graph-nodes';
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

function minimapColour(node: Node): string {
  const data = node.data as Partial<TrailNodeData>;
  return data.node ? MINIMAP_COLOUR[data.node.status] : 'transparent';
}

/** The roadmap as a graph: phases as boxes, nodes by status, the critical path marked. */
export default function GraphPage() {
  const { id, state } = useTrack();
  const { theme } = useTheme();
  useTitle(state.data ? `${state.data.track.title}: graph` : 'Graph');
  const layout = useResource(() => api.layout(id), `layout:${id}`);
  const base = `/t/${encodeURIComponent(id)}`;
  const navigate = useNavigate();

  const graph = useMemo(
    () => (state.data && layout.data ? buildGraph(state.data, layout.data, (node) => `${base}/n/${encodeURIComponent(node)}`) : undefined),
    [state.data, layout.data, base],
  );

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
            <li className="legend-critical">thick outline: critical path</li>
          </ul>
          <div className="graph-canvas">
            <ReactFlow
              nodes={graph.nodes}
              edges={graph.edges}
              nodeTypes={nodeTypes}
              colorMode={theme}
              fitView
              fitViewOptions={{ nodes: graph.focus, maxZoom: 1, padding: 0.15 }}
              minZoom={0.1}
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
              <Controls showInteractive={false} fitViewOptions={{ padding: 0.1 }} />
              <MiniMap nodeColor={minimapColour} pannable zoomable ariaLabel="Overview of the roadmap" />
            </ReactFlow>
          </div>
        </>
      )}
    </section>
  );
}
