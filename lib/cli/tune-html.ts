/**
 * `calico-ebpf tune --format html`: the sizing report as one self-contained page a person would
 * rather look at than the table — a bar chart (inline SVG) of kernel memory per map, recommended
 * against Felix's default, and the whole-node figure. No script, no external resource, the same
 * bytes for the same scale.
 */
import { formatMiB, type MapSizingReport } from '../core/internal';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const REC = '#2b7bba';
/** MiB like the table, but small maps in KiB so they do not all read "0.0 MiB". */
const size = (bytes: number): string => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : formatMiB(bytes));
const DEF = '#c8ccd2';

/** Bar chart: one row per tunable map, two bars (recommended, default), on a log scale so small maps stay visible. */
function chart(r: MapSizingReport): string {
  const maps = r.maps.filter((m) => m.source !== 'off');
  const labelW = 250;
  const barW = 520;
  const rowH = 38;
  const top = 30;
  const height = top + maps.length * rowH + 40;
  const max = Math.max(...maps.map((m) => Math.max(m.recommendedBytes, m.defaultBytes)), 1);
  const minLog = Math.log10(1024);
  const scale = (bytes: number): number => (bytes <= 1024 ? 2 : Math.max(2, (barW * (Math.log10(bytes) - minLog)) / (Math.log10(max) - minLog)));
  const rows = maps.map((m, i) => {
    const y = top + i * rowH;
    const rw = scale(m.recommendedBytes).toFixed(1);
    const dw = scale(m.defaultBytes).toFixed(1);
    return [
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="label">${esc(m.field)}</text>`,
      `<rect class="bar rec" x="${labelW}" y="${y + 2}" width="${rw}" height="14" fill="${REC}"><title>${esc(`${m.field}: ${m.recommended} entries, ${formatMiB(m.recommendedBytes)} recommended`)}</title></rect>`,
      `<text x="${labelW + Number(rw) + 6}" y="${y + 14}" class="value">${esc(size(m.recommendedBytes))}</text>`,
      `<rect class="bar def" x="${labelW}" y="${y + 18}" width="${dw}" height="14" fill="${DEF}"><title>${esc(`${m.field}: ${m.default} entries, ${formatMiB(m.defaultBytes)} at Felix's default`)}</title></rect>`,
      `<text x="${labelW + Number(dw) + 6}" y="${y + 30}" class="value">${esc(size(m.defaultBytes))}</text>`,
    ].join('\n');
  });
  const legendY = top + maps.length * rowH + 18;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 120}" height="${height}" viewBox="0 0 ${labelW + barW + 120} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">Kernel memory per BPF map and node: recommended vs Felix default (log scale)</title>`,
    `<text x="${labelW}" y="18" class="axis">kernel memory per node (log scale)</text>`,
    ...rows,
    `<rect x="${labelW}" y="${legendY - 10}" width="12" height="12" fill="${REC}"/><text x="${labelW + 18}" y="${legendY}" class="label">recommended</text>`,
    `<rect x="${labelW + 130}" y="${legendY - 10}" width="12" height="12" fill="${DEF}"/><text x="${labelW + 148}" y="${legendY}" class="label">Felix default</text>`,
    '</svg>',
  ].join('\n');
}

export function htmlReport(r: MapSizingReport): string {
  const s = r.scale;
  const title = s.profile ? `profile ${s.profile}` : 'custom scale';
  const rows = r.maps
    .filter((m) => m.source !== 'off')
    .map(
      (m) =>
        `<tr><td><code>${esc(m.field)}</code></td><td>${m.entriesNeeded}</td><td>${m.recommended}</td><td>${m.default}</td><td>${esc(size(m.recommendedBytes))}</td><td>${esc(size(m.defaultBytes))}</td></tr>`,
    );
  const warnings = r.warnings.map((w) => `<li><code>${esc(w.code)}</code> (${esc(w.severity)}): ${esc(w.message)}</li>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Calico eBPF map sizes: ${esc(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2733; max-width: 60rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.figures { display: flex; gap: 2rem; } .figure { border: 1px solid #d9dde3; padding: .8rem 1.2rem; border-radius: 6px; }
.figure b { display: block; font-size: 1.3rem; }
table { border-collapse: collapse; } td, th { border-bottom: 1px solid #e3e6ea; padding: .3rem .7rem; text-align: right; } td:first-child, th:first-child { text-align: left; }
.label { font-size: 12px; fill: #1d2733; } .value { font-size: 11px; fill: #4a5562; } .axis { font-size: 11px; fill: #6b7580; }
</style>
</head>
<body>
<h1>Calico eBPF map sizes for ${esc(title)}</h1>
<p>${s.nodes} nodes, ${s.podsPerNode} pods per node, ${s.services} services, ${s.connectionsPerNode} connections per node, ${s.cpusPerNode} CPUs, ${esc(s.ipFamilies)}, headroom ${s.headroom}×.</p>
<div class="figures">
<div class="figure">Tunable maps per node<b id="tunable">${esc(formatMiB(r.totals.recommendedBytes))}</b>vs ${esc(formatMiB(r.totals.defaultBytes))} with Felix defaults (ratio ${r.totals.ratio.toFixed(2)})</div>
<div class="figure">Whole node, fixed maps included<b id="whole-node">${esc(formatMiB(r.wholeNode.recommendedBytes))}</b>vs ${esc(formatMiB(r.wholeNode.defaultBytes))}; fixed maps ${esc(formatMiB(r.fixedBytes))}</div>
</div>
<h2>Kernel memory per map</h2>
${chart(r)}
<h2>Sizes</h2>
<table>
<thead><tr><th>field</th><th>entries needed</th><th>recommended</th><th>Felix default</th><th>memory recommended</th><th>memory default</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<h2>Before you apply them</h2>
<ul>
${warnings.join('\n')}
</ul>
</body>
</html>
`;
}
