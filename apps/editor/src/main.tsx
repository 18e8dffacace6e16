import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import './styles.css';

// The test API exists only where tests or a developer drive the page: the condition is a
// constant at build time, so a production build drops the import and its chunk.
const testApi =
  import.meta.env.MODE === 'test' || import.meta.env.MODE === 'development'
    ? import('./testing/test-api.js').then((m) => m.installTestApi)
    : Promise.resolve(undefined);

void testApi.then((onReady) =>
  createRoot(document.getElementById('root')!).render(<App onReady={onReady} />),
);
