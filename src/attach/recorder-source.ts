/**
 * The sites recorder (probe/growth-sites.ts) as one self-contained expression for
 * `Runtime.evaluate` in an attached process: built from ws-soak's own compiled module and the
 * modules it imports (read from dist/), each wrapped in a function of its own, so the target runs
 * exactly the code a forked child runs and nothing is kept in two copies. Node's modules come from
 * `process.getBuiltinModule` (Node >= 20.16, 22.3), and `import.meta.url` is a path no program
 * has, so the recorder's "ws-soak's own code" test matches its own frames only (the expression
 * carries it as its sourceURL).
 *
 * Only the module forms tsc writes for these files are understood; any other import or export
 * throws, naming the file and the line, so a change to the recorder that needs more is caught by
 * the unit test, not in a user's process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROBE_MARKER } from './remote-probe.js';

/** The path the recorder's code has in the target: its own frames begin with it. */
export const RECORDER_ROOT = '/ws-soak-attached-recorder/';

const ENTRY = '../probe/growth-sites.js';

/** A compiled module of ws-soak's; under vitest this file runs from src/, the compiled one from dist/. */
function compiledFile(relative: string, base: string): string {
  const direct = fileURLToPath(new URL(relative, base));
  if (existsSync(direct)) return direct;
  const built = direct.replace(/([/\\])src([/\\])(?!.*[/\\]src[/\\])/, '$1dist$2');
  if (existsSync(built)) return built;
  throw new Error(`the sites recorder for attached processes is built from ${direct}, which does not exist: run npm run build`);
}

interface Binding {
  imported: string;
  local: string;
}

/** `{ a, b as c }` → bindings. */
function bindingsOf(list: string): Binding[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [imported = '', local = imported] = part.split(/\s+as\s+/);
      return { imported, local };
    });
}

const IMPORT = /^import\s+(?:(\w+)|\{([^}]*)\}|\*\s+as\s+(\w+))\s+from\s+'([^']+)';[ \t]*$/gm;
const REEXPORT = /^export\s+\{([^}]*)\}\s+from\s+'([^']+)';[ \t]*$/gm;
const EXPORT_DECL = /^export\s+(?:async\s+)?(?:function\*?|class|const|let)\s+(\w+)/gm;

class Bundle {
  private readonly modules = new Map<string, string>();
  private readonly parts: string[] = [];

