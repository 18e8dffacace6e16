import cliProgress from 'cli-progress';
import type { RunEvent } from '@ffavatar/core';

export interface ProgressView {
  onEvent(event: RunEvent): void;
  stop(): void;
}

/**
 * On a TTY: one bar per node that reports progress. Otherwise (CI, pipes): plain lines, with
 * progress at most every 10% per node so logs stay readable.
 */
export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  return stream.isTTY ? barView(stream) : lineView(stream);
}

function lineView(stream: NodeJS.WriteStream): ProgressView {
  const t0 = performance.now();
  const lastDecile = new Map<string, number>();
  const stamp = () => `[${((performance.now() - t0) / 1000).toFixed(2).padStart(7)}s]`;
  const say = (text: string) => stream.write(`${stamp()} ${text}\n`);
  return {
    onEvent(e) {
      switch (e.type) {
        case 'node-started':
          say(`${e.node} started${e.items !== undefined ? ` (${e.items} items)` : ''}`);
          break;
        case 'node-progress': {
          const decile = Math.floor(e.fraction * 10);
          const key = `${e.node}#${e.item ?? ''}`;
          if (decile > (lastDecile.get(key) ?? -1) && decile < 10) {
            lastDecile.set(key, decile);
            say(
              `${e.node}${e.item !== undefined ? `[${e.item}]` : ''} ${Math.round(e.fraction * 100)}%${e.message ? ` ${e.message}` : ''}`,
            );
          }
          break;
        }
        case 'node-finished': {
          const r = e.report;
          const items = r.items ? ` ${r.items.ran} ran, ${r.items.cached} cached` : '';
          say(`${e.node} ${r.status === 'cached' ? 'cached' : 'done'} in ${r.ms.toFixed(1)} ms${items}`);
          break;
        }
        case 'node-error':
          say(
            `${e.node}${e.item !== undefined ? `[${e.item}]` : ''} FAILED${e.port ? ` (port ${e.port})` : ''}: ${e.message}`,
          );
          break;
        case 'node-warning':
          say(`${e.node}${e.item !== undefined ? `[${e.item}]` : ''} warning: ${e.message}`);
          break;
        case 'node-skipped':
          say(`${e.node} skipped: ${e.reason}`);
          break;
        case 'run-finished':
          say(
            e.cancelled
              ? 'cancelled'
              : e.ok
                ? `finished in ${(e.ms / 1000).toFixed(2)} s`
                : 'finished with errors',
          );
          break;
        default:
          break;
      }
    },
    stop() {},
  };
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {node} |{bar}| {percentage}% {message}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const width = 18;
  const bar = (node: string) => {
    let b = bars.get(node);
    if (!b) {
      b = multi.create(100, 0, { node: node.padEnd(width).slice(0, width), message: '' });
      bars.set(node, b);
    }
    return b;
  };
  return {
    onEvent(e) {
      switch (e.type) {
        case 'node-progress':
          bar(e.node).update(Math.round(e.fraction * 100), { message: e.message ?? '' });
          break;
        case 'node-finished':
          if (bars.has(e.node) || e.report.ms > 200)
            bar(e.node).update(100, { message: `${e.report.status} ${(e.report.ms / 1000).toFixed(2)} s` });
          break;
        case 'node-error':
          bar(e.node).update({ message: `FAILED: ${e.message}` });
          break;
        case 'node-warning':
          // Above the bars, kept when they redraw.
          multi.log(`${e.node}${e.item !== undefined ? `[${e.item}]` : ''} warning: ${e.message}\n`);
          break;
        default:
          break;
      }
    },
    stop() {
      multi.stop();
    },
  };
}
