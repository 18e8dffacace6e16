// A plugin that kills its worker while loading: the pool must not respawn it forever.
process.exit(3);
