// Today's behaviour: a PING every N seconds from the last one, replies not judged (the server's
// dead-peer check stays the server's). FACTS: Heartbeat designs — server heartbeat (the seed).
import type { HeartbeatPolicy } from './heartbeat-policy.ts';

export class FixedPolicy implements HeartbeatPolicy {
  readonly countsFrom = 'beat';
  readonly adaptive = false;

  constructor(private readonly sec: number | null) {}

  connected() {
    return [];
  }

  intervalSec(): number | null {
    return this.sec;
  }

  replyTimeoutSec(): null {
    return null;
  }

  result() {
    return [];
  }

  reconnectDelaySec(): null {
    return null;
  }
}
