// What a user node package imports as '@ffavatar/core' in the browser: the page's own core, so its
// nodes and port types are the editor's. Built as the stable entry /plugin-api/core.js.
export * from '@ffavatar/core';
