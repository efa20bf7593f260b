import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseNeed, type MissingNeed, type Need } from '../core/needs.js';

/** How long a probe of the network or of a model server may take before the need counts as missing. */
const PROBE_MS = 3000;

// What this machine has does not change while a command runs: each need is probed once per process.
const cache = new Map<string, Promise<string | undefined>>();

/** The needs of a check this machine does not meet, each with the reason; empty when all are met. */
export async function missingNeeds(needs: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<MissingNeed[]> {
  const reasons = await Promise.all(needs.map((name) => probe(parseNeed(name), env)));
  return needs.flatMap((need, i) => (reasons[i] === undefined ? [] : [{ need, reason: reasons[i]! }]));
}

function probe(need: Need, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  // The model server is named by the environment, so the answer depends on it.
  const key =
    need.kind === 'llm' ? `llm ${env.OPENAI_BASE_URL ?? ''}` : need.kind === 'python' || need.kind === 'command' ? `${need.name} ${env.PATH ?? ''}` : need.name;
  let answer = cache.get(key);
  if (!answer) {
    answer = reasonMissing(need, env);
    cache.set(key, answer);
  }
  return answer;
}

async function reasonMissing(need: Need, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  switch (need.kind) {
    case 'python': {
      const found = spawnSync('python3', ['-c', 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 1)', need.module], {
        env: env as NodeJS.ProcessEnv,
        timeout: 10_000,
      });
      if (found.error) return 'python3 is not installed';
      return found.status === 0 ? undefined : `python3 cannot import ${need.module}: install it, e.g. pip install ${pipName(need.module)}`;
    }
    case 'command':
      return onPath(need.program, env.PATH) ? undefined : `${need.program} is not on the PATH`;
    case 'gpu':
      return hasGpu(env) ? undefined : 'no GPU found (nvidia-smi lists none, and torch sees no CUDA or MPS device)';
    case 'network':
      return (await reachable()) ? undefined : 'no network: pypi.org and huggingface.co cannot be resolved';
    case 'llm':
      return modelServerProblem(env);
  }
}

// Modules whose package on PyPI has another name than the module they install.
const PIP_NAMES: Record<string, string> = {
  sklearn: 'scikit-learn',
  PIL: 'pillow',
  cv2: 'opencv-python',
  yaml: 'pyyaml',
  faiss: 'faiss-cpu',
  sentence_transformers: 'sentence-transformers',
  bs4: 'beautifulsoup4',
};

function pipName(module: string): string {
  const top = module.split('.')[0]!;
  return PIP_NAMES[top] ?? top.replace(/_/g, '-');
}

function onPath(program: string, path: string | undefined): boolean {
  return (path ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, program)));
}

function hasGpu(env: Readonly<Record<string, string | undefined>>): boolean {
  if (onPath('nvidia-smi', env.PATH)) {
    const smi = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000 });
    if (smi.status === 0 && /GPU \d/.test(smi.stdout)) return true;
  }
  const torch = spawnSync('python3', ['-c', 'import torch, sys; sys.exit(0 if torch.cuda.is_available() or torch.backends.mps.is_available() else 1)'], {
    env: env as NodeJS.ProcessEnv,
    timeout: 30_000,
  });
  return torch.status === 0;
}

async function reachable(): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), PROBE_MS).unref());
  const any = Promise.any(['pypi.org', 'huggingface.co'].map((host) => lookup(host))).then(
    () => true,
    () => false,
  );
  return Promise.race([any, timeout]);
}

// An OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio, a hosted API) named by OPENAI_BASE_URL.
async function modelServerProblem(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const base = env.OPENAI_BASE_URL;
  if (!base) return 'no model server: set OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama), OPENAI_MODEL and, if it needs one, OPENAI_API_KEY';
  if (!env.OPENAI_MODEL) return 'no model named: set OPENAI_MODEL to a model the server at OPENAI_BASE_URL serves';
  try {
    const response = await fetch(`${base.replace(/\/+$/, '')}/models`, {
      headers: env.OPENAI_API_KEY ? { authorization: `Bearer ${env.OPENAI_API_KEY}` } : {},
      signal: AbortSignal.timeout(PROBE_MS),
    });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403)
      return `the model server at ${base} refused the key (HTTP ${response.status}): check OPENAI_API_KEY`;
    // Some servers have no /models route; any answer shows the server is there.
    return undefined;
  } catch (error) {
    return `the model server at ${base} does not answer (${(error as Error).name === 'TimeoutError' ? `no answer in ${PROBE_MS / 1000} s` : (error as Error).message})`;
  }
}
