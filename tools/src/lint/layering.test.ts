// The layering rules of eslint.config.js, proved to bite: each fixture is a one-line file placed
// where the rule applies, linted with the repository's own config.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it('refuse an engine file importing a library or a host of core', async () => {
    for (const spec of [
      '../../geometry/look-at.js',
      '../../gpu/index.js',
      '../../io/npy.js',
      '../../node/assets.js',
      '@ffavatar/nodes-splat',
    ]) {
      const found = await restrictedImports(
        'packages/core/src/engine/exec/fixture.ts',
        `import '${spec}';\n`,
      );
      expect(found, spec).toHaveLength(1);
      expect(found[0]).toContain('the engine');
    }
  });

  it('let an engine file import the engine, at any depth', async () => {
    expect(
      await restrictedImports(
        'packages/core/src/engine/exec/fixture.ts',
        "import '../graph/validate.js';\nimport 'zod';\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'packages/core/src/engine/graph/checks/fixture.ts',
        "import '../../ports/port-type.js';\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'packages/core/src/engine/graph/checks/fixture.ts',
        "import '../../../geometry/camera.js';\n",
      ),
    ).toHaveLength(1);
  });

  it('refuse a library importing a host, and io importing the rest of core', async () => {
    expect(
      await restrictedImports('packages/core/src/gpu/fixture.ts', "import '../node/gpu-device.js';\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'packages/core/src/geometry/head/fixture.ts',
        "import '../../browser/index.js';\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports('packages/core/src/io/fixture.ts', "import '../engine/ports/image.js';\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'packages/core/src/geometry/fixture.ts',
        "import '../engine/ports/camera.js';\n",
      ),
    ).toEqual([]);
  });

  it('let optim import the engine only: no host, core nodes or other library', async () => {
    for (const spec of [
      '../node/assets.js',
      '../browser/index.js',
      '../geometry/look-at.js',
      '../gpu/index.js',
      '../io/npy.js',
      '../builtin/index.js',
      '@ffavatar/core',
    ]) {
      const found = await restrictedImports('packages/core/src/optim/fixture.ts', `import '${spec}';\n`);
      expect(found, spec).toHaveLength(1);
      expect(found[0]).toContain('optim');
    }
    expect(
      await restrictedImports(
        'packages/core/src/optim/fixture.ts',
        "import '../engine/ports/image.js';\nimport './adam.js';\n",
      ),
    ).toEqual([]);
  });

  it('refuse a node package importing another, or core by file', async () => {
    const found = await restrictedImports(
      'packages/nodes-flame/src/fixture.ts',
      "import '@ffavatar/nodes-splat';\nimport '@ffavatar/core/dist/engine/index.js';\n",
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('must not import each other');
  });
});
