import { describeNode, type NodeRegistry } from '@ffavatar/core';

/** `ffavatar nodes [--json]`: every node type with its ports, port types, params and category. */
export function nodesCommand(registry: NodeRegistry, json: boolean): string {
  const described = registry.all().map((r) => ({ ...describeNode(r.def), package: r.packageName }));
  if (json) return `${JSON.stringify(described, null, 2)}\n`;
  const lines: string[] = [];
  const categories = [...new Set(described.map((d) => d.category))].sort();
  for (const category of categories) {
    lines.push(`${category}`);
    for (const d of described.filter((x) => x.category === category)) {
      const ins = Object.entries(d.inputs)
        .map(([n, p]) => `${n}${p.optional ? '?' : ''}: ${p.type}`)
        .join(', ');
      const outs = Object.entries(d.outputs)
        .map(([n, p]) => `${n}: ${p.type}`)
        .join(', ');
      const params = Object.keys((d.params as { properties?: object }).properties ?? {});
      lines.push(
        `  ${d.type}  (${ins}) -> (${outs})${params.length ? `  params: ${params.join(', ')}` : ''}${d.effect ? '  [writes files]' : ''}`,
      );
      if (d.description) lines.push(`      ${d.description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
