import { assistRequest, compareAssisted, readAssistReply, type AssistComparison, type ImportedTrack } from '../../content/import/index.js';
import { TrailError } from '../../core/errors.js';

/** What the model made of the document: its reading compared with the importer's, or why there is none. */
export type AssistResult = { model: string; comparison: AssistComparison; why: string | null } | { model: string; error: string };

/**
 * Asks the tutor's model (`.trail/tutor.json` of the workspace here, or OPENAI_* / ANTHROPIC_*)
 * for the structure of the document as JSON, checks it against the schema and the document, and
 * compares it with the importer's reading. No model configured is a usage error; a model that
 * fails or answers nonsense is reported, and the importer's reading stands.
 */
export async function assistReading(
  text: string,
  imported: ImportedTrack,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<AssistResult> {
  const { findWorkspace } = await import('../../workspace/workspace.js');
  const { describeModelError, tutorConfig, tutorModel } = await import('../../tutor/provider.js');
  const config = tutorConfig(findWorkspace(cwd) ?? cwd, env);
  const model = await tutorModel(config);
  if (!model)
    throw new TrailError(
      'USAGE',
      '--assist needs a model, and none is configured',
      'set OPENAI_BASE_URL and OPENAI_MODEL (an OpenAI-compatible server such as Ollama), or ANTHROPIC_API_KEY and ANTHROPIC_MODEL, or .trail/tutor.json (docs/tutor.md)',
    );
  const { system, prompt } = assistRequest(text, imported);
  let reply = '';
  try {
    for await (const piece of model.chat({ system, messages: [{ role: 'user', content: prompt }], maxOutputTokens: 4096 }).textStream) reply += piece;
  } catch (error) {
    return { model: model.name, error: describeModelError(error, config) };
  }
  const read = readAssistReply(reply, text);
  if ('error' in read) return { model: model.name, error: read.error };
  return { model: model.name, comparison: compareAssisted(imported, read.structure), why: read.structure.why ?? null };
}
