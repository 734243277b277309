import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { getMetadataArgsStorage } from 'typeorm';

/**
 * The shape of the modular monolith, checked on the real Nest/TypeORM metadata (no database).
 * See ARCHITECTURE.md "Modules" and STYLE.md "Module boundaries". Import rules (no deep imports
 * across modules, a business-free platform, no cycles) are checked by dependency-cruiser in
 * `npm run lint`; this file checks what an import graph cannot see: who registers which tables.
 *
 * Conventions relied upon: a module's Nest modules live in `*.module.ts` files and its TypeORM
 * entities in `*.orm-entity.ts` files (STYLE.md "Naming"), both under src/modules/<name>/.
 */

/** The bounded contexts of ARCHITECTURE.md. A new one is an architecture decision: update both. */
const MODULES = ['identity', 'family', 'reservations', 'billing', 'payments', 'notifications'] as const;
type ModuleName = (typeof MODULES)[number];

const ROOT = join(__dirname, '..', '..');
const MODULES_DIR = join(ROOT, 'src', 'modules');

type Class = abstract new (...args: never[]) => unknown;
type Table = ReturnType<typeof getMetadataArgsStorage>['tables'][number];

const rel = (file: string) => relative(ROOT, file).split(sep).join('/');
const isTestFile = (file: string) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file);
const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);
const load = (file: string) => jest.requireActual<Record<string, unknown>>(file);

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });
}

const sourceFiles = (name: ModuleName) =>
  walk(join(MODULES_DIR, name)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !isTestFile(f));

const tables = () => getMetadataArgsStorage().tables;
const tableOf = (value: unknown): Table | undefined =>
  typeof value === 'function' ? tables().find((t) => t.target === value) : undefined;
const classes = (exports: Record<string, unknown>) => Object.values(exports).filter((v): v is Class => typeof v === 'function');

// ---------------------------------------------------------------------------------------------
// Load every module's Nest modules and entities once, remembering which folder declared what.

/** Entity class -> module folder and file that declare it. */
const entityOwner = new Map<unknown, { module: ModuleName; file: string }>();
/** Nest module class -> module folder that declares it. */
const nestModuleOwner = new Map<unknown, ModuleName>();

for (const name of MODULES) {
  for (const file of sourceFiles(name)) {
    if (file.endsWith('.orm-entity.ts')) {
      for (const cls of classes(load(file))) if (tableOf(cls)) entityOwner.set(cls, { module: name, file: rel(file) });
    } else if (file.endsWith('.module.ts')) {
      for (const cls of classes(load(file))) nestModuleOwner.set(cls, name);
    }
  }
}

const describeEntity = (entity: unknown): string => {
  const table = tableOf(entity);
  const owner = entityOwner.get(entity);
  const label = typeof entity === 'function' ? entity.name : String(entity);
  return `${label} (schema ${table?.schema ?? 'none'}, declared in ${owner?.file ?? 'a file outside src/modules/*/**/*.orm-entity.ts'})`;
};

/** The root Nest module class of a business module, as exported by `<name>.module.ts`. */
function rootModuleOf(name: ModuleName): Class {
  const cls = load(join(MODULES_DIR, name, `${name}.module.ts`))[`${pascal(name)}Module`];
  if (typeof cls !== 'function') throw new Error(`src/modules/${name}/${name}.module.ts does not export ${pascal(name)}Module`);
  return cls as Class;
}

interface Registration {
  /** The entity class behind the repository provider (undefined if it could not be identified). */
  entity: unknown;
  token: unknown;
}

/**
 * Entities a business module registers with `TypeOrmModule.forFeature([...])`: read from the
 * `imports` metadata of its root Nest module and of the Nest modules declared in its own folder
 * that it imports (other business modules and the platform are not followed: they are not this
 * module's registrations).
 */
function typeOrmRegistrations(name: ModuleName): Registration[] {
  const found: Registration[] = [];
  const seen = new Set<unknown>();
  const visit = (imported: unknown): void => {
    if (imported && typeof imported === 'object' && 'forwardRef' in imported) {
      return visit((imported as { forwardRef: () => unknown }).forwardRef());
    }
    if (!imported || seen.has(imported)) return;
    seen.add(imported);
    if (typeof imported === 'object' && 'module' in imported) {
      const dynamic = imported as { module: unknown; imports?: unknown[]; providers?: unknown[] };
      if (dynamic.module === TypeOrmModule) {
        for (const provider of dynamic.providers ?? []) {
          const p = provider as { provide?: unknown; targetEntitySchema?: { target?: unknown } };
          const entity =
            p.targetEntitySchema?.target ?? tables().find((t) => getRepositoryToken(t.target as Class) === p.provide)?.target;
          found.push({ entity, token: p.provide });
        }
        return;
      }
      if (nestModuleOwner.get(dynamic.module) !== name) return;
      (dynamic.imports ?? []).forEach(visit);
      return visit(dynamic.module);
    }
    if (typeof imported === 'function' && nestModuleOwner.get(imported) === name) {
      ((Reflect.getMetadata('imports', imported) as unknown[] | undefined) ?? []).forEach(visit);
    }
  };
  visit(rootModuleOf(name));
  return found;
}

