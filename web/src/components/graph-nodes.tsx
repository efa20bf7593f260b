import { Handle, Position, useReactFlow, type Node, type NodeProps } from '@xyflow/react';
import type { FocusEvent } from 'react';
import { Link } from 'react-router';
import type { NodeSummary } from '../api-types';
import { STATUS_LABEL } from '../format';

export type TrailNodeData = { node: NodeSummary; href: string; critical: boolean };
export type PhaseNodeData = { title: string };
export type TrailFlowNode = Node<TrailNodeData, 'trail'>;
export type PhaseFlowNode = Node<PhaseNodeData, 'phase'>;

/** The accessible name of a node on the graph: its title, status and what sets it apart. */
export function nodeLabel(node: NodeSummary, critical: boolean): string {
  // The visible words come first, in their order, so the name a screen reader hears starts like the text on screen.
  const parts = [node.title, STATUS_LABEL[node.status].text];
  if (node.optional) parts.push('optional');
  if (critical) parts.push('critical (on the critical path)');
  return parts.join(', ');
}

/** A node of the roadmap: a link to its page, coloured and labelled by status. */
export function TrailNode({ data, positionAbsoluteX, positionAbsoluteY, width = 0, height = 0 }: NodeProps<TrailFlowNode>) {
  const { node, href, critical } = data;
  const { setCenter, getZoom } = useReactFlow();
  // React Flow undoes the browser's scrolling to a focused element, so a node reached with Tab
  // outside the view is brought into it here, readable.
  const reveal = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.matches(':focus-visible')) return;
    void setCenter(positionAbsoluteX + width / 2, positionAbsoluteY + height / 2, { zoom: Math.max(getZoom(), 0.75), duration: 200 });
  };
  const { icon, text } = STATUS_LABEL[node.status];
  const classes = ['graph-node', `status-${node.status}`, node.optional ? 'optional' : '', critical ? 'critical' : ''];
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <Link
        to={href}
        className={classes.filter(Boolean).join(' ')}
        aria-label={nodeLabel(node, critical)}
        data-testid={`graph-node-${node.id}`}
        data-status={node.status}
        onFocus={reveal}
      >
        <span className="graph-node-title">{node.title}</span>{' '}
        <span className="graph-node-meta">
          <span className="graph-node-status">
            <span aria-hidden="true">{icon}</span> {text}
          </span>
          {node.optional && (
            <>
              {' '}
              <span>optional</span>
            </>
          )}
          {critical && (
            <>
              {' '}
              <span className="critical-mark">critical</span>
            </>
          )}
        </span>
      </Link>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

/** A phase: the box around its nodes, titled; phase gates connect these boxes. */
export function PhaseNode({ data }: NodeProps<PhaseFlowNode>) {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="graph-phase-title">{data.title}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </>
  );
}

/** The node types of the roadmap graph, for React Flow's `nodeTypes`. */
export const nodeTypes = { trail: TrailNode, phase: PhaseNode };
