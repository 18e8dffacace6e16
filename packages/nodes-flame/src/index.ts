import { defineNodePackage } from '@ffavatar/core';

/**
 * @ffavatar/nodes-flame. Its stages land with their issues (see CONTEXT.md); until then the package
 * loads, registers nothing, and keeps its place in the dependency graph.
 */
export const nodePackage = defineNodePackage({ name: '@ffavatar/nodes-flame', nodes: [] });

export default nodePackage;