// ---------------------------------------------------------------------------------------------

describe('module boundaries', () => {
  it('has exactly the six business modules under src/modules', () => {
    const dirs = readdirSync(MODULES_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(dirs).toEqual([...MODULES].sort());
  });

  it('sees at least one TypeORM entity and registration (the checks below are not vacuous)', () => {
    expect(entityOwner.size).toBeGreaterThan(0);
    expect(MODULES.flatMap((name) => typeOrmRegistrations(name)).length).toBeGreaterThan(0);
  });

  it('wires each business module into the application through its index.ts', () => {
    const { BUSINESS_MODULES } = load(join(ROOT, 'src', 'app.module.ts')) as { BUSINESS_MODULES: unknown[] };
    const expected = MODULES.map((name) => load(join(MODULES_DIR, name, 'index.ts'))[`${pascal(name)}Module`]);
    expect(new Set(BUSINESS_MODULES)).toEqual(new Set(expected));
  });

  describe.each(MODULES)('%s', (name) => {
    const dir = join(MODULES_DIR, name);

    it('(a) has an index.ts and a <name>.module.ts whose Nest module is re-exported by index.ts', () => {
      expect(existsSync(join(dir, 'index.ts'))).toBe(true);
      expect(existsSync(join(dir, `${name}.module.ts`))).toBe(true);
      const root = rootModuleOf(name);
      expect(load(join(dir, 'index.ts'))[`${pascal(name)}Module`]).toBe(root);
    });

    it(`(b) registers with TypeOrmModule.forFeature only its own entities (schema "${name}", declared under src/modules/${name}/)`, () => {
      const foreign = typeOrmRegistrations(name)
        .filter(({ entity }) => tableOf(entity)?.schema !== name || entityOwner.get(entity)?.module !== name)
        .map(({ entity, token }) => (entity ? describeEntity(entity) : `unknown repository token ${String(token)}`));
      expect(foreign).toEqual([]);
    });

    it('(b) registers every entity it declares (autoLoadEntities only knows registered ones)', () => {
      const registered = new Set(typeOrmRegistrations(name).map((r) => r.entity));
      const unregistered = [...entityOwner]
        .filter(([entity, owner]) => owner.module === name && !registered.has(entity))
        .map(([entity]) => describeEntity(entity));
      expect(unregistered).toEqual([]);
    });

    it(`(c) declares only entities in schema "${name}", all in *.orm-entity.ts files`, () => {
      const wrongSchema = [...entityOwner]
        .filter(([entity, owner]) => owner.module === name && tableOf(entity)?.schema !== name)
        .map(([entity]) => describeEntity(entity));
      // An entity in a file not named *.orm-entity.ts would escape the check above.
      const notInOrmEntityFile = sourceFiles(name)
        .filter((f) => !f.endsWith('.orm-entity.ts') && /@(Entity|ViewEntity|ChildEntity)\s*\(/.test(readFileSync(f, 'utf8')))
        .map(rel);
      expect({ wrongSchema, notInOrmEntityFile }).toEqual({ wrongSchema: [], notInOrmEntityFile: [] });
    });

    it('(c) has no TypeORM relation to another module\'s entity (reference other aggregates by id)', () => {
      const crossing = getMetadataArgsStorage()
        .relations.filter((r) => entityOwner.get(r.target)?.module === name)
        .map((r) => {
          const type = typeof r.type === 'function' ? (r.type as () => unknown)() : r.type;
          const table = typeof type === 'string' ? tables().find((t) => t.name === type || (t.target as Class).name === type) : tableOf(type);
          return { relation: `${(r.target as Class).name}.${r.propertyName}`, schema: table?.schema };
        })
        .filter(({ schema }) => schema !== name)
        .map(({ relation, schema }) => `${relation} -> schema ${schema ?? 'unknown'}`);
      expect(crossing).toEqual([]);
    });

    it('(d) keeps its entities private: index.ts exports no TypeORM entity class', () => {
      const leaked = Object.entries(load(join(dir, 'index.ts')))
        .filter(([, value]) => tableOf(value))
        .map(([key, value]) => `${key}: ${describeEntity(value)}`);
      expect(leaked).toEqual([]);
    });

    it('(d) does not hand its repositories to other modules (no TypeOrmModule or repository token in `exports`)', () => {
      const repositoryTokens = new Set(tables().map((t) => getRepositoryToken(t.target as Class)));
      const exported = ((Reflect.getMetadata('exports', rootModuleOf(name)) as unknown[] | undefined) ?? []).filter(
        (e) =>
          e === TypeOrmModule ||
          (typeof e === 'object' && e !== null && (e as { module?: unknown }).module === TypeOrmModule) ||
          repositoryTokens.has(e as string),
      );
      expect(exported.map((e) => (typeof e === 'function' ? e.name : String((e as { module?: Class }).module?.name ?? e)))).toEqual([]);
    });
  });
});
