// How long a TCP stack retransmits a segment nobody acknowledges before it drops the connection
// (FACTS: TCP retransmission timeout). What a NAT that silently drops packets costs: the sender
// learns only when its TCP gives up.

/**
 * XNU (bsd/netinet/tcp_timer.c): at most TCP_MAXRXTSHIFT = 12 retransmissions, each timeout the RTO
 * times 1, 2, 4 … 64 (capped at 64 s); the sum of the multipliers is 511, so at the 1 s RTO a
 * connection without RTT samples assumes (TCPTV_RTOBASE) it gives up after 511 s.
 */
export const XNU_TCP_GIVE_UP_SEC = 511;

/** Linux: tcp_retries2 = 15 gives "a hypothetical timeout of 924.6 seconds" (ip-sysctl documentation). */
export const LINUX_TCP_GIVE_UP_SEC = 924.6;
