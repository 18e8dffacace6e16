import { createJobRuntime, type ItemOutcome } from './job-runtime.js';
import type { ChildSettings, FromChild, ToChild } from './local-protocol.js';

/**
 * A local batch worker process: runs one item at a time for the `ffavatar batch` process that
 * forked it. Cancels its item when told, when the parent goes away, or on Ctrl-C (a terminal sends
 * SIGINT to the whole process group; the parent coordinates, this process only stops cleanly).
 */
const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
const runtime = createJobRuntime({
  plugins: [],
  config: settings.config,
  threads: Math.max(1, settings.threads || 1),
});
let current: { controller: AbortController; done: Promise<unknown> } | undefined;

const send = (message: FromChild) => {
  if (process.connected) process.send!(message);
};

process.on('message', (message: ToChild) => {
  if (message.type === 'cancel') {
    current?.controller.abort();
    return;
  }
  const { job, attempt } = message;
  const controller = new AbortController();
  let last = 0;
  const done = runtime
    .run(job, {
      attempt,
      signal: controller.signal,
      onProgress: (fraction) => {
        const now = performance.now();
        if (fraction < 1 && now - last < 100) return;
        last = now;
        send({ type: 'progress', key: job.key, fraction });
      },
    })
    .catch((err: unknown): ItemOutcome => {
      const message = `${(err as Error).message} (on ${runtime.worker})`;
      return {
        kind: 'failed',
        retryable: true,
        message,
        summary: {
          id: job.item,
          status: 'failed',
          ms: null,
          attempts: attempt,
          worker: runtime.worker,
          report: null,
          error: message,
          figures: null,
        },
      };
    })
    .then((outcome) => {
      send({ type: 'outcome', key: job.key, outcome });
      if (current?.controller === controller) current = undefined;
    });
  current = { controller, done };
});

process.on('SIGINT', () => current?.controller.abort());

// The parent closed the channel (batch done, cancelled, or the parent died): stop cleanly, then go.
process.on('disconnect', () => {
  const running = current;
  running?.controller.abort();
  const stop = async () => {
    await Promise.race([running?.done, new Promise((r) => setTimeout(r, 5000).unref())]);
    await runtime.close();
    process.exit(0);
  };
  void stop();
});

send({ type: 'ready', worker: runtime.worker });
