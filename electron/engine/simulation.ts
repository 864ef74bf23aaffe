// A run: server ⇄ NAT box ⇄ device on loopback, driven by one virtual clock, every event recorded.
import { performance } from 'node:perf_hooks';
import type { ClockDriver } from './clock/clock.ts';
import { FastClock } from './clock/fast-clock.ts';
import { RealtimeClock } from './clock/realtime-clock.ts';
import { TrafficLedger } from './net/traffic-ledger.ts';
import { HeartbeatServer } from './net/heartbeat-server.ts';
import { NatBox } from './net/nat-box.ts';
import { DeviceApp } from './device/device-app.ts';
import { PushRoutes } from './push-routes.ts';
import { BackgroundRefresh } from './device/background-refresh.ts';
import { serverPolicy } from './policy/make-policy.ts';
import { MQTT_SERVER_GRACE } from './policy/mqtt-policy.ts';
import { Recorder, type EventSink } from './recorder.ts';
import { OwnServer } from './own/own-server.ts';
import { SummaryFold, type Summary } from '../../shared/folds/summary.ts';
import type { ClockMode, TimelineActionName } from '../../shared/log/events.ts';
import { networkSettings, type Scenario } from '../../shared/scenario/scenario.ts';
import { OWN_SERVER_TIME, ownServerProblems, type OwnServerSpec } from '../../shared/scenario/own-server.ts';
import { limitMessage, runLimits } from '../../shared/scenario/run-limits.ts';

export interface SimulationOptions {
  mode: ClockMode;
  /** Realtime only: virtual seconds per wall second (1–3600). */
  speed?: number;
  onEvent?: EventSink;
  /**
   * Your own MQTT broker or WebSocket server instead of the built-in one (docs/own-server.md);
   * realtime at 1× only. Check it against the scenario first (checkOwnServer).
   */
  server?: OwnServerSpec;
  /** The backstop's event budget (default EVENT_BUDGET); tests and client-started runs pass less. */
  maxEvents?: number;
}

export type SimulationStatus = 'idle' | 'running' | 'paused' | 'done';

export class Simulation {
  readonly clock: ClockDriver;
  readonly recorder: Recorder;
  readonly summary = new SummaryFold();
  private ledger = new TrafficLedger();
  /** The built-in server, or null when the run uses your own. */
  private server: HeartbeatServer | null = null;
  private own: OwnServer | null = null;
  /** Why the run cannot go on (your own server refused it), once that happens. */
  private failure: string | null = null;
  private nat: NatBox | null = null;
  private device: DeviceApp | null = null;
  private refresh: BackgroundRefresh | null = null;
  private push: PushRoutes | null = null;
  private early: TimelineActionName[] = [];
  /** Why the run was stopped short (a limit, a full session file): run() fails with it. */
  private halted: string | null = null;
  status: SimulationStatus = 'idle';

  constructor(
    readonly scenario: Scenario,
    readonly opts: SimulationOptions,
  ) {
    const busy = (): boolean => this.ledger.busy();
    const describe = (): string => this.ledger.describe();
    const clock = opts.mode === 'fast' ? new FastClock(busy, describe) : new RealtimeClock(opts.speed ?? 1, busy, describe);
    this.clock = clock;
    this.ledger.onIdle = () => clock.kick();
    this.recorder = new Recorder(this.clock, { ...runLimits(scenario, opts.maxEvents), onLimit: (hit) => this.halt(limitMessage(scenario, hit)) });
    this.recorder.addSink((e) => this.summary.push(e));
    if (opts.onEvent) this.recorder.addSink(opts.onEvent);
    if (opts.server) {
      if (opts.mode !== 'realtime' || (opts.speed ?? 1) !== 1) throw new Error(OWN_SERVER_TIME);
      const problems = ownServerProblems(scenario);
      if (problems.length) throw new Error(`Invariant: a scenario checked against its server first: ${problems.join('; ')}`);
      this.own = new OwnServer(opts.server, scenario, this.clock, this.recorder);
      this.own.onFatal = (why) => {
        this.failure ??= why;
        this.clock.stop();
      };
      return;
    }
    const sv = scenario.server;
    this.server = new HeartbeatServer(
      {
        host: '127.0.0.1', port: 0, heartbeatSec: sv.heartbeatSec, pushEverySec: sv.pushEverySec, deadAfterMissed: sv.deadAfterMissed, restartDownSec: sv.restartDownSec,
        policy: serverPolicy(scenario),
        // An MQTT client talks to a broker: CONNACK on connect, and a drop after 1.5 × keep-alive of silence.
        dropSilentAfterSec: scenario.app.heartbeatPolicy === 'mqtt' ? scenario.app.mqttKeepAliveSec! * MQTT_SERVER_GRACE : null,
        welcome: scenario.app.heartbeatPolicy === 'mqtt',
      },
      this.clock, this.ledger, this.recorder,
    );
  }

