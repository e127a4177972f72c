// Prints the comparison table of issue 11 from a bench/compare results folder
// (NAME-TAG/result.json: one chat_load JSON line per server and scenario), with the ratios
// chatd / socketio-lean (and chatd-normal, chatd with --durability normal, / socketio-lean).
// Usage: node bench/compare_table.mjs DIR
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node compare_table.mjs RESULTS_DIR');
  process.exit(2);
}
const servers = ['chatd', 'chatd-normal', 'socketio-lean', 'nest-seed'];
const runs = {};  // runs[server][tag]
for (const entry of readdirSync(dir)) {
  const file = path.join(dir, entry, 'result.json');
  // The longest name that prefixes the entry: chatd-normal-ramp is chatd-normal's, not chatd's.
  const server = servers.filter((s) => entry.startsWith(`${s}-`)).sort((a, b) => b.length - a.length)[0];
  if (!server || !existsSync(file)) continue;
  const text = readFileSync(file, 'utf8').trim();
  if (!text) continue;
  (runs[server] ??= {})[entry.slice(server.length + 1)] = JSON.parse(text.split('\n').pop());
}

const get = (server, tag, pick) => {
  const run = runs[server]?.[tag];
  if (!run) return undefined;
  try {
    return pick(run);
  } catch {
    return undefined;
  }
};
const num = (v, digits = 0) =>
  v === undefined || v === null || Number.isNaN(v) ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** A run that lost, refused or doubled anything is marked: its figures are not clean. */
const flag = (server, tag) => {
  const r = runs[server]?.[tag];
  return r && (r.lost > 0 || r.refused > 0 || r.duplicated > 0 || r.disconnects > 0) ? ' ⚠' : '';
};

const idleSockets = get('chatd', 'idle', (r) => r.connections) ?? get('socketio-lean', 'idle', (r) => r.connections);
const rows = [
  ['sustainable direct msg/s (p99 < 50 ms, nothing lost)', 'ramp', (r) => r.sustainable_rate, 0, ''],
  ['server CPU per message at that rate', 'ramp', (r) => r.at_sustainable.server.cpu_us_per_msg, 0, ' µs'],
  ['server CPU at that rate (of one core)', 'ramp', (r) => r.at_sustainable.server.cpu_percent, 0, ' %'],
  ['load generator CPU at that rate (of one core)', 'ramp', (r) => r.at_sustainable.generator.cpu_percent, 0, ' %'],
  ['other processes on the machine meanwhile (of one core)', 'ramp', (r) => r.at_sustainable.machine.others_cpu_percent, 0, ' %', false],
  ['server CPU per message at 2,000 msg/s', 'direct-2000', (r) => r.server.cpu_us_per_msg, 0, ' µs'],
  ['p99 ack / delivery at 2,000 msg/s', 'direct-2000', (r) => [r.ack_ms.p99, r.delivery_ms.p99], 1, ' ms'],
  ['context switches per message at 2,000 msg/s', 'direct-2000', (r) => r.server.context_switches_per_msg, 1, ''],
  ['other processes on the machine meanwhile (of one core)', 'direct-2000', (r) => r.machine.others_cpu_percent, 0, ' %', false],
  ['group rooms of 20, 500 msg/s (9,500 deliveries/s): server CPU', 'group-20', (r) => r.server.cpu_percent, 0, ' %'],
  ['group rooms of 20: server CPU per delivery', 'group-20', (r) => r.server.cpu_us_per_delivery, 1, ' µs'],
  ['other processes on the machine meanwhile (of one core)', 'group-20', (r) => r.machine.others_cpu_percent, 0, ' %', false],
  [`idle authenticated sockets: RSS per socket (${num(idleSockets)} open)`, 'idle', (r) => r.server.rss_per_socket_kib, 1, ' KiB'],
];

const show = (v, digits, unit) =>
  Array.isArray(v) ? (v.some((x) => x === undefined) ? '—' : `${v.map((x) => num(x, digits)).join(' / ')}${unit}`)
    : v === undefined ? '—' : `${num(v, digits)}${unit}`;
const ratio = (a, b) => {
  if (Array.isArray(a)) return Array.isArray(b) ? a.map((x, i) => ratio(x, b[i])).join(' / ') : '—';
  return a === undefined || b === undefined || !b ? '—' : `${(a / b).toFixed(2)}×`;
};

const present = servers.filter((s) => runs[s]);
const chatds = ['chatd', 'chatd-normal'].filter((s) => runs[s]);
const names = { chatd: 'chatd (full)', 'chatd-normal': 'chatd (normal)' };
console.log(`| same run, same machine | ${present.map((s) => names[s] ?? s).join(' | ')} | ${chatds.map((s) => `${names[s]} / lean`).join(' | ')} |`);
console.log(`|---|${present.map(() => '---:').join('|')}|${chatds.map(() => '---:').join('|')}|`);
for (const [label, tag, pick, digits, unit, compared = true] of rows) {
  if (!present.some((s) => runs[s][tag])) continue;  // a scenario left out (compare --only)
  const cells = present.map((s) => show(get(s, tag, pick), digits, unit) + flag(s, tag));
  const r = chatds.map((c) => (compared ? ratio(get(c, tag, pick), get('socketio-lean', tag, pick)) : ''));
  console.log(`| ${label} | ${cells.join(' | ')} | ${r.join(' | ')} |`);
}
console.log('');
for (const s of present) {
  const ramp = runs[s].ramp;
  if (ramp) console.log(`- ${s} ramp: sustained ${num(ramp.sustainable_rate)} msg/s; the next step failed on: ${ramp.limited_by || '—'}`);
  for (const [tag, r] of Object.entries(runs[s])) {
    if (flag(s, tag)) console.log(`- ⚠ ${s} ${tag}: lost ${r.lost}, refused ${r.refused}, duplicated ${r.duplicated}, sockets lost ${r.disconnects}`);
    if (tag === 'idle' && r.failures) console.log(`- ⚠ ${s} idle: ${r.connected} of ${r.connections} connected (${r.first_failure ?? ''})`);
  }
}
