// Every `lifeline` command's definition (see command-spec.ts): parsing, `--help` and the
// top-level help all come from here.
import { MAX_SPEED } from '../../shared/contract/speed.ts';
import { usageLine, type CommandSpec, type OptionSpec } from './command-spec.ts';
import { EXPORT_FORMATS } from './export-formats.ts';
import { SERVER_URL_FORMS } from '../../shared/scenario/own-server.ts';
import { VERSION } from './version.ts';
import { DEFAULT_CLIENT_LIMITS, DEFAULT_MAX_CLIENTS, DEFAULT_SESSION_MB } from '../host/client-limits.ts';

const EXIT = 'Exit status: 0 ok, 1 run failed, 2 bad input.';
const LOG: CommandSpec['options'][number] = { name: 'log', value: 'FILE', help: 'append every event to FILE as JSON lines' };
const JSON_OUT = (what: string) => ({ name: 'json', help: `print ${what} as JSON on stdout` });

export const RUN: CommandSpec = {
  name: 'run',
  args: '<scenario.json|preset>',
  summary: 'Run a scenario and print its summary.',
  options: [
    { name: 'mode', value: 'fast|realtime', help: 'fast skips idle time (default; with --server, realtime); realtime paces virtual time to the wall clock' },
    { name: 'speed', value: 'N', help: `realtime only: virtual seconds per wall second, 1 to ${MAX_SPEED} (default 1)` },
    { name: 'out', value: 'session.jsonl', help: 'write the session (every event) to a file as it happens' },
    { name: 'server', value: 'URL', help: `run against your own MQTT broker (${SERVER_URL_FORMS.mqtt}) or WebSocket server (${SERVER_URL_FORMS.ws}) through the NAT box, instead of the built-in server; realtime at 1× only` },
    { name: 'push-url', value: 'URL', help: `with a ws:// --server: the WebSocket endpoint Lifeline sends pushes to (${SERVER_URL_FORMS.ws}); without it pushes are off` },
    JSON_OUT('the summary as one object'),
  ],
  details: `A run takes a scenario file or a preset name (lifeline presets lists them). --mode realtime is
fast mode paced to the wall clock: virtual time flows at N × wall time only while nothing is in
flight, stands still while a timer's bytes cross the sockets, and every timer runs at its due time,
so a realtime run with no live action has exactly the fast run's events and summary, at any speed
on any machine.

A realtime run shows a progress bar on a terminal, with running counts (heartbeats, disconnects,
dead time) beside the time. Ctrl-C stops it and prints the summary so far, marked interrupted
("interrupted": true with --json), exit 130. The summary's fields: docs/formats.md.

With --server the modelled app speaks MQTT 3.1.1 or WebSocket to your server through Lifeline's NAT box,
and Lifeline publishes the pushes itself on a second connection (docs/own-server.md). A real server
keeps wall-clock time, so such a run is realtime at 1×: --mode fast and --speed are refused. A URL that
does not parse is bad input (exit 2); an unreachable server, a refused CONNECT or a peer that does not
speak the protocol fails the run (exit 1). The password in a URL is never printed or recorded.

A session file (--out) that cannot be written whole (a full disk) is exit 2, naming the file and the
cause; it keeps the run up to its last whole line. When the run failed too, one line says both, the
run's error first, and the exit is the run's.

${EXIT}`,
};

export const TEST: CommandSpec = {
  name: 'test',
  args: '[<scenario.json|dir|preset>…]',
  summary: "Run scenarios in fast mode and check each one's `expect`; with no argument, every preset.",
  options: [
    { name: 'junit', value: 'OUT.xml', help: 'also write the results as JUnit XML, for CI systems (its folder is created)' },
    JSON_OUT('the results'),
  ],
  details: `For CI. A directory stands for every *.json scenario in it. Every scenario is validated before any
runs. One line per scenario: PASS, or FAIL with each broken constraint and the actual value.
--junit writes a testsuite per argument, a testcase per scenario and a <failure> for each
broken expectation.

Exit status: 0 all pass, 1 any fails, 2 bad input (nothing runs; e.g. an expectation on an
unknown metric).`,
};

export const PRESETS_CMD: CommandSpec = {
  name: 'presets',
  summary: 'List the preset library and what each preset teaches.',
  options: [JSON_OUT('the list')],
};

export const VALIDATE: CommandSpec = {
  name: 'validate',
  args: '<scenario.json|preset>',
  summary: 'Check a scenario file (or a preset) without running it.',
  options: [],
  details: EXIT,
};

export const SCHEMA: CommandSpec = {
  name: 'schema',
  summary: 'Print the scenario JSON Schema (for editors).',
  options: [],
};

// Limits of the standalone services (docs/services.md "Limits").
const MAX_CONNECTIONS: OptionSpec = { name: 'max-connections', value: 'N', help: 'refuse connections past N (default 10,000, or fewer under the open-file limit)' };
const LINGER: OptionSpec = { name: 'linger', value: 'SEC', help: "after a graceful close, wait SEC seconds for the peer's FIN, then reset (default 5)" };

