/**
 * The page around report.html's sections: styles, the inlined charting library, the data and
 * the chart script, all in one file. A Content-Security-Policy forbids every fetch, so the page
 * provably works offline and cannot leak the run's data anywhere.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { escapeHtml, scriptForInline } from './html-escape.js';

/** No network: inline scripts and styles only, images only from data: URLs. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const PAGE_STYLE = `
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
h1 { font-size: 20px; margin: 16px 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; } h4 { font-size: 14px; margin: 14px 0 4px; }
.banner { padding: 12px 16px; border-radius: 6px; color: #fff; font-size: 16px; margin: 8px 0 12px; }
.banner .verdict-word { font-weight: 700; letter-spacing: .04em; margin-right: 8px; }
.banner .headlines { margin: 6px 0 0; padding-left: 20px; font-size: 14px; } ul.sites { margin: 4px 0 0; padding-left: 16px; }
.banner.pass { background: var(--pass); } .banner.fail, .banner.error { background: var(--fail); } .banner.inconclusive { background: var(--warn); }
.pill { padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
.pill.pass { background: var(--pass); } .pill.fail, .pill.error { background: var(--fail); } .pill.inconclusive { background: var(--warn); }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path { font-family: ui-monospace, monospace; font-size: 12px; }
tr.failing td { background: #ffebe9; } tr.rose td { background: #fff8c5; } tr.not-judged td { color: var(--muted); }
.facts th { background: #f6f8fa; width: 110px; }
.empty, .note, .hint { color: var(--muted); } .hint { font-weight: 600; color: #1f2328; }
.x-toggle { margin: 12px 0; } .x-toggle button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); background: #f6f8fa; cursor: pointer; }
.x-toggle button[aria-pressed="true"] { background: #0969da; color: #fff; border-color: #0969da; }
.chart { margin: 8px 0 18px; min-height: 300px; }
.connection-lines li.finding { color: var(--warn); font-weight: 600; }
.run-error { border-left: 4px solid var(--fail); padding-left: 12px; } pre { background: #f6f8fa; padding: 8px; overflow: auto; }
footer { color: var(--muted); font-size: 12px; margin: 32px auto 24px; }
`;

interface UplotAssets {
  js: string;
  css: string;
}

let assets: UplotAssets | null = null;

/** uPlot's minified build and styles, read once from node_modules (MIT; its licence banner stays in the file). */
function uplotAssets(): UplotAssets {
  if (!assets) {
    const require = createRequire(import.meta.url);
    assets = {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return assets;
}

/** The parts renderPage puts around the inlined charting library. */
export interface PageParts {
  title: string;
  /** Already-escaped HTML of the page body. */
  body: string;
  /** The chart data, already made safe with `jsonForScript`. */
  dataJson: string;
  /** The chart script (runs after uPlot is loaded). */
  script: string;
}

/** The whole self-contained page. */
export function renderPage(parts: PageParts): string {
  const uplot = uplotAssets();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${uplot.css.replace(/<\//g, '<\\/')}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
${parts.body}
<script type="application/json" id="soak-data">${parts.dataJson}</script>
<script>${scriptForInline(uplot.js)}</script>
<script>${scriptForInline(parts.script)}</script>
</body>
</html>
`;
}
