// A video dropped on the canvas in a real Chromium: it feeds the graph input that reaches
// io.loadVideo, the run decodes it in the editor's worker (core's WebCodecs decoder behind
// fetchFileAccess), and the decoded frame shows in the preview. The clip is made by ffmpeg here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect } from 'vitest';
import { browserTests, dropFiles, editorCall, openEditor } from './harness.js';
import { meanColour } from './pixels.js';

const errors: string[] = [];
const { itBrowser, harness, ready } = browserTests();

const GRAPH = {
  format: 'ffavatar-graph',
  version: 1,
  title: 'Video frames',
  nodes: [{ id: 'video', type: 'io.loadVideo', params: { every: 5, maxFrames: 3 }, ui: { x: 40, y: 40 } }],
  edges: [],
  inputs: { clip: { to: 'video.path', type: 'Path' } },
  outputs: { frames: 'video.frames' },
};

/** Two seconds of flat blue, H.264 in mp4, as a phone or screen recorder would hand over. */
function blueClip(): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'editor-video-'));
  const file = join(dir, 'blue.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'color=c=0x2040e0:s=160x120:r=10:d=2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
  return [...readFileSync(file)];
}

describe('video input (Chromium)', () => {
  let page: Page;
  beforeAll(async () => {
    if (ready()) page = await openEditor(harness(), errors);
  }, 60_000);

  itBrowser(
    'a dropped video feeds the io.loadVideo input; the run decodes it in a worker and previews a frame',
    async () => {
      await editorCall(page, 'open', JSON.stringify(GRAPH), 'video.json');
      await dropFiles(page, [{ name: 'blue.mp4', type: 'video/mp4', bytes: blueClip() }]);
      await expect.poll(() => page.textContent('[data-testid=dropped-inputs]')).toMatch(/clip.*blue\.mp4/);
      expect(await page.textContent('[data-testid=status]')).toMatch(/1 video feeds input "clip"/);
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-node-id=video] img.ff-thumb', { timeout: 30_000 });
      await page.click('[data-node-id=video] img.ff-thumb');
      await page.waitForSelector('[data-testid=preview][data-node=video]');
      const canvas = page.locator('[data-testid=preview-canvas]');
      expect(await canvas.getAttribute('width')).toBe('160');
      expect(await canvas.getAttribute('height')).toBe('120');
      const [r, g, b] = meanColour(await canvas.screenshot(), { x: 10, y: 10, width: 40, height: 40 });
      // 0x2040e0 through H.264 and back: within a few levels.
      expect(Math.abs(r - 0x20)).toBeLessThan(12);
      expect(Math.abs(g - 0x40)).toBeLessThan(12);
      expect(Math.abs(b - 0xe0)).toBeLessThan(12);
      await page.click('[data-testid=preview] button[title=Close]');
      expect(errors).toEqual([]);
    },
  );
});
