import { describe, expect, it } from 'vitest';
import { pointImportsAtApi } from './user-packages.js';

describe('user package sources', () => {
  it("point their @ffavatar/core and zod imports, static and dynamic, at the page's plugin API", () => {
    const src = `import { defineNode } from '@ffavatar/core';\nimport { z } from "zod";\nconst m = await import('@ffavatar/core');\nimport x from 'other';`;
    expect(pointImportsAtApi(src, 'http://h:1')).toBe(
      `import { defineNode } from 'http://h:1/plugin-api/core.js';\nimport { z } from "http://h:1/plugin-api/zod.js";\nconst m = await import('http://h:1/plugin-api/core.js');\nimport x from 'other';`,
    );
  });
});