const SERVICE = `Binds 127.0.0.1 unless told otherwise and prints "listening on HOST:PORT" (the real port when 0 is
given); bound to anything else, it warns in one line that it is reachable from the network. Stops
on SIGINT/SIGTERM within 2 s, whatever its peers do. Its limits: docs/services.md.`;

export const SERVER: CommandSpec = {
  name: 'server',
  summary: 'The heartbeat server alone, in real time; prints "listening on HOST:PORT", stops on SIGINT/SIGTERM.',
  options: [
    { name: 'host', value: 'H', help: 'address to bind (default 127.0.0.1)' },
    { name: 'port', value: 'N', help: 'port to listen on (default 0: any free port)' },
    { name: 'heartbeat', value: 'SEC', help: 'send PING every SEC seconds (default: never)' },
    { name: 'push-every', value: 'SEC', help: 'send a PUSH every SEC seconds (default: never)' },
    { name: 'dead-after', value: 'N', help: 'drop a client after N unanswered PINGs (default 2)' },
    { name: 'hello-timeout', value: 'SEC', help: 'drop a client that has not said HELLO after SEC seconds (default 10)' },
    { name: 'idle-timeout', value: 'SEC', help: 'without --heartbeat, drop a client that sends no whole line for SEC seconds (default 600)' },
    MAX_CONNECTIONS,
    LINGER,
    LOG,
  ],
  details: `${SERVICE}
The protocol is plain text: nc 127.0.0.1 PORT, then type HELLO me.`,
};

export const NAT: CommandSpec = {
  name: 'nat',
  summary: 'The NAT box alone, in real time, in front of any TCP server; stops on SIGINT/SIGTERM.',
  options: [
    { name: 'listen', value: '[HOST:]PORT', required: true, help: 'where clients connect (host default 127.0.0.1)' },
    { name: 'target', value: 'HOST:PORT', required: true, help: 'the server to forward to' },
    { name: 'idle-timeout', value: 'SEC', required: true, help: 'forget a mapping idle this long' },
    { name: 'on-expiry', value: 'drop|reset-inside|reset-both', help: "what an expired mapping does: drop every later packet (a proxy cannot hold back the ACKs its kernel sent, so the device learns at --release-expired), answer the device's next packet with a RST, or reset both ends at once (default reset-inside; silent-drop and reset are the earlier names of reset-inside and reset-both)" },
    { name: 'refresh-on', value: 'both|outbound', help: 'which traffic keeps a mapping alive (default both)' },
    { name: 'release-expired', value: 'SEC', help: "release an expired flow's sockets SEC seconds after expiry, or when either side closes (default 120)" },
    MAX_CONNECTIONS,
    LINGER,
    LOG,
  ],
  details: `${SERVICE}
A close is passed on as it came: a FIN as a FIN (half-closes included), a reset as a reset.`,
};

export const SERVE: CommandSpec = {
  name: 'serve',
  args: '[A.jsonl [B.jsonl] | capture.pcapng]',
  summary: 'The inspector in a browser (browser mode); prints its URL. One session file opens for replay, two side by side; a pcap/pcapng opens as a capture view.',
  options: [
    { name: 'port', value: 'N', help: 'port to listen on (default 0: any free port)' },
    { name: 'host', value: 'H', help: 'address to bind (default 127.0.0.1)' },
    { name: 'data', value: 'DIR', help: 'where runs started in the inspector are recorded (default ~/.local/share/lifeline/sessions; created owner-only)' },
    { name: 'max-session-mb', value: 'N', help: `largest session file a run started from a page may write; the run stops there (default ${DEFAULT_SESSION_MB})` },
    { name: 'max-clients', value: 'N', help: `pages connected at once; more are refused (default ${DEFAULT_MAX_CLIENTS})` },
  ],
  details: `Binds 127.0.0.1 unless told otherwise (anything else: a one-line warning) and prints the URL to open.
npm start -- FILE… does the same in the Electron window. The inspector: docs/inspector.md.
Each page (WebSocket connection) may have ${DEFAULT_CLIENT_LIMITS.sweeps} sweep and ${DEFAULT_CLIENT_LIMITS.runs} runs going at once
(a stopped run winding down counts); further requests are refused with the reason. What a page
started stops when it closes. Listing and reading sessions never block other pages. SIGINT or
SIGTERM stops everything and exits within 2 s.`,
};

