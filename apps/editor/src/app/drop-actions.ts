// Files dropped on the canvas: PLY files open in the 3D viewer; portraits feed the graph's photo
// input for this tab's runs.
import { useMemo } from 'react';
import { readGaussianPly } from '@ffavatar/nodes-splat/browser';
import { dropFiles, isImageFile, photoInput, portTypeOf, releaseDropped } from '../files/dropped-inputs.js';
import type { AppContext } from '../state/app-context.js';
import type { Status } from '../state/editor-state.js';

function dropActions({ store, canvas }: AppContext) {
  const say = (status: Status) => store.dispatch({ type: 'status', status });

  const dropPhotos = (files: File[]) => {
    const h = canvas.current;
    const images = files.filter(isImageFile);
    if (!h || images.length === 0) {
      say({
        text: `Not an image: ${files.map((f) => f.name).join(', ')} (drop PNG or JPEG portraits)`,
        tone: 'error',
      });
      return;
    }
    const byId = new Map(h.nodes().map((n) => [n.fileId, n.desc.type]));
    const target = photoInput(store.getState().graph.meta, (node, port) => portTypeOf(byId.get(node), port));
    if (!target) {
      say({
        text: 'This graph has no Path input for photos (declare one in the file\'s "inputs", as graphs/ffavatar-classic.json does)',
        tone: 'error',
      });
      return;
    }
    releaseDropped(store.getState().dropped);
    const d = dropFiles(target, images);
    store.dispatch({ type: 'dropped', dropped: d });
    say({
      text: `${d.files.length} photo(s) feed input "${d.name}" on the next run${images.length > d.files.length ? ` (it takes one path: ${d.files[0]} is used)` : ''}`,
      tone: 'info',
    });
  };

  const dropOnCanvas = async (files: File[]) => {
    const plys = files.filter((f) => /\.ply$/i.test(f.name));
    const rest = files.filter((f) => !plys.includes(f));
    if (plys.length > 0) {
      try {
        const loaded = await Promise.all(
          plys.map(async (f) => ({
            node: f.name,
            cloud: readGaussianPly(new Uint8Array(await f.arrayBuffer()), f.name),
          })),
        );
        store.dispatch({
          type: 'viewing',
          clouds: loaded,
          status: {
            text: `Viewing ${loaded.map((l) => `${l.node} (${l.cloud.count.toLocaleString()} Gaussians)`).join(', ')}`,
            tone: 'info',
          },
        });
      } catch (err) {
        say({ text: (err as Error).message, tone: 'error' });
      }
    }
    if (rest.length > 0) dropPhotos(rest);
  };

  const clearDropped = () => {
    releaseDropped(store.getState().dropped);
    store.dispatch({ type: 'dropped', dropped: undefined });
  };

  return { dropOnCanvas, clearDropped };
}

export function useDrops(ctx: AppContext) {
  return useMemo(() => dropActions(ctx), [ctx]);
}
