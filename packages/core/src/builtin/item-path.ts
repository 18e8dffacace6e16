/** `renders/{item}.png` -> `renders/003.png`; a mapped save without `{item}` gets `_003` before the extension. */
export function itemPath(template: string, item: number | undefined): string {
  if (item === undefined) return template.replace(/\{item\}/g, '0');
  const tag = String(item).padStart(3, '0');
  if (template.includes('{item}')) return template.replace(/\{item\}/g, tag);
  const dot = template.lastIndexOf('.');
  return dot > template.lastIndexOf('/')
    ? `${template.slice(0, dot)}_${tag}${template.slice(dot)}`
    : `${template}_${tag}`;
}
