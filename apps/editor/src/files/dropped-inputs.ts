// Portraits and videos dropped on the canvas feed the graph's Path input for the next runs: a video
// the input that reaches io.loadVideo, photos the first other one. They are session-only object
// URLs: the file on disk keeps its default, since a saved graph cannot name a file the page was
// handed (the CLI takes them with --images / --input instead).
import { normaliseInput, splitPortRef } from '@ffavatar/core';
import type { GraphMeta } from './graph-mapping.js';
import { registry } from '../registry.js';

export interface DroppedInput {
  /** The graph input the photos feed. */
  name: string;
  /** One object URL per file; the file name rides in the fragment, so errors name the file. */
  urls: string[];
  files: string[];
  /** Whether the input takes a list (List<Path>) or one path. */
  list: boolean;
}

const IMAGE = /\.(png|jpe?g)$/i;
// What the browser's WebCodecs decoder reads (core's browser/webcodecs-video.ts).
const VIDEO = /\.(mp4|m4v|mov|webm|mkv)$/i;

export function isImageFile(f: File): boolean {
  return f.type === 'image/png' || f.type === 'image/jpeg' || IMAGE.test(f.name);
}

export function isVideoFile(f: File): boolean {
  return f.type.startsWith('video/') || VIDEO.test(f.name);
}

const VIDEO_NODE = 'io.loadVideo';

/**
 * The graph input that dropped files feed: for a video, the Path input that reaches io.loadVideo;
 * for photos, the first Path or List<Path> input that does not. `nodeType` maps a node id of the
 * graph to its type; an input's type is its declared one or its first target port's.
 */
export function dropInput(
  meta: GraphMeta,
  kind: 'photos' | 'video',
  nodeType: (node: string) => string | undefined,
): { name: string; list: boolean } | undefined {
  for (const [name, raw] of Object.entries(meta.inputs)) {
    const input = normaliseInput(raw);
    const targets = input.targets.map(splitPortRef);
    const first = targets[0];
    const type = input.type ?? (first ? portTypeOf(nodeType(first.node), first.port) : undefined);
    const feedsVideo = targets.some((t) => nodeType(t.node) === VIDEO_NODE);
    if ((type === 'Path' || type === 'List<Path>') && feedsVideo === (kind === 'video')) {
      return { name, list: type === 'List<Path>' };
    }
  }
  return undefined;
}

export function dropFiles(target: { name: string; list: boolean }, files: File[]): DroppedInput {
  const chosen = target.list ? files : files.slice(0, 1);
  return {
    name: target.name,
    list: target.list,
    files: chosen.map((f) => f.name),
    urls: chosen.map((f) => `${URL.createObjectURL(f)}#${encodeURIComponent(f.name)}`),
  };
}

export function releaseDropped(d: DroppedInput | undefined): void {
  for (const u of d?.urls ?? []) URL.revokeObjectURL(u.split('#')[0]!);
}

/** The run-time value of the input: the URLs, as a list or the one path. */
export function droppedValue(d: DroppedInput): unknown {
  return d.list ? d.urls : d.urls[0];
}

/** The declared type of a node's input port, from the registry. */
function portTypeOf(nodeType: string | undefined, port: string): string | undefined {
  return nodeType ? registry.get(nodeType)?.def.inputs[port]?.type.name : undefined;
}