  /** Runs the scenario to its end (or stop()) and returns the summary. */
  async run(): Promise<Summary> {
    if (this.status !== 'idle') throw new Error('Invariant: a Simulation runs once');
    this.status = 'running';
    const s = this.scenario;
    const own = this.own;
    // Your own server is checked (and its push connection opened) before anything is recorded.
    await own?.start();
    this.recorder.record({
      kind: 'run.start', scenario: s.name, mode: this.clock.mode, seed: s.seed ?? 1,
      natIdleTimeoutSec: s.nat.idleTimeoutSec, durationSec: s.durationSec, wallClock: new Date().toISOString(), radio: s.radio,
      // Whether a push sent at a given moment would arrive depends on its path (shared/folds/reachability.ts).
      pushVia: s.server.pushVia,
      ...(s.server.fallback ? { pushFallback: s.server.fallback } : {}),
      ...(s.server.pushVia === 'silent' ? { silentPushesPerHour: s.model.silentPushesPerHour } : {}),
      ...(own ? { server: own.spec.url.display } : {}),
    });
    // Each hop listens on an ephemeral port, so the next one is built once the port is known.
    await this.server?.start();
    const target = own ? own.target : { host: '127.0.0.1', port: this.server!.port };
    this.nat = new NatBox(
      { listenHost: '127.0.0.1', listenPort: 0, targetHost: target.host, targetPort: target.port, ...s.nat, ...(own ? { upstream: own.wire, frames: own.frames } : {}) },
      this.clock, this.ledger, this.recorder,
    );
    await this.nat.start();
    const deviceId = own?.deviceId ?? 'device-1';
    this.device = new DeviceApp(s, this.clock, this.ledger, this.recorder, { host: '127.0.0.1', port: this.nat.port, deviceId, ...(own ? { channel: own.channel } : {}) });
    this.push = new PushRoutes(s, this.clock, this.ledger, this.recorder);
    if (this.server) await this.push.start(this.server, this.device, deviceId);
    if (s.networks) this.join(s.network);
    for (const entry of s.timeline) this.clock.after(entry.atSec * 1000, () => this.act(entry.action, 'timeline', undefined, entry.to));
    const wallStart = performance.now();
    this.device.launch('launch');
    if (s.app.backgroundRefresh) {
      this.refresh = new BackgroundRefresh(s, this.clock, this.device, this.recorder);
      this.refresh.schedule();
    }
    // Live actions that arrived while the sockets were being set up land at the start.
    for (const action of this.early.splice(0)) this.act(action, 'live');
    await this.clock.run(s.durationSec * 1000);
    this.status = 'done';
    const wallMs = Math.round(performance.now() - wallStart);
    const stalled = this.clock.stalled;
    // Whether a socket torn down here is seen closing before its server stops is a race: the log
    // ends with the last timer, so fast and realtime runs of a scenario tell the same story.
    this.recorder.muted = true;
    this.device.shutdown();
    this.refresh?.stop();
    await Promise.all([this.nat.stop(), this.server?.stop(), own?.stop(), this.push?.stop()]);
    this.recorder.last({ kind: 'run.end', wallMs });
    if (this.halted) throw new Error(this.halted);
    if (stalled) throw new Error(stalled);
    if (this.failure) throw new Error(this.failure);
    return this.summary.result();
  }

