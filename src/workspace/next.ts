import { topologicalOrder } from '../core/graph.js';
import type { NodeStatus } from '../core/status.js';
import type { Session } from './session.js';

/** An open node and the first thing to do on it, with the command that does it. */
export interface NextStep {
  id: string;
  title: string;
  status: NodeStatus;
  optional: boolean;
  next: { criterion: string; kind: string; text: string; detail: string; action: string } | null;
}

/** The open nodes in prerequisite order, each with its first open criterion (`trail next`, the MCP tool next_steps). */
export function nextSteps(session: Session): NextStep[] {
  const { graph, state } = session;
  return topologicalOrder(graph)
    .order.filter((v) => v < graph.size)
    .map((v) => state.nodes[v]!)
    .filter((node) => node.status === 'available' || node.status === 'in_progress')
    .map((node) => {
      const todo = node.criteria.find((criterion) => criterion.state === 'unmet') ?? node.criteria.find((criterion) => criterion.state === 'pending');
      return {
        id: node.id,
        title: node.title,
        status: node.status,
        optional: node.optional,
        next: todo ? { criterion: todo.id, kind: todo.kind, text: todo.text, detail: todo.detail, action: todo.action } : null,
      };
    });
}
