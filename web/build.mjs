// Builds the parents' web client (web/src) into dist/web: one script and one style sheet with
// content hashes under assets/, and index.html naming them. Run by `npm run build` (after
// `nest build`, which empties dist/) and by the tests' global setup. Options: --watch.
import { build, context } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.WEB_OUT_DIR ?? join(here, '..', 'dist', 'web');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: { app: join(here, 'src', 'main.tsx'), style: join(here, 'src', 'styles.css') },
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: join(out, 'assets'),
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [
    {
      name: 'index-html',
      setup(b) {
        b.onEnd((result) => {
          if (result.errors.length) return;
          const outputs = Object.keys(result.metafile.outputs).map((f) => basename(f));
          const js = outputs.find((f) => /^app-.*\.js$/.test(f));
          const css = outputs.find((f) => /^style-.*\.css$/.test(f));
          const html = readFileSync(join(here, 'index.html'), 'utf8').replace('%STYLE%', `/assets/${css}`).replace('%SCRIPT%', `/assets/${js}`);
          writeFileSync(join(out, 'index.html'), html);
          for (const f of readdirSync(join(here, 'public'))) copyFileSync(join(here, 'public', f), join(out, 'assets', f));
        });
      },
    },
  ],
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
if (watch) {
  const ctx = await context(options);
  await ctx.watch();
  console.log(`web client: watching, writing ${out}`);
} else {
  const result = await build(options);
  const sizes = Object.entries(result.metafile.outputs).map(([f, o]) => `${basename(f)} ${(o.bytes / 1024).toFixed(1)} kB`);
  console.log(`web client built in ${out}: ${sizes.join(', ')}`);
}
