/** A line of a metrics file that could not be read, and why. */
export interface MetricsFileProblem {
  line: number;
  message: string;
}

/** Series read from a metrics file (values in step order) and the lines that were wrong. */
export interface ParsedMetrics {
  series: Record<string, number[]>;
  problems: MetricsFileProblem[];
}

type Point = { step: number; order: number; value: number };

function inStepOrder(points: Map<string, Point[]>): Record<string, number[]> {
  const series: Record<string, number[]> = {};
  for (const [name, list] of points) series[name] = list.sort((a, b) => a.step - b.step || a.order - b.order).map((p) => p.value);
  return series;
}

function add(points: Map<string, Point[]>, name: string, value: number, step: number | undefined, order: number): void {
  const list = points.get(name) ?? [];
  list.push({ step: step ?? list.length, order, value });
  points.set(name, list);
}

/** Reads metric-protocol lines (`{"name": "loss", "value": 0.5, "step": 3}`, step optional), reporting each bad line. */
export function parseMetricsJsonl(text: string): ParsedMetrics {
  const points = new Map<string, Point[]>();
  const problems: MetricsFileProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let point: unknown;
    try {
      point = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    if (typeof point !== 'object' || point === null || Array.isArray(point)) {
      problems.push({ line, message: 'not a JSON object; write {"name": "<metric>", "value": <number>, "step": <number>}' });
      return;
    }
    const { name, value, step } = point as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') problems.push({ line, message: '"name" must be a non-empty string' });
    else if (typeof value !== 'number' || !Number.isFinite(value))
      problems.push({ line, message: `"value" of "${name}" must be a finite number, not ${JSON.stringify(value) ?? 'missing'}` });
    else if (step !== undefined && (typeof step !== 'number' || !Number.isFinite(step)))
      problems.push({ line, message: `"step" must be a number, not ${JSON.stringify(step)}` });
    else add(points, name, value, step as number | undefined, index);
  });
  return { series: inStepOrder(points), problems };
}

// Splits one CSV line on commas, honouring double-quoted fields ("a, b" and "" for a quote).
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}

/** Reads a CSV with a header row: a `step` column and one column per metric; an empty cell is no value. */
export function parseMetricsCsv(text: string): ParsedMetrics {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header = cells(lines[0] ?? '');
  const problems: MetricsFileProblem[] = [];
  const stepColumn = header.indexOf('step');
  if (stepColumn < 0)
    return {
      series: {},
      problems: [{ line: 1, message: `the header has no "step" column (it has: ${header.join(', ') || 'nothing'}); write e.g. "step,loss,accuracy"` }],
    };
  const seen = new Set<string>();
  header.forEach((name, column) => {
    if (column === stepColumn) return;
    if (name === '') problems.push({ line: 1, message: `column ${column + 1} has no name` });
    else if (seen.has(name)) problems.push({ line: 1, message: `column "${name}" appears twice` });
    seen.add(name);
  });
  if (problems.length > 0) return { series: {}, problems };
  const points = new Map<string, Point[]>();
  for (let index = 1; index < lines.length; index++) {
    const raw = lines[index]!;
    const line = index + 1;
    if (!raw.trim()) continue;
    const row = cells(raw);
    if (row.length !== header.length) {
      problems.push({ line, message: `${row.length} cells, but the header has ${header.length} columns` });
      continue;
    }
    const step = Number(row[stepColumn]);
    if (row[stepColumn] === '' || !Number.isFinite(step)) {
      problems.push({ line, message: `step "${row[stepColumn]}" is not a number` });
      continue;
    }
    row.forEach((cell, column) => {
      if (column === stepColumn || cell === '') return;
      const value = Number(cell);
      if (Number.isFinite(value)) add(points, header[column]!, value, step, index);
      else problems.push({ line, message: `"${cell}" in column "${header[column]}" is not a number` });
    });
  }
  return { series: inStepOrder(points), problems };
}
