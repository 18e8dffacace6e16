// Files dropped on the canvas: PLY files open in the 3D viewer; portraits feed the graph's photo
// input and a video the input of its io.loadVideo, for this tab's runs.
import { useMemo } from 'react';
import { readGaussianPly } from '@ffavatar/nodes-splat/browser';
import { dropFiles, dropInput, isImageFile, isVideoFile, releaseDropped } from '../files/dropped-inputs.js';
import type { AppContext } from '../state/app-context.js';
import type { Status } from '../state/editor-state.js';

function dropActions({ store, canvas }: AppContext) {
  const say = (status: Status) => store.dispatch({ type: 'status', status });

  const dropPhotos = (files: File[]) => {
    const h = canvas.current;
    // A video among the files is the drop: one input takes one video.
    const video = files.find(isVideoFile);
    const chosen = video ? [video] : files.filter(isImageFile);
    if (!h || chosen.length === 0) {
      say({
        text: `Not an image or a video: ${files.map((f) => f.name).join(', ')} (drop PNG or JPEG portraits, or an mp4, mov or webm video)`,
        tone: 'error',
      });
      return;
    }
    const byId = new Map(h.nodes().map((n) => [n.fileId, n.desc.type]));
    const target = dropInput(store.getState().graph.meta, video ? 'video' : 'photos', (node) =>
      byId.get(node),
    );
    if (!target) {
      say({
        text: video
          ? 'This graph has no Path input feeding io.loadVideo (declare one in the file\'s "inputs", as graphs/track-video.json does)'
          : 'This graph has no Path input for photos (declare one in the file\'s "inputs", as graphs/ffavatar-classic.json does)',
        tone: 'error',
      });
      return;
    }
    releaseDropped(store.getState().dropped);
    const d = dropFiles(target, chosen);
    store.dispatch({ type: 'dropped', dropped: d });
    const what = video ? 'video' : 'photo(s)';
    say({
      text: `${d.files.length} ${what} feed${video ? 's' : ''} input "${d.name}" on the next run${chosen.length > d.files.length ? ` (it takes one path: ${d.files[0]} is used)` : ''}`,
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
