'use strict';
/**
 * ESLint rule `wbs/module-boundaries` (docs/architecture.md, "Boundaries"): each folder directly
 * under src/ is a module. Another module reaches it only through its `index.ts` (its API) or
 * an `events/` folder (its events); a Nest module class (`*.module.ts`, its wiring) may be
 * taken directly by another `*.module.ts` and by the composition root, which keeps
 * controllers out of the barrels (they would close import cycles). `platform` (the ground
 * floor) imports no feature module; files directly in src/ and src/migrations (the
 * composition root) may also take a module's `migrations/index.ts`.
 * The import is resolved against the importing file, so `../cases/case-store` and
 * `../../cases/case-store` are the same deep import.
 */
const fs = require('node:fs');
const path = require('node:path');

const PLATFORM = 'platform';
/** The composition root: wires modules together, so it sees their migration lists too. */
const ROOT_FOLDERS = new Set(['migrations']);

/** `{ module, rest }` of a file under src/, or null outside src/ (tests, bench, config). */
function locate(srcDir, file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  if (ROOT_FOLDERS.has(parts[0])) return { module: null, rest: parts.join('/') };
  // `../staff` is the staff module's index, not a file at the root.
  if (parts.length === 1 && !isDirectory(file)) return { module: null, rest: parts[0] };
  return { module: parts[0], rest: parts.slice(1).join('/') };
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Public entry points of a module: its index, anything in an events/ folder, its Nest module classes for wiring. */
function isPublic(rest, { fromRoot, fromNestModule }) {
  const noExt = rest.replace(/\.(ts|js)$/, '');
  if (noExt === '' || noExt === 'index') return true;
  if (/(^|\/)events(\/|$)/.test(noExt)) return true;
  if ((fromRoot || fromNestModule) && /(^|\/)[a-z-]+\.module$/.test(noExt)) return true;
  if (fromRoot && (noExt === 'migrations' || noExt === 'migrations/index')) return true;
  return false;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'A module imports another only through its index.ts or events/; platform imports no feature module.' },
    schema: [{ type: 'object', properties: { srcDir: { type: 'string' } }, additionalProperties: false }],
    messages: {
      deep: "'{{source}}' reaches inside module '{{target}}': import it from its index.ts (or events/) instead.",
      platform: "platform must not depend on feature module '{{target}}': pass what it needs in from the composition root (src/).",
    },
  },
  create(context) {
    const srcDir = path.resolve(context.options[0]?.srcDir ?? path.join(context.cwd, 'src'));
    const from = locate(srcDir, context.filename);
    if (!from) return {};
    function check(node) {
      const source = node.source && node.source.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = locate(srcDir, path.resolve(path.dirname(context.filename), source));
      if (!to || to.module === null || to.module === from.module) return;
      if (from.module === PLATFORM) {
        context.report({ node: node.source, messageId: 'platform', data: { target: to.module } });
        return;
      }
      if (to.module === PLATFORM) return; // the ground floor is a shared kernel (docs/decisions.md)
      const importer = { fromRoot: from.module === null, fromNestModule: /\.module\.ts$/.test(context.filename) };
      if (!isPublic(to.rest, importer)) context.report({ node: node.source, messageId: 'deep', data: { source, target: to.module } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
