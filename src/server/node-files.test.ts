import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reply } from './api/types.js';
import { createApp } from './app.js';
import { workspaceLibrary } from './library.js';
import { client } from '../test-support/api.js';
import { MILESTONES, trail, useTmpDir } from '../test-support/cli.js';

const tmp = useTmpDir();

describe('the node page lists the files of the node folder', () => {
  it('shows a file the moment it is made or removed, however quickly one follows another', async () => {
    const ws = tmp();
    expect((await trail(['init', ws, '--track', MILESTONES])).code).toBe(0);
    const api = client(createApp({ library: await workspaceLibrary(ws) }));
    const page = async () => (await api.get<Reply<'GET /tracks/:track/nodes/:node'>>('/api/tracks/llm-engineering-mastery/nodes/m1')).body;
    const first = await page();
    const folder = join(ws, first.where.folder);
    mkdirSync(folder, { recursive: true });
    const files = async () => (await page()).where.files;
    expect(await files()).toEqual([]);
    // Changes within one tick of the file system's clock: each one is seen at once.
    for (const name of ['a.py', 'b.py', 'c.py']) {
      writeFileSync(join(folder, name), 'print(1)\n');
      expect(await files()).toContain(name);
    }
    rmSync(join(folder, 'b.py'));
    expect(await files()).toEqual(['a.py', 'c.py']);
    writeFileSync(join(folder, '.hidden'), '');
    expect(await files()).toEqual(['a.py', 'c.py']);
    rmSync(folder, { recursive: true });
    expect(await files()).toEqual([]);
  });
});