  /** The device is on network `label` (FACTS: Mars details that decide outcomes — state per network): recorded, and told to the device. */
  private join(label: string | undefined): ReturnType<typeof networkSettings> {
    const n = networkSettings(this.scenario, label);
    this.device!.network = n.label;
    this.recorder.record({ kind: 'network', label: n.label, radio: n.radio, natIdleTimeoutSec: n.nat.idleTimeoutSec });
    return n;
  }

  /**
   * Applies an action now (a timeline entry, at its due time) or, for a live action, at `atMs`:
   * the virtual time the user saw when asking (realtime; clamped between the last thing that
   * happened and the present). Returns why it was refused, or null. An action that arrives
   * before the device exists waits for the start instead of being dropped.
   */
  act(action: TimelineActionName, source: 'timeline' | 'live' = 'live', atMs?: number, to?: string): string | null {
    if (this.status === 'idle') return 'the run has not started';
    if (this.status === 'done') return 'the run has ended';
    const refused = this.own && ownServerRefusal(this.own, action);
    if (refused) return refused;
    const d = this.device;
    const nat = this.nat;
    if (!d || !nat) {
      this.early.push(action);
      return null;
    }
    if (source === 'live') this.clock.pin(atMs);
    this.recorder.record({ kind: 'action', action, source, ...(to !== undefined ? { to } : {}) });
    this.apply(d, nat, action, to);
    // Without `to` a network change joins the same network anew.
    if (action === 'network-change' && to !== undefined) this.push?.onNetwork(to);
    if (action === 'lock' || action === 'unlock') this.push?.onLock(action === 'lock');
    return null;
  }

  private apply(d: DeviceApp, nat: NatBox, action: TimelineActionName, to?: string): void {
    switch (action) {
      case 'background':
        return d.background('home');
      case 'foreground':
        return d.foreground();
      case 'lock':
        return d.lock();
      case 'unlock':
        return d.unlock();
      case 'kill':
        return d.kill();
      case 'memory-pressure':
        return d.memoryPressure();
      case 'network-change':
        d.networkChanged();
        // A new network brings its own NAT (and radio); without `to`, the same network anew.
        return nat.networkChange(to !== undefined ? this.join(to).nat : undefined);
      case 'server-restart':
        return this.server?.restart();
      case 'call-start':
        return d.callStart();
      case 'call-end':
        return d.callEnd();
      case 'push':
        return (this.server ?? this.own)?.push();
    }
  }

  /** Refused (with the reason) against your own server: its time is the wall clock's. */
  pause(): string | void {
    if (this.own) return OWN_SERVER_TIME;
    if (this.status !== 'running') return;
    this.clock.pause();
    this.status = 'paused';
  }

  resume(): void {
    if (this.status !== 'paused') return;
    this.clock.resume();
    this.status = 'running';
  }

  /** Realtime speed; refused (with the reason) against your own server. */
  setSpeed(speed: number): string | void {
    if (this.own) return OWN_SERVER_TIME;
    this.clock.setSpeed(speed);
  }

  stop(): void {
    this.clock.stop();
  }

  /**
   * Stops the run now and makes run() fail with `reason` (after its run.end, so what was recorded
   * stays a whole session). Nothing more is recorded meanwhile: sockets still closing are not the run.
   */
  halt(reason: string): void {
    if (this.halted || this.status === 'done') return;
    this.halted = reason;
    this.recorder.muted = true;
    this.clock.stop();
  }
}

/** What your own server cannot be asked to do during a run, or null. */
function ownServerRefusal(own: OwnServer, action: TimelineActionName): string | null {
  if (action === 'server-restart') return 'Lifeline cannot restart your own server';
  if (action === 'push') return own.pushesOff;
  return null;
}
