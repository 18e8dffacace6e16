// The runner as a library, for tools that need the same registry as the `ffavatar` command.
export { BUILTIN_PLUGINS, CONFIG_FILE, loadRegistry } from './plugins-config.js';