  /** The variable holding `file`'s exports, the module (and what it imports) bundled first. */
  include(file: string): string {
    const known = this.modules.get(file);
    if (known) return known;
    const text = readFileSync(file, 'utf8');
    const prelude: string[] = [];
    const exported: Binding[] = [];
    const fromOther = (specifier: string): string => {
      if (specifier.startsWith('node:')) return `__builtin(${JSON.stringify(specifier)})`;
      if (specifier.startsWith('.')) return this.include(fileURLToPath(new URL(specifier, `file://${file}`)));
      throw new Error(`${file}: the sites recorder for attached processes cannot bundle an import of '${specifier}' (only node: builtins and ws-soak's own modules)`);
    };
    let body = text.replace(IMPORT, (_line, name: string | undefined, list: string | undefined, star: string | undefined, specifier: string) => {
      const source = fromOther(specifier);
      if (name !== undefined) prelude.push(`const ${name} = ${specifier.startsWith('node:') ? source : `${source}.default`};`);
      else if (star !== undefined) prelude.push(`const ${star} = ${source};`);
      else for (const b of bindingsOf(list ?? '')) prelude.push(`const ${b.local} = ${source}.${b.imported};`);
      return '';
    });
    body = body.replace(REEXPORT, (_line, list: string, specifier: string) => {
      const source = fromOther(specifier);
      for (const b of bindingsOf(list)) {
        const local = `__reexport_${b.local}`;
        prelude.push(`const ${local} = ${source}.${b.imported};`);
        exported.push({ imported: local, local: b.local });
      }
      return '';
    });
    body = body.replace(EXPORT_DECL, (declaration: string, name: string) => {
      exported.push({ imported: name, local: name });
      return declaration.replace(/^export\s+/, '');
    });
    const stray = /^(?:import|export)\b.*$/m.exec(body);
    if (stray) throw new Error(`${file}: the sites recorder for attached processes cannot bundle "${stray[0]}"`);
    // One level below the root: growth-sites.js takes `new URL('../', import.meta.url)` as ws-soak's own files.
    const url = `file://${RECORDER_ROOT}modules/${this.modules.size}.js`;
    body = body.replace(/\bimport\.meta\.url\b/g, JSON.stringify(url));
    if (/\bimport\.meta\b|\bimport\s*\(/.test(body)) throw new Error(`${file}: the sites recorder for attached processes cannot bundle import.meta or import()`);
    const name = `__module${this.modules.size}`;
    this.modules.set(file, name);
    const exports = exported.map((b) => (b.imported === b.local ? b.local : `${b.local}: ${b.imported}`)).join(', ');
    this.parts.push(`const ${name} = (() => {\n${prelude.join('\n')}\n${body}\nreturn { ${exports} };\n})();`);
    return name;
  }

  get source(): string {
    return this.parts.join('\n');
  }
}

let cached: string | null = null;

/**
 * The expression: evaluated in the target, it installs the recorder and returns an object with
 * `stop()`: puts every hooked method back, then the copies of a hook that emitters took while it
 * was in place become the original again (Node's http server copies net.Socket.prototype's `on`,
 * `addListener` and `prependListener` onto a socket after its upgrade, lib/_http_server.js
 * generateSocketListenerWrapper: a kept socket would hold the recorder for good). Such a copy is
 * taken right after a listener is added through the hook, so the emitters to mend are those the
 * recorder followed (its `followed` list, read if it is there; Runtime.queryObjects would find
 * them all but took 9.5 s on a 100 MB heap). It returns the report and how many copies it mended.
 * The recorder removes itself after `safetyMs` if ws-soak never comes back for it (ws-soak killed
 * mid-phase); that one timer is unref'd, taken before any hook is in place, and cleared by `stop()`.
 */
export function recorderExpression(safetyMs: number): string {
  if (cached === null) {
    const bundle = new Bundle();
    const entry = bundle.include(compiledFile(ENTRY, import.meta.url));
    cached = `${bundle.source}\nreturn ${entry}.GrowthSitesRecorder;`;
  }
  return `(() => { /* ${PROBE_MARKER}: growth sites */
'use strict';
const __builtin = (id) => globalThis.process.getBuiltinModule(id);
const GrowthSitesRecorder = (() => {
${cached}
})();
// Where the recorder hooks: each method that differs after start() is a hook, mapped to what it replaced.
const { EventEmitter } = __builtin('node:events');
const owners = [Array.prototype, Map.prototype, Set.prototype, EventEmitter.prototype, globalThis, __builtin('node:timers')];
if (typeof globalThis.EventTarget === 'function') owners.push(globalThis.EventTarget.prototype);
const valueOf = (owner, key) => Object.getOwnPropertyDescriptor(owner, key)?.value;
const before = owners.map((owner) => new Map(Reflect.ownKeys(owner).map((key) => [key, valueOf(owner, key)])));
const recorder = new GrowthSitesRecorder({ scopeLook: false, stackText: true });
const guard = setTimeout(() => recorder.stop(), ${Math.round(safetyMs)});
guard.unref();
recorder.start();
const originals = new Map();
owners.forEach((owner, i) => {
  for (const key of Reflect.ownKeys(owner)) {
    const now = valueOf(owner, key);
    const was = before[i].get(key);
    if (typeof now === 'function' && typeof was === 'function' && now !== was) originals.set(now, was);
  }
});
before.length = 0;
return {
  stop() {
    clearTimeout(guard);
    const report = recorder.stop();
    let mended = 0;
    const followed = Array.isArray(recorder.followed) ? recorder.followed : [];
    const emitters = new Set(followed.map((f) => f?.ref?.deref?.()).filter((o) => o instanceof EventEmitter));
    for (const emitter of emitters) {
      for (const key of Reflect.ownKeys(emitter)) {
        const d = Object.getOwnPropertyDescriptor(emitter, key);
        if (!d || !('value' in d) || !originals.has(d.value)) continue;
        Object.defineProperty(emitter, key, { ...d, value: originals.get(d.value) });
        mended++;
      }
    }
    originals.clear();
    return { report, mended };
  },
};
})()
//# sourceURL=${RECORDER_ROOT}recorder.js`;
}
