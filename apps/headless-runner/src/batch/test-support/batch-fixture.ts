import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '@ffavatar/core/io';

/**
 * A graph with the work of a real item in miniature: load the subject's photos, measure them, save
 * a copy, and wait (hello.wait) so items last long enough to kill or interrupt a worker mid-item.
 */
export const BATCH_GRAPH = {
  format: 'ffavatar-graph',
  version: 1,
  nodes: [
    { id: 'load', type: 'io.loadImage' },
    { id: 'bright', type: 'hello.brightness' },
    { id: 'save', type: 'io.saveImage', params: { path: 'renders/{item}.png' } },
    { id: 'n', type: 'core.number', params: { value: 3 } },
    { id: 'wait', type: 'hello.wait', params: { seconds: 0.3 } },
  ],
  edges: [
    { from: 'load.image', to: 'bright.image' },
    { from: 'load.image', to: 'save.image' },
    { from: 'n.value', to: 'wait.value' },
  ],
  inputs: { images: { to: 'load.path', type: 'List<Path>' } },
  outputs: { brightness: 'bright.mean', waited: 'wait.value' },
};

/**
 * Writes the graph and `good` subject folders (s00, s01, ...) of one small PNG each, plus, when
 * asked, `zbad`: a folder whose .png is not an image.
 */
export function writeBatchFixture(
  dir: string,
  good: number,
  corrupt: boolean,
): { graph: string; items: string } {
  const items = join(dir, 'items');
  for (let i = 0; i < good; i++) {
    const folder = join(items, `s${String(i).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const data = new Uint8Array(8 * 8 * 4).fill((i * 11) % 256);
    for (let k = 3; k < data.length; k += 4) data[k] = 255;
    writeFileSync(join(folder, 'face.png'), encodePng({ width: 8, height: 8, data }));
  }
  if (corrupt) {
    mkdirSync(join(items, 'zbad'), { recursive: true });
    writeFileSync(join(items, 'zbad', 'face.png'), 'this is not an image');
  }
  const graph = join(dir, 'graph.json');
  writeFileSync(graph, JSON.stringify(BATCH_GRAPH, null, 2));
  return { graph, items };
}
