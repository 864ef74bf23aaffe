// One line per policy: the scenario names a policy, this builds it for the side that runs it.
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import type { HeartbeatPolicy } from './heartbeat-policy.ts';
import { FixedPolicy } from './fixed-policy.ts';
import { MarsPolicy } from './mars-policy.ts';
import { MqttPolicy } from './mqtt-policy.ts';
import { seededRandom } from '../../../shared/util/random.ts';

export function clientPolicy(s: Scenario): HeartbeatPolicy {
  switch (s.app.heartbeatPolicy) {
    case 'fixed':
      return new FixedPolicy(s.app.clientHeartbeatSec);
    case 'mars':
      return new MarsPolicy(s.app.platform === 'android', seededRandom(s.seed ?? 1));
    case 'mqtt':
      return new MqttPolicy(s.app.mqttKeepAliveSec!);
  }
}

export function serverPolicy(s: Scenario): HeartbeatPolicy {
  switch (s.server.heartbeatPolicy) {
    case 'fixed':
      return new FixedPolicy(s.server.heartbeatSec);
    case 'mars':
      // A server has no foreground: it adapts all the time.
      return new MarsPolicy(true);
  }
}
