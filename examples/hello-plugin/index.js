// A node package is a module whose default export is defineNodePackage({ name, nodes }).
// Load it with `ffavatar run ... --plugin ./examples/hello-plugin/index.js`, or list it under
// "plugins" in ffavatar.config.json.
import { z } from 'zod';
import { defineNode, defineNodePackage, input, output, Image, Num } from '@ffavatar/core';

/** Mean brightness of an image in [0, 1]: a per-image node, so fed a List it runs once per image. */
export const brightness = defineNode({
  type: 'hello.brightness',
  version: 1,
  title: 'Brightness',
  category: 'Hello',
  description: 'Mean of the RGB channels, 0..1.',
  inputs: { image: input(Image) },
  outputs: { mean: output(Num) },
  run({ inputs }) {
    const { data, format } = inputs.image;
    const scale = format === 'rgba8' ? 1 / 255 : 1;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
    return { mean: (sum * scale) / ((data.length / 4) * 3) };
  },
});

/** Waits, reporting progress and honouring cancellation: how a long-running node behaves. */
export const wait = defineNode({
  type: 'hello.wait',
  version: 1,
  title: 'Wait',
  category: 'Hello',
  inputs: { value: input(Num) },
  params: z.object({ seconds: z.number().min(0).default(1) }),
  outputs: { value: output(Num) },
  async run({ inputs, params, ctx }) {
    const steps = 20;
    for (let i = 1; i <= steps; i++) {
      if (ctx.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      await new Promise((r) => setTimeout(r, (params.seconds * 1000) / steps));
      ctx.progress(i / steps, `${i}/${steps}`);
    }
    return { value: inputs.value };
  },
});

export default defineNodePackage({ name: 'ffavatar-hello-plugin', nodes: [brightness, wait] });
