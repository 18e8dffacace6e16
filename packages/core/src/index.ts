// @ffavatar/core: the engine (browser-safe). The libraries node packages share have their own
// entries: @ffavatar/core/geometry, /gpu, /io; the hosts: /node and /browser; core's nodes: /nodes.
export * from './engine/index.js';
