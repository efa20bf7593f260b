import { describe, expect, it } from 'vitest';
import { overview, trail, trailJson, useTmpDir, writeTree } from '../test-support/cli.js';
import type { ShowJson } from '../test-support/cli-json.js';

const tmp = useTmpDir();

describe('an attest criterion that asks for a link', () => {
  it('refuses a statement without a public http(s) address (exit 4, nothing recorded) and takes one with it', async () => {
    const track = writeTree(tmp(), {
      'track.yaml': 'id: ship\ntitle: Ship it\n',
      'a/overview.md': overview(`
id: shipped
title: Ship something
criteria:
  - kind: attest
    id: link
    text: Link to what you shipped
    link: true
`),
    });
    const ws = tmp();
    await trail(['init', ws, '--track', track]);
    for (const text of ['I shipped a blog post about attention', 'see http://localhost:8000/post for the draft', 'at https://not a link']) {
      const run = await trail(['attest', 'shipped', '--text', text], { cwd: ws });
      expect(run.code, text).toBe(4);
      expect(run.stderr).toContain('error: "link" asks for a link to what you made, and your statement has none');
    }
    expect((await trailJson<ShowJson>(['show', 'shipped'], { cwd: ws })).node.status).toBe('available');
    const ok = await trail(['attest', 'shipped', '--text', 'My write-up of the RAG project: https://example.org/posts/rag-v0'], { cwd: ws });
    expect(ok.code, ok.stderr).toBe(0);
    expect((await trailJson<ShowJson>(['show', 'shipped'], { cwd: ws })).node.status).toBe('done');
  });
});
