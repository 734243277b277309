/**
 * Architecture rules for Guichet (docs: ARCHITECTURE.md "Modules", STYLE.md "Module boundaries").
 * Run by CI through `npm run lint` (`depcruise src --config .dependency-cruiser.js`).
 *
 * Shape being guarded:
 *   src/main.ts, src/app.module.ts, src/http-app.ts   composition root (the "app shell")
 *   src/platform/**, src/config/**                    technical kernel, no business rules
 *   src/modules/<name>/**                             one business module per folder; its public face is index.ts
 *
 * Only src/ is cruised: tests under test/ may import anything. Unit specs living next to the
 * code (src/**\/*.spec.ts) are cruised (so unresolvable imports are still reported) but are
 * exempt from the boundary rules.
 */

/** Test files that live in src/ next to the code. */
const TEST_FILES = '\\.(spec|int-spec|e2e-spec)\\.ts$';

module.exports = {
  forbidden: [
    {
      // A module's internals (domain, application, infrastructure, controllers...) are private.
      // Another module talks to it only through src/modules/<name>/index.ts (facade + event types).
      // `$1` is the name of the importing module: imports inside the same module are fine.
      name: 'no-deep-imports-across-modules',
      severity: 'error',
      comment:
        'A module may import another module only through its public face, src/modules/<name>/index.ts ' +
        "(import from '../<name>' / '../../<name>'). Export what you need from that index.ts, or react to an event.",
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST_FILES },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      // The platform (database, events, queue, http, logging, health) and config are the shared
      // technical kernel: they know nothing about business modules. Modules plug into the kernel
      // through ports the kernel declares (e.g. SessionResolver), never the other way round.
      name: 'platform-is-business-free',
      severity: 'error',
      comment:
        'src/platform/ and src/config/ must not import from src/modules/: the kernel holds no business rules. ' +
        'Declare a port (abstract class / token) in the platform and let the module provide it.',
      from: { path: '^src/(platform|config)/', pathNot: TEST_FILES },
      to: { path: '^src/modules/' },
    },
    {
      // The composition root wires everything together; nothing it wires may depend on it back.
      name: 'no-app-shell-imports',
      severity: 'error',
      comment:
        'Modules, platform and config must not import the composition root (src/app.module.ts, src/main.ts, ' +
        'src/http-app.ts): that creates a cycle through the whole application. Move the shared piece into ' +
        'src/platform/ or the module that owns it.',
      from: { path: '^src/(modules|platform|config)/', pathNot: TEST_FILES },
      to: { path: '^src/(app\\.module|main|http-app)\\.ts$' },
    },
    {
      // A cycle that leaves a module and comes back means two contexts are coupled both ways:
      // one side should react to an event instead (STYLE.md: "a cycle means two contexts should
      // talk through an event"; no forwardRef between modules).
      name: 'no-circular-between-modules',
      severity: 'error',
      comment:
        'Circular dependency between business modules. Make the dependency one-way: the downstream module ' +
        'listens to an event of the upstream one instead of calling it back.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^src/modules/$1/' } },
    },
    {
      // A cycle inside one module: it breaks Nest's DI (undefined injection tokens at load time)
      // and TypeORM metadata under CommonJS.
      name: 'no-circular-within-module',
      severity: 'error',
      comment:
        'Circular dependency inside a module. Break it (extract the shared piece, invert with an interface). ' +
        'For two TypeORM entities of the same module that reference each other, reconsider whether both ' +
        'directions of the relation are needed.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { circular: true, viaOnly: { path: '^src/modules/$1/' } },
    },
    {
      // Any cycle among the kernel and the composition root. (A cycle from the kernel into a module
      // is already reported by platform-is-business-free / no-app-shell-imports.)
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular dependency. Break it (extract the shared piece, invert with an interface).',
      from: { pathNot: '^src/modules/' },
      to: { circular: true },
    },
    {
      // Production code never depends on test helpers (they are not shipped).
      name: 'no-test-code-in-production',
      severity: 'error',
      comment: 'Code under src/ (other than *.spec.ts) must not import from test/.',
      from: { path: '^src/', pathNot: TEST_FILES },
      to: { path: '^test/' },
    },
    {
      // `npm ci --omit=dev` in production: a runtime import of a devDependency crashes at start.
      // Type-only imports (erased at compile time) are fine.
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code imports a devDependency at runtime: move the package to "dependencies" in ' +
        "package.json, or use 'import type' if only its types are needed.",
      from: { path: '^src/', pathNot: TEST_FILES },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'This file imports an npm package that is not declared in package.json (it only works by accident, ' +
        'through a transitive dependency). Add it to package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file on disk (typo, deleted file, or missing package).',
      from: {},
      to: { couldNotResolve: true },
    },
    // no-orphans is deliberately left out: module scaffolds and CLI entry points (migrate.ts,
    // data-source.ts) are legitimately unreferenced and the rule would only add noise.
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: `import type { X } from '../../billing/domain/x'` is still a deep import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
