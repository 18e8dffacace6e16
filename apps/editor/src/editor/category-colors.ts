// Header colour per palette category, so a node's family reads at a glance (as in Blender's editor).
// Unknown categories (plugins) get a stable colour from their name, never a random one.
const known: Record<string, string> = {
  Core: '#4a5568',
  IO: '#2f855a',
  Image: '#2b6cb0',
  Tracking: '#b7791f',
  'Head model': '#9c4221',
  Mesh: '#805ad5',
  Avatar: '#c53030',
  Splat: '#d53f8c',
  Driving: '#319795',
  Metrics: '#718096',
  Demo: '#5a67d8',
};

export function categoryColor(category: string): string {
  const c = known[category];
  if (c) return c;
  let h = 0;
  for (let i = 0; i < category.length; i++) h = (h * 31 + category.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 45% 40%)`;
}