export const ANALYZE: CommandSpec = {
  name: 'analyze',
  args: '<capture.pcap|capture.pcapng>',
  summary: 'The TCP connections of a capture and, for one, its idle gaps against a NAT timeout.',
  options: [
    { name: 'nat-timeout', value: 'SEC', help: 'the NAT idle timeout to compare the gaps with (default 300)' },
    { name: 'conn', value: 'N', help: 'the connection to analyse (default: the longest-lived; ties: most packets)' },
    { name: 'scenario', value: 'out.json', help: 'also write a scenario that reproduces the capture: cadence, pushes, NAT timeout, duration' },
    JSON_OUT('one object: connections, selected, assumedNatTimeoutSec, intervals, largestGapsSec, gapsOverTimeout, verdict, natTimeoutSec'),
  ],
  details: `Reads pcap and pcapng; Ethernet, Linux cooked (tcpdump -i any), BSD loopback and raw IP; IPv4 and IPv6.
Shows a progress bar on a terminal. A damaged capture is analysed up to the damage, then exit 2
with the file and byte offset on stderr. What it reads and the --json fields: docs/formats.md.
natTimeoutSec is what the capture proves about the path's NAT timeout (assumedNatTimeoutSec is
only the --nat-timeout the gaps are compared with): the longest idle gap after which the
connection still worked (low), the shortest after which it did not (high: a RST,
retransmissions never answered, or the client reconnecting), and the frames (numbered as tshark
numbers them) that prove each. --scenario takes the NAT timeout from those bounds, or --nat-timeout.

${EXIT}`,
};

export const EXPORT: CommandSpec = {
  name: 'export',
  args: '<session.jsonl>',
  summary: 'Write a session in other formats (at least one; several in one call are fine).',
  // One option per row of the format table: a new format is a new row there.
  options: Object.entries(EXPORT_FORMATS).map(([name, f]) => ({ name, value: 'OUT', help: f.help })),
  details: `OUT \`-\` is standard output (one format per call). --pcapng - is refused while standard output is
a terminal (exit 2): redirect it or pipe it, e.g. \`| tshark -r -\`. Each format: docs/formats.md.

${EXIT}`,
};

export const PROBE: CommandSpec = {
  name: 'probe',
  args: '<host:port>',
  summary: "Measure a real path's NAT timeout against a `lifeline server` at host:port.",
  options: [
    { name: 'max', value: 'SEC', help: 'the longest idle period to try (default 1800); round 1 takes about this long' },
    JSON_OUT('one object: natTimeoutSec {low, high}, expiry, recommendedHeartbeatSec, rounds'),
  ],
  details: `How it measures and what the margin of the recommended heartbeat covers: docs/services.md.

Exit status: 0 measured, 1 refused or not a lifeline server (one line on stderr), 2 bad input.`,
};

export const SWEEP: CommandSpec = {
  name: 'sweep',
  args: '<scenario.json|preset>',
  summary: 'Run every combination of the --set ranges in fast mode, on every core, and recommend a value.',
  options: [
    { name: 'set', value: '<field>=<from>..<to>:<step>', required: true, repeated: true, help: 'a dotted scenario field and its range, e.g. server.heartbeatSec=30..600:30 (repeat for more fields)' },
    JSON_OUT('{ fields, rows: [{ values, summary }], recommended }'),
    { name: 'csv', value: 'OUT', help: 'also write the table as CSV' },
  ],
  details: `A field is a dotted path into the scenario (server.heartbeatSec, app.mqttKeepAliveSec,
networks.mobile_carrier.idleTimeoutSec); an unknown field, a backwards range or a value the schema
refuses is bad input naming the field. Long sweeps run in worker threads on every core (each
costs about 0.5 s to start), short ones a few at a time in one process. A progress bar on a terminal.

The table: the values, deadSec, connectedRatio, pushes lost, disconnects and radio energy per day
(dead time, share and disconnects of the path the pushes take: server.pushVia).
Recommended (*): the lowest energy per day with no dead time and no push lost.

${EXIT}`,
};

export const REPLAY: CommandSpec = {
  name: 'replay',
  args: '<session.jsonl>',
  summary: 'Print the summary recomputed from a recorded session (equal to what the run printed).',
  options: [JSON_OUT('the summary as one object')],
  details: `Uses the run's own summarize(events): equal to what run --json printed, field for field. A file
cut off mid-line replays up to its last whole line and says so on stderr (exit 0); a corrupt line
or a newer version is exit 2 naming the file and line.

${EXIT}`,
};

export const COMMAND_SPECS: readonly CommandSpec[] = [RUN, TEST, PRESETS_CMD, VALIDATE, SCHEMA, SERVER, NAT, SERVE, ANALYZE, EXPORT, PROBE, REPLAY, SWEEP];

export function topLevelHelp(): string {
  return [
    `lifeline ${VERSION} — keep an iOS app's TCP connection alive in the background, and see why it dies`,
    '',
    'Usage:',
    ...COMMAND_SPECS.flatMap((c) => [`  ${usageLine(c)}`, `      ${c.summary}`]),
    '',
    'lifeline <command> --help shows a command\'s options.',
    EXIT,
  ].join('\n');
}

