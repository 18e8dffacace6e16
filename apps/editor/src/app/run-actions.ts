// Running the graph in the browser's workers: node states on the canvas as events arrive, then
// thumbnails, the 3D viewer's clouds and avatar, and the preview panel's values.
import { useMemo } from 'react';
import type { Avatar, GaussianCloud, GraphDocument, HeadModel, HeadParams } from '@ffavatar/core';
import { droppedValue } from '../files/dropped-inputs.js';
import { serialise } from '../files/graph-mapping.js';
import { stateFromEvent, stateFromReport } from '../run/apply-event.js';
import { previewOf } from '../run/preview-content.js';
import { runInBrowser } from '../run/run-in-browser.js';
import { runStatus } from '../run/run-status.js';
import { thumbnailOf } from '../run/thumbnail.js';
import type { AppContext } from '../state/app-context.js';
import type { Status } from '../state/editor-state.js';

function runActions({ store, canvas }: AppContext) {
  let abort: AbortController | undefined;

  /** Runs the canvas's graph; the status the run ends with. */
  const execute = async (
    h: NonNullable<AppContext['canvas']['current']>,
    signal: AbortSignal,
  ): Promise<Status> => {
    const state = store.getState();
    const nodes = new Map(h.nodes().map((n) => [n.fileId, n]));
    const doc = JSON.parse(serialise(h, state.graph.meta).text) as GraphDocument;
    const d = state.dropped;
    const out = await runInBrowser(doc, {
      signal,
      baseDir: '/graphs/',
      inputs: d ? { [d.name]: droppedValue(d) } : undefined,
      onEvent: (e) => {
        const n0 = 'node' in e ? nodes.get(e.node) : undefined;
        const s = stateFromEvent(e, n0?.run);
        const n = s && nodes.get(s.node);
        if (n && s) {
          n.run = s.state;
          h.refresh(n);
        }
      },
    });
    if (!out.result) {
      store.dispatch({ type: 'problems', problems: out.problems });
      for (const n of nodes.values()) {
        n.run = { kind: 'idle' };
        h.refresh(n);
      }
      return { text: 'The graph has problems; fix them to run', tone: 'error' };
    }
    // A cancelled run emits no event for nodes it never started or stopped mid-way: settle them
    // from the run's reports so nothing is left looking queued or running.
    for (const [id, n] of nodes) {
      if (n.run.kind !== 'queued' && n.run.kind !== 'running') continue;
      const report = out.result.nodes[id];
      n.run = report ? stateFromReport(report) : { kind: 'cancelled' };
      h.refresh(n);
    }
    const clouds: { node: string; cloud: GaussianCloud }[] = [];
    for (const [id, peeks] of out.peeks) {
      const n = nodes.get(id);
      const image = peeks.find((p) => p.type === 'Image');
      if (n && image) {
        n.thumbnail = thumbnailOf(image.value);
        h.refresh(n);
      }
      const cloud = peeks.find((p) => p.type === 'GaussianCloud');
      if (cloud) clouds.push({ node: id, cloud: cloud.value as GaussianCloud });
    }
    const model = out.model as HeadModel | undefined;
    const open = store.getState().results.preview;
    store.dispatch({
      type: 'run-results',
      clouds,
      last: { peeks: out.peeks, doc, model },
      // An open preview shows the new run's value for its node.
      preview: open && previewOf(open.node, doc, out.peeks, model),
      avatar: out.avatar && {
        node: out.avatar.node,
        avatar: out.avatar.avatar as Avatar,
        model: out.avatar.model as HeadModel,
        tracked: out.avatar.params as HeadParams | undefined,
      },
    });
    return runStatus(out.result);
  };

  const run = async () => {
    const h = canvas.current;
    if (!h || store.getState().running) return;
    for (const n of h.nodes()) {
      n.run = { kind: 'queued' };
      h.refresh(n);
    }
    const controller = new AbortController();
    abort = controller;
    store.dispatch({ type: 'run-started' });
    let ended: Status;
    try {
      ended = await execute(h, controller.signal);
    } catch (err) {
      ended = { text: `Run failed: ${(err as Error).message}`, tone: 'error' };
    } finally {
      abort = undefined;
    }
    store.dispatch({ type: 'run-ended', status: ended });
  };

  const openPreview = (node: string) => {
    const last = store.getState().results.last;
    const content = last && previewOf(node, last.doc, last.peeks, last.model);
    store.dispatch(
      content
        ? { type: 'preview', preview: content }
        : {
            type: 'status',
            status: { text: `"${node}" has no image to preview yet: run the graph first`, tone: 'warn' },
          },
    );
  };

  return { run, cancel: () => abort?.abort(), openPreview };
}

export function useRun(ctx: AppContext) {
  return useMemo(() => runActions(ctx), [ctx]);
}
