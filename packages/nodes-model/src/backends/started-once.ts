/**
 * A runtime start shared by every caller in a process or worker (tfjs and loaded weights are
 * module state). A failed start is not kept, so a later run retries and reports the cause again.
 */
export function startedOnce<T>(): (start: () => Promise<T>) => Promise<T> {
  let loading: Promise<T> | undefined;
  return (start) =>
    (loading ??= start().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}
